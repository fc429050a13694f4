"""The one-time notice of a case (PDF to print at the window, DOCX to edit) and its service records.

Every view reaches the case through ``access_case``: 404 outside the user's jurisdiction.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiefen.cases.services import access_case
from jiefen.core.http import document_response
from jiefen.documents.models import ServiceRecord
from jiefen.documents.notice import notice_docx, notice_filename, notice_pdf
from jiefen.documents.services import serve_document, service_records
from jiefen.workbench.access import staff_required
from jiefen.workbench.views.common import wants_fragment


@require_GET
@staff_required
def notice_pdf_view(request, pk):
    """Opened in the browser, ready to print at the window."""
    case = access_case(request.user, pk)
    return document_response(notice_pdf(case), notice_filename(case, "pdf"), inline=True)


@require_GET
@staff_required
def notice_docx_view(request, pk):
    case = access_case(request.user, pk)
    return document_response(notice_docx(case), notice_filename(case, "docx"))


@require_POST
@staff_required
def serve_notice_view(request, pk):
    """“记录已送达”: the notice was handed to this party at the window."""
    case = access_case(request.user, pk)
    chosen = request.POST.get("party", "")
    party = case.parties.filter(pk=chosen).first() if chosen.isdigit() else None
    if party is None:
        return HttpResponseBadRequest(_("Choose a party of this case."))
    serve_document(case, ServiceRecord.Document.NOTICE, party, ServiceRecord.Method.WINDOW, request.user)
    messages.success(request, _("Recorded: the one-time notice was handed to %(name)s.") % {"name": party.name})
    return redirect(reverse("workbench:case", args=[case.pk]) + "#notice")


@require_POST
@staff_required
def serve_online_view(request, pk):
    """“电子送达”: the document is served on the party on the portal; a text message brings them the link."""
    case = access_case(request.user, pk)
    chosen = request.POST.get("party", "")
    party = case.parties.filter(pk=chosen).first() if chosen.isdigit() else None
    if party is None:
        return HttpResponseBadRequest(_("Choose a party of this case."))
    document = request.POST.get("document", ServiceRecord.Document.NOTICE)
    try:
        record = serve_document(case, document, party, ServiceRecord.Method.PORTAL, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(document)s served online on %(name)s; a text message brings the link.")
                         % {"name": party.name, "document": record.get_document_display()})
    return redirect(reverse("workbench:case", args=[case.pk]) + "#notice")


@require_GET
@staff_required
def service_records_view(request, pk):
    """The case's service records: a fragment for the case page, a page of its own without JavaScript."""
    case = access_case(request.user, pk)
    fragment = wants_fragment(request)
    template = f"workbench/{'partials/' if fragment else ''}service_records.html"
    return render(request, template, {"case": case, "records": service_records(case)})
