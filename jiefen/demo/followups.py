"""The demo's after-closure work, through the real services on a simulated clock, days after each closure.

- The first closed case with an agreement (the workers' unpaid wages) shows the whole court link: both parties
  confirm the agreement on the portal, the joint application for judicial confirmation is filed, accepted and
  confirmed by the basic court; the schedule of performance has two items: the first is reported not performed on
  the portal after the court confirmed the agreement, and the application for enforcement it prepared is filed
  and accepted; the second, corrected (its amount was entered wrong), is paid on time. Its 7-day follow-up was done
  by phone.
- The next closed cases with an agreement had their 7-day follow-up answered, so that the satisfaction rate has
  something to count.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal

from django.test.utils import override_settings
from django.utils import timezone

from jiefen.agreements import services as agreements
from jiefen.agreements.testing import CODE
from jiefen.agreements.text import agreement_hash
from jiefen.cases.models import Case, State
from jiefen.core.validators import is_mobile
from jiefen.demo.clock import simulated_clock
from jiefen.followups import corrections, enforcement, services
from jiefen.followups.models import Keeping, PerformanceItem, Visit
from jiefen.portal.services import citizen_for
from jiefen.portal.sms import MemorySender

OFFICE_HOUR = datetime.time(10)
# (satisfaction, comment) of the 7-day follow-up of the closed cases after the first: on the portal when the
# applicant has a mobile number, else by phone.
ANSWERS = [
    (3, "协议基本履行，希望调解员以后多来看看。"),
    (5, "协议已经履行，感谢调解员耐心调解。"),
]


def build_performance_schedule(cases: list[Case]) -> PerformanceItem | None:
    """The after-closure stories above; returns the corrected item (None when no case fits)."""
    agreed = []
    for case in cases:
        case.refresh_from_db()
        if (case.state == State.CLOSED and case.current_agreement() is not None and case.mediator is not None
                and case.mediator.user is not None and case.parties.count() >= 2):
            agreed.append(case)
    if not agreed:
        return None
    first, *others = agreed
    item = _court_story(first)
    for case, answer in zip(others, ANSWERS, strict=False):
        _answered(case, *answer)
    return item


class Days:
    """Moments at office hours a number of days after the case's last event (its closure), never in the future."""

    def __init__(self, case: Case):
        self.start = timezone.localdate(case.events.order_by("-at").values_list("at", flat=True).first())
        self.tz = timezone.get_current_timezone()
        self.latest = timezone.now() - datetime.timedelta(minutes=5)  # made outside the simulated clock: real

    def at(self, days: int, minutes: int = 0) -> datetime.datetime:
        moment = datetime.datetime.combine(self.start + datetime.timedelta(days=days), OFFICE_HOUR, tzinfo=self.tz)
        return min(moment + datetime.timedelta(minutes=minutes), self.latest)


@contextmanager
def codes_read_from_the_phones():
    """The parties read their one-time codes off their phones: inside, text messages stay in memory."""
    with override_settings(JIEFEN_SMS_SENDER="jiefen.portal.sms.MemorySender"):
        yield


def confirm_on_the_portal(agreement) -> None:
    for party in agreement.case.parties.order_by("id"):
        if not is_mobile(party.phone):
            continue
        citizen = citizen_for(party.phone)
        agreements.request_code(citizen, agreement.pk)
        code = CODE.findall(MemorySender.outbox[-1][1])[-1]
        agreements.confirm(citizen, agreement.pk, code, agreement_hash(agreement))


def _court_story(case: Case) -> PerformanceItem:
    mediator = case.mediator.user
    agreement = case.current_agreement()
    applicant, respondent = case.parties.order_by("id")[0], case.parties.order_by("-id")[0]
    days = Days(case)
    signed = agreement.signed_on
    with simulated_clock(days.at(1)) as clock, codes_read_from_the_phones():
        confirm_on_the_portal(agreement)
        clock.set(days.at(1, 60))
        application = agreements.prepare_application(case, mediator)
        first = services.add_item(case, mediator, what="支付第一期工资", amount=Decimal("10000.00"),
                                  due_on=signed + datetime.timedelta(days=7), obligor=respondent, obligee=applicant)
        rest = services.add_item(case, mediator, what="付清剩余工资", amount=Decimal("8000.00"),
                                 due_on=signed + datetime.timedelta(days=30), obligor=respondent, obligee=applicant)
        year = days.at(2).year
        steps = [
            (2, "filed", {}),
            (4, "accepted", {"court_case_number": f"（{year}）苏0706民特{317}号"}),
            (9, "confirmed", {"ruling_number": f"（{year}）苏0706民特{317}号",
                              "ruling_text": "申请人与被申请人达成的调解协议有效。当事人应当按照调解协议的约定自觉"
                                             "履行义务。一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院"
                                             "申请强制执行。"}),
        ]
        for offset, status, extra in steps:
            clock.set(days.at(offset))
            agreements.record_court_step(application, mediator, status, on=timezone.localdate(), **extra)
        clock.set(days.at(3, 30))
        corrections.correct_item(rest, mediator, what="付清剩余工资", amount=Decimal("8600.00"),
                                 due_on=rest.due_on, reason="录入时金额有误：协议约定余款为8,600元")
        clock.set(days.at(7, 120))
        services.record_visit(case.follow_ups.order_by("days_after").first(), mediator, method=Visit.Method.PHONE,
                              party=applicant, satisfaction=4, keeping=Keeping.YES,
                              comment="被申请人承诺工程款结算后本周内支付第一期工资。")
        clock.set(days.at(10))
        _mark, prefilled = services.mark_item(first, citizen_for(applicant.phone), "not_performed")
        application = prefilled.enforcement_application
        clock.set(days.at(12))
        enforcement.record_step(application, mediator, "filed", on=timezone.localdate())
        clock.set(days.at(15))
        enforcement.record_step(application, mediator, "accepted", on=timezone.localdate(),
                                court_case_number=f"（{year}）苏0706执{1286}号")
        clock.set(days.at(29))
        services.mark_item(rest, mediator, "performed", performed_on=timezone.localdate(),
                           note="申请人电话告知余款已到账")
    return rest


def _answered(case: Case, satisfaction: int, comment: str) -> None:
    follow_up = case.follow_ups.order_by("days_after").first()
    days = Days(case)
    party = case.parties.order_by("id").first()
    with simulated_clock(days.at(follow_up.days_after, 90)):
        if follow_up.due_on > timezone.localdate():
            return  # closed too recently for its first follow-up
        method = Visit.Method.PORTAL if is_mobile(party.phone) else Visit.Method.PHONE
        actor = citizen_for(party.phone) if method == Visit.Method.PORTAL else case.mediator.user
        services.record_visit(follow_up, actor, method=method, party=party, satisfaction=satisfaction,
                              keeping=Keeping.YES, comment=comment)
