"""Sessions scheduled, called off and held; back-to-back private records that the other side never sees."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jiefen.cases.models import CaseEvent, MediationSession, State
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import SESSION_CANCELLED, SESSION_SCHEDULED, Move
from jiefen.mediation import materials, sessions
from jiefen.mediation.models import Attendance, Helper, SessionPlan, SideRecord
from jiefen.mediation.tests.conftest import (
    APPLICANT_PHONE,
    APPLICANT_SECRET,
    PDF,
    RESPONDENT_PHONE,
    RESPONDENT_SECRET,
    back_to_back,
    soon,
)
from jiefen.portal.models import StatusMessage
from jiefen.portal.services import citizen_for
from jiefen.portal.sms import MemorySender
from jiefen.testing import move_data

pytestmark = pytest.mark.django_db


def schedule(network, case, **extra):
    values = dict(starts_at=soon(), mode="back_to_back", place="西门社区调解室", participants="张三、李四",
                  helpers=[{"name": "王明", "role": "lawyer", "affiliation": "海州律师事务所"}])
    values.update(extra)
    return sessions.schedule_session(case, network.user("village_a"), **values)


def test_scheduling_tells_both_sides_by_text_and_notes_the_timeline(
    network, assigned, django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        plan = schedule(network, assigned)
    assert plan.status == SessionPlan.Status.SCHEDULED and plan.helpers.get().role == Helper.Role.LAWYER
    assert CaseEvent.objects.filter(case=assigned, move=SESSION_SCHEDULED).exists()
    phones = {phone for phone, text in MemorySender.outbox if f"/portal/mediation/{assigned.pk}/" in text}
    assert phones == {APPLICANT_PHONE, RESPONDENT_PHONE}
    assert StatusMessage.objects.filter(case=assigned, sent_at__isnull=False).count() >= 2
    assert all(len(text) <= 255 for _phone, text in MemorySender.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        sessions.cancel_session(assigned, network.user("village_a"), plan.pk, "被申请人住院")
    plan.refresh_from_db()
    assert plan.status == SessionPlan.Status.CANCELLED and plan.cancel_reason == "被申请人住院"
    assert CaseEvent.objects.filter(case=assigned, move=SESSION_CANCELLED).exists()
    with pytest.raises(ValidationError):
        sessions.cancel_session(assigned, network.user("village_a"), plan.pk, "again")


def test_only_the_cases_mediator_schedules_and_only_ahead(network, assigned):
    with pytest.raises(PermissionDenied):
        schedule_as = sessions.schedule_session
        schedule_as(assigned, network.user("town_intake"), starts_at=soon(), mode="on_site", place="x",
                    participants="y")
    with pytest.raises(ValidationError) as refused:
        schedule(network, assigned, starts_at=soon(-1), helpers=[{"name": "", "role": "nobody"}])
    assert {"starts_at", "helpers"} <= set(refused.value.message_dict)


def test_recording_completes_the_plan_with_private_records_and_helpers(network, assigned):
    plan = schedule(network, assigned)
    case = back_to_back(network, assigned, plan=plan.pk, helpers="王明，律师，海州律师事务所\n刘老伯，乡贤")
    assert case.state == State.IN_MEDIATION
    plan.refresh_from_db()
    session = MediationSession.objects.get(case=case)
    assert plan.status == SessionPlan.Status.HELD and plan.session == session
    assert {r.side: r.record for r in SideRecord.objects.filter(session=session)} == {
        "applicant": APPLICANT_SECRET, "respondent": RESPONDENT_SECRET,
    }
    assert [(h.name, h.role) for h in session.helpers.all()] == [("王明", "lawyer"), ("刘老伯", "elder")]
    event = CaseEvent.objects.filter(case=case, move=Move.RECORD_SESSION).get()
    assert APPLICANT_SECRET not in str(event.payload) and RESPONDENT_SECRET not in str(event.payload)


def test_a_back_to_back_session_needs_both_records_and_a_public_one_its_attendance(network, assigned):
    data = move_data(network, assigned, Move.RECORD_SESSION)
    with pytest.raises(ValidationError) as refused:
        perform_move(assigned, Move.RECORD_SESSION, network.user("village_a"),
                     {**data, "mode": "back_to_back", "applicant_record": "只有一方"})
    assert set(refused.value.message_dict) == {"respondent_record"}
    with pytest.raises(ValidationError) as refused:
        perform_move(assigned, Move.RECORD_SESSION, network.user("village_a"), {**data, "mode": "public"})
    assert set(refused.value.message_dict) == {"attendees"}
    with pytest.raises(ValidationError) as refused:
        perform_move(assigned, Move.RECORD_SESSION, network.user("village_a"), {**data, "helpers": "王明"})
    assert "helpers" in refused.value.message_dict
    case = perform_move(assigned, Move.RECORD_SESSION, network.user("village_a"),
                        {**data, "mode": "public", "attendees": "村民代表十人，人大代表一人", "headcount": 11})
    assert Attendance.objects.get(session__case=case).headcount == 11


def test_each_side_sees_only_its_own_private_record(network, assigned):
    case = back_to_back(network, assigned)
    mine = sessions.sessions_for_sides(case, {"applicant"})[0]
    assert [r.record for r in mine.side_records] == [APPLICANT_SECRET]
    theirs = sessions.sessions_for_sides(case, {"respondent"})[0]
    assert [r.record for r in theirs.side_records] == [RESPONDENT_SECRET]
    assert len(sessions.sessions_for_staff(case)[0].side_records) == 2


def test_the_portal_shows_a_party_their_side_only(network, assigned, client):
    plan = schedule(network, assigned, note="请携带身份证")
    case = back_to_back(network, assigned, plan=plan.pk)
    respondent = citizen_for(RESPONDENT_PHONE)
    materials.add_by_party(case, respondent, {"respondent"},
                           SimpleUploadedFile("收据.pdf", PDF), title="被申请人的收据")
    staff_version = materials.add_by_staff(case, network.user("village_a"), SimpleUploadedFile("图.pdf", PDF),
                                           title="现场照片", visibility="shared")

    client.force_login(citizen_for(APPLICANT_PHONE))
    page = client.get(f"/portal/mediation/{case.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert APPLICANT_SECRET in html and RESPONDENT_SECRET not in html
    assert "现场照片" in html and "被申请人的收据" not in html
    assert "王明" in html  # the outside helper of the plan
    respondent_file = case.materials.get(title="被申请人的收据").versions.get()
    assert client.get(f"/portal/mediation/{case.pk}/files/{respondent_file.token}/").status_code == 404
    shared = client.get(f"/portal/mediation/{case.pk}/files/{staff_version.token}/")
    assert shared.status_code == 200 and shared["Content-Type"] == "application/pdf"

    client.force_login(respondent)
    html = client.get(f"/portal/mediation/{case.pk}/").content.decode()
    assert RESPONDENT_SECRET in html and APPLICANT_SECRET not in html and "被申请人的收据" in html

    client.force_login(citizen_for("13700000000"))  # not a party
    assert client.get(f"/portal/mediation/{case.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/portal/mediation/{case.pk}/").status_code == 302


def test_the_staff_case_page_shows_both_private_records_and_schedules_by_htmx(network, assigned, login):
    mediator = login("village_a")
    response = mediator.post(f"/cases/{assigned.pk}/sessions/schedule/", {
        "schedule-starts_at": soon().strftime("%Y-%m-%dT%H:%M"), "schedule-mode": "video",
        "schedule-video_link": "https://meet.example.cn/abc", "schedule-participants": "张三、李四",
        "schedule-helpers": "陈心理，心理咨询师",
    }, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "meet.example.cn" in response.content.decode()
    assert SessionPlan.objects.get(case=assigned).helpers.get().role == "psychologist"
    refused = mediator.post(f"/cases/{assigned.pk}/sessions/schedule/", {"schedule-mode": "video"},
                            HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert login("town_intake").post(f"/cases/{assigned.pk}/sessions/schedule/", {}).status_code in (302, 422)

    case = back_to_back(network, assigned, plan=SessionPlan.objects.get(case=assigned).pk)
    html = login("town_coordinator").get(f"/cases/{case.pk}/").content.decode()
    assert APPLICANT_SECRET in html and RESPONDENT_SECRET in html
    assert login("village_b").get(f"/cases/{case.pk}/").status_code == 404
