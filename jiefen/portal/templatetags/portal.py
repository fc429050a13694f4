from django import template

from jiefen.portal.models import Evidence, MethodResponse

register = template.Library()


@register.inclusion_tag("portal/partials/staff_evidence.html")
def portal_evidence(case):
    """The evidence a citizen uploaded on the portal, for the workbench's case page (staff in jurisdiction)."""
    return {
        "evidence": list(Evidence.objects.filter(case=case)),
        "answer": MethodResponse.objects.filter(case=case).first(),
    }
