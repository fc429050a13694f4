from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiefen.cases.duplicates import link_cases, mark_distinct
from jiefen.cases.models import CaseLink
from jiefen.cases.services import access_case
from jiefen.workbench.access import staff_required

ANSWERS = {
    CaseLink.Kind.RELATED: (link_cases, gettext_lazy("Linked to %(number)s.")),
    CaseLink.Kind.DISTINCT: (mark_distinct, gettext_lazy("Marked as not a duplicate of %(number)s.")),
}


@staff_required
@require_POST
def link_view(request, pk):
    """Answer a likely-duplicate suggestion on the case page: related (关联) or not a duplicate (非重复)."""
    case = access_case(request.user, pk)
    other = access_case(request.user, request.POST.get("other"))
    if request.POST.get("kind") not in ANSWERS:
        messages.error(request, _("Choose related or not a duplicate."))
        return redirect("workbench:case", pk=case.pk)
    answer, done = ANSWERS[request.POST["kind"]]
    try:
        answer(case, other, actor=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"number": other.number})
    return redirect("workbench:case", pk=case.pk)
