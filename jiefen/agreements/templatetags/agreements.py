from django import template

from jiefen.agreements import notary
from jiefen.agreements.notary_views import step_form
from jiefen.agreements.waiting import answer_due
from jiefen.core.calendar import WorkingDays

register = template.Library()


@register.inclusion_tag("agreements/partials/panel_loader.html")
def enforceability_panel(case):
    """The case page's “Agreement and enforceability” panel, loaded as an htmx fragment once a case has an
    agreement (the fragment is also a page of its own without JavaScript)."""
    return {"case": case}


NOTARY_DESK_SHOWN = 20


@register.inclusion_tag("agreements/partials/notary_desk.html", takes_context=True)
def notary_desk(context):
    """The queue's panel of a notary office's staff: the open requests addressed to their office, the longest
    waiting first, each with its links and its step form. Nothing for anyone else."""
    request = context["request"]
    office = notary.office_of(request.user)
    data = {"request": request, "csrf_token": context.get("csrf_token"), "office": office}
    if office is None:
        return data
    rows = notary.requests_to(request.user)
    shown = list(rows[: NOTARY_DESK_SHOWN + 1])
    count = rows.count() if len(shown) > NOTARY_DESK_SHOWN else len(shown)
    shown = shown[:NOTARY_DESK_SHOWN]
    calendar = WorkingDays()
    for row in shown:
        row.step_form = step_form(row)
        row.due = answer_due(row, calendar)
    data.update(notarial_requests=shown, notarial_count=count, shown=NOTARY_DESK_SHOWN)
    return data
