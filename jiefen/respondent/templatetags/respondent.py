from django import template

from jiefen.respondent import services
from jiefen.respondent.forms import ContactForm

register = template.Library()


@register.inclusion_tag("respondent/partials/tasks.html", takes_context=True)
def respondent_tasks(context, limit: int = 20):
    """The queue page's and /field/'s panel: steps fired for respondents who have not answered, to act on."""
    tasks = list(services.tasks_for(context["request"].user))[:limit]
    return {"tasks": tasks, "request": context["request"]}


@register.inclusion_tag("respondent/partials/case_panel.html", takes_context=True)
def respondent_panel(context, case):
    """The case page's panel: the clock, the notices served on the respondents with their states, the contacts;
    once the respondent's absence ended mediation, what the applicants were served to route them onward."""
    from jiefen.respondent.models import RespondentContact
    from jiefen.scheduler.models import Firing

    clock = services.clock_of(case)
    if clock is None and not services.respondents(case):
        return {"show": False}
    absent = services.routed_onward(case)
    return {
        "show": True, "case": case, "clock": clock, "notices": services.notices_to_respondents(case),
        "steps": Firing.objects.filter(kind=Firing.Kind.RESPONDENT, case=case).order_by("stage"),
        "contacts": RespondentContact.objects.filter(case=case),
        "absent": absent, "guidance": services.guidance_to_applicants(case) if absent else [],
        "unreached": services.unreached_applicants(case) if absent else [],
        "form": ContactForm(case=case), "request": context["request"],
    }
