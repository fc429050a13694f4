"""Everything that changes a work order or the roster. Views, commands and tests call these functions only.

Each function checks the actor (a post that takes calls, a work order inside their jurisdiction), changes the
row conditionally on the version it was read at, and writes an append-only ``WorkOrderEvent``, in one
transaction. ``convert_to_case`` registers the case through ``jiefen.cases.services.register_case`` inside that
same transaction: if registration fails, the work order stays as it was and no case exists.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import Case, Party
from jiefen.cases.services import register_case
from jiefen.core.numbering import next_in_sequence
from jiefen.core.taxonomy import Channel
from jiefen.hotline.models import Action, DutyShift, State, WorkOrder, WorkOrderEvent, takes_calls
from jiefen.orgs.jurisdiction import staff_of
from jiefen.orgs.models import Organisation, Post, Staff

# (state, action) → the state after it. Callbacks keep the state and may be made whatever it is.
TRANSITIONS = {
    (State.OPEN, Action.ANSWER): State.ANSWERED,
    (State.OPEN, Action.CONVERT): State.CONVERTED,
    (State.ANSWERED, Action.CONVERT): State.CONVERTED,
    (State.OPEN, Action.CLOSE): State.CLOSED,
    (State.ANSWERED, Action.CLOSE): State.CLOSED,
}
STATE_KEEPING = {Action.SCHEDULE_CALLBACK, Action.RECORD_CALLBACK, Action.SHOW_NUMBER}
# A callback time this far in the past is a typing mistake, not a plan.
CALLBACK_GRACE = datetime.timedelta(minutes=5)


class Conflict(Exception):
    """The action does not fit the row as it is now (the work order's state, a cancelled shift), or someone
    changed it meanwhile. Screens answer 409 and show the row again."""


def allowed(order: WorkOrder, action: str) -> bool:
    return action in STATE_KEEPING or (order.state, action) in TRANSITIONS


# ---- who may do what --------------------------------------------------------------------------------------------


def _call_taker(actor) -> Staff:
    staff = staff_of(actor)
    if staff is None:
        raise PermissionDenied(_("Only staff of the network may do this."))
    if not takes_calls(staff):
        raise PermissionDenied(_("Only the intake and coordination posts take hotline calls."))
    return staff


def access_work_order(user, pk) -> WorkOrder:
    """The work order with this id if the user's jurisdiction covers it; otherwise 404, as if it did not exist."""
    try:
        return WorkOrder.objects.visible_to(user).select_related("organisation", "taken_by", "case").get(pk=pk)
    except (WorkOrder.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such work order.")) from None


def _check(order: WorkOrder, action: str, actor) -> Staff:
    """The actor's post, once it is known they may take ``action`` on ``order`` now."""
    staff = staff_of(actor)
    if staff is None or not order.organisation.is_within(staff.organisation):
        raise Http404(_("No such work order."))
    staff = _call_taker(actor)
    if not allowed(order, action):
        raise Conflict(
            _("“%(action)s” is not possible while the work order is “%(state)s”.")
            % {"action": Action(action).label, "state": order.get_state_display()}
        )
    return staff


# ---- the one way a work order changes --------------------------------------------------------------------------


def _event(order: WorkOrder, action: str, from_state: str, actor, staff, note: str = "", payload=None):
    return WorkOrderEvent.objects.create(
        work_order=order,
        action=action,
        from_state=from_state,
        to_state=order.state,
        actor=actor,
        actor_name=actor.get_full_name() or actor.get_username(),
        actor_organisation=staff.organisation.name,
        note=note,
        payload=payload or {},
    )


def _change(order: WorkOrder, action: str, actor, staff, *, changes=None, note: str = "", payload=None) -> None:
    """Inside a transaction: apply ``changes`` (and the action's target state) if nobody changed the work order
    since it was read, and write the event."""
    from_state = order.state
    changes = dict(changes or {})
    changes["state"] = TRANSITIONS.get((from_state, action), from_state)
    now = timezone.now()
    updated = WorkOrder.objects.filter(pk=order.pk, version=order.version, state=from_state).update(
        version=F("version") + 1, updated_at=now, **changes
    )
    if not updated:
        raise Conflict(_("Someone else has just changed this work order; please look at it again."))
    for name, value in changes.items():
        setattr(order, name, value)
    order.version, order.updated_at = order.version + 1, now
    _event(order, action, from_state, actor, staff, note, payload)


def _required(text: str, field_name: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field_name: [_("This field is required.")]})
    return text


# ---- taking a call ---------------------------------------------------------------------------------------------


def take_call(*, actor, caller_name: str, callback_number: str, summary: str, urgency: str) -> WorkOrder:
    """Open a work order for the call the actor is taking now, numbered for their centre and the year."""
    staff = _call_taker(actor)
    organisation = staff.organisation
    order = WorkOrder(
        organisation=organisation,
        caller_name=(caller_name or "").strip(),
        callback_number=(callback_number or "").strip(),
        summary=(summary or "").strip(),
        urgency=urgency,
        taken_by=actor,
        received_at=timezone.now(),
        number="pending",
    )
    order.full_clean(exclude=["number"])
    with transaction.atomic():
        year = timezone.localdate().year
        serial = next_in_sequence(f"hotline:{organisation.code}", year)
        order.number = f"RX{organisation.code}-{year}-{serial:05d}"
        order.save()
        _event(order, Action.TAKE, "", actor, staff, payload={"number": order.number, "urgency": order.urgency})
    return order


def answer_as_consultation(order: WorkOrder, *, actor, answer: str) -> WorkOrder:
    """The caller only needed advice (法律咨询): record what they were told; no case is opened."""
    staff = _check(order, Action.ANSWER, actor)
    answer = _required(answer, "answer")
    with transaction.atomic():
        _change(order, Action.ANSWER, actor, staff, changes={"answer": answer}, note=answer)
    return order


def convert_to_case(
    order: WorkOrder,
    *,
    actor,
    handling_org: Organisation,
    place,
    summary: str,
    description: str,
    parties: list[dict],
    claims: str = "",
    amount: Decimal | None = None,
) -> Case:
    """Register the call as a case (channel 12348 hotline) and link it, both or neither.

    The registration is the one procedure every channel uses; its errors (``parties[0].id_number`` …) come back
    as they are, and then nothing is stored. The caller is the applicant: left blank, the applicant's phone is
    the callback number, so that the screen never needs to print it in full.
    """
    staff = _check(order, Action.CONVERT, actor)
    parties = [dict(party) for party in parties]
    caller = next((party for party in parties if party.get("role") == Party.Role.APPLICANT), None)
    if caller is not None and not (caller.get("phone") or "").strip():
        caller["phone"] = order.callback_number
    with transaction.atomic():
        case = register_case(
            actor=actor, handling_org=handling_org, place=place, summary=summary, description=description,
            parties=parties, claims=claims, amount=amount, channel=Channel.HOTLINE,
        )
        _change(order, Action.CONVERT, actor, staff, changes={"case": case}, payload={"case": case.number})
    return case


def close(order: WorkOrder, *, actor, reason: str) -> WorkOrder:
    """Close a work order that needs nothing more: a wrong number, a repeated call, a caller who hung up."""
    staff = _check(order, Action.CLOSE, actor)
    reason = _required(reason, "reason")
    with transaction.atomic():
        _change(order, Action.CLOSE, actor, staff, note=reason)
    return order


# ---- callbacks -------------------------------------------------------------------------------------------------


def schedule_callback(order: WorkOrder, *, actor, due_at: datetime.datetime, note: str = "") -> WorkOrder:
    """Promise the caller a call back by ``due_at``; a new promise replaces an earlier one that was kept."""
    staff = _check(order, Action.SCHEDULE_CALLBACK, actor)
    if due_at is None:
        raise ValidationError({"due_at": [_("This field is required.")]})
    if due_at < timezone.now() - CALLBACK_GRACE:
        raise ValidationError({"due_at": [_("The callback time cannot be in the past.")]})
    changes = {"callback_due_at": due_at, "callback_done_at": None, "callback_note": ""}
    with transaction.atomic():
        _change(
            order, Action.SCHEDULE_CALLBACK, actor, staff, changes=changes, note=(note or "").strip(),
            payload={"due_at": due_at.isoformat()},
        )
    return order


def record_callback(order: WorkOrder, *, actor, note: str) -> WorkOrder:
    """The caller was called back: when, and what they were told or said."""
    staff = _check(order, Action.RECORD_CALLBACK, actor)
    note = _required(note, "note")
    now = timezone.now()
    with transaction.atomic():
        _change(
            order, Action.RECORD_CALLBACK, actor, staff,
            changes={"callback_done_at": now, "callback_note": note}, note=note,
            payload={"due_at": order.callback_due_at.isoformat() if order.callback_due_at else ""},
        )
    return order


# ---- the callback number in full, and earlier contacts from it ------------------------------------------------


def reveal_callback_number(order: WorkOrder, *, actor) -> WorkOrder:
    """The work order with its callback number to be shown in full: for staff whose jurisdiction covers it, and
    each look is recorded in the work order's history (who, when), as a party's numbers are on a case."""
    staff = staff_of(actor)
    if staff is None or not order.organisation.is_within(staff.organisation):
        raise Http404(_("No such work order."))
    _event(order, Action.SHOW_NUMBER, order.state, actor, staff)  # a look changes nothing: no version bump
    return order


def earlier_contacts(user, order: WorkOrder):
    """Other work orders from the same callback number, and parties of cases who gave it as their phone, that the
    user may see: the caller may have called before, or already be in a case (found by digest, never decrypted)."""
    if not order.callback_digest:
        return WorkOrder.objects.none(), Party.objects.none()
    calls = (
        WorkOrder.objects.visible_to(user).filter(callback_digest=order.callback_digest).exclude(pk=order.pk)
        .select_related("case").order_by("-received_at")
    )
    parties = (
        Party.objects.visible_to(user).filter(phone_digest=order.callback_digest).select_related("case")
        .order_by("-case__registered_at")
    )
    return calls, parties


# ---- the duty roster -------------------------------------------------------------------------------------------


def _planner(actor, staff: Staff) -> None:
    """The coordination post plans the seat of its own centre and of those below it; so may an administrator."""
    if getattr(actor, "is_superuser", False):
        return
    planner = staff_of(actor)
    if planner is None or planner.post != Post.COORDINATION:
        raise PermissionDenied(_("Only the coordination post plans the duty roster."))
    if not staff.organisation.is_within(planner.organisation):
        raise PermissionDenied(_("You may only plan shifts for your own centre or those under it."))


def plan_shift(
    *, actor, staff: Staff, starts_at: datetime.datetime, ends_at: datetime.datetime, seat: str
) -> DutyShift:
    """Put ``staff`` on their centre's seat from ``starts_at`` to ``ends_at``."""
    _planner(actor, staff)
    shift = DutyShift(
        staff=staff, organisation=staff.organisation, seat=(seat or "").strip(), starts_at=starts_at,
        ends_at=ends_at, planned_by=actor,
    )
    shift.full_clean()
    shift.save()
    return shift


def cancel_shift(shift: DutyShift, *, actor) -> DutyShift:
    """Take a planned shift off the roster; it stays on record as cancelled, with who did it and when."""
    _planner(actor, shift.staff)
    now = timezone.now()
    if shift.ends_at <= now:
        raise Conflict(_("A shift that is over stays on the roster as it was."))
    updated = DutyShift.objects.filter(pk=shift.pk, cancelled=False).update(
        cancelled=True, cancelled_by=actor, cancelled_at=now
    )
    if not updated:
        raise Conflict(_("This shift was already cancelled."))
    shift.cancelled, shift.cancelled_by, shift.cancelled_at = True, actor, now
    return shift


def on_duty(at: datetime.datetime | None = None, *, organisation: Organisation | None = None):
    """The shifts under way at ``at`` (now by default), at one centre or at every one."""
    at = at or timezone.now()
    shifts = DutyShift.objects.planned().filter(starts_at__lte=at, ends_at__gt=at)
    if organisation is not None:
        shifts = shifts.filter(organisation=organisation)
    return shifts.select_related("staff__user", "organisation").order_by("seat", "starts_at")


def gaps(organisation: Organisation, start: datetime.datetime, end: datetime.datetime):
    """The stretches between ``start`` and ``end`` when nobody sits any seat of the centre."""
    shifts = DutyShift.objects.planned().filter(organisation=organisation).overlapping(start, end)
    found, covered_until = [], start
    for shift_start, shift_end in shifts.order_by("starts_at").values_list("starts_at", "ends_at"):
        if shift_start > covered_until:
            found.append((covered_until, shift_start))
        covered_until = max(covered_until, shift_end)
        if covered_until >= end:
            break
    if covered_until < end:
        found.append((covered_until, end))
    return found


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class RosterDay:
    day: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    shifts: list = field(default_factory=list)
    gaps: list = field(default_factory=list)


def roster(organisation: Organisation, monday: datetime.date) -> list[RosterDay]:
    """The week from ``monday``, day by day in local time: the shifts touching each day and its uncovered gaps."""
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
        days.append(RosterDay(day=day, start=start, end=end))
    week_from, week_to = days[0].start, days[-1].end
    shifts = list(
        DutyShift.objects.planned().filter(organisation=organisation).overlapping(week_from, week_to)
        .select_related("staff__user").order_by("starts_at", "seat")
    )
    week_gaps = gaps(organisation, week_from, week_to)
    for roster_day in days:
        roster_day.shifts = [s for s in shifts if s.starts_at < roster_day.end and s.ends_at > roster_day.start]
        roster_day.gaps = [
            (max(gap_start, roster_day.start), min(gap_end, roster_day.end))
            for gap_start, gap_end in week_gaps
            if gap_start < roster_day.end and gap_end > roster_day.start
        ]
    return days
