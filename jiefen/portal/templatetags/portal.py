from django import template

from jiefen.portal.notifications import messages_of
from jiefen.portal.services import latest_method_response

register = template.Library()


@register.inclusion_tag("portal/partials/method_answer.html")
def method_answer(case):
    """The citizen's answer to the proposed method, for the workbench's case page. (Their uploads are among the
    case's materials, listed by ``jiefen.mediation``.)"""
    return {"answer": latest_method_response(case)}


@register.inclusion_tag("portal/partials/status_messages.html", takes_context=True)
def status_messages(context, case):
    """The text messages the parties were sent about the case, for its workbench page: which went out, which the
    gateway refused (with a button to send it again)."""
    return {"case": case, "messages": messages_of(case), "csrf_token": context.get("csrf_token")}
