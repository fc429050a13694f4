"""The hotline's services: numbering, the three ways a call ends, callbacks, events, and jurisdiction."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone, translation

from jiefen.cases.models import Case, CaseEvent, Party
from jiefen.core.pii import digest
from jiefen.hotline import services
from jiefen.hotline.models import Action, State, WorkOrder, WorkOrderEvent
from jiefen.hotline.tests.conftest import call
from jiefen.testing import register, resident_id

CJK = re.compile(r"[\u4e00-\u9fff]")


def conversion(network, **overrides):
    values = {
        "handling_org": network.orgs["320706001"],
        "place": network.regions["320706001001"],
        "summary": "楼道堆物纠纷",
        "description": "邻居在楼道堆放杂物，影响通行，协商不成。",
        "claims": "清理楼道杂物。",
        "parties": [
            {"role": "applicant", "kind": "person", "name": "周来电", "id_number": resident_id("19760203", "517"),
             "phone": "", "address": "海州区西门社区3号楼"},
            {"role": "respondent", "kind": "person", "name": "吴邻居", "id_number": "", "phone": "13955556666",
             "address": "海州区西门社区3号楼"},
        ],
    }
    values.update(overrides)
    return values


def actions(order):
    return list(order.events.values_list("action", flat=True))


def test_numbers_run_per_centre_and_year(network, hongmen_intake):
    year = timezone.localdate().year
    first, second = call(network), call(network)
    other = call(network, "hongmen_intake")

    assert first.number == f"RX320706001-{year}-00001"
    assert second.number == f"RX320706001-{year}-00002"
    assert other.number == f"RX320706002-{year}-00001"
    assert first.organisation == network.orgs["320706001"] and other.organisation == network.orgs["320706002"]


def test_a_new_year_starts_the_count_again(network, monkeypatch):
    call(network)
    next_year = timezone.now().replace(month=6, day=1) + datetime.timedelta(days=366)
    monkeypatch.setattr(timezone, "now", lambda: next_year)

    assert call(network).number == f"RX320706001-{timezone.localdate().year}-00001"


def test_taking_a_call_opens_a_work_order_with_its_event(network):
    order = call(network, urgency="urgent")

    assert order.state == State.OPEN and order.taken_by == network.user("town_intake")
    event = order.events.get()
    assert (event.action, event.from_state, event.to_state) == (Action.TAKE, "", State.OPEN)
    assert event.actor_name == "陈引导" and event.actor_organisation == "朐阳街道非诉讼服务中心"
    assert event.payload == {"number": order.number, "urgency": "urgent"}


def test_the_callback_number_is_checked_and_stored_encrypted(network):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        call(network, callback_number="12345", caller_name=" ", summary="")
    assert set(error.value.message_dict) == {"callback_number", "caller_name", "summary"}
    assert CJK.search(error.value.message_dict["callback_number"][0])
    assert not WorkOrder.objects.exists()

    order = call(network, callback_number="0518-85821234")
    with connection.cursor() as cursor:
        cursor.execute("SELECT callback_number FROM hotline_workorder WHERE id = %s", [order.pk])
        stored = cursor.fetchone()[0]
    assert "85821234" not in stored
    assert order.callback_digest == digest("0518-85821234")
    assert WorkOrder.objects.get(pk=order.pk).callback_number == "0518-85821234"


def test_only_the_posts_that_take_calls_may_take_one(network):
    for persona in ("village_a", "city_leader", "town_liaison", "citizen"):
        with pytest.raises(PermissionDenied):
            call(network, persona)
    assert call(network, "town_coordinator").state == State.OPEN


def test_a_call_becomes_exactly_one_case_of_the_hotline_channel(network):
    order = call(network)

    case = services.convert_to_case(order, actor=network.user("town_intake"), **conversion(network))

    order.refresh_from_db()
    assert Case.objects.count() == 1
    assert order.state == State.CONVERTED and order.case == case
    assert case.channel == "hotline" and case.handling_org == network.orgs["320706001"]
    register_event = CaseEvent.objects.get(case=case)
    assert register_event.move == "register" and register_event.payload["channel"] == "hotline"
    # The caller is the applicant; left blank, their phone is the callback number.
    applicant = case.parties.get(role=Party.Role.APPLICANT)
    assert applicant.name == "周来电" and applicant.phone == "13851234567"
    assert actions(order) == [Action.TAKE, Action.CONVERT]
    convert = order.events.get(action=Action.CONVERT)
    assert (convert.from_state, convert.to_state) == (State.OPEN, State.CONVERTED)
    assert convert.payload == {"case": case.number}


def test_a_failed_conversion_stores_nothing_and_keeps_the_work_order_open(network):
    order = call(network)
    bad = conversion(network)
    bad["parties"][0]["id_number"] = "320706197602035170"  # wrong check digit

    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        services.convert_to_case(order, actor=network.user("town_intake"), **bad)

    assert "parties[0].id_number" in error.value.message_dict
    assert CJK.search(error.value.message_dict["parties[0].id_number"][0])
    order.refresh_from_db()
    assert order.state == State.OPEN and order.case is None and order.version == 0
    assert not Case.objects.exists() and not CaseEvent.objects.exists()
    assert actions(order) == [Action.TAKE]


def test_a_conversion_outside_the_actors_subtree_is_refused_and_stores_nothing(network):
    order = call(network)

    with pytest.raises(PermissionDenied):
        services.convert_to_case(
            order, actor=network.user("town_intake"),
            **conversion(network, handling_org=network.orgs["320706"], place=network.regions["320706001001"]),
        )

    order.refresh_from_db()
    assert order.state == State.OPEN and not Case.objects.exists()


def test_a_work_order_is_converted_once(network):
    order = call(network)
    stale = WorkOrder.objects.get(pk=order.pk)
    services.convert_to_case(order, actor=network.user("town_intake"), **conversion(network))

    with pytest.raises(services.Conflict):
        services.convert_to_case(order, actor=network.user("town_coordinator"), **conversion(network))
    with pytest.raises(services.Conflict):  # a copy read before the first conversion
        services.convert_to_case(stale, actor=network.user("town_coordinator"), **conversion(network))
    assert Case.objects.count() == 1


def test_a_consultation_is_answered_without_a_case(network):
    order = call(network)

    with pytest.raises(ValidationError):
        services.answer_as_consultation(order, actor=network.user("town_intake"), answer="  ")
    services.answer_as_consultation(
        order, actor=network.user("town_intake"), answer="告知可向社区人民调解委员会申请调解，调解不收费。"
    )

    order.refresh_from_db()
    assert order.state == State.ANSWERED and order.answer.startswith("告知")
    assert not Case.objects.exists()
    answer = order.events.get(action=Action.ANSWER)
    assert (answer.from_state, answer.to_state) == (State.OPEN, State.ANSWERED) and answer.note.startswith("告知")
    # The caller may call again and want mediation after all: an answered work order can still become a case.
    services.convert_to_case(order, actor=network.user("town_intake"), **conversion(network))
    assert order.state == State.CONVERTED
    with pytest.raises(services.Conflict):
        services.answer_as_consultation(order, actor=network.user("town_intake"), answer="再次答复")


def test_a_work_order_needing_nothing_closes_with_a_reason(network):
    order = call(network)

    with pytest.raises(ValidationError):
        services.close(order, actor=network.user("town_intake"), reason="")
    services.close(order, actor=network.user("town_intake"), reason="拨错号码")

    assert order.state == State.CLOSED and order.events.last().note == "拨错号码"
    with pytest.raises(services.Conflict):
        services.convert_to_case(order, actor=network.user("town_intake"), **conversion(network))


def test_a_callback_is_scheduled_and_then_made(network):
    order = call(network)
    actor = network.user("town_intake")
    due = timezone.now() + datetime.timedelta(hours=2)

    with pytest.raises(ValidationError):
        services.schedule_callback(order, actor=actor, due_at=timezone.now() - datetime.timedelta(hours=1))
    services.schedule_callback(order, actor=actor, due_at=due, note="告知调解时间")
    assert order.callback_pending and not order.callback_overdue
    assert WorkOrder.objects.callback_pending().get() == order

    with pytest.raises(ValidationError):
        services.record_callback(order, actor=actor, note="")
    services.record_callback(order, actor=actor, note="已回电，来电人同意周三到社区调解。")

    order.refresh_from_db()
    assert order.callback_done_at is not None and not order.callback_pending
    assert order.callback_note.startswith("已回电") and order.state == State.OPEN
    assert not WorkOrder.objects.callback_pending().exists()
    assert actions(order) == [Action.TAKE, Action.SCHEDULE_CALLBACK, Action.RECORD_CALLBACK]
    scheduled = order.events.get(action=Action.SCHEDULE_CALLBACK)
    assert scheduled.payload == {"due_at": due.isoformat()} and scheduled.from_state == scheduled.to_state


def test_every_change_is_an_event_and_events_are_append_only(network):
    order = call(network)
    actor = network.user("town_intake")
    services.schedule_callback(order, actor=actor, due_at=timezone.now() + datetime.timedelta(hours=1))
    services.answer_as_consultation(order, actor=actor, answer="已解答。")
    services.record_callback(order, actor=actor, note="已回电。")
    services.close(order, actor=actor, reason="来电人表示满意。")

    assert actions(order) == ["take", "schedule_callback", "answer", "record_callback", "close"]
    assert order.version == 4
    event = WorkOrderEvent.objects.first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        WorkOrderEvent.objects.all().delete()


def test_another_township_neither_sees_nor_acts_on_a_work_order(network, hongmen_intake):
    order = call(network)
    outsider = network.user("hongmen_intake")

    with pytest.raises(Http404):
        services.access_work_order(outsider, order.pk)
    assert not WorkOrder.objects.visible_to(outsider).exists()
    with pytest.raises(Http404):
        services.answer_as_consultation(order, actor=outsider, answer="越权答复")
    with pytest.raises(Http404):
        services.convert_to_case(order, actor=outsider, **conversion(network))
    with pytest.raises(Http404):
        services.reveal_callback_number(order, actor=outsider)
    # The county above both sees it; a leader may read it but not act on it.
    assert services.access_work_order(network.user("county_coordinator"), order.pk) == order
    with pytest.raises(PermissionDenied):
        services.close(order, actor=network.user("city_leader"), reason="领导关闭")
    assert actions(order) == [Action.TAKE]


def test_a_look_at_the_full_number_is_recorded_without_changing_the_work_order(network):
    order = call(network)

    services.reveal_callback_number(order, actor=network.user("city_leader"))

    event = order.events.get(action=Action.SHOW_NUMBER)
    assert event.actor_name == "刘领导" and event.from_state == event.to_state == State.OPEN
    order.refresh_from_db()
    assert order.version == 0


def test_earlier_calls_and_cases_from_the_same_number_are_found(network, hongmen_intake):
    case = register(network)  # its applicant's phone is 13812345678
    first = call(network, callback_number="13812345678")
    second = call(network, callback_number="13812345678")
    call(network, "hongmen_intake", callback_number="13812345678")  # another township: not visible

    calls, parties = services.earlier_contacts(network.user("town_intake"), second)

    assert list(calls) == [first]
    assert [party.case for party in parties] == [case]
