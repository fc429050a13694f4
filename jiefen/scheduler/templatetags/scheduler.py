from django import template

from jiefen.scheduler.services import NOTICE_POSTS, notices_for

register = template.Library()


@register.filter
def receives_deadline_notices(staff) -> bool:
    return staff is not None and staff.post in NOTICE_POSTS


@register.inclusion_tag("scheduler/partials/notices.html", takes_context=True)
def deadline_notices(context, limit: int = 20):
    """The deadline notices on the user's desk (reminders, overdue marks, escalations to their level), newest
    first, with their count: a panel of the queue page."""
    from jiefen.mediation.reminders import with_session_times

    notices = notices_for(context["request"].user)
    shown = with_session_times(list(notices[:limit]))
    return {"notices": shown, "count": len(shown) if len(shown) < limit else notices.count()}
