from django import template

from jiefen.triage.hooks import ALERTED_POSTS, alerts_for

register = template.Library()


@register.filter
def receives_alerts(staff) -> bool:
    return staff is not None and staff.post in ALERTED_POSTS


@register.simple_tag(takes_context=True)
def risk_alert_count(context) -> int:
    return alerts_for(context["request"].user).count()


@register.inclusion_tag("triage/partials/alerts.html", takes_context=True)
def risk_alerts(context, limit: int = 20):
    """The red alerts sent to the user on cases still open, newest first: a panel of the queue page."""
    return {"alerts": list(alerts_for(context["request"].user)[:limit])}
