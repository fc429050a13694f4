"""Telling the parties of a session scheduled or called off: one text message to each party with a mobile number
(both sides: a session needs them all; in a group dispute the claimants' representative), with the link of
their page on the portal, where the notice stays. A handler of ``settings.JIEFEN_CASE_EVENT_HANDLERS``, called
after the scheduling has committed; each attempt is a ``portal.StatusMessage``, like every message to a party.

Nothing private goes out: the time, the mode and the place, never a record.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.cases.models import CaseEvent, Party
from jiefen.cases.workflow import SESSION_CANCELLED, SESSION_SCHEDULED
from jiefen.core.validators import is_mobile
from jiefen.mediation.models import SessionPlan
from jiefen.portal.notifications import tell_parties


def on_case_event(event: CaseEvent) -> None:
    if event.move in (SESSION_SCHEDULED, SESSION_CANCELLED):
        tell_parties(event, messages_for)


def parties_to_tell(case) -> list[Party]:
    parties = Party.objects.filter(case=case).order_by("role", "pk")
    if case.is_group:
        parties = parties.exclude(role=Party.Role.APPLICANT, is_representative=False)
    return [party for party in parties if is_mobile(party.phone)]


def messages_for(event: CaseEvent) -> list[tuple[Party, str]]:
    plan = SessionPlan.objects.filter(pk=(event.payload or {}).get("plan"), case=event.case_id).first()
    if plan is None:
        return []
    case = event.case
    url = settings.JIEFEN_PUBLIC_URL.rstrip("/") + reverse("mediation_portal:case", args=[case.pk])
    values = {
        "number": case.number, "time": timezone.localtime(plan.starts_at).strftime("%Y-%m-%d %H:%M"),
        "mode": plan.get_mode_display(), "place": _short(plan.place), "url": url,
    }
    if event.move == SESSION_SCHEDULED:
        text = _("[jiefen] A mediation session of your dispute (%(number)s) is scheduled for %(time)s, %(mode)s, "
                 "at %(place)s. Details: %(url)s (log in with this phone number).") % values
    else:
        text = _("[jiefen] The mediation session of your dispute (%(number)s) scheduled for %(time)s is called "
                 "off. Details: %(url)s") % values
    return [(party, text[:255]) for party in parties_to_tell(case)]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
