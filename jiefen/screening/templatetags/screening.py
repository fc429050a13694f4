from django import template

from jiefen.screening.models import FieldReport
from jiefen.screening.services import LEAD_POSTS, open_leads

register = template.Library()


@register.inclusion_tag("screening/partials/case_field_report.html")
def field_report(case):
    """The field report a case came from, for the workbench's case page: place, reporter, photos."""
    report = FieldReport.objects.filter(case=case).select_related("place").first()
    return {"report": report, "photos": list(report.photos.all()) if report else []}


@register.filter
def checks_leads(staff) -> bool:
    return staff is not None and staff.post in LEAD_POSTS


@register.simple_tag(takes_context=True)
def open_lead_count(context) -> int:
    return open_leads(context["request"].user).count()
