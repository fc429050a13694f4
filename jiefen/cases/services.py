"""Everything that changes a case. Views, the API, commands and tests call these functions and nothing else.

``register_case`` creates a case; ``transition`` is the one way its state changes. Both check the actor's
jurisdiction and post, write an append-only event, and do it all in one transaction.
"""

import datetime
import functools
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jiefen.cases.models import Case, CaseEvent, DeadlineRule, Party, PersonalDataView
from jiefen.cases.workflow import MOVE_LABELS, REASON_REQUIRED, TRANSITIONS, Move, why_not
from jiefen.core.calendar import add_days, calendar_known_until, first_working_day_from
from jiefen.core.numbering import next_in_sequence
from jiefen.core.taxonomy import Channel, Risk
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Organisation, Post, organisation_serving


class IllegalMove(Exception):
    """The move does not exist from the case's current state (the API answers 409)."""

    def __init__(self, case: Case, move: str, message: str | None = None):
        self.case, self.move = case, move
        super().__init__(
            message
            or _("“%(move)s” is not possible while the case is “%(state)s”.")
            % {"move": MOVE_LABELS.get(move, move), "state": case.get_state_display()}
        )


class CaseChanged(IllegalMove):
    """Someone else moved the case since this copy was read: the move was checked against stale data."""

    def __init__(self, case: Case, move: str):
        super().__init__(
            case, move, _("Someone else has just changed this case; please look at it again before you act.")
        )


# Stored beside the legal basis, in Chinese like the basis itself: it is part of the case record.
UNKNOWN_HOLIDAYS_NOTE = "（{year}年节假日安排尚未录入，仅扣除周末）"
# A limit counted in calendar days whose last day is a day off ends on the next working day, as periods do under
# the Civil Procedure Law (art. 85: 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期).
DAY_OFF_NOTE = "；期限最后一日为休息日，顺延至其后第一个工作日（民事诉讼法:第85条）"

# The posts that take disputes in at the window and from other platforms: the window, mediators at a station,
# coordinators, and liaisons for referrals. They also serve documents and answer duplicate suggestions.
REGISTERING_POSTS = {Post.INTAKE, Post.MEDIATION, Post.COORDINATION, Post.LIAISON}
# Grid workers and informants register too, but only what they bring from the field, in their own area.
FIELD_CHANNELS = {Channel.GRID, Channel.INFORMANT}
# The fields a move may change; number, registrant and the rest are fixed at registration.
MOVABLE_FIELDS = {
    "category", "field", "complexity", "risk", "method", "handling_org", "level", "mediator", "transferred_to",
    "deadline", "deadline_basis", "merged_into",
}


def access_case(user, pk) -> Case:
    """The case with this id if the user's jurisdiction covers it; otherwise 404, as if it did not exist."""
    try:
        return Case.objects.visible_to(user).select_related(
            "handling_org", "mediator", "place", "transferred_to"
        ).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such case.")) from None


def _require_staff(actor):
    staff = staff_of(actor)
    if staff is None:
        raise PermissionDenied(_("Only staff of the network may do this."))
    return staff


def _announce(event: CaseEvent) -> None:
    """After the move commits, hand its event to each of ``settings.JIEFEN_CASE_EVENT_HANDLERS`` (dotted paths of
    functions taking the event, with its case as the move left it): what follows a move (telling the sender and
    the request has just written. The move has committed by then: a handler that fails is logged, never turns it
    into an error page, and never keeps the handlers after it from running."""
    for path in settings.JIEFEN_CASE_EVENT_HANDLERS:
        transaction.on_commit(functools.partial(import_string(path), event), robust=True)


CITIZEN_SUFFIX = "（当事人）"


def name_on_case(actor, case) -> str:
    """Who did something on ``case``, as its records name them: a staff member by name; a citizen acting on the
    portal (whose user is named by a digest) by the name of their party on the case, the one with their phone."""
    if name := actor.get_full_name():
        return name
    account = getattr(actor, "citizen_account", None)  # portal.CitizenAccount, for a citizen's user only
    if account is None:
        return actor.get_username()
    party = Party.objects.filter(case=case, phone_digest=account.phone_digest).values_list("name", flat=True).first()
    return f"{party or ''}{CITIZEN_SUFFIX}"


def _event(case: Case, move: str, from_state: str, actor, staff, reason: str, payload: dict) -> CaseEvent:
    """``staff`` is None for a citizen acting on their own dispute (the portal)."""
    event = CaseEvent.objects.create(
        case=case,
        move=move,
        from_state=from_state,
        to_state=case.state,
        actor=actor,
        actor_name=name_on_case(actor, case),
        actor_organisation=staff.organisation.name if staff is not None else "",
        reason=reason,
        payload=payload,
    )
    _announce(event)
    return event


def advance_tracked(row, status: str, allowed_from, changes: dict, *, case: Case, what: str, refused: str) -> None:
    """Move a tracked application or request of ``case`` (a model with ``status`` and its ``Status`` choices) to
    ``status`` with ``changes``, if its status is still one of ``allowed_from``: one conditional UPDATE, so that two
    people recording at once cannot both; then reload it. Otherwise IllegalMove for ``what`` with ``refused``
    (a message with ``%(current)s`` and ``%(next)s``). Call it inside the transaction that notes the step."""
    model = type(row)
    if not model.objects.filter(pk=row.pk, status__in=allowed_from).update(**changes):
        current = model.objects.get(pk=row.pk)
        raise IllegalMove(case, what, refused % {
            "current": current.get_status_display(), "next": model.Status(status).label,
        })
    row.refresh_from_db()


def note_on_case(case: Case, what: str, *, actor, reason: str = "", payload: dict | None = None) -> CaseEvent:
    """Put something that changes no state on the case's timeline (a merged duplicate, an outcome, a message sent),
    told to the event handlers like every move. Call it inside the transaction that made the change."""
    return _event(case, what, case.state, actor, staff_of(actor), reason, payload or {})


def notes_on_cases(notes: list[tuple[Case, str, str, dict]], *, actor) -> list[CaseEvent]:
    """``note_on_case`` for many cases at once, in one insert: ``notes`` are (case, what, reason, payload). For
    the deadline scheduler, which may fire thousands of reminders at midnight. Call it inside the transaction."""
    staff = staff_of(actor)
    events = CaseEvent.objects.bulk_create([
        CaseEvent(
            case=case, move=what, from_state=case.state, to_state=case.state, actor=actor,
            actor_name=name_on_case(actor, case),
            actor_organisation=staff.organisation.name if staff is not None else "", reason=reason, payload=payload,
        )
        for case, what, reason, payload in notes
    ])
    for event in events:
        _announce(event)
    return events


def can_register(staff) -> bool:
    return staff is not None and staff.post in REGISTERING_POSTS


def register_case(
    *,
    actor,
    handling_org: Organisation,
    place,
    summary: str,
    description: str,
    parties: list[dict],
    claims: str = "",
    amount: Decimal | None = None,
    channel: str = Channel.WINDOW,
    referral_kind: str = "",
    external_reference: str = "",
    is_group: bool = False,
) -> Case:
    """Register a dispute brought by any channel staff take in: number it, store it with its parties, and open its
    timeline. One procedure for all; citizens' own submissions come through ``submit_dispute``, which shares it.

    A group dispute (``is_group``) has two or more applicants (the claimants), exactly one of whom represents the
    rest (``is_representative``), each with the amount they claim (``claimed_amount``)."""
    staff = _require_staff(actor)
    if staff.post == Post.GRID:
        if channel not in FIELD_CHANNELS:
            raise PermissionDenied(_("Grid workers and informants register disputes from the field only."))
    elif not can_register(staff):
        raise PermissionDenied(_("Your post does not register disputes."))
    if not handling_org.is_within(staff.organisation):
        raise PermissionDenied(_("You may only register cases for your own organisation or those under it."))
    return _register(
        actor, staff, Case(
            channel=channel, referral_kind=referral_kind, external_reference=external_reference, summary=summary,
            description=description, claims=claims, amount=amount, place=place, handling_org=handling_org,
            is_group=is_group,
        ), parties,
    )


def submit_dispute(
    *, citizen, place, summary: str, description: str, parties: list[dict], claims: str = "",
    amount: Decimal | None = None,
) -> Case:
    """A citizen's own dispute from the public portal, registered at the station or centre serving its place."""
    if staff_of(citizen) is not None:
        raise PermissionDenied(_("Staff register disputes at the workbench, not through the public portal."))
    return _register(
        citizen, None, Case(
            channel=Channel.PORTAL, summary=summary, description=description, claims=claims, amount=amount,
            place=place, handling_org=organisation_serving(place),
        ), parties,
    )


def _register(actor, staff, case: Case, parties: list[dict]) -> Case:
    case.level, case.registered_by, case.number = case.handling_org.level, actor, "pending"
    # Many people with one grievance can gather or petition: orange until triage grades the case otherwise.
    case.risk = Risk.ORANGE if case.is_group else ""
    party_rows = [Party(case=case, **data) for data in parties]
    _validate_registration(case, party_rows)
    # No savepoint when called inside a caller's transaction (an idempotent request, a referral, a hotline call):
    # nobody goes on after a failed registration, and a savepoint costs two round trips to the database.
    with transaction.atomic(savepoint=False):
        year = timezone.localdate().year
        code = case.handling_org.code
        case.number = f"{code}-{year}-{next_in_sequence(f'case:{code}', year):05d}"
        case.save()
        for party in party_rows:
            party.case = case
        Party.objects.bulk_create(party_rows)
        _keep_parties(case, party_rows)
        payload = {"channel": case.channel, "number": case.number}
        if case.external_reference:
            payload["external_reference"] = case.external_reference
        if case.is_group:
            payload.update(claimants=sum(p.role == Party.Role.APPLICANT for p in party_rows), risk=case.risk)
        _event(case, Move.REGISTER, "", actor, staff, "", payload)
    return case


def _keep_parties(case: Case, parties: list[Party]) -> None:
    """Keep the rows just written as ``case.parties.all()``, in the model's order, as ``prefetch_related`` would:
    the event handlers (the status line to the applicants, the notice served on the portal) and the API's answer
    then read them from memory instead of reading back what this registration has just written."""
    rows = case.parties.all()
    rows._result_cache = sorted(parties, key=lambda party: (party.role, party.pk))
    rows._prefetch_done = True
    case._prefetched_objects_cache = {"parties": rows}


def prefetched_parties(case: Case) -> list[Party] | None:
    """The case's parties when they are already in memory (prefetched, or kept by the registration that wrote
    them), else None: for callers that would otherwise run a query of their own."""
    rows = getattr(case, "_prefetched_objects_cache", {}).get("parties")
    return list(rows) if rows is not None else None


def _validate_registration(case: Case, parties: list[Party]) -> None:
    errors: dict[str, list] = {}
    try:
        case.full_clean(exclude=["number", "registered_by", "handling_org", "place"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if not case.place.code.startswith(case.handling_org.region.prefix):
        errors.setdefault("place", []).append(
            _("The place must lie within %(region)s, the area of the handling organisation.")
            % {"region": case.handling_org.region.name}
        )
    if case.amount is not None and case.amount < 0:
        errors.setdefault("amount", []).append(_("The amount cannot be negative."))
    roles = {party.role for party in parties}
    if Party.Role.APPLICANT not in roles:
        errors.setdefault("parties", []).append(_("Add at least one applicant."))
    if Party.Role.RESPONDENT not in roles:
        errors.setdefault("parties", []).append(_("Add at least one respondent."))
    for index, party in enumerate(parties):
        try:
            party.full_clean(exclude=["case"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(f"parties[{index}].{field}", []).extend(messages)
    _validate_claimants(case, parties, errors)
    if errors:
        raise ValidationError(errors)


def _validate_claimants(case: Case, parties: list[Party], errors: dict) -> None:
    """A group dispute's claimants and their representative; in any case, only claimants claim amounts."""
    for index, party in enumerate(parties):
        if party.claimed_amount is not None and party.claimed_amount < 0:
            errors.setdefault(f"parties[{index}].claimed_amount", []).append(_("The amount cannot be negative."))
        if party.is_representative and not (case.is_group and party.role == Party.Role.APPLICANT):
            errors.setdefault(f"parties[{index}].is_representative", []).append(
                _("Only a claimant of a group dispute can represent the others.")
            )
    if not case.is_group:
        return
    applicants = [party for party in parties if party.role == Party.Role.APPLICANT]
    if len(applicants) < 2:
        errors.setdefault("parties", []).append(_("A group dispute needs at least two claimants."))
    representatives = sum(party.is_representative for party in applicants)
    if representatives != 1:
        errors.setdefault("parties", []).append(
            _("Mark exactly one claimant as the representative (now %(count)d).") % {"count": representatives}
        )


def check_move(case: Case, move: str, actor) -> None:
    """Raise unless ``actor`` may make ``move`` on ``case`` now: IllegalMove (wrong state) or PermissionDenied."""
    staff = _require_staff(actor)
    if not case.handling_org.is_within(staff.organisation):
        raise Http404(_("No such case."))
    if (case.state, move) not in TRANSITIONS:
        raise IllegalMove(case, move)
    reason = why_not(case, move, actor, staff.post)
    if reason is not None:
        raise PermissionDenied(reason)


def transition(
    case: Case,
    move: str,
    *,
    actor,
    reason: str = "",
    changes: dict | None = None,
    payload: dict | None = None,
    after: Callable[[Case], None] | None = None,
) -> Case:
    """Make ``move`` on ``case``: check it, change the state and ``changes`` atomically, and log the event.

    The update is conditional on the version of the case the checks were made against, so two people acting on
    the same case at once cannot both succeed: the second gets CaseChanged (an IllegalMove) and looks again.
    ``after`` runs inside the same transaction, for rows that belong to the move (a session, an agreement).
    """
    check_move(case, move, actor)
    reason = reason.strip()
    if move in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": [_("Please give the reason for this move.")]})
    staff = staff_of(actor)
    changes = dict(changes or {})
    if not changes.keys() <= MOVABLE_FIELDS:
        raise ValueError(f"a move may not change {sorted(changes.keys() - MOVABLE_FIELDS)}")
    from_state = case.state
    target = TRANSITIONS[(from_state, move)].target
    with transaction.atomic():
        now = timezone.now()
        updated = Case.objects.filter(pk=case.pk, version=case.version).update(
            state=target, version=F("version") + 1, updated_at=now, **changes
        )
        if not updated:
            case.refresh_from_db()
            raise CaseChanged(case, move)
        for field, value in changes.items():
            setattr(case, field, value)
        case.state, case.updated_at, case.version = target, now, case.version + 1
        if after is not None:
            after(case)
        _event(case, move, from_state, actor, staff, reason, payload or {})
    return case


def deadline_for(case: Case, start: datetime.date) -> tuple[datetime.date | None, str]:
    """The handling deadline of the case's track, counted from ``start``, and its legal basis."""
    for rule in DeadlineRule.objects.all():
        if rule.matches(case):
            deadline = add_days(start, rule.days, working=rule.working_days)
            basis = rule.basis
            if not rule.working_days and (working := first_working_day_from(deadline)) != deadline:
                deadline, basis = working, f"{basis}{DAY_OFF_NOTE}"
            if rule.working_days and deadline.year > calendar_known_until():
                # Without the State Council's notice for that year only weekends can be skipped: say so.
                basis = f"{basis}{UNKNOWN_HOLIDAYS_NOTE.format(year=deadline.year)}"
            return deadline, basis
    return None, ""



def reveal_personal_data(actor, party_pk, *, channel: str, case: Case | None = None) -> Party:
    """A party with its full ID and phone numbers, for staff whose jurisdiction covers the case; every look is
    logged (who, for which organisation, when, through which screen) and shown to the party on the portal."""
    staff = _require_staff(actor)
    parties = Party.objects.visible_to(actor) if case is None else Party.objects.visible_to(actor).filter(case=case)
    try:
        party = parties.get(pk=party_pk)
    except (Party.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such party.")) from None
    PersonalDataView.objects.create(
        party=party, viewer=actor, viewer_name=actor.get_full_name() or actor.get_username(),
        viewer_organisation=staff.organisation.name, channel=channel,
    )
    return party
