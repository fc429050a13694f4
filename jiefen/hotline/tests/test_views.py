"""The hotline screens: the desk saves a call in one POST, lists mask the callback number, the work order page
answers, converts, schedules and records callbacks, and nobody outside the jurisdiction finds anything."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from jiefen.cases.models import Case
from jiefen.hotline import services
from jiefen.hotline.models import Action, State, WorkOrder
from jiefen.hotline.tests.conftest import call
from jiefen.testing import matrix_rows, resident_id

DESK = reverse("hotline:desk")
LIST = reverse("hotline:work_orders")
CJK = re.compile(r"[\u4e00-\u9fff]")
LOGIN = 302


def page_of(order):
    return reverse("hotline:work_order", args=[order.pk])


def act_url(order, action):
    return reverse("hotline:act", args=[order.pk, action])


def conversion_data(network, **overrides):
    data = {
        "summary": "楼道堆物纠纷",
        "place": network.regions["320706001001"].pk,
        "handling_org": network.orgs["320706001"].pk,
        "description": "邻居在楼道堆放杂物，影响通行，协商不成。",
        "claims": "清理楼道杂物。",
        "amount": "",
        "applicant-kind": "person", "applicant-name": "周来电", "applicant-id_number": resident_id("19760203", "517"),
        "applicant-phone": "", "applicant-address": "海州区西门社区3号楼",
        "respondent-kind": "person", "respondent-name": "吴邻居", "respondent-id_number": "",
        "respondent-phone": "13955556666", "respondent-address": "",
    }
    data.update(overrides)
    return data


def test_the_desk_saves_a_call_in_one_post_and_lists_it_masked(network, login):
    client = login("town_intake")

    response = client.post(DESK, {
        "caller_name": "郑女士", "callback_number": "13851234567", "summary": "工资被拖欠三个月。", "urgency": "urgent",
    })

    order = WorkOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == DESK
    assert (order.caller_name, order.urgency, order.state) == ("郑女士", "urgent", State.OPEN)
    page = client.get(DESK).content.decode()
    assert order.number in page and "已保存" in page
    assert "138****4567" in page and "13851234567" not in page
    assert "郑*" in page and "郑女士" not in page


def test_a_rejected_call_keeps_what_was_typed_and_says_why_in_chinese(network, login):
    response = login("town_intake").post(DESK, {
        "caller_name": "郑女士", "callback_number": "5551234", "summary": "工资被拖欠三个月。", "urgency": "normal",
    })

    assert response.status_code == 422
    page = response.content.decode()
    assert "工资被拖欠三个月。" in page and 'value="5551234"' in page
    errors = re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', page)
    assert len(errors) == 1 and CJK.search(errors[0])
    assert not WorkOrder.objects.exists()


def test_the_desk_lists_urgent_calls_first_and_highlights_callbacks_due(network, login):
    normal = call(network, urgency="normal")
    urgent = call(network, urgency="urgent")
    pressing = call(network, urgency="pressing")
    answered = call(network)
    actor = network.user("town_intake")
    services.answer_as_consultation(answered, actor=actor, answer="已解答。")
    services.schedule_callback(answered, actor=actor, due_at=timezone.now() + datetime.timedelta(minutes=10))
    done = call(network)
    services.close(done, actor=actor, reason="拨错号码")

    page = login("town_intake").get(DESK).content.decode()

    listed = re.findall(r'data-number="([^"]+)"', page)
    assert listed == [urgent.number, pressing.number, normal.number, answered.number]  # the closed one is done
    row = re.search(rf'<tr class="([^"]*)" data-number="{answered.number}"', page)
    assert "callback-due" in row.group(1)


def test_lists_mask_the_callback_number_and_the_work_order_shows_it_on_request(network, login):
    order = call(network)
    client = login("town_coordinator")

    listing = client.get(LIST).content.decode()
    assert order.number in listing and "138****4567" in listing and "13851234567" not in listing

    page = client.get(page_of(order)).content.decode()
    assert "138****4567" in page and "13851234567" not in page  # not even in the conversion form

    revealed = client.post(reverse("hotline:reveal_number", args=[order.pk]), HTTP_HX_REQUEST="true")
    assert revealed.status_code == 200 and "13851234567" in revealed.content.decode()
    assert order.events.filter(action=Action.SHOW_NUMBER, actor=network.user("town_coordinator")).count() == 1
    assert client.get(reverse("hotline:reveal_number", args=[order.pk])).status_code == 405


def test_a_work_order_is_answered_from_its_page(network, login):
    order = call(network)

    answer = {"answer-answer": "建议向社区人民调解委员会申请调解。"}
    response = login("town_intake").post(act_url(order, "answer"), answer)

    assert response.status_code == 302 and response["Location"] == page_of(order)
    order.refresh_from_db()
    assert order.state == State.ANSWERED
    page = login("town_intake").get(page_of(order)).content.decode()
    assert "建议向社区人民调解委员会申请调解。" in page and "已作为咨询解答" in page


def test_a_call_becomes_a_case_from_its_page_and_lands_on_the_case(network, login):
    order = call(network)
    client = login("town_intake")

    form_page = client.get(page_of(order)).content.decode()
    assert 'value="周来电"' in form_page and "邻居在楼道堆放杂物" in form_page  # pre-filled from the call

    response = client.post(act_url(order, "convert"), conversion_data(network))

    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("workbench:case", args=[case.pk])
    assert case.channel == "hotline" and case.parties.get(role="applicant").phone == "13851234567"
    order.refresh_from_db()
    assert order.case == case and order.state == State.CONVERTED
    case_page = client.get(response["Location"]).content.decode()
    assert "12348热线" in case_page


def test_a_failed_conversion_shows_the_errors_in_chinese_and_keeps_the_work_order_open(network, login):
    order = call(network)

    response = login("town_intake").post(
        act_url(order, "convert"), conversion_data(network, **{"applicant-id_number": "320706197602035170"})
    )

    assert response.status_code == 422
    page = response.content.decode()
    errors = re.findall(r'<p class="field-error" id="id_applicant-id_number_error">(.*?)</p>', page)
    assert errors and CJK.search(errors[0])
    assert "没有登记案件" in page and 'value="320706197602035170"' in page
    assert "<details class=\"move\" id=\"action-convert\" open>" in page
    order.refresh_from_db()
    assert order.state == State.OPEN and not Case.objects.exists()


def test_a_callback_is_scheduled_and_recorded_from_the_page(network, login):
    order = call(network)
    client = login("town_intake")
    due = (timezone.localtime() + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")

    assert client.post(act_url(order, "schedule_callback"), {"schedule_callback-due_at": due}).status_code == 302
    order.refresh_from_db()
    assert order.callback_pending
    assert client.post(act_url(order, "record_callback"), {"record_callback-note": ""}).status_code == 422
    response = client.post(act_url(order, "record_callback"), {"record_callback-note": "已回电告知调解安排。"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.callback_done_at and order.callback_note == "已回电告知调解安排。"


def test_an_action_that_no_longer_fits_is_a_conflict(network, login):
    order = call(network)
    services.close(order, actor=network.user("town_intake"), reason="重复来电")

    response = login("town_coordinator").post(act_url(order, "answer"), {"answer-answer": "答复"})

    assert response.status_code == 409
    assert "不能" in response.content.decode() or "无法" in response.content.decode()


def test_the_workbench_navigation_offers_the_hotline_to_the_posts_that_take_calls(network, login):
    link = f'href="{DESK}"'
    assert link in login("town_intake").get("/").content.decode()
    assert link in login("town_coordinator").get("/").content.decode()
    assert link not in login("village_a").get("/").content.decode()
    assert link not in login("city_leader").get("/").content.decode()


def test_the_desk_does_not_grow_queries_with_its_work_orders(network, login, django_assert_max_num_queries):
    client = login("town_intake")
    for _n in range(3):
        call(network)
    with django_assert_max_num_queries(20) as few:
        client.get(DESK)
    for _n in range(12):
        services.schedule_callback(
            call(network), actor=network.user("town_intake"), due_at=timezone.now() + datetime.timedelta(hours=1)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(DESK)


# screen: (method, url, body), then the status for each persona in jiefen.testing.MATRIX_PERSONAS order:
# village_a, village_b, town_coordinator, county_coordinator, city_leader, citizen, anonymous.
# The work order is a call taken at 朐阳街道: its villages' mediators do not see it, the county does.
MATRIX = {
    "desk": (("get", "desk", None), [403, 403, 200, 200, 403, 403, LOGIN]),
    "take a call": (("post", "desk", "call"), [403, 403, 302, 302, 403, 403, LOGIN]),
    "work orders": (("get", "list", None), [200, 200, 200, 200, 200, 403, LOGIN]),
    "work order page": (("get", "page", None), [404, 404, 200, 200, 200, 403, LOGIN]),
    "full number": (("post", "number", "none"), [404, 404, 200, 200, 200, 403, LOGIN]),
    "answer": (("post", "answer", "answer"), [404, 404, 302, 302, 403, 403, LOGIN]),
    "convert": (("post", "convert", "convert"), [404, 404, 302, 302, 403, 403, LOGIN]),
    "roster": (("get", "roster", None), [200, 200, 200, 200, 200, 403, LOGIN]),
}


def _url(kind, order):
    return {
        "desk": DESK, "list": LIST, "page": page_of(order), "roster": reverse("hotline:roster"),
        "number": reverse("hotline:reveal_number", args=[order.pk]),
        "answer": act_url(order, "answer"), "convert": act_url(order, "convert"),
    }[kind]


def _body(network, kind):
    return {
        "call": {"caller_name": "王先生", "callback_number": "13900001111", "summary": "咨询离婚财产分割。",
                 "urgency": "normal"},
        "answer": {"answer-answer": "已解答。"},
        "convert": conversion_data(network),
        "none": {},
    }.get(kind)


@pytest.mark.parametrize(("request_", "persona", "expected"), matrix_rows(MATRIX))
def test_permission_matrix(client, login, network, request_, persona, expected):
    method, kind, body = request_
    order = call(network)
    browser = login(persona) if persona else client
    url = _url(kind, order)

    response = browser.post(url, _body(network, body)) if method == "post" else browser.get(url)

    if response.status_code == 422:  # show the form's errors, so that a wrong row says why
        with translation.override("zh-hans"):
            print(re.findall(r'class="field-error"[^>]*>(.*?)<', response.content.decode()))
    assert response.status_code == expected
    if expected == LOGIN and persona is None:
        assert "login" in response["Location"]


def test_another_townships_intake_gets_404_for_the_page_and_every_action(network, login, hongmen_intake):
    order = call(network)
    client = login("hongmen_intake")

    assert client.get(page_of(order)).status_code == 404
    assert client.post(reverse("hotline:reveal_number", args=[order.pk])).status_code == 404
    for action, data in (("answer", {"answer-answer": "越权"}), ("close", {"close-reason": "越权"}),
                         ("convert", conversion_data(network))):
        assert client.post(act_url(order, action), data).status_code == 404
    assert order.number not in client.get(LIST).content.decode()
    order.refresh_from_db()
    assert order.state == State.OPEN and order.events.count() == 1
