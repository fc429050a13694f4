"""The hotline screens: the desk, the list of work orders, one work order and its actions, the duty roster.

The views collect input and show results; every decision is in ``jiefen.hotline.services`` (and, for the case a
call becomes, in ``jiefen.cases.services.register_case``).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiefen.core.forms import add_service_errors
from jiefen.hotline import services
from jiefen.hotline.forms import (
    AnswerForm,
    CallForm,
    CloseForm,
    OrderFilterForm,
    RecordCallbackForm,
    ScheduleCallbackForm,
    conversion_forms,
    shift_form_for,
)
from jiefen.hotline.models import Action, DutyShift, State, WorkOrder, takes_calls
from jiefen.orgs.models import Organisation, Post
from jiefen.workbench.access import staff_required
from jiefen.workbench.forms import organisations_to_pick, show_service_errors
from jiefen.workbench.views.common import paginate, wants_fragment

# The actions a work order page offers, in the order it shows them, with their form and their service.
ACTION_FORMS = {
    Action.ANSWER: AnswerForm,
    Action.CLOSE: CloseForm,
    Action.SCHEDULE_CALLBACK: ScheduleCallbackForm,
    Action.RECORD_CALLBACK: RecordCallbackForm,
}
ACTION_SERVICES = {
    Action.ANSWER: services.answer_as_consultation,
    Action.CLOSE: services.close,
    Action.SCHEDULE_CALLBACK: services.schedule_callback,
    Action.RECORD_CALLBACK: services.record_callback,
}
DONE_MESSAGES = {
    Action.ANSWER: gettext_lazy("Answered as a consultation."),
    Action.CLOSE: gettext_lazy("Work order closed."),
    Action.SCHEDULE_CALLBACK: gettext_lazy("Callback scheduled."),
    Action.RECORD_CALLBACK: gettext_lazy("Callback recorded."),
}
# A callback due within this time is highlighted on the desk.
DUE_SOON = datetime.timedelta(minutes=30)


def _require_call_taker(request) -> None:
    if not takes_calls(request.staff):
        raise PermissionDenied(_("Only the intake and coordination posts take hotline calls."))


def _local_day_start(moment: datetime.datetime | None = None) -> datetime.datetime:
    day = timezone.localtime(moment).date()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# ---- the desk --------------------------------------------------------------------------------------------------


@staff_required
def desk(request):
    """The call-taker's screen: the call form on top (Enter saves), what is still on the desk below."""
    _require_call_taker(request)
    form = CallForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                order = services.take_call(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Work order %(number)s saved.") % {"number": order.number})
                return redirect("hotline:desk")
        status = 422
    organisation = request.staff.organisation
    mine = WorkOrder.objects.visible_to(request.user).filter(organisation=organisation)
    today = mine.filter(received_at__gte=_local_day_start())
    now = timezone.now()
    context = {
        "form": form,
        "rejected": status == 422,
        "page": paginate(request, mine.on_the_desk().urgent_first().select_related("case")),
        "now": now,
        "due_soon": now + DUE_SOON,
        "on_duty": list(services.on_duty(now, organisation=organisation)),
        "today": {
            "taken": today.count(),
            "answered": today.filter(state=State.ANSWERED).count(),
            "converted": today.filter(state=State.CONVERTED).count(),
            "callbacks_due": mine.callback_pending().count(),
        },
    }
    return render(request, "hotline/desk.html", context, status=status)


@staff_required
def work_orders(request):
    """Every work order in the user's jurisdiction, filtered and paged; callback numbers masked."""
    form = OrderFilterForm(request.GET or None)
    orders = form.filter(WorkOrder.objects.visible_to(request.user)).select_related("organisation", "case")
    return render(request, "hotline/work_orders.html", {"form": form, "page": paginate(request, orders)})


# ---- one work order --------------------------------------------------------------------------------------------


def order_context(
    request, order: WorkOrder, *, bound=None, conversion=None, open_action=None, refusal=None, revealed=False
):
    """Everything the work order page shows; ``bound`` or ``conversion`` replace a blank form to show errors."""
    actions = {}
    if takes_calls(request.staff):
        for action, form_class in ACTION_FORMS.items():
            if services.allowed(order, action):
                actions[action] = form_class(prefix=action)
        if services.allowed(order, Action.CONVERT):
            actions[Action.CONVERT] = conversion or conversion_forms(request.staff, order)
    if bound is not None:
        action, form = bound
        actions[action] = form
        open_action = action
    if conversion is not None:
        open_action = Action.CONVERT
    earlier_calls, earlier_parties = services.earlier_contacts(request.user, order)
    return {
        "order": order,
        "revealed": revealed,
        "earlier_calls": list(earlier_calls[:10]),
        "earlier_parties": list(earlier_parties[:10]),
        "events": list(order.events.all()),
        "actions": actions,
        "open_action": open_action,
        "refusal": refusal,
        "Action": Action,
    }


@staff_required
def work_order(request, pk):
    order = services.access_work_order(request.user, pk)
    return render(request, "hotline/work_order.html", order_context(request, order))


@staff_required
@require_POST
def reveal_number(request, pk):
    """The callback number in full, on request; the service records the look in the work order's history."""
    order = services.access_work_order(request.user, pk)
    services.reveal_callback_number(order, actor=request.user)
    if wants_fragment(request):
        return render(request, "hotline/partials/callback_number.html", {"order": order, "revealed": True})
    return render(request, "hotline/work_order.html", order_context(request, order, revealed=True))


def _refused(request, order, message: str, status: int):
    return render(request, "hotline/work_order.html", order_context(request, order, refusal=message), status=status)


@staff_required
@require_POST
def act(request, pk, action):
    """One action on one work order; success goes back to the work order (or on to the new case)."""
    order = services.access_work_order(request.user, pk)
    if action != Action.CONVERT and action not in ACTION_FORMS:
        raise Http404(_("No such action."))
    if not takes_calls(request.staff):
        return _refused(request, order, _("Only the intake and coordination posts take hotline calls."), 403)
    if action == Action.CONVERT:
        return _convert(request, order)
    form = ACTION_FORMS[action](request.POST, prefix=action)
    if form.is_valid():
        try:
            ACTION_SERVICES[action](order, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except services.Conflict as error:
            return _refused(request, order, str(error), 409)
        else:
            messages.success(request, DONE_MESSAGES[action])
            return redirect("hotline:work_order", pk=order.pk)
    return render(
        request, "hotline/work_order.html", order_context(request, order, bound=(action, form)), status=422
    )


def _convert(request, order: WorkOrder):
    form, parties = conversion_forms(request.staff, order, request.POST)
    valid = [f.is_valid() for f in (form, *parties)]  # every form, so that every error shows at once
    if all(valid):
        try:
            case = services.convert_to_case(
                order, actor=request.user, parties=[party.as_party() for party in parties], **form.cleaned_data
            )
        except ValidationError as error:
            show_service_errors(error, form, parties)
        except PermissionDenied as error:
            form.add_error("handling_org", str(error))
        except services.Conflict as error:
            return _refused(request, order, str(error), 409)
        else:
            messages.success(
                request,
                _("Work order %(order)s is now case %(case)s.") % {"order": order.number, "case": case.number},
            )
            return redirect("workbench:case", pk=case.pk)
    context = order_context(request, order, conversion=(form, parties))
    return render(request, "hotline/work_order.html", context, status=422)


# ---- the duty roster -------------------------------------------------------------------------------------------


def _centres(staff) -> list[Organisation]:
    """The centres whose roster the user may read: their own and the centres and sub-centres under it."""
    centres = organisations_to_pick(staff, kinds=[Organisation.Kind.CENTRE, Organisation.Kind.SUB_CENTRE])
    if staff.organisation not in centres:
        centres.insert(0, staff.organisation)
    return centres


def _percent(delta: datetime.timedelta) -> float:
    return round(delta.total_seconds() / 86400 * 100, 3)


def _clock(moment: datetime.datetime, day_end: datetime.datetime) -> str:
    return "24:00" if moment >= day_end else timezone.localtime(moment).strftime("%H:%M")


def _bars(day: services.RosterDay) -> list[dict]:
    """The day's shifts and gaps as pieces of a 24-hour bar, with their times as the day sees them."""
    pieces = []
    for shift in day.shifts:
        start, end = max(shift.starts_at, day.start), min(shift.ends_at, day.end)
        pieces.append({
            "kind": "shift", "shift": shift, "start": start,
            "left": _percent(start - day.start), "width": _percent(end - start),
            "times": f"{_clock(start, day.end)}–{_clock(end, day.end)}",
        })
    for start, end in day.gaps:
        pieces.append({
            "kind": "gap", "start": start, "hours": round((end - start).total_seconds() / 3600, 1),
            "left": _percent(start - day.start), "width": _percent(end - start),
            "times": f"{_clock(start, day.end)}–{_clock(end, day.end)}",
        })
    return sorted(pieces, key=lambda piece: (piece["start"], piece["kind"] == "shift"))


def _may_plan(staff, organisation) -> bool:
    return staff.post == Post.COORDINATION and organisation.is_within(staff.organisation)


def roster_context(request, organisation, monday, *, shift_form=None) -> dict:
    days = services.roster(organisation, monday)
    week_gaps = [gap for day in days for gap in day.gaps]
    today = timezone.localdate()
    may_plan = _may_plan(request.staff, organisation)
    return {
        "organisation": organisation,
        "centres": _centres(request.staff),
        "monday": monday,
        "previous_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "this_week": services.week_start(today),
        "days": [{"day": day, "pieces": _bars(day), "is_today": day.day == today} for day in days],
        "gap_count": len(services.gaps(organisation, days[0].start, days[-1].end)),
        "gap_hours": round(sum((end - start).total_seconds() for start, end in week_gaps) / 3600, 1),
        "on_duty": list(services.on_duty(organisation=organisation)),
        "may_plan": may_plan,
        "now": timezone.now(),
        "shift_form": shift_form or (shift_form_for(organisation) if may_plan else None),
        "hours": [0, 6, 12, 18, 24],
    }


def _roster_choice(request, source) -> tuple[Organisation, datetime.date]:
    centres = {str(org.pk): org for org in _centres(request.staff)}
    organisation = centres.get(source.get("org", ""), request.staff.organisation)
    day = parse_date(source.get("week", "") or "") if source.get("week") else None
    return organisation, services.week_start(day or timezone.localdate())


@staff_required
def roster_view(request):
    """Who is on the seat now, and the week around the clock with its gaps."""
    try:
        organisation, monday = _roster_choice(request, request.GET)
    except ValueError:
        organisation, monday = request.staff.organisation, services.week_start(timezone.localdate())
    return render(request, "hotline/roster.html", roster_context(request, organisation, monday))


def _roster_url(organisation, monday) -> str:
    return f"{reverse('hotline:roster')}?org={organisation.pk}&week={monday.isoformat()}"


@staff_required
@require_POST
def plan_shift_view(request):
    organisation, _monday = _roster_choice(request, request.POST)
    if not _may_plan(request.staff, organisation):
        raise PermissionDenied(_("Only the coordination post plans the duty roster."))
    form = shift_form_for(organisation, request.POST)
    if form.is_valid():
        try:
            shift = services.plan_shift(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Shift added: %(shift)s.") % {"shift": shift})
            return redirect(_roster_url(organisation, services.week_start(timezone.localdate(shift.starts_at))))
    starts = form.cleaned_data.get("starts_at") if hasattr(form, "cleaned_data") else None
    monday = services.week_start(timezone.localdate(starts) if starts else timezone.localdate())
    context = roster_context(request, organisation, monday, shift_form=form)
    return render(request, "hotline/roster.html", context, status=422)


@staff_required
@require_POST
def cancel_shift_view(request, pk):
    shift = get_object_or_404(DutyShift.objects.visible_to(request.user).select_related("staff"), pk=pk)
    monday = services.week_start(timezone.localdate(shift.starts_at))
    try:
        services.cancel_shift(shift, actor=request.user)
    except services.Conflict as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Shift cancelled: %(shift)s.") % {"shift": shift})
    return redirect(_roster_url(shift.organisation, monday))
