"""A walk-in taken on the spot by the duty mediator of the day, from the earliest state it is in, through each
recorded step: triage, the parties' consent, the assignment to the duty mediator."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiefen.cases.models import State
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import Move
from jiefen.core.taxonomy import Channel
from jiefen.mediation import walk_in
from jiefen.orgs.models import MediatorDuty
from jiefen.portal.sms import MemorySender
from jiefen.testing import case_in_state, move_data, register

pytestmark = pytest.mark.django_db

TOWN = "320706001"  # 朐阳街道 centre: its mediator 周调处 is on duty at the window
WALK_IN = {"category": "邻里", "field": "民事", "complexity": "简单", "method": "peoples_mediation",
           "reason": "双方一同来到窗口"}


@pytest.fixture
def on_duty(network):
    return MediatorDuty.objects.create(mediator=network.mediators["town_mediator"], day=timezone.localdate())


def moves_of(case) -> list[tuple[str, str]]:
    return [(event.move, event.actor.username) for event in case.events.order_by("at", "id")]


def test_the_duty_mediator_takes_a_registered_walk_in_through_every_recorded_step(network, on_duty):
    case = register(network, org_code=TOWN)

    taken = walk_in.take_on_the_spot(case, network.user("town_mediator"), WALK_IN)

    assert taken.state == State.ASSIGNED and taken.mediator == on_duty.mediator and taken.deadline is not None
    assert moves_of(taken) == [
        (Move.REGISTER, "town_intake"), (Move.TRIAGE, "town_mediator"), (Move.CONSENT, "town_mediator"),
        (Move.ASSIGN, "town_mediator"),
    ]
    assert {event.reason for event in taken.events.exclude(move=Move.REGISTER)} == {"双方一同来到窗口"}
    assert (taken.category, taken.method) == ("邻里", "peoples_mediation")


def test_the_applicant_is_texted_once_where_the_walk_in_ended_not_at_every_step(
    network, on_duty, django_capture_on_commit_callbacks
):
    case = register(network, org_code=TOWN)
    MemorySender.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        walk_in.take_on_the_spot(case, network.user("town_mediator"), WALK_IN)

    [(phone, text)] = MemorySender.outbox
    assert phone == "13812345678" and "周调处" in text  # "will be mediated by 周调处 of …"


def test_a_triaged_walk_in_starts_at_the_consent(network, on_duty):
    case = case_in_state(network, State.TRIAGED, org_code=TOWN)
    taken = walk_in.take_on_the_spot(case, network.user("town_mediator"), {"method": "peoples_mediation"})
    assert [move for move, _who in moves_of(taken)][-2:] == [Move.CONSENT, Move.ASSIGN]


def test_only_the_duty_mediator_and_only_a_walk_in(network, on_duty):
    case = register(network, org_code=TOWN)
    with pytest.raises(PermissionDenied, match="值班调解员"):
        walk_in.take_on_the_spot(case, network.user("town_intake"), WALK_IN)
    portal_case = register(network, org_code=TOWN, channel=Channel.PORTAL)
    with pytest.raises(PermissionDenied, match="窗口"):
        walk_in.take_on_the_spot(portal_case, network.user("town_mediator"), WALK_IN)

    # Nor may a mediator off duty triage a walk-in through the move itself: the workflow's guard.
    on_duty.delete()
    with pytest.raises(PermissionDenied, match="值班调解员"):
        perform_move(case, Move.TRIAGE, network.user("town_mediator"), move_data(network, case, Move.TRIAGE))
    case.refresh_from_db()
    assert case.state == State.REGISTERED


def test_a_step_refused_leaves_the_case_as_it_was(network, on_duty):
    mediator = on_duty.mediator
    mediator.relations = "李四"  # the respondent: a conflict of interest, which needs a reason
    mediator.save()
    case = register(network, org_code=TOWN)

    with pytest.raises(ValidationError) as refused:
        walk_in.take_on_the_spot(case, network.user("town_mediator"), WALK_IN)
    assert "conflict_reason" in refused.value.message_dict
    case.refresh_from_db()
    assert case.state == State.REGISTERED and moves_of(case) == [(Move.REGISTER, "town_intake")]

    taken = walk_in.take_on_the_spot(case, network.user("town_mediator"),
                                     {**WALK_IN, "conflict_reason": "本中心今日仅一名值班调解员，双方均同意"})
    assert taken.state == State.ASSIGNED


def test_the_case_page_offers_the_walk_in_to_the_duty_mediator_and_keeps_what_was_typed(network, on_duty, login):
    case = register(network, org_code=TOWN)
    mediator = login("town_mediator")
    page = mediator.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="walk-in"' in page and "研判分流 → 记录当事人同意调解 → 指派" in page
    assert 'id="walk-in"' not in login("town_intake").get(f"/cases/{case.pk}/").content.decode()

    refused = mediator.post(f"/cases/{case.pk}/walk-in/", {**WALK_IN, "category": "", "reason": "当场受理"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'id="walk-in"' in html and "当场受理" in html and "该字段是必填项" in html
    case.refresh_from_db()
    assert case.state == State.REGISTERED

    done = mediator.post(f"/cases/{case.pk}/walk-in/", WALK_IN)
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ASSIGNED and case.mediator == on_duty.mediator
    assert 'id="walk-in"' not in mediator.get(f"/cases/{case.pk}/").content.decode()
