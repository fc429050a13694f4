"""The rules after closure. Views, the API, the scheduler and the moves call these and hold none.

- **Plans.** At the ``close`` move and at ``terminate`` (their forms' ``after``, inside the move's transaction),
  ``schedule_at_closure`` writes one ``FollowUp`` per day of the most specific active ``FollowUpPlan`` (category
  and risk, category, risk, default). The scheduler fires a "follow-up due" notice once per visit on its due day
  (``follow_ups_due``), which stays on the mediator's queue until the visit is recorded, and texts the parties the
  link to answer it on the portal (``jiefen.followups.notices``).
- **Visits** (``record_visit``) by phone or home visit (staff in jurisdiction) or on the portal (a party of the
  case, logged in by phone): satisfaction 1–5, whether the agreement is kept, a comment; append-only, each a note
  on the timeline. A broken agreement or a renewed dispute asks the staff to choose (``decide_recurrence``): the
  ``reopen`` move, or a new case registered through ``register_case`` and linked with ``link_cases``.
- **Performance.** Staff enter the agreement's schedule (``add_item``); the party owed (or staff) marks an item
  performed or not (``mark_item``). Not performed prepares, in the same transaction, the joint application for
  judicial confirmation (agreement not yet confirmed by a court, window open, every party confirmed) or the
  application for enforcement to the court that confirmed it, whose later steps ``jiefen.followups.enforcement``
  records. Items are corrected, and wrong reports withdrawn, in ``jiefen.followups.corrections``.
- **Figures.** ``performance_rate``: items performed on time / items due (their day has passed), and
  ``satisfaction_rate``: visits satisfied or very satisfied / visits recorded (requirement E6), per case; ``figures``
  gives both per mediator and organisation.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import Agreement, Case, Party, State
from jiefen.cases.services import access_case, name_on_case, note_on_case
from jiefen.cases.workflow import FOLLOW_UP_VISIT, PERFORMANCE, Move
from jiefen.core.pii import digest
from jiefen.followups.models import (
    EnforcementApplication,
    FollowUp,
    FollowUpPlan,
    ItemCorrection,
    Keeping,
    PerformanceItem,
    PerformanceMark,
    Recurrence,
    Visit,
)
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Post

# States in which a case waits for its follow-ups: closed (after an agreement or a refusal) or terminated.
AFTER_STATES = (State.CLOSED, State.TERMINATED)
STAFF_POSTS = (Post.MEDIATION, Post.COORDINATION)
DEFAULT_DAYS = [7, 30, 90]


# ---- plans ----


def plan_for(case: Case) -> FollowUpPlan | None:
    plans = {(p.category, p.risk): p for p in FollowUpPlan.objects.filter(is_active=True)}
    for key in ((case.category, case.risk), (case.category, ""), ("", case.risk), ("", "")):
        if key in plans:
            return plans[key]
    return None


def schedule_at_closure(case: Case, *, today: datetime.date | None = None) -> list[FollowUp]:
    """The follow-ups of this closure (call it inside the move's transaction)."""
    today = today or timezone.localdate()
    plan = plan_for(case)
    days = plan.offsets() if plan is not None else DEFAULT_DAYS
    rows = [
        FollowUp(case=case, closed_version=case.version, closed_on=today, days_after=n,
                 due_on=today + datetime.timedelta(days=n), plan=plan)
        for n in days
    ]
    return FollowUp.objects.bulk_create(rows, ignore_conflicts=True)


def _done():
    return Visit.objects.filter(follow_up=OuterRef("pk"))


def follow_ups_due(today: datetime.date, since: datetime.date | None = None):
    """For the scheduler: (case id, due day, days after closure, handling organisation) of every visit due by
    ``today`` (and, with ``since``, the scheduler's swept day, not before it: earlier ones were seen by the passes
    that swept their days) and not done, while its case is still closed or terminated."""
    from jiefen.scheduler.models import Firing

    fired = Firing.objects.filter(case=OuterRef("case"), kind=Firing.Kind.FOLLOW_UP, deadline=OuterRef("due_on"),
                                  stage=OuterRef("days_after"))
    visits = FollowUp.objects.filter(due_on__lte=today, case__state__in=AFTER_STATES)
    if since is not None:
        visits = visits.filter(due_on__gte=since)
    return (
        visits.filter(~Exists(_done()), ~Exists(fired))
        .values_list("case_id", "due_on", "days_after", "case__handling_org_id")
    )


def follow_ups_of(case: Case) -> list[FollowUp]:
    return list(case.follow_ups.prefetch_related("visits").order_by("due_on", "id"))


def is_open(follow_up: FollowUp, today: datetime.date | None = None) -> bool:
    """Due, not yet done, and the case still closed or terminated."""
    today = today or timezone.localdate()
    return (follow_up.due_on <= today and follow_up.case.state in AFTER_STATES
            and not follow_up.visits.exists())


# ---- who may act ----


def _phone_digest(citizen) -> str:
    from jiefen.portal.services import phone_of  # the portal's account: imported late

    phone = phone_of(citizen) if citizen is not None else ""
    return digest(phone) if phone else ""


def parties_of_citizen(citizen, case: Case) -> list[Party]:
    phone_digest = _phone_digest(citizen)
    if not phone_digest:
        return []
    return [p for p in case.parties.all() if p.phone_digest == phone_digest]


def staff_case(actor, case: Case) -> Case:
    staff = staff_of(actor)
    case = access_case(actor, case.pk)
    if staff is None or staff.post not in STAFF_POSTS:
        raise PermissionDenied(_("Only mediators and coordinators record follow-ups and performance."))
    return case


# ---- visits ----


def citizen_follow_ups(citizen, today: datetime.date | None = None) -> list[FollowUp]:
    """The visits due now in the cases where the citizen's phone is a party's, that nobody has done yet."""
    today = today or timezone.localdate()
    phone_digest = _phone_digest(citizen)
    if not phone_digest:
        return []
    return list(
        FollowUp.objects.filter(case__parties__phone_digest=phone_digest, due_on__lte=today,
                                case__state__in=AFTER_STATES)
        .filter(~Exists(_done())).select_related("case").distinct().order_by("due_on", "id")
    )


def open_follow_up(citizen, pk) -> tuple[FollowUp, list[Party]]:
    """The follow-up and the citizen's parties in its case; Http404 for anybody else."""
    try:
        follow_up = FollowUp.objects.select_related("case").get(pk=int(pk))
    except (FollowUp.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such follow-up.")) from None
    mine = parties_of_citizen(citizen, follow_up.case)
    if not mine:
        raise Http404(_("No such follow-up."))
    return follow_up, mine


def staff_follow_up(actor, case: Case, pk) -> FollowUp:
    case = access_case(actor, case.pk)
    try:
        return case.follow_ups.get(pk=int(pk))
    except (FollowUp.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such follow-up.")) from None


def record_visit(follow_up: FollowUp, actor, *, method: str, satisfaction: int, keeping: str,
                 renewed_dispute: bool = False, comment: str = "", party: Party | None = None,
                 today: datetime.date | None = None) -> Visit:
    """Record a follow-up visit. Staff: by phone or home visit, naming the party reached; a citizen: on the portal,
    as their own party."""
    case = follow_up.case
    staff = staff_of(actor)
    if method == Visit.Method.PORTAL:
        mine = parties_of_citizen(actor, case) if staff is None else []
        if not mine:
            raise Http404(_("No such follow-up."))
        party = party if party in mine else mine[0]
    else:
        case = staff_case(actor, case)
        if method not in Visit.Method.values:
            raise ValidationError({"method": [_("Choose how the visit was made.")]})
        if party is not None and party.case_id != case.pk:
            raise ValidationError({"party": [_("Choose a party of this case.")]})
    errors = {}
    if not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        errors["satisfaction"] = [_("Choose from 1 (very dissatisfied) to 5 (very satisfied).")]
    if keeping not in Keeping.values:
        errors["keeping"] = [_("Say whether the agreement is being kept.")]
    if errors:
        raise ValidationError(errors)
    if follow_up.case.state not in AFTER_STATES:
        raise ValidationError({"follow_up": [_("The case has been reopened: this follow-up is no longer due.")]})
    if follow_up.due_on > (today or timezone.localdate()):
        raise ValidationError({"follow_up": [_("This follow-up is not due yet.")]})
    with transaction.atomic():
        if Visit.objects.filter(follow_up=follow_up).exists():
            raise ValidationError({"follow_up": [_("This follow-up has already been recorded.")]})
        visit = Visit.objects.create(
            follow_up=follow_up, case=case, method=method, party=party, satisfaction=satisfaction, keeping=keeping,
            renewed_dispute=renewed_dispute, comment=comment.strip(), by=actor, by_name=name_on_case(actor, case),
            organisation_name=staff.organisation.name if staff else "",
        )
        reason = _("Follow-up %(days)s days after closure, %(method)s: satisfaction %(score)s/5; %(keeping)s.") % {
            "days": follow_up.days_after, "method": visit.get_method_display(), "score": satisfaction,
            "keeping": visit.get_keeping_display(),
        }
        if renewed_dispute:
            reason += " " + _("The dispute has flared up again.")
        note_on_case(case, FOLLOW_UP_VISIT, actor=actor, reason=reason, payload={
            "visit": visit.pk, "method": method, "satisfaction": satisfaction, "keeping": keeping,
            "renewed_dispute": renewed_dispute,
        })
    return visit


def visits_awaiting_decision(case: Case) -> list[Visit]:
    return [
        v for v in Visit.objects.filter(case=case).filter(~Exists(Recurrence.objects.filter(visit=OuterRef("pk"))))
        if v.calls_for_decision
    ]


def decide_recurrence(visit: Visit, actor, action: str, *, reason: str) -> Recurrence:
    """A broken agreement or renewed dispute found at ``visit``: reopen the case (the ``reopen`` move, for intake
    and coordination), or register a new case with the same parties and link it to this one."""
    from jiefen.cases.duplicates import link_cases
    from jiefen.cases.moves import perform_move
    from jiefen.cases.services import register_case

    case = access_case(actor, visit.case_id)
    if staff_of(actor) is None:
        raise PermissionDenied(_("Only staff of the network may do this."))
    if not visit.calls_for_decision:
        raise ValidationError({"visit": [_("This visit found nothing to reopen.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Please give the reason for this move.")]})
    if Recurrence.objects.filter(visit=visit).exists():
        raise ValidationError({"visit": [_("This has already been decided.")]})
    with transaction.atomic():
        if action == Recurrence.Action.REOPEN:
            perform_move(case, Move.REOPEN, actor, {"reason": reason})
            new_case = None
        elif action == Recurrence.Action.LINKED:
            parties = [
                {"role": p.role, "kind": p.kind, "name": p.name, "id_number": p.id_number, "phone": p.phone,
                 "address": p.address}
                for p in case.parties.filter(is_representative=False).order_by("id")
            ] if not case.is_group else None
            if parties is None:
                raise ValidationError({"action": [_("Reopen a group dispute rather than copy its claimants.")]})
            new_case = register_case(
                actor=actor, handling_org=case.handling_org, place=case.place,
                summary=_("Recurrence of %(number)s") % {"number": case.number} if len(case.summary) > 90
                else f"{case.summary}（回访复发）",
                description=f"{reason.strip()}\n\n{case.description}", claims=case.claims,
            parties=parties)
            link_cases(new_case, case, actor=actor, reason=reason.strip()[:255])
        else:
            raise ValidationError({"action": [_("Choose to reopen the case or to open a linked one.")]})
        return Recurrence.objects.create(visit=visit, action=action, new_case=new_case, reason=reason.strip()[:255],
                                         by=actor)


# ---- performance ----


def items_of(case: Case, agreement: Agreement | None = None) -> list[PerformanceItem]:
    agreement = agreement or case.current_agreement()
    if agreement is None:
        return []
    return _by_due_day(PerformanceItem.objects.filter(agreement=agreement).select_related("obligor", "obligee"))


def _by_due_day(items) -> list[PerformanceItem]:
    """The items with their corrections and marks, in the order of the days they are due as they stand."""
    items = list(items.prefetch_related(*ITEM_PREFETCH))
    return sorted(items, key=lambda item: (item.terms.due_on, item.pk))


ITEM_PREFETCH = ("corrections", "marks__withdrawal")


def latest_mark(item: PerformanceItem) -> PerformanceMark | None:
    """The latest mark that has not been withdrawn (prefetch ``ITEM_PREFETCH`` when reading many)."""
    marks = [mark for mark in item.marks.all() if not is_withdrawn(mark)]
    return max(marks, key=lambda m: (m.at, m.pk)) if marks else None


def is_withdrawn(mark: PerformanceMark) -> bool:
    return hasattr(mark, "withdrawal")


def add_item(case: Case, actor, *, what: str, due_on: datetime.date, obligor: Party, obligee: Party,
             amount: Decimal | None = None) -> PerformanceItem:
    case = staff_case(actor, case)
    agreement = case.current_agreement()
    if agreement is None:
        raise ValidationError({"agreement": [_("The case has no agreement yet.")]})
    errors = {}
    if not what.strip():
        errors["what"] = [_("Say what is to be done.")]
    if obligor is None or obligor.case_id != case.pk:
        errors["obligor"] = [_("Choose a party of this case.")]
    if obligee is None or obligee.case_id != case.pk:
        errors["obligee"] = [_("Choose a party of this case.")]
    elif obligor is not None and obligor.pk == obligee.pk:
        errors["obligee"] = [_("The party owed cannot be the one who performs.")]
    if amount is not None and amount <= 0:
        errors["amount"] = [_("Enter an amount above zero, or leave it empty.")]
    if due_on is None:
        errors["due_on"] = [_("Enter the day by which it is due.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = PerformanceItem.objects.create(
            agreement=agreement, case=case, what=what.strip(), amount=amount, due_on=due_on, obligor=obligor,
            obligee=obligee, added_by=actor,
        )
        note_on_case(case, PERFORMANCE, actor=actor, reason=_(
            "Performance item added: %(who)s — %(what)s, by %(date)s."
        ) % {"who": obligor.name, "what": describe(item.terms), "date": due_on.isoformat()}, payload={
            "item": item.pk, "status": "scheduled",
        })
    return item


def describe(terms) -> str:
    """An item's terms (or an item as first entered) in a few words: what, and how much."""
    return f"{terms.what}（{terms.amount}元）" if terms.amount is not None else terms.what


def citizen_item(citizen, pk) -> PerformanceItem:
    """An item the citizen is owed (their phone is the obligee's); Http404 for anybody else."""
    try:
        item = PerformanceItem.objects.select_related("case", "obligee", "obligor").get(pk=int(pk))
    except (PerformanceItem.DoesNotExist, TypeError, ValueError):
        raise Http404(_("No such item.")) from None
    phone_digest = _phone_digest(citizen)
    if not phone_digest or item.obligee.phone_digest != phone_digest:
        raise Http404(_("No such item."))
    return item


def citizen_items(citizen) -> list[PerformanceItem]:
    """The items of current agreements owed to the citizen."""
    phone_digest = _phone_digest(citizen)
    if not phone_digest:
        return []
    items = PerformanceItem.objects.filter(obligee__phone_digest=phone_digest).filter(
        agreement_id=Subquery(_current_agreement_id())
    )
    return _by_due_day(items.select_related("case", "obligor"))


@dataclass(frozen=True)
class Prefilled:
    kind: str  # "judicial", "enforcement", or "" when nothing could be prepared
    court_application: object = None
    enforcement_application: EnforcementApplication | None = None
    explanation: str = ""


def mark_item(item: PerformanceItem, actor, status: str, *, performed_on: datetime.date | None = None,
              note: str = "", visit: Visit | None = None,
              today: datetime.date | None = None) -> tuple[PerformanceMark, Prefilled]:
    """Mark an item performed (on a day) or not performed. The citizen owed marks on the portal; staff of the
    case at a visit or at any time. Not performed prepares the court application that fits (see the module)."""
    today = today or timezone.localdate()
    staff = staff_of(actor)
    if staff is None:
        item = citizen_item(actor, item.pk)
        via = PerformanceMark.Via.PORTAL
    else:
        staff_case(actor, item.case)
        via = PerformanceMark.Via.STAFF
    case = item.case
    if status not in PerformanceMark.Status.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    if status == PerformanceMark.Status.PERFORMED:
        performed_on = performed_on or today
        if performed_on > today:
            raise ValidationError({"performed_on": [_("The date cannot be in the future.")]})
    else:
        performed_on = None
    prefilled = Prefilled("")
    with transaction.atomic():
        if status == PerformanceMark.Status.NOT_PERFORMED:
            prefilled = _prefill(item, actor, today)
        mark = PerformanceMark.objects.create(
            item=item, status=status, performed_on=performed_on, via=via, visit=visit, note=note.strip()[:255],
            court_application=prefilled.court_application,
            enforcement_application=prefilled.enforcement_application, by=actor, by_name=name_on_case(actor, case),
        )
        if status == PerformanceMark.Status.PERFORMED:
            reason = _("Marked performed on %(date)s: %(what)s.") % {
                "date": performed_on.isoformat(), "what": describe(item.terms)}
        else:
            reason = _("Marked not performed: %(what)s, due %(date)s.") % {
                "what": describe(item.terms), "date": item.terms.due_on.isoformat()}
            if prefilled.explanation:
                reason += " " + prefilled.explanation
        note_on_case(case, PERFORMANCE, actor=actor, reason=reason, payload={
            "item": item.pk, "status": status, "via": via, "prepared": prefilled.kind,
        })
    return mark, prefilled


def _prefill(item: PerformanceItem, actor, today: datetime.date) -> Prefilled:
    from jiefen.agreements import services as agreements
    from jiefen.agreements.models import CourtApplication

    case, agreement = item.case, item.agreement
    current = case.current_agreement()
    if current is None or current.pk != agreement.pk:
        return Prefilled("", explanation=_("The agreement has been replaced by a revised one."))
    confirmed = CourtApplication.objects.filter(
        agreement=agreement, status=CourtApplication.Status.CONFIRMED).first()
    if confirmed is not None:
        existing = EnforcementApplication.objects.filter(item=item).first()
        if existing is None:
            existing = EnforcementApplication.objects.create(
                case=case, court_application=confirmed, item=item, applicant=item.obligee,
                respondent=item.obligor, court_name=confirmed.court_name, prepared_by=actor,
            )
        return Prefilled("enforcement", enforcement_application=existing, explanation=_(
            "An application for enforcement to %(court)s is prepared (People's Mediation Law art. 33)."
        ) % {"court": confirmed.court_name})
    live = agreements.live_application(agreement)
    if live is not None:
        return Prefilled("judicial", court_application=live, explanation=_(
            "The application for judicial confirmation to %(court)s is already under way."
        ) % {"court": live.court_name})
    try:
        with transaction.atomic():
            application = agreements.prefill_application(case, actor, today=today)
    except (ValidationError, IntegrityError, agreements.IllegalMove) as error:
        why = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return Prefilled("", explanation=_(
            "No court application could be prepared (%(why)s): the party may sue on the agreement (People's "
            "Mediation Law art. 32)."
        ) % {"why": why})
    return Prefilled("judicial", court_application=application, explanation=_(
        "The joint application for judicial confirmation to %(court)s is prepared."
    ) % {"court": application.court_name})


# ---- performance rate ----


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Rate:
    on_time: int
    due: int

    @property
    def percent(self) -> int | None:
        return _percent(self.on_time, self.due)


# Satisfied or very satisfied, 4 and 5 of the scale 1–5: the satisfaction rate (满意率) of requirement E6.
SATISFIED_FROM = 4


@dataclass(frozen=True)
class Satisfaction:
    satisfied: int
    answered: int

    @property
    def percent(self) -> int | None:
        return _percent(self.satisfied, self.answered)


def satisfaction_rate(case: Case) -> Satisfaction:
    """The case's follow-up visits whose party was satisfied or very satisfied / the visits recorded."""
    counts = Visit.objects.filter(case=case).aggregate(
        answered=Count("pk"), satisfied=Count("pk", filter=Q(satisfaction__gte=SATISFIED_FROM)))
    return Satisfaction(counts["satisfied"], counts["answered"])


def _on_time(item: PerformanceItem, mark: PerformanceMark | None) -> bool:
    return (mark is not None and mark.status == PerformanceMark.Status.PERFORMED
            and mark.performed_on is not None and mark.performed_on <= item.terms.due_on)


def performance_rate(case: Case, today: datetime.date | None = None) -> Rate:
    """Items of the case's current agreement performed on time / items due (their day has passed, or performed)."""
    today = today or timezone.localdate()
    due = on_time = 0
    for item in items_of(case):
        mark = latest_mark(item)
        hit = _on_time(item, mark)
        if item.terms.due_on < today or hit:
            due += 1
            on_time += hit
    return Rate(on_time, due)


def _current_agreement_id():
    return Agreement.objects.filter(case=OuterRef("case")).order_by("-recorded_at", "-id").values("pk")[:1]


# Who reads the performance figures of the organisations and mediators of their jurisdiction.
FIGURE_POSTS = (Post.COORDINATION, Post.ASSESSMENT, Post.LEADER)


def sees_figures(staff) -> bool:
    return staff is not None and staff.post in FIGURE_POSTS


class FigureRow(NamedTuple):
    name: str
    performance: Rate | None  # None: no item due yet
    satisfaction: Satisfaction | None  # None: no follow-up answered yet


GROUPS = {
    "organisations": ("case__handling_org", "case__handling_org__name"),
    "mediators": ("case__mediator", "case__mediator__name"),
}


def figures(user, today: datetime.date | None = None) -> dict[str, list[FigureRow]]:
    """For each organisation and each mediator of the cases ``user`` may see, in two queries each: the performance
    rate (items of current agreements, by the latest mark not withdrawn of each, due by the terms as corrected) and
    the satisfaction rate of the follow-up visits."""
    today = today or timezone.localdate()
    latest = PerformanceMark.objects.filter(item=OuterRef("pk"), withdrawal__isnull=True).order_by("-at", "-id")
    corrected = ItemCorrection.objects.filter(item=OuterRef("pk")).order_by("-at", "-id")
    visible = Case.objects.visible_to(user)
    items = (
        PerformanceItem.objects.filter(case__in=visible)
        .filter(agreement_id=Subquery(_current_agreement_id()))
        .annotate(last_status=Subquery(latest.values("status")[:1]),
                  last_on=Subquery(latest.values("performed_on")[:1]),
                  due=Coalesce(Subquery(corrected.values("due_on")[:1]), F("due_on")))
    )
    hit = Q(last_status=PerformanceMark.Status.PERFORMED, last_on__lte=F("due"))
    counted = items.filter(Q(due__lt=today) | hit)
    satisfied = Q(satisfaction__gte=SATISFIED_FROM)
    visits = Visit.objects.filter(case__in=visible)

    def rows(group: str, label: str) -> list[FigureRow]:
        names, performance, satisfaction = {}, {}, {}
        for row in counted.values(group, label).annotate(items=Count("pk"), on_time=Count("pk", filter=hit)):
            names[row[group]] = row[label]
            performance[row[group]] = Rate(row["on_time"], row["items"])
        for row in visits.values(group, label).annotate(answered=Count("pk"), satisfied=Count("pk", filter=satisfied)):
            names[row[group]] = row[label]
            satisfaction[row[group]] = Satisfaction(row["satisfied"], row["answered"])
        return sorted(
            (FigureRow(name or "—", performance.get(pk), satisfaction.get(pk)) for pk, name in names.items()
             if pk is not None),
            key=lambda row: row.name,
        )

    return {title: rows(group, label) for title, (group, label) in GROUPS.items()}
