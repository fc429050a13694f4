"""The hotline's part of the demo: two weeks of duty shifts and a morning of calls, through the real services.

Run by ``manage.py load_hotline_demo`` after ``load_demo``; it uses the demo's staff (``city_intake`` and the
others) and creates only what is missing, so running it again changes nothing. The city centre's seat is covered
around the clock; the township's only in office hours, so that its roster shows what a gap looks like.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from jiefen.demo.clock import simulated_clock
from jiefen.demo.people import People
from jiefen.hotline import services
from jiefen.hotline.models import DutyShift, Urgency, WorkOrder
from jiefen.regions.models import Region

DAYS = 14  # this week and the next
CITY_SEAT = "12348专席一"
TOWN_SEAT = "12348专席"
# username, seat, first hour, minutes long, on which weekdays (Monday is 0)
ROTA = [
    ("city_intake", CITY_SEAT, datetime.time(8), 12 * 60, range(7)),
    ("city_coordinator", CITY_SEAT, datetime.time(20), 12 * 60, range(7)),
    ("town_intake", TOWN_SEAT, datetime.time(8, 30), 3 * 60 + 30, range(5)),
    ("town_coordinator", TOWN_SEAT, datetime.time(14), 3 * 60 + 30, range(5)),
]
CALL_TAKER, PLANNER, TOWN_STAFF = "city_intake", "city_coordinator", "town_intake"


@dataclass
class HotlineDemoResult:
    shifts: int = 0
    work_orders: int = 0


def _users(*usernames):
    found = {user.username: user for user in get_user_model().objects.filter(username__in=usernames)}
    missing = [name for name in usernames if name not in found]
    if missing:
        raise CommandError(f"demo staff missing ({', '.join(missing)}): run `manage.py load_demo` first")
    return found


def _shifts(users, monday: datetime.date) -> int:
    created = 0
    for username, seat, first, minutes, weekdays in ROTA:
        staff = users[username].staff
        for offset in range(-1, DAYS):  # from the Sunday before, whose night shift covers Monday morning
            day = monday + datetime.timedelta(days=offset)
            if day.weekday() not in weekdays:
                continue
            starts_at = timezone.make_aware(datetime.datetime.combine(day, first))
            if DutyShift.objects.filter(staff=staff, starts_at=starts_at).exists():
                continue
            services.plan_shift(
                actor=users[PLANNER], staff=staff, seat=seat, starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=minutes),
            )
            created += 1
    return created


def _place_and_handler(users):
    """A case of the demo township, at its first village (or the township itself)."""
    organisation = users[TOWN_STAFF].staff.organisation
    place = Region.objects.filter(parent=organisation.region).order_by("code").first() or organisation.region
    return organisation, place


def _calls(users) -> int:
    taker = users[CALL_TAKER]
    if WorkOrder.objects.filter(taken_by=taker).exists():
        return 0
    people = People(seed=12348)
    now = timezone.now()
    handler, place = _place_and_handler(users)

    def take(minutes_ago, caller, summary, urgency, clock):
        clock.set(now - datetime.timedelta(minutes=minutes_ago))
        return services.take_call(
            actor=taker, caller_name=caller, callback_number=people.mobile(), summary=summary, urgency=urgency
        )

    with simulated_clock(now - datetime.timedelta(hours=3)) as clock:
        closed = take(170, "林秀英", "打错电话，询问社保卡补办。", Urgency.NORMAL, clock)
        services.close(closed, actor=taker, reason="非纠纷事项，已告知拨打12333社保热线。")

        answered = take(150, "韩志强", "咨询离婚后子女抚养费一般按什么标准计算。", Urgency.NORMAL, clock)
        services.answer_as_consultation(
            answered, actor=taker,
            answer="告知：抚养费一般按月收入的20%至30%确定（民法典第一千零八十五条及相关司法解释），"
                   "可先协商，协商不成可申请人民调解或向法院起诉。",
        )

        converted = take(
            120, "宋桂芳", "小区物业公司连续两年未维修漏水的楼顶，业主拒交物业费后物业停了电梯卡，要求调解。",
            Urgency.PRESSING, clock,
        )
        clock.set(now - datetime.timedelta(minutes=110))
        services.convert_to_case(
            converted, actor=taker, handling_org=handler, place=place, summary="物业服务与物业费纠纷",
            description=converted.summary, claims="维修楼顶漏水，恢复电梯卡使用。",
            parties=[
                {"role": "applicant", "kind": "person", "name": converted.caller_name, "phone": ""},
                {"role": "respondent", "kind": "organisation", "name": "连云港市安居物业服务有限公司",
                 "phone": "0518-85820000"},
            ],
        )
        services.schedule_callback(
            converted, actor=taker, due_at=now + datetime.timedelta(hours=2), note="告知案号和调解员联系方式。"
        )

        overdue = take(90, "吴建华", "在工地干了三个月没拿到工资，包工头联系不上。", Urgency.PRESSING, clock)
        services.schedule_callback(
            overdue, actor=taker, due_at=now - datetime.timedelta(minutes=30), note="核实用工单位名称后回电。"
        )

        urgent = take(
            25, "赵德明", "与邻居因宅基地围墙界址争执，对方扬言要动手，现场情绪激动。", Urgency.URGENT, clock
        )
        services.schedule_callback(urgent, actor=taker, due_at=now + datetime.timedelta(minutes=20))

        take(5, "孙丽娟", "楼上住户深夜噪音扰民，想了解能否调解。", Urgency.NORMAL, clock)
    return WorkOrder.objects.filter(taken_by=taker).count()


def load_hotline_demo() -> HotlineDemoResult:
    usernames = {row[0] for row in ROTA} | {CALL_TAKER, PLANNER, TOWN_STAFF}
    users = _users(*sorted(usernames))
    monday = services.week_start(timezone.localdate())
    with transaction.atomic():
        return HotlineDemoResult(shifts=_shifts(users, monday), work_orders=_calls(users))
