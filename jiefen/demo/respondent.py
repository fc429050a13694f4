"""The demo's clock of contact with a respondent who does not answer, at work.

The assigned case whose clock has run longest, among those whose respondent has a mobile number, gets the clock's
steps that are due by now up to the mediator's call, fired by the scheduler's own ``fire`` at the moment its pass
would have fired each (early on the step's day, on the simulated clock): the one-time notice served online on the
respondent with its text message, then the call task on the mediator's queue. The text message goes out when the
demo's transaction commits (the portal's handler of the ``served_online`` event); right after it, the receipt the
demo's file sender cannot get from a gateway is simulated, so that the case page shows the notice sent and
delivered, not yet read. The other cases' clocks start when the demo commits and fire on the scheduler's first pass.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from jiefen.cases.models import Case, CaseEvent, Party, State
from jiefen.cases.workflow import SERVED_ONLINE, Move
from jiefen.core.validators import is_mobile
from jiefen.demo.clock import simulated_clock
from jiefen.portal.models import SmsReceipt, StatusMessage
from jiefen.portal.receipts import simulate_receipts
from jiefen.respondent.models import Action, ContactStep
from jiefen.respondent.services import start_clock, steps_due
from jiefen.scheduler.models import Firing
from jiefen.scheduler.services import Due, fire

# When the scheduler's daily pass runs: before the office opens.
PASS_TIME = datetime.time(7, 30)


def first_steps() -> list[int]:
    """The working days of the clock's steps up to and including the mediator's call."""
    stages = []
    for working_days, action in ContactStep.objects.filter(is_active=True).values_list("working_days", "action"):
        stages.append(working_days)
        if action == Action.CALL:
            break
    return stages


def waiting_longest(cases: list[Case]) -> Case | None:
    """The assigned case assigned longest ago whose respondents all have a mobile number."""
    assigned = {}
    for case in cases:
        case.refresh_from_db()
        parties = list(case.parties.filter(role=Party.Role.RESPONDENT))
        if case.state == State.ASSIGNED and parties and all(is_mobile(party.phone) for party in parties):
            assigned[case.pk] = case
    first = (
        CaseEvent.objects.filter(case__in=assigned, move=Move.ASSIGN).order_by("at").values_list("case", flat=True)
    )
    return assigned[first[0]] if first else None


def build_respondent_clock(cases: list[Case], now: datetime.datetime | None = None) -> Case | None:
    case = waiting_longest(cases)
    if case is None:
        return None
    now = now or timezone.now()
    assigned_at = case.events.filter(move=Move.ASSIGN).order_by("at").values_list("at", flat=True)[0]
    clock = start_clock(case, assigned_at)
    wanted = first_steps()
    dues = [due for due in steps_due(timezone.localdate(now)) if due[0] == case.pk and due[2] in wanted]
    for case_id, started_on, stage, organisation, due_on in sorted(dues, key=lambda due: due[2]):
        moment = max(
            datetime.datetime.combine(due_on, PASS_TIME, tzinfo=timezone.get_current_timezone()),
            clock.started_at + datetime.timedelta(minutes=5),
        )
        with simulated_clock(min(moment, now)):
            fire([Due(case_id, Firing.Kind.RESPONDENT, started_on, stage, organisation, due_on)], timezone.now())
    transaction.on_commit(lambda: deliver_the_notices(case), robust=True)
    return case


def deliver_the_notices(case: Case) -> int:
    """The receipts of the notice's text messages, once the portal has sent them."""
    messages = StatusMessage.objects.filter(case=case, event__move=SERVED_ONLINE, sent_at__isnull=False)
    return simulate_receipts(list(messages), SmsReceipt.Status.DELIVERED).recorded
