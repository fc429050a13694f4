"""The demo's supervision of transferred cases and grading, through the real services on the simulated clock.

- The arbitration commission works on the platform (its clerk ``arbitration_clerk``): the township coordinator urged
  the dismissal case through the platform, the clerk answered on the queue; a second urge went unanswered past its
  day, so it shows on both queues and the case is highlighted in /supervision/.
- The city coordinator texted the urge about the loan notarisation to the notary on duty, a contact of the
  registry (the notary office works on the platform too, see ``jiefen.demo.notarisation``, but the notary's
  mobile reaches them sooner).
- The county assessor graded the work-injury case; the other cases that ended wait for their grade.
"""

import datetime
import random

from django.utils import timezone

from jiefen.cases.models import Case
from jiefen.cases.workflow import Move
from jiefen.core.models import CalendarDay
from jiefen.demo.cases import office_time
from jiefen.demo.clock import simulated_clock
from jiefen.demo.network import DemoNetwork
from jiefen.demo.people import People
from jiefen.demo.scenarios import NOTARY, SCENARIOS
from jiefen.supervision import services
from jiefen.supervision.models import AgencyAnswer, AgencyContact, Channel, OutcomeGrade

SEED = 606
MINUTE = datetime.timedelta(minutes=1)


def _case(key: str) -> Case:
    summary = next(scenario.summary for scenario in SCENARIOS if scenario.key == key)
    return Case.objects.select_related("transferred_to").get(summary=summary)


class _Moments:
    """Office times on past working days, each after the one before and before now."""

    def __init__(self, rng: random.Random):
        self.rng, self.now = rng, timezone.now()
        today = timezone.localdate()
        self.special = dict(
            CalendarDay.objects.filter(date__gte=today - datetime.timedelta(days=30)).values_list("date", "kind")
        )

    def days_ago(self, days: int, *, after: datetime.datetime) -> datetime.datetime:
        day = timezone.localdate() - datetime.timedelta(days=days)
        moment = office_time(day, self.rng, timezone.get_current_timezone(), self.special)
        return min(max(moment, after + self.rng.randrange(40, 90) * MINUTE), self.now - 2 * MINUTE)


def build_supervision(network: DemoNetwork) -> None:
    moments = _Moments(random.Random(SEED))
    _urged_on_the_platform(network, moments)
    _texted_to_the_notary(network, moments)
    _graded(network, moments)


def _urged_on_the_platform(network: DemoNetwork, moments: _Moments) -> None:
    case = _case("dismissal-compensation")
    coordinator, clerk = network.users["town_coordinator"], network.users["arbitration_clerk"]
    transferred = case.events.get(move=Move.TRANSFER).at
    urged_at = moments.days_ago(4, after=transferred)
    with simulated_clock(urged_at) as clock:
        urge = services.urge(
            case, coordinator, channel=Channel.PLATFORM, content="请告知仲裁申请是否已立案受理，以及开庭安排。",
            reply_by=timezone.localdate() + datetime.timedelta(days=2),
        )
        answered_at = moments.days_ago(3, after=urged_at)
        clock.set(answered_at)
        services.answer_urge(
            urge.pk, clerk, progress=AgencyAnswer.Progress.ACCEPTED,
            content="已立案受理，已向用人单位送达仲裁申请书副本，拟于两周内开庭审理。",
            expected_by=timezone.localdate() + datetime.timedelta(days=30),
        )
        # Answer wanted the next day and not given: late on the coordinator's queue and the clerk's.
        clock.set(moments.days_ago(2, after=answered_at))
        services.urge(
            case, coordinator, channel=Channel.PLATFORM, content="请告知开庭日期，申请人急需安排出庭。",
            reply_by=timezone.localdate() + datetime.timedelta(days=1),
        )


def _texted_to_the_notary(network: DemoNetwork, moments: _Moments) -> None:
    notary = AgencyContact.objects.create(
        agency=network.orgs[NOTARY], name="宋明哲", office="公证员", mobile=People(SEED).mobile(),
    )
    case = _case("loan-notarisation")
    urged_at = moments.days_ago(1, after=case.events.get(move=Move.TRANSFER).at)
    with simulated_clock(urged_at):
        services.urge(
            case, network.users["city_coordinator"], channel=Channel.SMS, agency_contact=notary.pk,
            content="双方已备齐借款协议和身份材料，请告知赋予强制执行效力公证的受理时间。",
            reply_by=timezone.localdate() + datetime.timedelta(days=3),
        )


def _graded(network: DemoNetwork, moments: _Moments) -> None:
    case = _case("work-injury")
    closed = case.events.get(move=Move.CLOSE).at
    with simulated_clock(moments.days_ago(1, after=closed)):
        services.grade_case(
            case, network.users["county_assessor"], grade=OutcomeGrade.Grade.GOOD,
            reasons="移送劳动仲裁后督办及时，仲裁调解结案且已履行完毕；移送前未能促成用人单位到场，扣分。",
            party_feedback="申请人回访表示满意，认为赔偿到位。",
        )
