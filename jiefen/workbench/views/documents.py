from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from jiefen.cases.models import Agreement, FailureRecord
from jiefen.cases.services import access_case
from jiefen.documents.agreement import agreement_docx, agreement_filename
from jiefen.documents.undisputed import undisputed_docx, undisputed_filename
from jiefen.workbench.access import staff_required

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@staff_required
def agreement_download(request, pk):
    """The case's mediation agreement as DOCX; 404 outside the user's jurisdiction or before an agreement."""
    case = access_case(request.user, pk)
    if not Agreement.objects.filter(case=case).exists():
        raise Http404(_("This case has no mediation agreement yet."))
    response = HttpResponse(agreement_docx(case), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, agreement_filename(case))
    return response


@staff_required
def undisputed_facts_download(request, pk):
    """The record of undisputed facts of a case whose mediation failed, as DOCX; 404 before such a record."""
    case = access_case(request.user, pk)
    if not FailureRecord.objects.filter(case=case).exists():
        raise Http404(_("This case has no record of failed mediation."))
    response = HttpResponse(undisputed_docx(case), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, undisputed_filename(case))
    return response
