from django import template

from jiefen.triage.hooks import ALERTED_POSTS, acknowledgements, alerts_for

register = template.Library()

ALERTS_SHOWN = 20


@register.filter
def receives_alerts(staff) -> bool:
    return staff is not None and staff.post in ALERTED_POSTS


@register.simple_tag(takes_context=True)
def risk_alert_count(context) -> int:
    return alerts_for(context["request"].user).count()


def alerts_panel(request) -> dict:
    """The red alerts the user has still to acknowledge on cases still open, newest first, each with its
    acknowledge button: a panel of the queue page, and the answer to an acknowledgement made there."""
    return {"alerts": list(alerts_for(request.user)[:ALERTS_SHOWN]), "request": request}


@register.inclusion_tag("triage/partials/alerts.html", takes_context=True)
def risk_alerts(context):
    return {**alerts_panel(context["request"]), "csrf_token": context.get("csrf_token")}


def acknowledgement_context(request, alert_id: int) -> dict:
    """Who of the alert's recipients has acknowledged it, when, and who has not yet; ``mine``: the user is one of
    those who have not, and may do so here."""
    done, pending = [], []
    for recipient in acknowledgements(alert_id):
        acknowledged = getattr(recipient, "acknowledgement", None)
        if acknowledged:
            done.append((recipient, acknowledged))
        else:
            pending.append(recipient)
    return {
        "alert_id": alert_id, "acknowledged": done, "pending": pending,
        "mine": any(recipient.user_id == request.user.pk for recipient in pending),
    }


@register.inclusion_tag("triage/partials/acknowledgements.html", takes_context=True)
def alert_acknowledgements(context, event):
    """On the timeline, under a red alert: who has acknowledged it and who has not yet."""
    alert_id = (event.payload or {}).get("alert")
    if not alert_id:
        return {}
    return {**acknowledgement_context(context["request"], alert_id), "csrf_token": context.get("csrf_token")}
