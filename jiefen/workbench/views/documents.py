from django.http import Http404
from django.utils.translation import gettext as _

from jiefen.cases.models import Agreement, FailureRecord
from jiefen.cases.services import access_case
from jiefen.core.http import document_response
from jiefen.documents.agreement import agreement_docx, agreement_filename
from jiefen.documents.undisputed import undisputed_docx, undisputed_filename
from jiefen.workbench.access import staff_required


@staff_required
def agreement_download(request, pk):
    """The case's mediation agreement as DOCX; 404 outside the user's jurisdiction or before an agreement."""
    case = access_case(request.user, pk)
    if not Agreement.objects.filter(case=case).exists():
        raise Http404(_("This case has no mediation agreement yet."))
    return document_response(agreement_docx(case), agreement_filename(case))


@staff_required
def undisputed_facts_download(request, pk):
    """The record of undisputed facts of a case whose mediation failed, as DOCX; 404 before such a record."""
    case = access_case(request.user, pk)
    if not FailureRecord.objects.filter(case=case).exists():
        raise Http404(_("This case has no record of failed mediation."))
    return document_response(undisputed_docx(case), undisputed_filename(case))
