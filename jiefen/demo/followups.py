"""The demo's after-closure work: the closed cases got their follow-up visits from the close move; the first
closed case with an agreement also gets a schedule of performance (one item paid on time, one still to come)."""

import datetime

from jiefen.cases.models import Case, State
from jiefen.followups import services
from jiefen.followups.models import PerformanceItem


def build_performance_schedule(cases: list[Case]) -> PerformanceItem | None:
    for case in cases:
        case.refresh_from_db()
        agreement = case.current_agreement()
        mediator = case.mediator.user if case.mediator is not None else None
        parties = list(case.parties.order_by("id"))
        if case.state != State.CLOSED or agreement is None or mediator is None or len(parties) < 2:
            continue
        applicant, respondent = parties[0], parties[-1]
        signed = agreement.signed_on
        first = services.add_item(case, mediator, what="按协议支付第一期款项",
                                  due_on=signed + datetime.timedelta(days=3), obligor=respondent, obligee=applicant)
        services.mark_item(first, mediator, "performed", performed_on=min(signed + datetime.timedelta(days=2),
                                                                          datetime.date.today()))
        return services.add_item(case, mediator, what="按协议完成剩余义务",
                                 due_on=signed + datetime.timedelta(days=60), obligor=respondent, obligee=applicant)
    return None
