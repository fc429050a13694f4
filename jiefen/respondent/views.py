from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiefen.cases.services import access_case
from jiefen.core.forms import add_service_errors
from jiefen.core.http import document_response
from jiefen.orgs.models import Post
from jiefen.respondent import services
from jiefen.respondent.documents import written_notice_docx, written_notice_filename, written_notice_pdf
from jiefen.respondent.forms import ContactForm
from jiefen.workbench.access import staff_required


@staff_required
def contact_view(request, pk):
    """Record a contact with a respondent: from the case page, or the grid worker's home visit from /field/."""
    case = services.case_for_contact(request.user, pk)
    form = ContactForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_contact(request.user, case.pk, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contact recorded."))
            if request.staff.post == Post.GRID:
                return redirect("screening:mine")
            return redirect("workbench:case", case.pk)
    return render(request, "respondent/contact.html", {"case": case, "form": form})


@staff_required
def written_notice_view(request, pk):
    case = access_case(request.user, pk)
    return document_response(written_notice_docx(case), written_notice_filename(case, "docx"))


@staff_required
def written_notice_pdf_view(request, pk):
    case = access_case(request.user, pk)
    return document_response(written_notice_pdf(case), written_notice_filename(case, "pdf"), inline=True)
