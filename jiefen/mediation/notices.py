"""Telling the parties of a session scheduled, rescheduled or called off, and reminding them before it: one text
message to each party with a mobile number (both sides: a session needs them all; in a group dispute the
claimants' representative), with the link of their page on the portal, where the notice stays. A handler of
``settings.JIEFEN_CASE_EVENT_HANDLERS``, called after the change (or the scheduler's reminder) has committed; each
attempt is a ``portal.StatusMessage``, like every message to a party.

Nothing private goes out: the time, the mode and the place, never a record; a video link stays on the portal, where
only the parties log in.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import CaseEvent, Party
from jiefen.cases.workflow import SESSION_CANCELLED, SESSION_REMINDER, SESSION_RESCHEDULED, SESSION_SCHEDULED
from jiefen.core.validators import is_mobile
from jiefen.mediation.models import SessionPlan
from jiefen.mediation.reminders import SESSION_STATES
from jiefen.mediation.sessions import call_off_open_plans
from jiefen.portal.notifications import tell_parties

SESSION_NOTICES = (SESSION_SCHEDULED, SESSION_RESCHEDULED, SESSION_CANCELLED, SESSION_REMINDER)


def on_case_event(event: CaseEvent) -> None:
    if event.move in SESSION_NOTICES:
        tell_parties(event, messages_for)
    elif event.from_state in SESSION_STATES and event.to_state not in SESSION_STATES:
        call_off_open_plans(event)


def parties_to_tell(case) -> list[Party]:
    parties = Party.objects.filter(case=case).order_by("role", "pk")
    if case.is_group:
        parties = parties.exclude(role=Party.Role.APPLICANT, is_representative=False)
    return [party for party in parties if is_mobile(party.phone)]


def messages_for(event: CaseEvent) -> list[tuple[Party, str]]:
    plan = SessionPlan.objects.select_related("replaces").filter(
        pk=(event.payload or {}).get("plan"), case=event.case_id
    ).first()
    if plan is None or (event.move == SESSION_REMINDER and plan.status != SessionPlan.Status.SCHEDULED):
        return []
    case = event.case
    parties = parties_to_tell(case)
    if not parties:
        return []
    url = settings.JIEFEN_PUBLIC_URL.rstrip("/") + reverse("mediation_portal:case", args=[case.pk])
    values = {
        "number": case.number, "time": _local(plan.starts_at), "mode": plan.get_mode_display(),
        "where": _("by video (the link is on the portal)") if plan.is_online
        else _("at %(place)s") % {"place": _short(plan.place)},
        "url": url,
    }
    if event.move == SESSION_SCHEDULED:
        text = _("[jiefen] A mediation session of your dispute (%(number)s) is scheduled for %(time)s, %(mode)s, "
                 "%(where)s. Details: %(url)s (log in with this phone number).") % values
    elif event.move == SESSION_RESCHEDULED:
        values["before"] = _local(plan.replaces.starts_at) if plan.replaces else values["time"]
        text = _("[jiefen] The mediation session of your dispute (%(number)s) planned for %(before)s is changed: "
                 "now %(time)s, %(mode)s, %(where)s. Details: %(url)s (log in with this phone number).") % values
    elif event.move == SESSION_REMINDER:
        text = _("[jiefen] Reminder: the mediation session of your dispute (%(number)s) is at %(time)s, %(mode)s, "
                 "%(where)s. Details: %(url)s") % values
    else:
        text = _("[jiefen] The mediation session of your dispute (%(number)s) scheduled for %(time)s is called "
                 "off. Details: %(url)s") % values
    return [(party, text[:255]) for party in parties]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
