"""The case page's panel “Agreement and enforceability” (an htmx fragment) and its actions, and the files.

Each action answers an htmx request with the panel again (the message inside it), and a plain form post with a
redirect to the case page. No rule lives here: ``services`` decides.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiefen.agreements import services
from jiefen.agreements.forms import ApplicationForm, CourtStepForm, NotarialForm, NotaryResultForm
from jiefen.agreements.models import CourtApplication
from jiefen.agreements.text import agreement_hash
from jiefen.cases.moves import AgreementForm
from jiefen.cases.services import IllegalMove, access_case
from jiefen.cases.workflow import Move
from jiefen.core.forms import cleaned_or_raise
from jiefen.core.http import document_response
from jiefen.core.validators import is_mobile
from jiefen.documents.court import (
    agreement_pdf,
    agreement_pdf_filename,
    application_docx,
    application_filename,
    application_pdf,
)
from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import serve_on_parties
from jiefen.workbench.access import staff_required
from jiefen.workbench.views.common import wants_fragment


def panel_context(request, case, *, errors=None, note=None) -> dict:
    agreement = case.current_agreement()
    context = {"case": case, "agreement": agreement, "errors": errors or {}, "note": note}
    if agreement is None:
        return context
    staff = request.staff
    acts = staff.post in services.ENFORCEMENT_POSTS
    application = services.live_application(agreement)
    notarisation = services.live_notarisation(agreement)
    default_court, default_basis = services.competent_court(case)
    confirmed = services.fully_confirmed(agreement)
    context.update(
        statuses=services.confirmation_status(agreement),
        sha256=agreement_hash(agreement),
        confirmed=confirmed,
        window_closes_on=services.window_closes_on(agreement),
        application=application,
        past_applications=list(agreement.court_applications.filter(status__in=CourtApplication.ENDED)),
        notarisation=notarisation,
        default_court=default_court,
        default_basis=default_basis,
        can_act=acts and case.state in services.AGREED_STATES,
        can_send=acts and any(is_mobile(s.party.phone) for s in services.confirmation_status(agreement)),
        can_revise=staff.post == "mediation" and case.state == "resolved" and application is None
        and notarisation is None,
        application_form=ApplicationForm(initial={"court": default_court}) if confirmed and application is None
        else None,
        step_form=CourtStepForm(initial={"on": timezone.localdate()}) if application else None,
        is_debt=services.is_debt_case(case),
        notarial_form=NotarialForm() if confirmed and notarisation is None and services.is_debt_case(case) else None,
        notary_on_platform=notarisation is not None and services.office_records_itself(notarisation),
        notary_form=NotaryResultForm(initial={"on": timezone.localdate()})
        if notarisation and notarisation.is_open and not services.office_records_itself(notarisation) else None,
        revise_form=AgreementForm(initial={
            "facts": agreement.facts, "terms": agreement.terms, "performance": agreement.performance,
            "signed_on": agreement.signed_on,
        }, case=case, actor=request.user, move=Move.AGREE, prefix="revise"),
    )
    return context


def _panel(request, case, *, status=200, **kwargs):
    return render(request, "agreements/partials/panel.html", panel_context(request, case, **kwargs), status=status)


@require_GET
@staff_required
def panel_view(request, pk):
    case = access_case(request.user, pk)
    return _panel(request, case)


def _act(request, pk, work, done: str):
    """Run ``work(case)``; answer htmx with the panel, a plain post with a redirect to the case page."""
    case = access_case(request.user, pk)
    try:
        work(case)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        if wants_fragment(request):
            return _panel(request, case, errors=errors, status=400)
        for text in [m for ms in errors.values() for m in ms]:
            messages.error(request, text)
    except (IllegalMove, PermissionDenied) as error:
        if wants_fragment(request):
            return _panel(request, case, errors={"__all__": [str(error)]}, status=409 if isinstance(
                error, IllegalMove) else 403)
        messages.error(request, str(error))
    else:
        if wants_fragment(request):
            return _panel(request, access_case(request.user, pk), note=done)
        messages.success(request, done)
    return redirect(reverse("workbench:case", args=[pk]) + "#enforceability")


@require_POST
@staff_required
def send_view(request, pk):
    """Serve the agreement online on every party with a mobile number: each gets the link by text message."""
    def work(case):
        parties = [p for p in case.parties.all() if is_mobile(p.phone)]
        serve_on_parties(case, ServiceRecord.Document.AGREEMENT, parties, ServiceRecord.Method.PORTAL, request.user)
    return _act(request, pk, work, _("The agreement was sent to the parties for confirmation."))


@require_POST
@staff_required
def revise_view(request, pk):
    def work(case):
        data = {key.removeprefix("revise-"): value for key, value in request.POST.items()}
        services.revise_agreement(case, request.user, data)
    return _act(request, pk, work, _("The agreement was revised; the parties must confirm the new text."))


@require_POST
@staff_required
def prepare_view(request, pk):
    def work(case):
        data = cleaned_or_raise(ApplicationForm(request.POST))
        services.prepare_application(case, request.user, court=data["court"], basis=data["basis"])
    return _act(request, pk, work, _("The application for judicial confirmation is ready to print and sign."))


@require_POST
@staff_required
def court_step_view(request, pk, application_pk):
    def work(case):
        application = services.court_application(request.user, case, application_pk)
        data = cleaned_or_raise(CourtStepForm(request.POST))
        services.record_court_step(
            application, request.user, data["status"], on=data["on"], court_case_number=data["court_case_number"],
            ruling_number=data["ruling_number"], ruling_text=data["ruling_text"], reason=data["reason"],
        )
    return _act(request, pk, work, _("The court's step is recorded."))


@require_POST
@staff_required
def notarial_view(request, pk):
    def work(case):
        data = cleaned_or_raise(NotarialForm(request.POST))
        services.request_notarisation(case, request.user, notary=data["notary"], undertaking=data["undertaking"])
    return _act(request, pk, work, _("The agreement was handed to the notary office."))


@require_POST
@staff_required
def notary_result_view(request, pk, request_pk):
    def work(case):
        notarial = services.notarial_request(request.user, case, request_pk)
        data = cleaned_or_raise(NotaryResultForm(request.POST))
        services.record_notary_result(notarial, request.user, data["status"], on=data["on"],
                                      certificate_number=data["certificate_number"], note=data["note"])
    return _act(request, pk, work, _("The notary office's answer is recorded."))


@require_GET
@staff_required
def agreement_pdf_view(request, pk):
    case = access_case(request.user, pk)
    if case.current_agreement() is None:
        return HttpResponse(status=404)
    return document_response(agreement_pdf(case), agreement_pdf_filename(case), inline=True)


@require_GET
@staff_required
def application_file_view(request, pk, application_pk, extension):
    if extension not in ("pdf", "docx"):
        return HttpResponse(status=404)
    case = access_case(request.user, pk)
    application = services.court_application(request.user, case, application_pk)
    if extension == "pdf":
        return document_response(application_pdf(application), application_filename(application, "pdf"),
                                 inline=True)
    return document_response(application_docx(application), application_filename(application, "docx"))
