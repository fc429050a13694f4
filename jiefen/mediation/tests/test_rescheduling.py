"""A scheduled session moved to another time, place or video link: the earlier plan stays, the parties are told what
changed; a held one cannot move. The session form asks for the place or the link the mode needs."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from jiefen.cases.models import CaseEvent
from jiefen.cases.workflow import SESSION_RESCHEDULED
from jiefen.mediation import sessions
from jiefen.mediation.models import SessionPlan
from jiefen.mediation.tests.conftest import APPLICANT_PHONE, RESPONDENT_PHONE, back_to_back, soon
from jiefen.portal.services import citizen_for
from jiefen.portal.sms import MemorySender
from jiefen.workbench.templatetags.workbench import payload_items

pytestmark = pytest.mark.django_db

LAWYER = {"name": "王明", "role": "lawyer", "affiliation": "海州律师事务所"}


def schedule(network, case, **extra):
    values = dict(starts_at=soon(48), mode="on_site", place="西门社区调解室", participants="张三、李四",
                  helpers=[LAWYER])
    values.update(extra)
    return sessions.schedule_session(case, network.user("village_a"), **values)


def reschedule(network, case, plan, **changes):
    values = dict(starts_at=plan.starts_at, mode=plan.mode, place=plan.place, video_link=plan.video_link,
                  participants=plan.participants, note=plan.note, helpers=[LAWYER], reason="申请人临时出差")
    values.update(changes)
    return sessions.reschedule_session(case, network.user("village_a"), plan.pk, **values)


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_rescheduling_keeps_the_earlier_plan_and_tells_both_sides_what_changed(
    network, assigned, django_capture_on_commit_callbacks,
):
    plan = schedule(network, assigned)
    MemorySender.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = reschedule(network, assigned, plan, starts_at=soon(72), place="朐阳街道非诉讼服务中心二楼")

    plan.refresh_from_db()
    assert (plan.status, plan.cancel_reason, plan.place) == ("rescheduled", "申请人临时出差", "西门社区调解室")
    assert plan.replaced_by == new and new.status == "scheduled" and (plan.number, new.number) == (1, 2)
    assert [(h.name, h.role) for h in new.helpers.all()] == [("王明", "lawyer")]
    event = CaseEvent.objects.get(case=assigned, move=SESSION_RESCHEDULED)
    assert event.reason == "申请人临时出差" and event.payload["changed"] == ["starts_at", "place"]
    assert event.payload["previous_starts_at"].startswith(local(plan.starts_at).replace(" ", "T"))
    with translation.override("zh-hans"):
        assert dict(payload_items(event.payload))["改动内容"] == "时间、地点"
    texts = {phone: text for phone, text in MemorySender.outbox}
    assert set(texts) == {APPLICANT_PHONE, RESPONDENT_PHONE}
    assert local(plan.starts_at) in texts[APPLICANT_PHONE] and local(new.starts_at) in texts[APPLICANT_PHONE]
    assert "二楼" in texts[RESPONDENT_PHONE] and all(len(text) <= 255 for text in texts.values())


def test_a_held_called_off_or_already_moved_session_cannot_be_rescheduled_nor_one_left_as_it_was(
    network, assigned,
):
    held = schedule(network, assigned)
    back_to_back(network, assigned, plan=held.pk)
    with pytest.raises(ValidationError, match="已经举行"):
        reschedule(network, assigned, held, starts_at=soon(96))

    plan = schedule(network, assigned)
    with pytest.raises(ValidationError, match="没有改动"):
        reschedule(network, assigned, plan)
    with pytest.raises(ValidationError) as refused:
        reschedule(network, assigned, plan, starts_at=soon(96), reason=" ")
    assert set(refused.value.message_dict) == {"reason"}
    moved = reschedule(network, assigned, plan, participants="张三、李四及其代理人")
    with pytest.raises(ValidationError, match="已经改期"):
        reschedule(network, assigned, plan, starts_at=soon(96))
    sessions.cancel_session(assigned, network.user("village_a"), moved.pk, "双方已自行和解")
    with pytest.raises(ValidationError, match="已取消"):
        reschedule(network, assigned, moved, starts_at=soon(96))
    assert SessionPlan.objects.filter(case=assigned).count() == 3  # nothing new was made by a refusal


def test_a_video_session_needs_its_link_and_an_in_person_one_its_place(network, assigned):
    with pytest.raises(ValidationError) as refused:
        schedule(network, assigned, mode="video", place="西门社区调解室")
    assert refused.value.message_dict == {"video_link": ["视频调解须填写视频会议链接：请把会议链接粘贴在这里。"]}
    with pytest.raises(ValidationError) as refused:
        schedule(network, assigned, mode="video", video_link="腾讯会议 123 456")
    assert "https://" in refused.value.message_dict["video_link"][0]
    with pytest.raises(ValidationError) as refused:
        schedule(network, assigned, mode="public", place=" ", video_link="https://meet.example.cn/x")
    assert set(refused.value.message_dict) == {"place"}

    plan = schedule(network, assigned, mode="video", place="调解室", video_link="https://meet.example.cn/x")
    assert (plan.place, plan.video_link, plan.where) == ("", "https://meet.example.cn/x", "https://meet.example.cn/x")


def test_the_record_form_takes_the_video_link_of_the_plan_it_completes(network, assigned):
    from jiefen.cases.moves import move_form
    from jiefen.cases.workflow import Move

    plan = schedule(network, assigned, mode="video", video_link="https://meet.example.cn/x")
    form = move_form(assigned, Move.RECORD_SESSION, network.user("village_a"))
    assert form.initial["plan"] == plan.pk and form.initial["place"] == "https://meet.example.cn/x"


# ---- the case page: with htmx, and without JavaScript ----


def form_data(prefix: str, **values) -> dict:
    return {f"{prefix}-{name}": value for name, value in values.items()}


def test_the_case_page_reschedules_a_plan_by_htmx_and_the_portal_shows_the_history(network, assigned, login, client):
    plan = schedule(network, assigned)
    mediator = login("village_a")
    page = mediator.get(f"/cases/{assigned.pk}/").content.decode()
    assert f'id="reschedule-{plan.pk}"' in page and 'value="西门社区调解室"' in page  # opens with the plan as it is
    assert "mediation/sessions.js" in page

    url = f"/cases/{assigned.pk}/sessions/{plan.pk}/reschedule/"
    moved = mediator.post(url, form_data(
        f"reschedule-{plan.pk}", starts_at=timezone.localtime(soon(72)).strftime("%Y-%m-%dT%H:%M"), mode="video",
        place="西门社区调解室", video_link="https://meet.example.cn/new", participants="张三、李四",
        helpers="王明，律师，海州律师事务所", reason="被申请人在外地",
    ), HTTP_HX_REQUEST="true")
    assert moved.status_code == 200
    html = moved.content.decode()
    assert 'data-status="rescheduled"' in html and "被申请人在外地" in html and "meet.example.cn/new" in html
    assert "调解已改期，已通知当事人改动内容。" in html  # said in the panel: no message left for the next page
    assert "调解已改期" not in mediator.get(f"/cases/{assigned.pk}/").content.decode().split('id="sessions"')[0]

    client.force_login(citizen_for(APPLICANT_PHONE))
    portal = client.get(f"/portal/mediation/{assigned.pk}/").content.decode()
    assert "已改期" in portal and 'href="https://meet.example.cn/new"' in portal


def test_without_javascript_an_error_shows_the_case_page_with_what_was_typed(network, assigned, login):
    mediator = login("village_a")
    refused = mediator.post(f"/cases/{assigned.pk}/sessions/schedule/", form_data(
        "schedule", starts_at=timezone.localtime(soon()).strftime("%Y-%m-%dT%H:%M"), mode="video",
        place="西门社区调解室", participants="张三、李四及律师", note="请提前十分钟进入会议",
    ))
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "视频调解须填写视频会议链接" in html
    assert "张三、李四及律师" in html and "请提前十分钟进入会议" in html and 'value="西门社区调解室"' in html
    assert '<details class="move" id="schedule" open>' in html
    assert not SessionPlan.objects.filter(case=assigned).exists()

    plan = schedule(network, assigned)
    held = back_to_back(network, assigned, plan=plan.pk)
    refused = mediator.post(f"/cases/{held.pk}/sessions/{plan.pk}/reschedule/", form_data(
        f"reschedule-{plan.pk}", starts_at=timezone.localtime(soon(72)).strftime("%Y-%m-%dT%H:%M"), mode="on_site",
        place="村委会会议室", participants="张三、李四", reason="改个地方",
    ))
    assert refused.status_code == 422 and "已经举行" in refused.content.decode()


def test_a_case_leaving_mediation_calls_off_its_scheduled_sessions_and_tells_the_parties(
    network, assigned, django_capture_on_commit_callbacks
):
    from jiefen.cases.moves import perform_move
    from jiefen.cases.workflow import SESSION_CANCELLED, Move

    plan = schedule(network, assigned)
    MemorySender.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform_move(assigned, Move.REROUTE, network.user("town_coordinator"), {"reason": "改由医调委处理"})

    plan.refresh_from_db()
    assert plan.status == SessionPlan.Status.CANCELLED and plan.cancel_reason == "案件已离开调解：重新分流。"
    event = CaseEvent.objects.get(case=assigned, move=SESSION_CANCELLED)
    assert event.actor == network.user("town_coordinator") and event.payload == {"plan": plan.pk}
    told = {phone for phone, _text in MemorySender.outbox}
    assert {APPLICANT_PHONE, RESPONDENT_PHONE} <= told
