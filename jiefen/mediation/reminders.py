"""The reminder before a scheduled session, fired by the deadline scheduler (``jiefen.scheduler``, kind
``session``): the parties get a text message (``jiefen.mediation.notices``), the mediator sees it on their queue.

When: ``SessionReminder.lead()`` before the session starts (data; shipped 24 hours, the day before), once the pass
runs after that moment and while the session is still to come. A plan made or rescheduled later than that (the
session was already near) gets none: the parties were told of it by text message just then. A plan called off,
rescheduled or held is no longer scheduled and is never reminded of; the plan that replaces a rescheduled one has
a number of its own, so its reminder is a firing of its own (``Firing``: case, kind, the session's day, the plan's
number).

The pass reads the plans starting within the lead time through the (status, starts_at) index, never the table.
"""

import datetime

from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import Case
from jiefen.cases.workflow import TRANSITIONS, Move
from jiefen.mediation.models import SessionPlan, SessionReminder

# The states in which sessions are held (``cases.workflow``): a plan of a case gone elsewhere is not reminded of.
SESSION_STATES = tuple(state for (state, move) in TRANSITIONS if move == Move.RECORD_SESSION)


def reminders_due(now: datetime.datetime) -> list[tuple[int, datetime.date, int, int, datetime.date]]:
    """For the scheduler: (case id, the session's day, the plan's number, handling organisation id, the day the
    reminder fell due) of every scheduled session whose reminder is due as of ``now`` and not fired yet."""
    lead = SessionReminder.lead()
    if lead is None:
        return []
    plans = list(due_plans(now, lead).values_list("case_id", "starts_at", "number"))
    # The cases in a second query by their keys: a join would let the planner read every case in mediation.
    orgs = dict(
        Case.objects.filter(pk__in={case_id for case_id, _starts, _number in plans}, state__in=SESSION_STATES)
        .values_list("pk", "handling_org_id")
    ) if plans else {}
    return [
        (case_id, timezone.localdate(starts_at), number, orgs[case_id], timezone.localdate(starts_at - lead))
        for case_id, starts_at, number in plans
        if case_id in orgs
    ]


def due_plans(now: datetime.datetime, lead: datetime.timedelta):
    """The plans whose reminder is due as of ``now`` with ``lead`` and not fired yet, whatever their case's state
    (the benchmark EXPLAINs it)."""
    from jiefen.scheduler.models import Firing  # the scheduler builds on mediation, as on every app it fires for

    fired = Firing.objects.filter(case=OuterRef("case"), kind=Firing.Kind.SESSION, stage=OuterRef("number"))
    return (
        SessionPlan.objects.filter(
            status=SessionPlan.Status.SCHEDULED, starts_at__gt=now, starts_at__lte=now + lead,
            scheduled_at__lte=F("starts_at") - lead,
        )
        .filter(~Exists(fired))
        .order_by()
    )


def note_for(case_id: int, number: int, organisation: str) -> tuple[str, dict]:
    """The timeline note of a reminder fired (in the language of the record)."""
    plan = SessionPlan.objects.get(case_id=case_id, number=number)
    when = timezone.localtime(plan.starts_at)
    reason = _("A mediation session is scheduled for %(time)s (%(mode)s): the parties are reminded by text "
               "message.") % {"time": f"{when:%Y-%m-%d %H:%M}", "mode": plan.get_mode_display()}
    return reason, {"plan": plan.pk, "starts_at": when.isoformat(timespec="minutes"), "mode": plan.mode}


def still_to_come(now: datetime.datetime | None = None):
    """Plans still to come and still scheduled: a reminder on a mediator's queue stays while its plan is one of
    these (an ``Exists`` on the firing's case and number)."""
    return SessionPlan.objects.filter(
        case=OuterRef("case"), number=OuterRef("stage"), status=SessionPlan.Status.SCHEDULED,
        starts_at__gte=now or timezone.now(),
    )


def with_session_times(notices: list) -> list:
    """The firings of a queue's panel, each session reminder given its session's start (``session_at``)."""
    from jiefen.scheduler.models import Firing

    keys = {(n.case_id, n.stage) for n in notices if n.kind == Firing.Kind.SESSION}
    if keys:
        starts = {
            (case_id, number): starts_at
            for case_id, number, starts_at in SessionPlan.objects.filter(
                case_id__in={case_id for case_id, _number in keys}
            ).values_list("case_id", "number", "starts_at")
        }
        for notice in notices:
            notice.session_at = starts.get((notice.case_id, notice.stage)) if notice.kind == Firing.Kind.SESSION \
                else None
    return notices
