"""Supervision through the API: the list, urges, answers, the deadline extension and grades."""

import datetime

import pytest

from jiefen.cases.models import State
from jiefen.cases.workflow import Move
from jiefen.testing import case_in_state, make

pytestmark = pytest.mark.django_db

URGE = {"channel": "phone", "contact": "仲裁院 0518-85800000", "content": "请告知进展。"}


def test_the_supervision_list_is_paged_and_scoped(network, api):
    case = case_in_state(network, State.TRANSFERRED)
    api("town_coordinator").post(f"/api/cases/{case.pk}/urges/", URGE, format="json")

    body = api("town_coordinator").get("/api/supervision/").json()
    assert body["count"] == 1 and body["results"][0]["number"] == case.number
    assert body["results"][0]["urge_count"] == 1 and body["results"][0]["deadline"]
    assert api("town_coordinator").get("/api/supervision/", {"status": "done"}).json()["count"] == 0
    assert api("other_county_coordinator").get("/api/supervision/").json()["count"] == 0
    assert api("village_a").get("/api/supervision/").status_code == 403
    assert api("town_coordinator").get("/api/supervision/", {"status": "nope"}).status_code == 400


def test_urges_and_answers(network, api):
    case = case_in_state(network, State.TRANSFERRED)
    coordinator = api("town_coordinator")
    urged = coordinator.post(f"/api/cases/{case.pk}/urges/", URGE, format="json")
    assert urged.status_code == 201 and urged.json()["agency_name"] == "连云港市劳动人事争议仲裁委员会"
    answered = api("town_liaison").post(f"/api/cases/{case.pk}/agency-answers/", {
        "urge": urged.json()["id"], "channel": "phone", "respondent": "王书记员", "progress": "accepted",
        "content": "已受理。", "expected_by": (datetime.date.today() + datetime.timedelta(days=20)).isoformat(),
    }, format="json")
    assert answered.status_code == 201 and answered.json()["urge"] == urged.json()["id"]
    assert [row["content"] for row in coordinator.get(f"/api/cases/{case.pk}/urges/").json()] == ["请告知进展。"]
    assert len(coordinator.get(f"/api/cases/{case.pk}/agency-answers/").json()) == 1

    assert api("village_a").post(f"/api/cases/{case.pk}/urges/", {}, format="json").status_code == 403
    assert api("village_b").post(f"/api/cases/{case.pk}/urges/", URGE, format="json").status_code == 404
    assert coordinator.post(f"/api/cases/{case.pk}/urges/", {"channel": "sms"}, format="json").status_code == 400
    make(network, case, Move.REPORT_RESULT)
    conflict = coordinator.post(f"/api/cases/{case.pk}/urges/", URGE, format="json")
    assert conflict.status_code == 409


def test_the_deadline_extension(network, api):
    case = case_in_state(network, State.IN_MEDIATION)
    parties = list(case.parties.values_list("pk", flat=True))
    new = (case.deadline + datetime.timedelta(days=10)).isoformat()
    body = {"deadline": new, "deadline_basis": "经双方当事人同意延长", "reason": "等待鉴定结论。",
            "consenting": parties, "consent_how": "in_writing"}

    assert api("village_a").post(f"/api/cases/{case.pk}/deadline-extensions/", {**body, "consenting": []},
                                 format="json").status_code == 400
    response = api("village_a").post(f"/api/cases/{case.pk}/deadline-extensions/", body, format="json")
    assert response.status_code == 200 and response.json()["deadline"] == new
    assert api("town_intake").post(f"/api/cases/{case.pk}/deadline-extensions/", body,
                                   format="json").status_code == 403
    closed = case_in_state(network, State.CLOSED)
    assert api("town_coordinator").post(f"/api/cases/{closed.pk}/deadline-extensions/", body,
                                        format="json").status_code == 409
    # The same move through the generic moves endpoint.
    again = {**body, "move": "extend_deadline", "deadline": (case.deadline + datetime.timedelta(days=20)).isoformat()}
    assert api("town_coordinator").post(f"/api/cases/{case.pk}/moves/", again, format="json").status_code == 200


def test_terminate_through_the_moves_endpoint_takes_the_review(network, api):
    case = case_in_state(network, State.TERMINATION_REVIEW)
    bare = api("town_coordinator").post(f"/api/cases/{case.pk}/moves/", {"move": "terminate", "reason": "无望"},
                                        format="json")
    assert bare.status_code == 400 and "findings" in bare.json()["errors"]
    done = api("town_coordinator").post(f"/api/cases/{case.pk}/moves/", {
        "move": "terminate", "reason": "无望", "findings": "两次调解未果。", "termination_reasons": ["no_prospect"],
    }, format="json")
    assert done.status_code == 200 and done.json()["state"] == "terminated"


def test_grades(network, api):
    case = case_in_state(network, State.CLOSED)
    graded = api("town_assessor").post(f"/api/cases/{case.pk}/grades/", {"grade": "good", "reasons": "按期化解。"},
                                       format="json")
    assert graded.status_code == 201 and graded.json()["kind"] == "outcome"
    assert graded.json()["mediator_name"] == "王调解"
    assert api("town_coordinator").get(f"/api/cases/{case.pk}/grades/").json()[0]["grade"] == "good"
    assert api("town_coordinator").post(f"/api/cases/{case.pk}/grades/", {"grade": "good", "reasons": "x"},
                                        format="json").status_code == 403
    assert api("town_assessor").post(f"/api/cases/{case.pk}/grades/", {"grade": "A"},
                                     format="json").status_code == 400
    open_case = case_in_state(network, State.IN_MEDIATION)
    assert api("town_assessor").post(f"/api/cases/{open_case.pk}/grades/", {"grade": "good", "reasons": "x"},
                                     format="json").status_code == 409
