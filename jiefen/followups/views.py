"""The case page's panel “Follow-up and performance”, its actions, the enforcement application file, and the
coordinators' figures. No rule lives here: ``services`` decides."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jiefen.cases.services import IllegalMove, access_case
from jiefen.core.forms import cleaned_or_raise
from jiefen.core.http import document_response
from jiefen.documents.enforcement import enforcement_docx, enforcement_filename, enforcement_pdf
from jiefen.followups import corrections, enforcement, services
from jiefen.followups.forms import (
    CorrectionForm,
    EnforcementStepForm,
    ItemForm,
    MarkForm,
    RecurrenceForm,
    VisitForm,
    WithdrawalForm,
)
from jiefen.followups.models import PerformanceItem, PerformanceMark, Visit
from jiefen.workbench.access import staff_required


def _back(pk):
    return redirect(reverse("workbench:case", args=[pk]) + "#followups")


def _act(request, pk, work, done: str):
    case = access_case(request.user, pk)
    try:
        work(case)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        for text in [m for ms in errors.values() for m in ms]:
            messages.error(request, text)
    except (IllegalMove, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return _back(pk)


@require_POST
@staff_required
def visit_view(request, pk, follow_up_pk):
    def work(case):
        follow_up = services.staff_follow_up(request.user, case, follow_up_pk)
        data = cleaned_or_raise(VisitForm(request.POST, case=case))
        services.record_visit(follow_up, request.user, method=data["method"], party=data["party"],
                              satisfaction=data["satisfaction"], keeping=data["keeping"],
                              renewed_dispute=data["renewed_dispute"], comment=data["comment"])
    return _act(request, pk, work, _("The follow-up visit is recorded."))


@require_POST
@staff_required
def decide_view(request, pk, visit_pk):
    def work(case):
        visit = Visit.objects.filter(case=case, pk=visit_pk).first()
        if visit is None:
            raise ValidationError({"visit": [_("No such visit.")]})
        data = cleaned_or_raise(RecurrenceForm(request.POST))
        services.decide_recurrence(visit, request.user, data["action"], reason=data["reason"])
    return _act(request, pk, work, _("Done: the recurrence is on the record."))


@require_POST
@staff_required
def add_item_view(request, pk):
    def work(case):
        data = cleaned_or_raise(ItemForm(request.POST, case=case, prefix="item"))
        services.add_item(case, request.user, **data)
    return _act(request, pk, work, _("The item is added to the schedule of performance."))


@require_POST
@staff_required
def mark_view(request, pk, item_pk):
    def work(case):
        item = _item(case, item_pk)
        data = cleaned_or_raise(MarkForm(request.POST))
        _mark, prefilled = services.mark_item(item, request.user, data["status"], performed_on=data["performed_on"],
                                              note=data["note"])
        if prefilled.explanation:
            messages.info(request, prefilled.explanation)
    return _act(request, pk, work, _("The item's performance is recorded."))


def _item(case, item_pk) -> PerformanceItem:
    item = PerformanceItem.objects.filter(case=case, pk=item_pk).first()
    if item is None:
        raise ValidationError({"item": [_("No such item.")]})
    return item


@require_POST
@staff_required
def correct_view(request, pk, item_pk):
    def work(case):
        item = _item(case, item_pk)
        data = cleaned_or_raise(CorrectionForm.of(item, request.POST))
        corrections.correct_item(item, request.user, what=data["what"], amount=data["amount"],
                                 due_on=data["due_on"], reason=data["reason"])
    return _act(request, pk, work, _("The item is corrected; its earlier terms are kept."))


@require_POST
@staff_required
def withdraw_mark_view(request, pk, item_pk, mark_pk):
    def work(case):
        mark = PerformanceMark.objects.filter(item=_item(case, item_pk), pk=mark_pk).first()
        if mark is None:
            raise ValidationError({"mark": [_("No such report.")]})
        data = cleaned_or_raise(WithdrawalForm(request.POST))
        corrections.withdraw_mark(mark, request.user, reason=data["reason"])
    return _act(request, pk, work, _("The report of non-performance is withdrawn."))


@require_POST
@staff_required
def enforcement_step_view(request, pk, application_pk):
    def work(case):
        application = enforcement.enforcement_application(request.user, case, application_pk)
        data = cleaned_or_raise(EnforcementStepForm(request.POST, prefix="enforcement"))
        enforcement.record_step(application, request.user, data["status"], on=data["on"],
                                court_case_number=data["court_case_number"], outcome=data["outcome"])
    return _act(request, pk, work, _("The court's step is recorded."))


@require_GET
@staff_required
def enforcement_file_view(request, pk, application_pk, extension):
    if extension not in ("pdf", "docx"):
        return HttpResponse(status=404)
    case = access_case(request.user, pk)
    application = enforcement.enforcement_application(request.user, case, application_pk)
    if extension == "pdf":
        return document_response(enforcement_pdf(application), enforcement_filename(application, "pdf"),
                                 inline=True)
    return document_response(enforcement_docx(application), enforcement_filename(application, "docx"))


@require_GET
@staff_required
def figures_view(request):
    """The performance and satisfaction rates of each organisation and mediator in the user's jurisdiction."""
    if not services.sees_figures(request.staff):
        return render(request, "workbench/no_post.html", status=403)
    return render(request, "followups/figures.html", {"figures": services.figures(request.user)})
