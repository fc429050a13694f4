from dataclasses import dataclass

from django import template
from django.utils import timezone

from jiefen.followups import corrections, services
from jiefen.followups.forms import (
    CorrectionForm,
    EnforcementStepForm,
    ItemForm,
    MarkForm,
    RecurrenceForm,
    VisitForm,
    WithdrawalForm,
)
from jiefen.followups.models import EnforcementApplication, PerformanceItem, PerformanceMark

register = template.Library()


@dataclass(frozen=True)
class Row:
    """An item of the schedule as the panel shows it."""

    item: PerformanceItem
    mark: PerformanceMark | None  # the latest not withdrawn
    withdrawable: bool
    correction_form: CorrectionForm | None


def _row(item: PerformanceItem, acts: bool) -> Row:
    mark = services.latest_mark(item)
    return Row(item, mark, corrections.withdrawable(item, mark), CorrectionForm.of(item) if acts else None)


@register.filter
def sees_performance_figures(staff) -> bool:
    """Whether the navigation offers the performance figures to this post."""
    return services.sees_figures(staff)


@register.inclusion_tag("followups/partials/panel.html", takes_context=True)
def followups_panel(context, case):
    """The case page's “Follow-up and performance” panel: the performance rate, the schedule of performance with
    each item's latest mark and what it prepared, the follow-ups and their visits, and the decisions awaited."""
    staff = getattr(context.get("request"), "staff", None) or context.get("current_staff")
    acts = staff is not None and staff.post in services.STAFF_POSTS
    items = [_row(item, acts) for item in services.items_of(case)]
    follow_ups = services.follow_ups_of(case)
    marks = PerformanceMark.objects.filter(item__case=case, status=PerformanceMark.Status.NOT_PERFORMED,
                                           withdrawal__isnull=True).exclude(
        court_application=None, enforcement_application=None).select_related(
        "court_application", "enforcement_application", "item").order_by("-at", "-id")
    return {
        "case": case, "request": context.get("request"), "csrf_token": context.get("csrf_token"),
        "rate": services.performance_rate(case), "satisfaction": services.satisfaction_rate(case),
        "items": items, "follow_ups": follow_ups,
        "open_ids": {f.pk for f in follow_ups if services.is_open(f)},
        "awaiting": services.visits_awaiting_decision(case) if staff is not None else [],
        "prepared": list(marks),
        "enforcements": EnforcementApplication.objects.filter(case=case).select_related("item", "applicant",
                                                                                         "respondent"),
        "acts": acts, "has_agreement": case.current_agreement() is not None,
        "item_form": ItemForm(case=case, prefix="item"), "mark_form": MarkForm(), "withdrawal_form": WithdrawalForm(),
        "visit_form": VisitForm(case=case), "recurrence_form": RecurrenceForm(),
        "enforcement_form": EnforcementStepForm(prefix="enforcement", initial={"on": timezone.localdate()}),
    }
