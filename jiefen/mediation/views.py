"""The workbench's mediation work on a case: candidates for assignment, sessions scheduled, rescheduled and called off,
evidence and materials. Every view reaches the case through ``access_case`` (404 outside the jurisdiction); the
rules are in ``sessions``, ``materials`` and ``fit``. htmx requests get the panel back as a fragment; plain
requests are redirected to the case page, or shown it with the form as typed and its errors, so the workbench
works without JavaScript too."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiefen.cases.services import IllegalMove, access_case
from jiefen.core.forms import add_service_errors
from jiefen.core.http import private_file
from jiefen.mediation import materials, sessions, walk_in
from jiefen.mediation.fit import on_duty_today
from jiefen.mediation.forms import CancelForm, RescheduleForm, ScheduleForm, StaffMaterialForm, WalkInForm
from jiefen.mediation.models import SessionPlan
from jiefen.mediation.templatetags.mediation import materials_context, sessions_context
from jiefen.workbench.access import staff_required
from jiefen.workbench.views.cases import case_page_context
from jiefen.workbench.views.common import wants_fragment


def _back(request, case, anchor: str, context_builder, template: str, status: int = 200, *, done: str = "",
          **bound):
    """The panel again (htmx), saying what was ``done``; or the case page: redirected to after a change (``done`` a
    message on it), shown with the ``bound`` forms and what was typed in them after an error (the workbench works
    without JavaScript too)."""
    if wants_fragment(request):
        return render(request, template, {**context_builder(request, case, **bound), "done": done}, status=status)
    if done:
        messages.success(request, done)
    if status >= 400:
        context = {**case_page_context(request, case), **bound}
        return render(request, "workbench/case_detail.html", context, status=status)
    return redirect(reverse("workbench:case", args=[case.pk]) + anchor)


def _plan_values(data: dict) -> dict:
    values = {name: data[name] for name in ("starts_at", "mode", "place", "video_link", "participants", "note")}
    return {**values, "helpers": sessions.parse_helpers(data["helpers"])}


def _sessions_back(request, case, status: int = 200, *, done: str = "", **bound):
    return _back(request, case, "#sessions", sessions_context, "mediation/partials/sessions.html", status,
                 done=done, **bound)


@require_POST
@staff_required
def schedule_view(request, pk):
    case = access_case(request.user, pk)
    form = ScheduleForm(request.POST, prefix="schedule")
    if form.is_valid():
        try:
            sessions.schedule_session(case, request.user, **_plan_values(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return _sessions_back(request, case, done=_("Session scheduled; the parties are told by text message."))
    return _sessions_back(request, case, status=422, schedule_form=form)


@require_POST
@staff_required
def reschedule_view(request, pk, plan_pk):
    case = access_case(request.user, pk)
    plan = get_object_or_404(SessionPlan, case=case, pk=plan_pk)
    form = RescheduleForm.for_plan(plan, request.POST)
    if form.is_valid():
        try:
            sessions.reschedule_session(case, request.user, plan.pk, reason=form.cleaned_data["reason"],
                                        **_plan_values(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return _sessions_back(request, case, done=_("Session rescheduled; the parties are told what changed."))
    return _sessions_back(request, case, status=422, reschedule_form=form)


@require_POST
@staff_required
def cancel_view(request, pk, plan_pk):
    case = access_case(request.user, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            sessions.cancel_session(case, request.user, plan_pk, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return _sessions_back(request, case, done=_("The session is called off; the parties are told."))
    return _sessions_back(request, case, status=422, cancel_form=form)


@require_POST
@staff_required
def add_material_view(request, pk):
    case = access_case(request.user, pk)
    form = StaffMaterialForm(request.POST, request.FILES, prefix="material")
    if form.is_valid():
        data = form.cleaned_data
        try:
            materials.add_by_staff(
                case, request.user, data["file"], title=data["title"], kind=data["kind"],
                visibility=data["visibility"], material_pk=data["material"], note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return _back(request, case, "#materials", materials_context, "mediation/partials/materials.html",
                         done=_("File added."))
    return _back(request, case, "#materials", materials_context, "mediation/partials/materials.html", 422,
                 material_form=form)


@require_POST
@staff_required
def walk_in_view(request, pk):
    """Take a walk-in on the spot (``walk_in``); the case page, with the case now the duty mediator's."""
    case = access_case(request.user, pk)
    duty = on_duty_today(request.user)
    if duty is None:
        raise PermissionDenied(walk_in.why_not_take(case, request.user))
    form = WalkInForm(request.POST, case=case, actor=request.user, mediator=duty)
    if form.is_valid():
        try:
            walk_in.take_on_the_spot(case, request.user, request.POST.dict())
        except ValidationError as error:
            add_service_errors(form, error)
        except (PermissionDenied, IllegalMove) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The walk-in is yours: triaged, consented to and assigned to you."))
            return redirect(reverse("workbench:case", args=[case.pk]))
    context = {**case_page_context(request, case), "walk_in_form": form}
    return render(request, "workbench/case_detail.html", context, status=422)


@require_GET
@staff_required
def material_file_view(request, pk, token):
    version = materials.open_for_staff(request.user, pk, token)
    return private_file(version.file, version.content_type, filename=version.original_name)


@require_GET
@staff_required
def candidates_view(request, pk):
    case = access_case(request.user, pk)
    from jiefen.mediation.templatetags.mediation import candidates_context

    return render(request, "mediation/partials/candidates.html", candidates_context(request, case))
