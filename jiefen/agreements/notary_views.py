"""The notary office's screens: a request addressed to it (the agreement's exact text, the parties' names and their
confirmations, who handed it over), its PDF, and the office's step recorded from there or from the queue's panel.
A request addressed to another office, or a user of no notary office, gets a 404 (``notary.request_for``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiefen.agreements import notary, services
from jiefen.agreements.forms import NotaryResultForm
from jiefen.agreements.text import agreement_hash, canonical_text
from jiefen.cases.services import IllegalMove
from jiefen.core.forms import cleaned_or_raise
from jiefen.core.http import document_response
from jiefen.documents.court import agreement_pdf, agreement_pdf_filename
from jiefen.orgs.jurisdiction import staff_of
from jiefen.workbench.access import staff_required


def step_form(request_row, data=None) -> NotaryResultForm | None:
    """The office's next step, while the request is open; ids of its own, as the queue shows one form a request."""
    if not request_row.is_open:
        return None
    form = NotaryResultForm(data, initial={"on": timezone.localdate()}, auto_id=f"notarial-{request_row.pk}-%s")
    if request_row.status == request_row.Status.ACCEPTED:  # accepted once: the certificate or the refusal is next
        form.fields["status"].choices = [
            choice for choice in form.fields["status"].choices if choice[0] != request_row.Status.ACCEPTED
        ]
    return form


@require_GET
@staff_required
def request_page(request, pk):
    row = notary.request_for(request.user, pk)
    agreement = row.agreement
    requester = staff_of(row.requested_by)
    return render(request, "agreements/notary_request.html", {
        "row": row, "case": row.case, "text": canonical_text(agreement), "sha256": agreement_hash(agreement),
        "statuses": services.confirmation_status(agreement), "form": step_form(row),
        "requester": row.requested_by.get_full_name() or row.requested_by.get_username(),
        "requester_phone": (requester.phone or requester.organisation.phone) if requester else "",
    })


@require_GET
@staff_required
def agreement_pdf_view(request, pk):
    row = notary.request_for(request.user, pk)
    return document_response(agreement_pdf(row.case, row.agreement), agreement_pdf_filename(row.case), inline=True)


@require_POST
@staff_required
def step_view(request, pk):
    """The office's step, from the request's page or the queue's panel (``next``: back to the queue)."""
    row = notary.request_for(request.user, pk)
    back = reverse("workbench:queue") + "#notarial-requests" if request.POST.get("next") == "queue" else reverse(
        "agreements:notary_request", args=[row.pk]
    )
    form = step_form(row, request.POST)
    if form is None:
        messages.error(request, _("The notary office's answer is already recorded."))
        return redirect(back)
    try:
        data = cleaned_or_raise(form)
        notary.record_step(request.user, row.pk, data["status"], on=data["on"],
                           certificate_number=data["certificate_number"], note=data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except IllegalMove as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your step is recorded on the case's timeline."))
    return redirect(back)
