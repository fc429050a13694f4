"""The grid worker's mobile screens (/field/) and the station's leads (/leads/) in the workbench."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.core.forms import add_service_errors
from jiefen.core.http import private_file
from jiefen.orgs.models import Post
from jiefen.screening import services
from jiefen.screening.forms import CloseLeadForm, FieldReportForm, optional_parties
from jiefen.workbench.access import staff_required
from jiefen.workbench.forms import AssistedFilingForm, show_service_errors
from jiefen.workbench.views.common import paginate
from jiefen.workbench.views.register import CONSENT_FIELDS, registration_page


def _grid_worker(request):
    if request.staff.post != Post.GRID:
        raise PermissionDenied(_("Only grid workers and informants report from the field."))


def _lead_staff(request):
    if request.staff.post not in services.LEAD_POSTS:
        raise PermissionDenied(_("Your post does not deal with leads from the field."))


@staff_required
def my_reports_view(request):
    _grid_worker(request)
    return render(request, "screening/my_reports.html", {"page": paginate(request, services.my_reports(request.user))})


@staff_required
def new_report_view(request):
    """The report form: photos from the camera, the phone's location, and both sides if the reporter knows them."""
    _grid_worker(request)
    data = request.POST if request.method == "POST" else None
    form = FieldReportForm(data, staff=request.staff)
    parties = optional_parties(data)
    assisted = AssistedFilingForm(data, request.FILES if data is not None else None, prefix="assisted")
    photo_errors = []
    if data is not None:
        valid = [f.is_valid() for f in (form, *parties, assisted)]
        if all(valid):
            given = [party for party in parties if party.has_changed()]
            try:
                report = services.report_from_field(
                    reporter=request.user, photos=request.FILES.getlist("photos"),
                    parties=[party.as_party() for party in given], consent=assisted.consent(), **form.cleaned_data,
                )
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
                photo_errors = errors.pop("photos", [])
                for field in CONSENT_FIELDS:
                    for message in errors.pop(field, []):
                        assisted.add_error(field, message)
                show_service_errors(ValidationError(errors), form, given)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                if report.case_id:
                    text = _("Report %(number)s registered as case %(case)s at %(station)s.")
                else:
                    text = _("Report %(number)s sent to %(station)s as a lead.")
                messages.success(request, text % {
                    "number": report.number, "case": report.case.number if report.case_id else "",
                    "station": report.station.name,
                })
                return redirect("screening:mine")
    rejected = data is not None
    context = {
        "form": form, "parties": parties, "assisted": assisted, "photo_errors": photo_errors, "rejected": rejected,
    }
    return render(request, "screening/report_form.html", context, status=422 if rejected else 200)


@staff_required
def photo_view(request, token):
    photo = services.photo_for(request.user, token)
    return private_file(photo.file, photo.content_type)


@staff_required
def leads_view(request):
    _lead_staff(request)
    return render(request, "screening/leads.html", {"page": paginate(request, services.open_leads(request.user))})


def _lead_context(request, lead, close_form=None) -> dict:
    return {
        "lead": lead, "photos": list(lead.photos.all()), "events": list(lead.events.all()),
        "close_form": close_form or CloseLeadForm(), "can_act": request.staff.post in services.LEAD_POSTS,
    }


@staff_required
def lead_view(request, pk):
    lead = services.access_report(request.user, pk)
    return render(request, "screening/lead.html", _lead_context(request, lead))


@staff_required
def lead_register_view(request, pk):
    """The window's registration form, pre-filled from the lead; registering it settles the lead."""
    _lead_staff(request)
    lead = services.access_report(request.user, pk)
    if lead.status != lead.Status.OPEN:
        messages.info(request, _("This lead has already been dealt with."))
        return redirect("screening:lead", pk=lead.pk)

    def register(form, parties, consent):
        return services.turn_lead_into_case(
            lead, request.user, parties=parties, consent=consent, **form.cleaned_data
        )

    initial = {
        "summary": lead.summary, "description": lead.description, "place": lead.place_id,
        "handling_org": lead.station_id,
    }
    return registration_page(request, register, initial=initial, extra={"lead": lead})


@staff_required
@require_POST
def lead_close_view(request, pk):
    _lead_staff(request)
    lead = services.access_report(request.user, pk)
    form = CloseLeadForm(request.POST)
    if form.is_valid():
        try:
            services.close_lead(lead, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Lead %(number)s closed.") % {"number": lead.number})
            return redirect("screening:leads")
    return render(request, "screening/lead.html", _lead_context(request, lead, form), status=422)
