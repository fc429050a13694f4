"""The demo's sessions ahead and the window's duty roster, made through the real services after the cases: the
stairwell case's first session, planned for a morning and then moved to an afternoon at the applicant's request (the
earlier plan kept beside the new one), a video session of the visitation case, and the township's mediator on duty
at the window this week, who may take the property-fee dispute that walked in today on the spot."""

import datetime

from django.utils import timezone

from jiefen.cases.models import Case
from jiefen.demo.network import DemoNetwork
from jiefen.mediation import sessions
from jiefen.orgs.models import MediatorDuty

DUTY_DAYS = 7


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def build_sessions(network: DemoNetwork, cases: list[Case]) -> None:
    today = timezone.localdate()
    MediatorDuty.objects.bulk_create([
        MediatorDuty(mediator=network.mediators["town_mediator"], day=today + datetime.timedelta(days=n),
                     note="一楼接待窗口")
        for n in range(DUTY_DAYS)
    ])
    by_summary = {case.summary: case for case in cases}
    stairwell = by_summary["邻居楼道堆放杂物堵塞消防通道"]
    mediator = stairwell.mediator.user
    where = f"{stairwell.mediator.organisation.name}调解室"
    plan = sessions.schedule_session(
        stairwell, mediator, starts_at=_at(2, 9, 30), mode="on_site", place=where,
        participants="申请人、被申请人，社区网格员", note="请携带楼道现场照片。",
        helpers=[{"name": "田秀珍", "role": "elder", "affiliation": "西门社区老党员"}],
    )
    sessions.reschedule_session(
        stairwell, mediator, plan.pk, reason="申请人当天上午要上班，请求改到下午。", starts_at=_at(3, 14, 30),
        mode="on_site", place=where, participants=plan.participants, note=plan.note,
        helpers=[{"name": "田秀珍", "role": "elder", "affiliation": "西门社区老党员"}],
    )
    visitation = by_summary["离婚后探望子女受阻"]
    sessions.schedule_session(
        visitation, visitation.mediator.user, starts_at=_at(4, 10), mode="video",
        video_link="https://meeting.example.cn/j/20261124", participants="申请人、被申请人",
        note="被申请人在外地工作，双方通过视频参加；请提前十分钟进入会议。",
    )
