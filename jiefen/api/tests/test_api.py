"""The REST API, persona by persona: authentication, registration, scoped lists, moves, timeline, errors."""

import datetime
import re

import pytest
from django.utils import timezone

from jiefen.cases.models import Case, CaseEvent, State
from jiefen.testing import PASSWORD, case_in_state, move_data, register, resident_id

CJK = re.compile(r"[\u4e00-\u9fff]")
CASES = "/api/cases/"


def detail_url(case):
    return f"/api/cases/{case.pk}/"


def moves_url(case):
    return f"/api/cases/{case.pk}/moves/"


def events_url(case):
    return f"/api/cases/{case.pk}/events/"


def registration(**overrides):
    data = {
        "summary": "宅基地边界纠纷",
        "description": "两户因宅基地边界围墙位置发生争执。",
        "claims": "确认边界，拆除越界围墙。",
        "amount": "12000.50",
        "place": "320706001001",
        "parties": [
            {"role": "applicant", "kind": "person", "name": "王五", "id_number": resident_id("19700315", "111"),
             "phone": "13800001111", "address": "西门社区5号"},
            {"role": "respondent", "kind": "person", "name": "赵六", "id_number": resident_id("19720420", "222"),
             "phone": "0518-85821234", "address": "西门社区6号"},
        ],
    }
    data.update(overrides)
    return data


def assert_chinese(messages):
    assert messages and all(CJK.search(message) for message in messages), messages


# Authentication


def test_a_user_exchanges_username_and_password_for_a_token_that_opens_the_api(api):
    response = api().post("/api/token/", {"username": "village_a", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    token = response.json()["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(CASES).status_code == 200


def test_a_wrong_password_gets_no_token_and_a_chinese_message(api):
    response = api().post("/api/token/", {"username": "village_a", "password": "wrong"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert_chinese(body["errors"]["non_field_errors"])


def test_without_credentials_the_api_answers_401_with_the_token_challenge(api, network):
    case = register(network)

    for response in (api().get(CASES), api().get(detail_url(case)), api().post(CASES, registration(), format="json")):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Token"
        assert response.json()["code"] == "not_authenticated"
        assert_chinese([response.json()["detail"]])


def test_an_unknown_token_is_401(api):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = client.get(CASES)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_citizen_without_a_post_in_the_network_is_403(api, network):
    case = register(network)
    citizen = api("citizen")

    for response in (citizen.get(CASES), citizen.get(detail_url(case)), citizen.post(CASES, registration(),
                                                                                       format="json")):
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
        assert response.json()["detail"] == "只有非诉讼服务网络的工作人员才能使用本接口。"


# Registration


def test_registering_a_case_answers_201_with_its_number_and_opens_its_timeline(api, network):
    response = api("town_intake").post(CASES, registration(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert body["number"] == case.number and case.number.startswith("320706001-")
    assert response.headers["Location"].endswith(f"/api/cases/{case.pk}/")
    assert body["state"] == "registered" and body["state_label"] == "已登记"
    assert body["handling_org"] == {"code": "320706001", "name": "朐阳街道非诉讼服务中心"}
    assert body["place"] == {"code": "320706001001", "name": "西门社区"}
    assert body["amount"] == "12000.50"
    assert [party["name"] for party in body["parties"]] == ["王五", "赵六"]
    [event] = CaseEvent.objects.filter(case=case)
    assert (event.move, event.to_state, event.actor_id) == ("register", State.REGISTERED,
                                                          network.user("town_intake").pk)


def test_registration_masks_the_parties_id_numbers_and_phones(api):
    data = registration()
    response = api("town_intake").post(CASES, data, format="json")

    party = response.json()["parties"][0]
    assert party["id_number"] == "3207************" + data["parties"][0]["id_number"][-2:]
    assert party["phone"] == "138****1111"
    for original in data["parties"]:
        assert original["id_number"] not in response.content.decode()
        assert original["phone"] not in response.content.decode()


def test_a_case_can_be_registered_for_an_organisation_under_the_users_own(api):
    body = registration(handling_org="320706001002", place="320706001002")
    response = api("town_intake").post(CASES, body, format="json")

    assert response.status_code == 201
    assert response.json()["handling_org"]["code"] == "320706001002"
    assert response.json()["level"] == "village"


def test_registering_for_an_organisation_outside_the_jurisdiction_is_403(api):
    body = registration(handling_org="320706001002", place="320706001002")
    response = api("village_a").post(CASES, body, format="json")

    assert response.status_code == 403
    assert_chinese([response.json()["detail"]])
    assert not Case.objects.exists()


def test_a_wrong_id_check_digit_is_a_400_on_that_partys_field_in_chinese(api):
    data = registration()
    good = data["parties"][1]["id_number"]
    data["parties"][1]["id_number"] = good[:-1] + ("0" if good[-1] != "0" else "1")

    response = api("town_intake").post(CASES, data, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "提交的内容有误，请按各字段的提示修改。"
    assert list(body["errors"]) == ["parties[1].id_number"]
    assert_chinese(body["errors"]["parties[1].id_number"])
    assert "校验" in body["errors"]["parties[1].id_number"][0]
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()


def test_a_missing_respondent_is_a_400_on_parties(api):
    data = registration()
    data["parties"] = data["parties"][:1]

    response = api("town_intake").post(CASES, data, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["parties"]
    assert_chinese(errors["parties"])
    assert "被申请人" in errors["parties"][0]
    assert not Case.objects.exists()


@pytest.mark.parametrize("amount", ["abc", ".", "-5", "1.234", "1234567890123"])
def test_a_bad_amount_is_a_400_on_amount(api, amount):
    response = api("town_intake").post(CASES, registration(amount=amount), format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["amount"]
    assert_chinese(errors["amount"])
    assert not Case.objects.exists()


def test_shape_errors_in_a_nested_party_are_named_by_path(api):
    data = registration()
    del data["parties"][0]["name"]
    data["parties"][1]["role"] = "witness"

    response = api("town_intake").post(CASES, data, format="json")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"parties[0].name", "parties[1].role"}
    assert_chinese(errors["parties[0].name"] + errors["parties[1].role"])


def test_an_unknown_place_and_malformed_json_are_400s(api):
    client = api("town_intake")

    unknown = client.post(CASES, registration(place="320706009009"), format="json")
    malformed = client.post(CASES, "{not json", content_type="application/json")

    assert unknown.status_code == 400 and unknown.json()["errors"] == {"place": ["没有这个代码对应的行政区划。"]}
    assert malformed.status_code == 400 and malformed.json()["errors"]["non_field_errors"]


def test_messages_follow_accept_language(api):
    data = registration(amount="abc")

    english = api("town_intake", language="en").post(CASES, data, format="json")

    assert english.json()["errors"]["amount"] == ["A valid number is required."]
    assert english.json()["detail"] == "The input is not valid; see the messages for each field."


# Lists, search and detail: the jurisdiction


@pytest.fixture
def two_villages(network):
    a = register(network, org_code="320706001001", actor="village_a", summary="西门社区漏水纠纷")
    b = register(
        network, org_code="320706001002", actor="village_b", summary="东门社区停车纠纷",
        parties=[
            {"role": "applicant", "kind": "person", "name": "钱七", "id_number": "", "phone": "", "address": ""},
            {"role": "respondent", "kind": "person", "name": "孙八", "id_number": "", "phone": "", "address": ""},
        ],
    )
    return a, b


def numbers(response):
    assert response.status_code == 200, response.json()
    return {row["number"] for row in response.json()["results"]}


def test_a_village_mediator_lists_only_their_own_villages_cases(api, two_villages):
    a, b = two_villages

    assert numbers(api("village_a").get(CASES)) == {a.number}
    assert numbers(api("village_b").get(CASES)) == {b.number}


def test_the_county_coordinator_and_the_city_see_every_village_of_the_county(api, two_villages):
    a, b = two_villages

    assert numbers(api("county_coordinator").get(CASES)) == {a.number, b.number}
    assert numbers(api("city_leader").get(CASES)) == {a.number, b.number}
    assert numbers(api("other_county_coordinator").get(CASES)) == set()


def test_search_finds_by_number_summary_and_party_name_and_never_leaks(api, two_villages):
    a, b = two_villages
    village_a, county = api("village_a"), api("county_coordinator")

    assert numbers(county.get(CASES, {"q": "孙八"})) == {b.number}
    assert numbers(county.get(CASES, {"q": "漏水"})) == {a.number}
    assert numbers(county.get(CASES, {"q": b.number})) == {b.number}
    for term in ("孙八", "停车", b.number, "320706001002"):
        assert numbers(village_a.get(CASES, {"q": term})) == set()


def test_the_list_filters_by_state_category_level_organisation_and_date(api, network, two_villages):
    a, b = two_villages
    triaged = case_in_state(network, State.TRIAGED)
    county = api("county_coordinator")
    today = timezone.localdate()

    assert numbers(county.get(CASES, {"state": "triaged"})) == {triaged.number}
    assert numbers(county.get(CASES, {"category": "邻里"})) == {triaged.number}
    assert numbers(county.get(CASES, {"level": "village"})) == {a.number, b.number, triaged.number}
    assert numbers(county.get(CASES, {"level": "township"})) == set()
    assert numbers(county.get(CASES, {"handling_org": "320706001002"})) == {b.number}
    assert numbers(county.get(CASES, {"handling_org": "320706001"})) == {a.number, b.number, triaged.number}
    assert numbers(county.get(CASES, {"handling_org": "nowhere"})) == set()
    assert len(numbers(county.get(CASES, {"registered_after": today, "registered_before": today}))) == 3
    assert numbers(county.get(CASES, {"registered_after": today + datetime.timedelta(days=1)})) == set()
    assert numbers(county.get(CASES, {"registered_before": today - datetime.timedelta(days=1)})) == set()


def test_invalid_filters_and_pages_are_400_and_404(api, two_villages):
    county = api("county_coordinator")

    bad_state = county.get(CASES, {"state": "lost", "registered_after": "yesterday"})
    bad_page = county.get(CASES, {"page": 99})

    assert bad_state.status_code == 400
    assert set(bad_state.json()["errors"]) == {"state", "registered_after"}
    assert bad_page.status_code == 404 and bad_page.json()["code"] == "not_found"


def test_the_list_pages_by_25(api, network):
    for _ in range(26):
        register(network)

    first = api("town_intake").get(CASES).json()
    last = api("town_intake").get(CASES, {"page": 2}).json()

    assert (first["count"], len(first["results"]), len(last["results"])) == (26, 25, 1)
    assert first["next"].endswith("/api/cases/?page=2") and last["next"] is None


def test_a_case_of_another_jurisdiction_is_404_everywhere(api, two_villages):
    _a, b = two_villages
    village_a = api("village_a")

    for url in (detail_url(b), events_url(b), moves_url(b)):
        response = village_a.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert village_a.post(moves_url(b), {"move": "withdraw", "reason": "x"}, format="json").status_code == 404
    assert village_a.get("/api/cases/999999/").status_code == 404
    assert village_a.get("/api/cases/not-a-number/").status_code == 404


def test_a_case_in_the_jurisdiction_reads_in_full_with_masked_parties(api, two_villages):
    a, _b = two_villages

    response = api("village_a").get(detail_url(a))

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == a.number and body["summary"] == "西门社区漏水纠纷"
    assert body["parties"][0]["id_number"].startswith("3207") and "*" in body["parties"][0]["id_number"]
    for party in a.parties.all():
        assert party.id_number not in response.content.decode()


# Moves and the timeline


def test_the_moves_endpoint_says_what_the_user_may_do_and_why_not(api, network):
    case = register(network)

    intake = {option["move"]: option for option in api("town_intake").get(moves_url(case)).json()}
    mediator = {option["move"]: option for option in api("village_a").get(moves_url(case)).json()}

    assert set(intake) == {"triage", "reject", "escalate", "withdraw", "merge"}
    assert intake["triage"]["allowed"] is True and intake["triage"]["reason"] is None
    assert intake["triage"]["label"] == "研判分流"
    assert mediator["triage"]["allowed"] is False
    assert_chinese([mediator["triage"]["reason"]])


def test_an_allowed_move_answers_the_updated_case_and_writes_an_event(api, network):
    case = register(network)

    response = api("town_intake").post(moves_url(case), {"move": "triage", **move_data(network, case, "triage")},
                                       format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["category"], body["field"], body["complexity"]) == ("triaged", "邻里", "民事", "简单")
    assert CaseEvent.objects.filter(case=case).count() == 2
    assert CaseEvent.objects.filter(case=case).last().move == "triage"


def test_assignment_takes_an_organisation_code_and_a_mediator_id(api, network):
    case = case_in_state(network, State.ACCEPTED)
    mediator = network.mediators["village_a"]

    response = api("town_intake").post(
        moves_url(case), {"move": "assign", "organisation": "320706001001", "mediator": mediator.pk}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["mediator"] == {"id": mediator.pk, "name": "王调解"}
    assert response.json()["state"] == "assigned"


def test_a_mediator_records_a_session_and_the_agreement_through_the_api(api, network):
    case = case_in_state(network, State.ASSIGNED)
    client = api("village_a")

    session = client.post(moves_url(case), {
        "move": "record_session", "held_at": timezone.now().isoformat(),
        "mode": "on_site", "place": "西门社区调解室", "participants": "双方当事人", "record": "释法明理。",
    }, format="json")
    agreement = client.post(moves_url(case), {
        "move": "agree", "facts": "噪音影响休息。", "terms": "夜间停工。", "performance": "立即履行。",
        "signed_on": timezone.localdate().isoformat(),
    }, format="json")

    assert session.status_code == 200, session.json()
    assert agreement.status_code == 200, agreement.json()
    assert agreement.json()["state"] == "resolved"


def test_an_illegal_move_is_409_naming_the_current_state(api, network):
    case = register(network)

    response = api("town_intake").post(moves_url(case), {"move": "agree", "facts": "x"}, format="json")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "illegal_move"
    assert body["state"] == "registered" and body["state_label"] == "已登记"
    assert "已登记" in body["detail"]
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_a_move_the_users_post_may_not_make_is_403_with_the_reason(api, network):
    case = register(network)

    response = api("village_a").post(moves_url(case), {"move": "triage", **move_data(network, case, "triage")},
                                     format="json")

    assert response.status_code == 403
    assert_chinese([response.json()["detail"]])
    case.refresh_from_db()
    assert case.state == State.REGISTERED


def test_only_the_assigned_mediator_may_record_a_session(api, network):
    case = case_in_state(network, State.ASSIGNED)

    response = api("town_mediator").post(
        moves_url(case), {"move": "record_session", **move_data(network, case, "record_session")}, format="json"
    )

    assert response.status_code == 403
    assert "调解员" in response.json()["detail"]


def test_a_move_on_another_jurisdictions_case_is_404(api, network):
    case = register(network)

    response = api("village_b").post(moves_url(case), {"move": "withdraw", "reason": "撤回"}, format="json")

    assert response.status_code == 404
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_a_moves_invalid_data_is_400_by_field(api, network):
    case = register(network)
    client = api("town_intake")

    missing = client.post(moves_url(case), {"move": "triage", "category": "邻里"}, format="json")
    no_reason = client.post(moves_url(case), {"move": "reject"}, format="json")
    unknown = client.post(moves_url(case), {"move": "teleport"}, format="json")

    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"field", "complexity"}
    assert_chinese(missing.json()["errors"]["field"])
    assert no_reason.status_code == 400 and list(no_reason.json()["errors"]) == ["reason"]
    assert unknown.status_code == 400 and list(unknown.json()["errors"]) == ["move"]
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_legality_comes_before_the_datas_shape(api, network):
    case = register(network)

    response = api("town_intake").post(moves_url(case), {"move": "agree", "signed_on": "not a date"}, format="json")

    assert response.status_code == 409


def test_escalating_answers_the_case_even_when_it_leaves_the_users_jurisdiction(api, network):
    case = register(network, org_code="320706001")

    response = api("town_intake").post(moves_url(case), {"move": "escalate", "reason": "案情复杂，需县级协调。"},
                                       format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["handling_org"]["code"] == "320706"
    assert api("town_intake").get(detail_url(case)).status_code == 404


def test_the_timeline_lists_every_move_oldest_first(api, network):
    case = case_in_state(network, State.ASSIGNED)

    response = api("village_a").get(events_url(case))

    assert response.status_code == 200
    events = response.json()
    assert [event["move"] for event in events] == ["register", "triage", "consent", "assign"]
    assert events[0]["from_state"] is None and events[0]["to_state"] == "registered"
    assert (events[-1]["from_state"], events[-1]["to_state"]) == ("accepted", "assigned")
    assert events[-1]["actor_name"] == "陈引导"
    assert events[-1]["actor_organisation"] == "朐阳街道非诉讼服务中心"
    assert events[-1]["payload"]["mediator"] == "王调解"
    assert events[1]["move_label"] == "研判分流"


def test_staff_over_the_case_reveal_a_partys_numbers_through_the_api_and_the_look_is_logged(api, network):
    case = register(network)
    applicant = case.parties.get(role="applicant")
    url = f"/api/cases/{case.pk}/parties/{applicant.pk}/personal-data/"

    response = api("county_coordinator").post(url)

    assert response.status_code == 200
    assert response.json()["id_number"] == applicant.id_number
    assert applicant.personal_data_views.get().channel == "api"
    assert api("village_b").post(url).status_code == 404
    assert api("citizen").post(url).status_code == 403
    assert api("county_coordinator").get(f"/api/cases/{case.pk}/").json()["parties"][0]["id_number"].count("*") >= 10


def test_a_retried_registration_with_the_same_idempotency_key_creates_nothing_new(api):
    client = api("town_intake")

    first = client.post(CASES, registration(), format="json", HTTP_IDEMPOTENCY_KEY="window-42")
    again = client.post(CASES, registration(), format="json", HTTP_IDEMPOTENCY_KEY="window-42")

    assert first.status_code == again.status_code == 201
    assert again.json()["number"] == first.json()["number"]
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1


def test_an_idempotency_key_reused_for_another_registration_is_refused(api):
    client = api("town_intake")
    client.post(CASES, registration(), format="json", HTTP_IDEMPOTENCY_KEY="window-43")

    response = client.post(CASES, registration(summary="另一起纠纷"), format="json", HTTP_IDEMPOTENCY_KEY="window-43")

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert Case.objects.count() == 1


def test_a_rejected_registration_does_not_use_up_its_idempotency_key(api):
    client = api("town_intake")
    bad = registration(parties=[{"role": "applicant", "name": "甲"}])
    assert client.post(CASES, bad, format="json", HTTP_IDEMPOTENCY_KEY="window-44").status_code == 400

    response = client.post(CASES, registration(), format="json", HTTP_IDEMPOTENCY_KEY="window-44")

    assert response.status_code == 201
    assert Case.objects.count() == 1


def test_the_proposal_is_read_asked_for_again_and_answered_by_the_triage_move(
    api, network, django_capture_on_commit_callbacks
):
    from jiefen.triage.models import Proposal, TriageDecision

    case = register(network)
    client = api("town_intake")
    assert client.get(f"/api/cases/{case.pk}/proposal/").status_code == 404
    assert api("town_mediator").post(f"/api/cases/{case.pk}/proposal/").status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/cases/{case.pk}/proposal/").status_code == 202
    proposal = client.get(f"/api/cases/{case.pk}/proposal/").json()
    assert proposal["trigger"] == "on_demand" and proposal["category"] == "邻里"
    assert proposal["organisation"]["code"] == "320706001001" and proposal["reasons"]["risk"]["explanation"]

    move = {"move": "triage", "proposal": proposal["id"], "category": "物业", "field": proposal["field"],
            "complexity": proposal["complexity"]}
    assert client.post(f"/api/cases/{case.pk}/moves/", move, format="json").status_code == 200
    decision = TriageDecision.objects.get(case=case)
    assert decision.proposal == Proposal.objects.get(pk=proposal["id"]) and decision.differs == ["category"]
