from django import template

from jiefen.scheduler.services import NOTICE_POSTS, notices_for

register = template.Library()

NOTICES_SHOWN = 20
# The queue page's query parameter that lists the notices the user marked seen as well.
SHOW_SEEN = "seen_notices"


@register.filter
def receives_deadline_notices(staff) -> bool:
    return staff is not None and staff.post in NOTICE_POSTS


def notices_panel(request, *, show_seen: bool = False) -> dict:
    """The deadline notices on the user's desk (reminders, overdue marks, escalations to their level…) that they
    have not marked seen, newest first, with their count; with ``show_seen``, those they marked seen after them.
    One query, as before there was anything to mark: the notices the user has not seen come first, so a page of
    them says both which to show and whether any seen ones are left to offer (counted only when the page is full,
    as before)."""
    from jiefen.mediation.reminders import with_session_times

    user = request.user
    if not receives_deadline_notices(getattr(request, "staff", None)):
        return {}
    rows = list(notices_for(user, include_seen=True).order_by("seen", "-fired_at", "-id")[:NOTICES_SHOWN])
    unseen = [notice for notice in rows if not notice.seen]
    any_seen = len(unseen) < len(rows)
    count = len(unseen) if len(rows) < NOTICES_SHOWN or any_seen else notices_for(user).count()
    seen = list(notices_for(user, include_seen=True).filter(seen=True)[:NOTICES_SHOWN]) if show_seen else []
    return {
        "notices": with_session_times(unseen + seen), "count": count, "show_seen": show_seen,
        # Unknown when the page is full of unseen ones: the link is offered then, at worst to list no more.
        "may_have_seen": any_seen or len(unseen) == NOTICES_SHOWN, "show_seen_parameter": SHOW_SEEN,
        "request": request,
    }


@register.inclusion_tag("scheduler/partials/notices.html", takes_context=True)
def deadline_notices(context):
    """The queue page's deadline panel (see ``notices_panel``)."""
    request = context["request"]
    return {
        **notices_panel(request, show_seen=SHOW_SEEN in request.GET), "csrf_token": context.get("csrf_token"),
    }
