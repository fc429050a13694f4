"""Asking the parties to answer a follow-up visit on the portal: when the scheduler fires a visit due (a ``Firing``
of kind ``followup``, once however many workers run), each party with a mobile number gets one text message with
the link of the visit's page on the portal (in a group dispute the claimants' representative), sent after the pass
has committed. Each attempt is a ``portal.StatusMessage`` of the scheduler's "follow-up due" note, like every
message to a party, so that staff see it on the case page and may send it again.

Nothing private goes out: the case number, the days since closure and the link.
"""

import functools

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jiefen.cases.models import CaseEvent
from jiefen.cases.workflow import FOLLOW_UP_DUE
from jiefen.followups.models import FollowUp
from jiefen.mediation.notices import parties_to_tell
from jiefen.portal.notifications import tell_parties


def on_fired(dues, actor) -> None:
    """The scheduler's hook (inside the pass's transaction): for each follow-up just fired, text the parties the
    link once the pass commits."""
    for due in dues:
        event = _note_of(due)
        if event is not None:
            transaction.on_commit(functools.partial(tell_parties, event, messages_for), robust=True)


def _note_of(due) -> CaseEvent | None:
    """The "follow-up due" note the pass wrote with the firing (its payload names the due day and the stage)."""
    return (
        CaseEvent.objects.filter(case_id=due.case_id, move=FOLLOW_UP_DUE, payload__deadline=due.deadline.isoformat(),
                                 payload__stage=due.stage)
        .select_related("case").order_by("-id").first()
    )


def follow_up_of(event: CaseEvent) -> FollowUp | None:
    payload = event.payload or {}
    return FollowUp.objects.filter(case=event.case_id, due_on=payload.get("deadline"),
                                   days_after=payload.get("stage")).first()


def messages_for(event: CaseEvent) -> list[tuple]:
    follow_up = follow_up_of(event)
    if follow_up is None or follow_up.visits.exists():
        return []
    url = settings.JIEFEN_PUBLIC_URL.rstrip("/") + reverse("followups:portal_visit", args=[follow_up.pk])
    text = _(
        "[jiefen] Your dispute (%(number)s) was closed %(days)s days ago. How do things stand, and how satisfied "
        "are you? Please answer at %(url)s (log in with this phone number)."
    ) % {"number": event.case.number, "days": follow_up.days_after, "url": url}
    return [(party, text[:255]) for party in parties_to_tell(event.case)]
