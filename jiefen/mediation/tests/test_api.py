"""The mediation-work endpoints: staff in jurisdiction only; both private records for staff, never for parties."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiefen.cases.models import FileView
from jiefen.mediation.tests.conftest import APPLICANT_SECRET, PDF, RESPONDENT_SECRET, back_to_back, soon

pytestmark = pytest.mark.django_db


def test_candidates_with_conflicts_and_the_assign_move_with_a_reason(network, api):
    from jiefen.cases.models import State
    from jiefen.testing import case_in_state

    case = case_in_state(network, State.ACCEPTED)
    mediator = network.mediators["village_a"]
    mediator.relations = "张三"
    mediator.save()
    rows = api("town_intake").get(f"/api/cases/{case.pk}/mediator-candidates/").json()
    assert rows[0]["name"] == "王调解" and rows[0]["conflicts"] and rows[0]["load"] == 0
    move = {"move": "assign", "organisation": rows[0]["organisation"], "mediator": rows[0]["mediator"]}
    refused = api("town_intake").post(f"/api/cases/{case.pk}/moves/", move, format="json")
    assert refused.status_code == 400 and "conflict_reason" in refused.json()["errors"]
    done = api("town_intake").post(f"/api/cases/{case.pk}/moves/", {**move, "conflict_reason": "双方同意"},
                                   format="json")
    assert done.status_code == 200 and done.json()["state"] == "assigned"
    assert api("other_county_coordinator").get(f"/api/cases/{case.pk}/mediator-candidates/").status_code == 404


def test_schedule_record_and_read_sessions(network, api, assigned):
    mediator = api("village_a")
    plan = mediator.post(f"/api/cases/{assigned.pk}/session-plans/", {
        "starts_at": soon().isoformat(), "mode": "back_to_back", "place": "西门社区调解室",
        "participants": "张三、李四", "helpers": [{"name": "刘老伯", "role": "elder"}],
    }, format="json")
    assert plan.status_code == 201 and plan.json()["helpers"][0]["role"] == "elder"
    assert api("town_intake").post(f"/api/cases/{assigned.pk}/session-plans/", {}, format="json").status_code == 403
    assert mediator.post(f"/api/cases/{assigned.pk}/session-plans/", {"mode": "x"}, format="json").status_code == 400

    recorded = mediator.post(f"/api/cases/{assigned.pk}/moves/", {
        "move": "record_session", "held_at": timezone.now().isoformat(), "mode": "back_to_back", "place": "调解室",
        "participants": "张三、李四", "record": "分别沟通", "plan": plan.json()["id"],
        "applicant_record": APPLICANT_SECRET, "respondent_record": RESPONDENT_SECRET,
    }, format="json")
    assert recorded.status_code == 200, recorded.json()
    held = api("town_coordinator").get(f"/api/cases/{assigned.pk}/sessions/").json()
    assert {r["side"]: r["record"] for r in held[0]["private_records"]} == {
        "applicant": APPLICANT_SECRET, "respondent": RESPONDENT_SECRET,
    }
    assert held[0]["helpers"][0]["name"] == "刘老伯"
    plans = mediator.get(f"/api/cases/{assigned.pk}/session-plans/").json()
    assert plans[0]["status"] == "held" and plans[0]["session"] == held[0]["id"]
    assert api("village_b").get(f"/api/cases/{assigned.pk}/sessions/").status_code == 404
    assert api().get(f"/api/cases/{assigned.pk}/sessions/").status_code == 401


def test_cancel_a_plan(network, api, assigned):
    mediator = api("village_a")
    plan = mediator.post(f"/api/cases/{assigned.pk}/session-plans/", {
        "starts_at": soon().isoformat(), "mode": "video", "video_link": "https://meet.example.cn/x",
        "participants": "双方",
    }, format="json").json()
    url = f"/api/cases/{assigned.pk}/session-plans/{plan['id']}/cancel/"
    assert mediator.post(url, {"reason": ""}, format="json").status_code == 400
    cancelled = mediator.post(url, {"reason": "当事人请假"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert mediator.post(url, {"reason": "again"}, format="json").status_code == 400


def test_materials_upload_versions_and_logged_download(network, api, assigned):
    intake = api("town_intake")
    url = f"/api/cases/{assigned.pk}/materials/"
    first = intake.post(url, {"file": SimpleUploadedFile("借条.pdf", PDF), "title": "借条"}, format="multipart")
    assert first.status_code == 201, first.json()
    material = first.json()["id"]
    second = intake.post(url, {"file": SimpleUploadedFile("借条2.pdf", PDF), "material": material},
                         format="multipart")
    assert [v["number"] for v in second.json()["versions"]] == [2, 1]
    assert intake.post(url, {"file": SimpleUploadedFile("x.pdf", b"no"), "title": "x"},
                       format="multipart").status_code == 400
    assert api("city_leader").post(url, {"file": SimpleUploadedFile("a.pdf", PDF), "title": "x"},
                                   format="multipart").status_code == 403
    download = api("town_coordinator").get(f"{url}{material}/versions/1/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert FileView.objects.filter(kind="material", case=assigned).count() == 1
    assert api("town_coordinator").get(f"{url}{material}/versions/9/file/").status_code == 404
    assert api("village_b").get(f"{url}{material}/versions/1/file/").status_code == 404


def test_no_private_record_goes_out_with_a_case_event(network, api, assigned):
    case = back_to_back(network, assigned)
    events = api("village_a").get(f"/api/cases/{case.pk}/events/").content.decode()
    assert APPLICANT_SECRET not in events and RESPONDENT_SECRET not in events


def test_reschedule_a_plan_keeps_the_old_one(network, api, assigned):
    mediator = api("village_a")
    plans = f"/api/cases/{assigned.pk}/session-plans/"
    first = mediator.post(plans, {
        "starts_at": soon().isoformat(), "mode": "on_site", "place": "西门社区调解室", "participants": "双方",
    }, format="json").json()
    url = f"{plans}{first['id']}/reschedule/"
    refused = mediator.post(url, {"starts_at": soon(48).isoformat(), "mode": "video", "participants": "双方",
                                  "reason": "申请人在外地"}, format="json")
    assert refused.status_code == 400 and "video_link" in refused.json()["errors"]

    moved = mediator.post(url, {"starts_at": soon(48).isoformat(), "mode": "video", "participants": "双方",
                                "video_link": "https://meet.example.cn/y", "reason": "申请人在外地"}, format="json")
    assert moved.status_code == 201, moved.json()
    assert moved.json()["replaces"] == first["id"] and moved.json()["video_link"] == "https://meet.example.cn/y"
    assert {p["id"]: p["status"] for p in mediator.get(plans).json()} == {
        first["id"]: "rescheduled", moved.json()["id"]: "scheduled",
    }
    assert mediator.post(url, {"starts_at": soon(72).isoformat(), "mode": "on_site", "place": "x",
                               "participants": "双方", "reason": "再改"}, format="json").status_code == 400
    assert api("town_intake").post(url, {}, format="json").status_code == 403
