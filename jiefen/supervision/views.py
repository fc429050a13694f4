"""The supervision screens of the workbench: the supervision list, urges and answers on the case page, the agency's
answer from its queue, the parties' signed consent to an extension, the assessor's cases awaiting a grade and the
grade, and the guidance on the legal paths left (PDF, DOCX, served on the parties)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiefen.cases.models import State
from jiefen.cases.services import IllegalMove, access_case
from jiefen.core.http import document_response, private_file
from jiefen.documents.guidance import guidance_docx, guidance_filename, guidance_pdf, respondent_absent
from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import serve_document
from jiefen.supervision import enforceability, extensions, matters, messaging, services
from jiefen.supervision.forms import AgencyAnswerForm, AnswerForm, GradeForm, SupervisionFilterForm, urge_form
from jiefen.workbench.access import staff_required
from jiefen.workbench.views.common import PAGE_SIZE, paginate, wants_fragment

GUIDANCE_STATES = (State.TERMINATION_REVIEW, State.TERMINATED)


@require_GET
@staff_required
def supervision_list(request):
    """Every case of the user's jurisdiction transferred to an agency, with its deadline, urges and answers; then
    the agreements waiting for a notary office or a court, each with how long it has waited and its urges."""
    if not services.may_supervise(request.staff):
        raise PermissionDenied(_("Only coordinators and leaders see the supervision list."))
    form = SupervisionFilterForm(request.GET or None, agencies=services.agencies_of(request.user))
    filters = form.filters()
    cases = services.supervised_cases(request.user, **filters)
    waiting = enforceability.supervised_agreements(request.user, **filters)
    context = {
        "form": form, "page": paginate(request, cases),
        "agreements": Paginator(waiting, PAGE_SIZE).get_page(request.GET.get(AGREEMENTS_PAGE)),
    }
    template = "supervision/partials/results.html" if wants_fragment(request) else "supervision/list.html"
    return render(request, template, context)


# The agreements' half of the list pages on its own.
AGREEMENTS_PAGE = "agreements_page"


def _back(case, anchor="supervision"):
    return redirect(reverse("workbench:case", args=[case.pk]) + f"#{anchor}")


def _act(request, case, work, done: str, anchor: str):
    """Run ``work``; a refusal or invalid input comes back as a message on the case page."""
    try:
        work()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(case, anchor)
    except IllegalMove as error:
        messages.error(request, str(error))
        return _back(case, anchor)
    messages.success(request, done)
    return _back(case, anchor)


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _matter_or_404(case, key: str):
    """The open matter the form names; 404 when the case waits for nothing of the kind (a case never transferred
    and without an agreement with a notary or court)."""
    matter = matters.chosen(case, key)
    if matter is None and not matters.open_matters(case) and case.transferred_to_id is None:
        raise Http404(_("This case waits for no agency."))
    return matter


def _anchor(matter) -> str:
    return "supervision" if matter is None or matter.kind == matters.TRANSFER else "agreement-supervision"


@require_POST
@staff_required
def urge_view(request, pk):
    case = access_case(request.user, pk)
    matter = _matter_or_404(case, request.POST.get("matter", ""))
    anchor = _anchor(matter)
    if matter is None:  # its result came back meanwhile
        messages.error(request, _("This no longer waits for the agency's result."))
        return _back(case, anchor)
    form = urge_form(case, request.POST, matter=None if matter.kind == matters.TRANSFER else matter)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(case, anchor)
    data = form.cleaned_data

    def work():
        row = services.urge(case, request.user, **data)
        failed = row.messages.filter(sent_at__isnull=True).first()
        if failed is not None:
            messages.warning(request, _("The text message did not go out (%(error)s): send it again from the record.")
                             % {"error": failed.error})

    return _act(request, case, work, _("Urge recorded."), anchor)


@require_POST
@staff_required
def resend_urge_view(request, pk, urge_pk):
    case = access_case(request.user, pk)
    return _act(request, case, lambda: messaging.resend_urge(request.user, case, urge_pk),
                _("Text message sent again."), "supervision")


@require_POST
@staff_required
def agency_answer_view(request, urge_pk):
    """An agency's staff answer an urge addressed to it, from their queue."""
    form = AgencyAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect(reverse("workbench:queue") + "#agency-urges")
    try:
        services.answer_urge(urge_pk, request.user, **form.cleaned_data)
    except (ValidationError, IllegalMove) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("Your answer has been sent to the coordinator."))
    return redirect(reverse("workbench:queue") + "#agency-urges")


@require_GET
@staff_required
def grading_list(request):
    """The assessor's cases awaiting a grade: ended after handling, not graded since, the longest waiting first."""
    if not services.may_grade(request.staff):
        raise PermissionDenied(_("Only assessors grade the handling of cases."))
    cases = services.awaiting_grade(request.user)
    return render(request, "supervision/grading.html", {"page": paginate(request, cases)})


@require_GET
@staff_required
def extension_consent_view(request, token):
    """The parties' signed consent to an extension, for staff whose jurisdiction covers the case (404 otherwise)."""
    consent = extensions.consent_for(request.user, token)
    return private_file(consent.file, consent.content_type)


@require_POST
@staff_required
def answer_view(request, pk):
    case = access_case(request.user, pk)
    anchor = _anchor(matters.chosen(case, request.POST.get("matter", "")))
    form = AnswerForm(request.POST, urges=case.urges.all())
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(case, anchor)
    data = dict(form.cleaned_data)
    data["urge_id"] = data.pop("urge")
    return _act(request, case, lambda: services.record_answer(case, request.user, **data),
                _("The agency's answer is recorded."), anchor)


@require_POST
@staff_required
def grade_view(request, pk):
    case = access_case(request.user, pk)
    form = GradeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(case, "grades")
    return _act(request, case, lambda: services.grade_case(case, request.user, **form.cleaned_data),
                _("Grade recorded."), "grades")


def _guidance_case(request, pk):
    case = access_case(request.user, pk)
    if case.state not in GUIDANCE_STATES and not respondent_absent(case):
        raise Http404(_("The guidance is written at the termination review."))
    return case


@require_GET
@staff_required
def guidance_pdf_view(request, pk):
    case = _guidance_case(request, pk)
    return document_response(guidance_pdf(case), guidance_filename(case, "pdf"), inline=True)


@require_GET
@staff_required
def guidance_docx_view(request, pk):
    case = _guidance_case(request, pk)
    return document_response(guidance_docx(case), guidance_filename(case, "docx"))


@require_POST
@staff_required
def serve_guidance_view(request, pk):
    """Serve the guidance on a party: on the portal (a text message brings the link) or handed over."""
    case = _guidance_case(request, pk)
    chosen = request.POST.get("party", "")
    party = case.parties.filter(pk=chosen).first() if chosen.isdigit() else None
    if party is None:
        return HttpResponseBadRequest(_("Choose a party of this case."))
    method = request.POST.get("method", ServiceRecord.Method.PORTAL)
    return _act(
        request, case, lambda: serve_document(case, ServiceRecord.Document.GUIDANCE, party, method, request.user),
        _("Guidance served on %(name)s.") % {"name": party.name}, "termination",
    )
