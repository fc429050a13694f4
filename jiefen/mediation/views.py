"""The workbench's mediation work on a case: candidates for assignment, sessions scheduled and called off,
evidence and materials. Every view reaches the case through ``access_case`` (404 outside the jurisdiction); the
rules are in ``sessions``, ``materials`` and ``fit``. htmx requests get the panel back as a fragment; plain
requests are redirected to the case page, so the workbench works without JavaScript too."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiefen.cases.services import access_case
from jiefen.core.forms import add_service_errors
from jiefen.core.http import private_file
from jiefen.mediation import materials, sessions
from jiefen.mediation.forms import CancelForm, ScheduleForm, StaffMaterialForm
from jiefen.mediation.templatetags.mediation import materials_context, sessions_context
from jiefen.workbench.access import staff_required
from jiefen.workbench.views.common import wants_fragment


def _back(request, case, anchor: str, context_builder, template: str, status: int = 200, **extra):
    if wants_fragment(request):
        context = context_builder(request, case)
        context.update(extra)
        return render(request, template, context, status=status)
    if status >= 400:
        for form in extra.values():
            for errors in getattr(form, "errors", {}).values():
                for error in errors:
                    messages.error(request, error)
    return redirect(reverse("workbench:case", args=[case.pk]) + anchor)


@require_POST
@staff_required
def schedule_view(request, pk):
    case = access_case(request.user, pk)
    form = ScheduleForm(request.POST, prefix="schedule")
    if form.is_valid():
        data = form.cleaned_data
        try:
            helpers = sessions.parse_helpers(data["helpers"])
            sessions.schedule_session(
                case, request.user, starts_at=data["starts_at"], mode=data["mode"], place=data["place"],
                participants=data["participants"], note=data["note"], helpers=helpers,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Session scheduled; the parties are told by text message."))
            return _back(request, case, "#sessions", sessions_context, "mediation/partials/sessions.html")
    return _back(request, case, "#sessions", sessions_context, "mediation/partials/sessions.html", status=422,
                 schedule_form=form)


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
            messages.success(request, _("The session is called off; the parties are told."))
            return _back(request, case, "#sessions", sessions_context, "mediation/partials/sessions.html")
    return _back(request, case, "#sessions", sessions_context, "mediation/partials/sessions.html", status=422,
                 cancel_form=form)


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
            messages.success(request, _("File added."))
            return _back(request, case, "#materials", materials_context, "mediation/partials/materials.html")
    return _back(request, case, "#materials", materials_context, "mediation/partials/materials.html", status=422,
                 material_form=form)


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
