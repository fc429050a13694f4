"""A group dispute's claimants on the workbench: their outcomes, and the one-time notice for each of them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from jiefen.cases.groups import claimant_parties, claimants, record_outcome, record_outcomes_in_bulk
from jiefen.cases.services import access_case
from jiefen.core.forms import add_service_errors
from jiefen.core.http import document_response
from jiefen.documents.models import ServiceRecord
from jiefen.documents.notice import NOTICE_BATCH, group_notices_pdf, notice_filename
from jiefen.documents.services import serve_on_parties
from jiefen.workbench.access import staff_required
from jiefen.workbench.forms import OutcomeForm
from jiefen.workbench.views.cases import case_page_context


def _group_case(request, pk):
    case = access_case(request.user, pk)
    if not case.is_group:
        raise Http404(_("This case is not a group dispute."))
    return case


@require_POST
@staff_required
def record_outcomes_view(request, pk):
    """The outcome for the ticked claimants: one of them, or the same for all ticked."""
    case = _group_case(request, pk)
    form = OutcomeForm(request.POST, claimants=claimants(case))
    if form.is_valid():
        chosen, data = form.chosen(), form.cleaned_data
        try:
            if len(chosen) == 1:
                record_outcome(case, chosen[0], data["outcome"], data["amount"], data["note"], request.user)
            else:
                record_outcomes_in_bulk(case, chosen, data["outcome"], data["amount"], data["note"], request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, ngettext(
                "Outcome recorded for %(count)d claimant.", "Outcome recorded for %(count)d claimants.", len(chosen)
            ) % {"count": len(chosen)})
            return redirect(reverse("workbench:case", args=[case.pk]) + "#claimants")
    context = case_page_context(request, case, outcome_form=form)
    return render(request, "workbench/case_detail.html", context, status=422)


@require_GET
@staff_required
def group_notices_view(request, pk):
    """One PDF with the one-time notice addressed to each claimant in turn (of batch ``?batch=n`` for a large
    group), to print at the window."""
    case = _group_case(request, pk)
    parties = list(claimant_parties(case))
    batch = request.GET.get("batch", "1")
    batch = int(batch) if batch.isdigit() else 0
    chosen = parties[(batch - 1) * NOTICE_BATCH:batch * NOTICE_BATCH] if batch > 0 else []
    if not chosen:
        raise Http404(_("No such batch of claimants."))
    return document_response(
        group_notices_pdf(case, chosen), notice_filename(case, "pdf", all_claimants=True), inline=True
    )


@require_POST
@staff_required
def serve_group_notices_view(request, pk):
    """“全部送达”: the printed notices were handed to every claimant at the window (or to their representative)."""
    case = _group_case(request, pk)
    parties = list(claimant_parties(case))
    serve_on_parties(case, ServiceRecord.Document.NOTICE, parties, ServiceRecord.Method.WINDOW, request.user)
    messages.success(request, ngettext(
        "Recorded: the one-time notice was handed to %(count)d claimant.",
        "Recorded: the one-time notice was handed to %(count)d claimants.", len(parties),
    ) % {"count": len(parties)})
    return redirect(reverse("workbench:case", args=[case.pk]) + "#notice")
