"""The deadline scheduler's pass: what is due as of now, fired exactly once.

``run_pass(now)`` finds, among the cases still waiting for a result (``WAITING_STATES``: open, not resolved):

- **reminders**: the deadline is ``n`` working days away or fewer, for each active ``ReminderRule`` (by default 2
  and 0: two working days before, and on the last working day). A case gets the nearest reminder only: one
  assigned the day before its deadline is not told "two days left" as well. A reminder whose deadline has passed
  (the scheduler was down) is not sent late: the overdue mark says more;
- **overdue**: the deadline has passed (the first day after it);
- **escalations**: the deadline has passed by an ``EscalationStep``'s working days; stage ``k`` goes to the
  coordinators of the organisation ``k`` levels above the handling one (village → township → county → city).

Each is one ``Firing`` row (unique per case, kind, deadline and stage) and one note on the case's timeline,
written in the same transaction. The rows are inserted with ``ON CONFLICT DO NOTHING … RETURNING``: a pass sees
which of its rows it wrote, and writes notes for those only, so two workers running at once (or a pass repeated)
never fire anything twice, on SQLite as on PostgreSQL, with no lock held across the pass.

Catch-up: the pass computes everything due as of ``now``. Reminders look at the deadlines from today to the
furthest reminder's horizon; overdue marks and escalations at the deadlines that fell due since the day through
which the last complete pass swept (``Cursor``, with a day's margin), or at every deadline on the first pass and
with ``full=True``. So a scheduler that was down for a week fires what that week owed on its next pass, and a pass
at one million open cases reads a few days of deadlines through the (state, deadline) index, never the table.
"""

import datetime
import functools
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jiefen.cases.models import ENDED_STATES, Case, State
from jiefen.cases.services import notes_on_cases
from jiefen.cases.workflow import (
    CONFIRMATION_WINDOW,
    DEADLINE_ESCALATION,
    DEADLINE_OVERDUE,
    DEADLINE_REMINDER,
    FOLLOW_UP_DUE,
    RESPONDENT_STEP,
    SESSION_REMINDER,
)
from jiefen.core.calendar import WorkingDays
from jiefen.core.taxonomy import LEVEL_RANK
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Organisation, Post
from jiefen.scheduler.models import Cursor, EscalationStep, Firing, NoticeSeen, ReminderRule

log = logging.getLogger(__name__)

# Cases still waiting for a result: a resolved case has its agreement and only waits to be closed.
WAITING_STATES = tuple(state.value for state in State if state not in ENDED_STATES and state != State.RESOLVED)
SWEEP = "deadlines"
# Days of deadlines before the swept day that each pass looks at again (cheap, and forgiving of a pass that ran
# while a case's move was committing at midnight).
MARGIN_DAYS = 1
BATCH = 500
SYSTEM_USERNAME = "jiefen-scheduler"
# Who has a deadline panel on their queue page (see ``notices_for``).
NOTICE_POSTS = (Post.MEDIATION, Post.COORDINATION)
NOTE_OF_KIND = {
    Firing.Kind.REMINDER: DEADLINE_REMINDER,
    Firing.Kind.OVERDUE: DEADLINE_OVERDUE,
    Firing.Kind.ESCALATION: DEADLINE_ESCALATION,
    Firing.Kind.CONFIRMATION_WINDOW: CONFIRMATION_WINDOW,
    Firing.Kind.RESPONDENT: RESPONDENT_STEP,
    Firing.Kind.FOLLOW_UP: FOLLOW_UP_DUE,
    Firing.Kind.SESSION: SESSION_REMINDER,
}


@dataclass(frozen=True)
class Due:
    """One firing the pass found due: not yet written when found, perhaps written by another worker since."""

    case_id: int
    kind: str
    deadline: datetime.date
    stage: int
    organisation_id: int
    due_on: datetime.date | None = None


@dataclass
class PassResult:
    found: Counter
    fired: Counter
    today: datetime.date

    @property
    def fired_total(self) -> int:
        return sum(self.fired.values())

    def __str__(self):
        return (
            f"as of {self.today}: fired {self.fired[Firing.Kind.REMINDER]} reminders, "
            f"{self.fired[Firing.Kind.OVERDUE]} overdue marks, {self.fired[Firing.Kind.ESCALATION]} escalations, "
            f"{self.fired[Firing.Kind.CONFIRMATION_WINDOW]} judicial confirmation warnings, "
            f"{self.fired[Firing.Kind.RESPONDENT]} respondent contact steps, "
            f"{self.fired[Firing.Kind.FOLLOW_UP]} follow-ups due, {self.fired[Firing.Kind.SESSION]} session reminders "
            f"(found due {sum(self.found.values())})"
        )


def system_actor():
    """The user in whose name the scheduler writes on timelines: no password, cannot log in, no post."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "期限督办（系统）", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _waiting(deadline_range: tuple[datetime.date | None, datetime.date], kind: str, stage: int):
    """Waiting cases with a deadline in the range (inclusive; no lower bound when None) that have no firing of
    this kind and stage for that deadline yet: an index range scan on (state, deadline) and one probe each of the
    firing's unique index."""
    low, high = deadline_range
    cases = Case.objects.filter(state__in=WAITING_STATES, deadline__lte=high)
    if low is not None:
        cases = cases.filter(deadline__gte=low)
    fired = Firing.objects.filter(case=OuterRef("pk"), kind=kind, deadline=OuterRef("deadline"), stage=stage)
    return cases.filter(~Exists(fired)).order_by().values_list("pk", "deadline", "handling_org_id")


class Ladder:
    """The organisations ``k`` levels above another, read once per pass (the tree is small)."""

    def __init__(self):
        self.orgs = {org[0]: org for org in Organisation.objects.values_list("pk", "parent_id", "level")}

    def up(self, org_id: int, levels: int) -> int | None:
        """Like ``Organisation.escalation_target`` applied ``levels`` times."""
        for _step in range(levels):
            _pk, parent, level = self.orgs[org_id]
            ancestor = parent
            while ancestor is not None and LEVEL_RANK[self.orgs[ancestor][2]] <= LEVEL_RANK[level]:
                ancestor = self.orgs[ancestor][1]
            if ancestor is None:
                return None
            org_id = ancestor
        return org_id


def find_due(now: datetime.datetime | None = None, *, full: bool = False) -> list[Due]:
    """Every firing due as of ``now`` that has not been written yet (as far as this read can tell)."""
    return [due for _source, read in reads(now, full=full) for due in read()]


def reads(now: datetime.datetime | None = None, *, full: bool = False) -> list[tuple[str, Callable[[], list[Due]]]]:
    """The pass's reads as (source, call returning its ``Due``s), one per source of firings, in the order the pass
    fires them. ``find_due`` runs them all; the benchmark (benchmarks/scheduler.py) times and EXPLAINs each."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cursor = Cursor.objects.filter(name=SWEEP).values_list("swept_through", flat=True).first()
    # The day from which respondent steps and follow-up visits can still be unfired (the swept day, less the margin).
    since = None if cursor is None or full else cursor - datetime.timedelta(days=MARGIN_DAYS)
    return [
        ("deadlines", functools.partial(_deadlines_due, today, None if full else cursor)),
        ("window", functools.partial(_windows_due, today)),
        ("respondent", functools.partial(_steps_due, today, since)),
        ("followup", functools.partial(_follow_ups_due, today, since)),
        ("session", functools.partial(_sessions_due, now)),
    ]


def _deadlines_due(today: datetime.date, cursor: datetime.date | None) -> list[Due]:
    """Reminders, overdue marks and escalations of case deadlines; with no ``cursor``, every past deadline."""
    days = WorkingDays()
    due: list[Due] = []
    # Reminders: rule n covers the deadlines that are at most n working days away, and that a nearer rule does
    # not cover; n working days or fewer away means before the (n+1)-th working day after today.
    low = today
    for n in ReminderRule.objects.filter(is_active=True).order_by("working_days_before").values_list(
        "working_days_before", flat=True
    ):
        high = days.add(today, n + 1) - datetime.timedelta(days=1)
        if high >= low:
            for pk, deadline, org in _waiting((low, high), Firing.Kind.REMINDER, n):
                due.append(Due(pk, Firing.Kind.REMINDER, deadline, n, org))
        low = max(low, high + datetime.timedelta(days=1))

    # Overdue (0 working days after the deadline, from the first day after it) and each escalation step.
    after = [(Firing.Kind.OVERDUE, 0, 0)] + [
        (Firing.Kind.ESCALATION, stage, overdue)
        for stage, overdue in EscalationStep.objects.filter(is_active=True).values_list("stage", "working_days_overdue")
    ]
    ladder = None
    for kind, stage, overdue in after:
        high = days.latest_start_passed(today, overdue)
        low = None
        if cursor is not None:
            low = days.latest_start_passed(cursor - datetime.timedelta(days=MARGIN_DAYS), overdue)
            low += datetime.timedelta(days=1)
        for pk, deadline, org in _waiting((low, high), kind, stage):
            if kind == Firing.Kind.ESCALATION:
                ladder = ladder or Ladder()
                org = ladder.up(org, stage)
                if org is None:
                    continue  # nothing above (a city case at stage 1, a county case at stage 2)
            due.append(Due(pk, kind, deadline, stage, org, days.add(deadline, overdue) + datetime.timedelta(days=1)))
    return due


def _windows_due(today: datetime.date) -> list[Due]:
    """The window to apply for judicial confirmation of an agreement (jiefen.agreements), 7 and 2 days before."""
    from jiefen.agreements.services import window_warnings_due  # agreements builds on cases, as the scheduler does

    return [
        Due(pk, Firing.Kind.CONFIRMATION_WINDOW, last_day, stage, org, last_day - datetime.timedelta(days=stage))
        for pk, last_day, stage, org in window_warnings_due(today)
    ]


def _steps_due(today: datetime.date, since: datetime.date | None) -> list[Due]:
    """The steps of the contact clock of respondents who have not answered (jiefen.respondent), in order."""
    from jiefen.respondent.services import steps_due

    return [
        Due(pk, Firing.Kind.RESPONDENT, started_on, stage, org, due_on)
        for pk, started_on, stage, org, due_on in steps_due(today, since)
    ]


def _follow_ups_due(today: datetime.date, since: datetime.date | None) -> list[Due]:
    """Follow-up visits after closure (jiefen.followups), on their due day."""
    from jiefen.followups.services import follow_ups_due

    return [
        Due(pk, Firing.Kind.FOLLOW_UP, due_on, days_after, org, due_on)
        for pk, due_on, days_after, org in follow_ups_due(today, since)
    ]


def _sessions_due(now: datetime.datetime) -> list[Due]:
    """Reminders before scheduled mediation sessions (jiefen.mediation), a time ahead that is data."""
    from jiefen.mediation.reminders import reminders_due

    return [
        Due(pk, Firing.Kind.SESSION, day, number, org, due_on)
        for pk, day, number, org, due_on in reminders_due(now)
    ]


def _insert_new(dues: list[Due], now: datetime.datetime) -> list[Due]:
    """Insert the firings, skipping those already there (another worker's, a repeated pass's); return the ones
    this call wrote. One statement; the unique constraint decides, and a concurrent insert of the same key waits
    for the other transaction and then skips."""
    ops = connection.ops
    table = ops.quote_name(Firing._meta.db_table)
    columns = ["case_id", "kind", "deadline", "stage", "organisation_id", "due_on", "fired_at"]
    fired_at = ops.adapt_datetimefield_value(now)
    rows, params = [], []
    for d in dues:
        rows.append("(%s, %s, %s, %s, %s, %s, %s)")
        params += [
            d.case_id, str(d.kind), ops.adapt_datefield_value(d.deadline), d.stage, d.organisation_id,
            ops.adapt_datefield_value(d.due_on), fired_at,
        ]
    sql = (
        f"INSERT INTO {table} ({', '.join(ops.quote_name(c) for c in columns)}) VALUES {', '.join(rows)} "
        f"ON CONFLICT (case_id, kind, deadline, stage) DO NOTHING RETURNING case_id, kind, stage"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = {(case_id, kind, stage) for case_id, kind, stage in cursor.fetchall()}
    return [d for d in dues if (d.case_id, str(d.kind), d.stage) in written]


def _note(due: Due, organisation: str) -> tuple[str, dict]:
    if due.kind == Firing.Kind.RESPONDENT:
        from jiefen.respondent.services import note_for

        return note_for(due.case_id, due.deadline, due.stage, organisation)
    if due.kind == Firing.Kind.SESSION:
        from jiefen.mediation import reminders

        return reminders.note_for(due.case_id, due.stage, organisation)
    deadline = f"{due.deadline.year}年{due.deadline.month}月{due.deadline.day}日"
    payload = {"deadline": due.deadline.isoformat(), "stage": due.stage, "organisation": organisation}
    if due.kind == Firing.Kind.REMINDER:
        reason = _("The deadline, %(deadline)s, is %(days)s working days away or fewer.") % {
            "deadline": deadline, "days": due.stage,
        } if due.stage else _("The deadline, %(deadline)s, is today or before the next working day.") % {
            "deadline": deadline
        }
    elif due.kind == Firing.Kind.CONFIRMATION_WINDOW:
        reason = _(
            "The 30-day window to apply jointly for judicial confirmation of the agreement closes on %(deadline)s "
            "(People's Mediation Law art. 33): %(days)s days left or fewer."
        ) % {"deadline": deadline, "days": due.stage}
    elif due.kind == Firing.Kind.FOLLOW_UP:
        reason = _("A follow-up visit is due today, %(days)s days after closure (%(deadline)s).") % {
            "days": due.stage, "deadline": deadline}
    elif due.kind == Firing.Kind.OVERDUE:
        reason = _("The deadline, %(deadline)s, has passed without a result.") % {"deadline": deadline}
    else:
        reason = _(
            "The deadline, %(deadline)s, has passed without a result: raised to the attention of %(organisation)s."
        ) % {"deadline": deadline, "organisation": organisation}
    if due.due_on:
        payload["due_on"] = due.due_on.isoformat()
    return reason, payload


def fire(dues: list[Due], now: datetime.datetime | None = None, *, actor=None) -> Counter:
    """Write the firings of ``dues`` that nobody has written yet, each with its note on the case's timeline, in
    transactions of ``BATCH``. Returns how many this call wrote, by kind."""
    now = now or timezone.now()
    actor = actor or system_actor()
    fired: Counter = Counter()
    names = {}
    for start in range(0, len(dues), BATCH):
        batch = dues[start:start + BATCH]
        with transaction.atomic():
            written = _insert_new(batch, now)
            if not written:
                continue
            cases = Case.objects.in_bulk({d.case_id for d in written})
            missing = {d.organisation_id for d in written} - names.keys()
            names.update(Organisation.objects.filter(pk__in=missing).values_list("pk", "name"))
            notes = []
            with translation.override("zh-hans"):  # stored on the record, in the language of the record
                for d in written:
                    reason, payload = _note(d, names[d.organisation_id])
                    notes.append((cases[d.case_id], NOTE_OF_KIND[d.kind], reason, payload))
            notes_on_cases(notes, actor=actor)
            steps = [d for d in written if d.kind == Firing.Kind.RESPONDENT]
            if steps:  # a step that acts at once: the respondent's text message (jiefen.respondent)
                from jiefen.respondent.services import on_fired

                on_fired(steps, actor)
            follow_ups = [d for d in written if d.kind == Firing.Kind.FOLLOW_UP]
            if follow_ups:  # the parties are asked to answer on the portal (jiefen.followups)
                from jiefen.followups.notices import on_fired as ask_parties

                ask_parties(follow_ups, actor)
            fired.update(d.kind for d in written)
    return fired


def _advance(today: datetime.date, now: datetime.datetime) -> None:
    """The sweep has reached ``today``: move the cursor forward (never back, whatever order workers finish in)."""
    Cursor.objects.bulk_create([Cursor(name=SWEEP)], ignore_conflicts=True)
    Cursor.objects.filter(name=SWEEP).update(last_pass_at=now)
    Cursor.objects.filter(name=SWEEP, swept_through__isnull=True).update(swept_through=today)
    Cursor.objects.filter(name=SWEEP, swept_through__lt=today).update(swept_through=today)


def run_pass(now: datetime.datetime | None = None, *, full: bool = False) -> PassResult:
    """One pass of the scheduler as of ``now``: find what is due, fire it once, move the cursor. Safe to run in
    several processes at once, and to repeat."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    dues = find_due(now, full=full)
    fired = fire(dues, now) if dues else Counter()
    _advance(today, now)
    return PassResult(found=Counter(d.kind for d in dues), fired=fired, today=today)


# ---- who sees what (the work queue's panel) ----


def notices_for(user, *, include_seen: bool = False):
    """The deadline notices on ``user``'s desk, newest first: for a mediator, the reminders and overdue marks of
    the cases they mediate; for a coordinator, those of the cases their organisation handles itself, and the
    escalations addressed to their organisation. Only notices still current: the case is still waiting, the
    deadline is the one the notice was about, and an escalated case has not been taken over by that level. Those
    the user marked seen are left out, unless ``include_seen``: then each notice says whether it is ``seen``."""
    staff = staff_of(user)
    if staff is None or staff.post not in NOTICE_POSTS:
        return Firing.objects.none()
    current = Q(case__state__in=WAITING_STATES, deadline=F("case__deadline"))
    near = Q(kind__in=(Firing.Kind.REMINDER, Firing.Kind.OVERDUE))
    # A judicial confirmation window: until its last day, while no application has been filed.
    from jiefen.agreements.models import CourtApplication

    filed = CourtApplication.objects.filter(case=OuterRef("case")).exclude(
        status__in=(CourtApplication.Status.PREPARED, CourtApplication.Status.REFUSED)
    )
    window = Q(kind=Firing.Kind.CONFIRMATION_WINDOW, deadline__gte=timezone.localdate()) & ~Exists(filed)
    # A follow-up visit after closure (jiefen.followups): until it is recorded, while the case stays closed.
    from jiefen.followups.models import FollowUp

    pending = FollowUp.objects.filter(case=OuterRef("case"), due_on=OuterRef("deadline"),
                                      days_after=OuterRef("stage"), visits__isnull=True,
                                      case__state__in=(State.CLOSED, State.TERMINATED))
    follow_up = Q(kind=Firing.Kind.FOLLOW_UP) & Exists(pending)
    if staff.post == Post.MEDIATION:
        mine = near & Q(case__mediator__user=user)
        windows = window & Q(case__mediator__user=user)
        follow_ups = follow_up & Q(case__mediator__user=user)
    else:
        mine = (near & Q(organisation=staff.organisation, case__handling_org=staff.organisation)) | (
            Q(kind=Firing.Kind.ESCALATION, organisation=staff.organisation)
            & ~Q(case__handling_org=staff.organisation)
        )
        windows = window & Q(organisation=staff.organisation, case__handling_org=staff.organisation)
        follow_ups = follow_up & Q(organisation=staff.organisation, case__handling_org=staff.organisation)
    shown = (current & mine) | windows | follow_ups
    if staff.post == Post.MEDIATION:
        # A session reminder (jiefen.mediation): until the session starts, while its plan stands unchanged.
        from jiefen.mediation.reminders import still_to_come

        shown |= Q(kind=Firing.Kind.SESSION, case__mediator__user=user) & Exists(still_to_come())
    notices = (
        Firing.objects.filter(shown)
        .select_related("case", "case__handling_org")
        .order_by("-fired_at", "-id")
    )
    seen = Exists(NoticeSeen.objects.filter(firing=OuterRef("pk"), user=user))
    return notices.annotate(seen=seen) if include_seen else notices.filter(~seen)


def mark_seen(firing: Firing, user) -> NoticeSeen:
    """``user`` has read ``firing`` (已阅): recorded once, with the time; it leaves their panel, not the panels of
    others it is addressed to. Only a notice on their desk now; marking it again changes nothing."""
    if not notices_for(user, include_seen=True).filter(pk=firing.pk).exists():
        raise PermissionDenied(_("This notice is not on your desk."))
    seen, _created = NoticeSeen.objects.get_or_create(firing=firing, user=user)
    return seen
