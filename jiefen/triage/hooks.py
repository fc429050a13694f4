"""What the rest of the platform calls on triage, cheap to import: web processes and every case move load this
module, never the classifier, the law index or the machine-learning libraries behind ``proposals``."""

import logging

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jiefen.cases.models import ENDED_STATES, Case
from jiefen.cases.workflow import Move
from jiefen.orgs.models import Post
from jiefen.triage.models import (
    DECIDED_FIELDS,
    Alert,
    AlertAcknowledgement,
    AlertRecipient,
    Proposal,
    TriageDecision,
)
from jiefen.triage.risk import case_text

log = logging.getLogger(__name__)

ALERTED_POSTS = (Post.COORDINATION, Post.ASSESSMENT)
PROPOSAL_POSTS = (Post.INTAKE, Post.COORDINATION, Post.ASSESSMENT)


def alerts_for(user):
    """The alerts sent to ``user`` on cases still open that they have not acknowledged yet, newest first."""
    return (
        # One filter() call: the recipient row of ``user`` is the one without an acknowledgement.
        Alert.objects.filter(recipients__user=user, recipients__acknowledgement__isnull=True)
        .exclude(case__state__in=ENDED_STATES)
        .select_related("case").order_by("-created_at", "-id")
    )


def acknowledge_alert(alert: Alert, user) -> AlertAcknowledgement:
    """``user`` has taken note of ``alert`` (知悉): recorded once, with the time; it leaves their queue, not the other
    recipients'. Only a recipient may acknowledge, and only for themselves; acknowledging again changes nothing."""
    recipient = AlertRecipient.objects.filter(alert=alert, user=user).first()
    if recipient is None:
        raise PermissionDenied(_("Only those the alert was sent to may acknowledge it."))
    acknowledgement, _created = AlertAcknowledgement.objects.get_or_create(recipient=recipient)
    return acknowledgement


def acknowledgements(alert_id: int) -> list[AlertRecipient]:
    """The recipients of an alert in the order alerted, each with its ``acknowledgement`` (None: not yet)."""
    return list(AlertRecipient.objects.filter(alert_id=alert_id).select_related("acknowledgement"))


def on_case_event(event) -> None:
    """Handler of ``settings.JIEFEN_CASE_EVENT_HANDLERS``: queue a proposal for every newly registered case. The
    proposal is made by the background worker, not in the request that registered the case (it loads the model and
    the law index and reads past cases); a failure to queue is logged and never breaks the registration."""
    if event.move != Move.REGISTER:
        return
    from jiefen.triage.tasks import make_proposal  # the task module's own imports are light too

    try:
        make_proposal.enqueue(event.case_id, event.actor_id, Proposal.Trigger.REGISTRATION)
    except Exception:
        log.exception("could not queue the triage proposal for case %s", event.case_id)


def may_request_proposal(staff) -> bool:
    """Who may ask the system for a (new) proposal on an open case: those who triage and those who assess risk."""
    return staff is not None and staff.post in PROPOSAL_POSTS


def request_proposal(case: Case, actor) -> None:
    """Queue a proposal made on demand (after the facts were completed, or when none came at registration)."""
    from jiefen.triage.tasks import make_proposal

    make_proposal.enqueue(case.pk, actor.pk, Proposal.Trigger.ON_DEMAND)


def latest_proposal(case: Case) -> Proposal | None:
    return case.proposals.order_by("-created_at", "-id").first()


def corrections(proposal: Proposal, chosen: dict) -> dict:
    """The proposed value of each field staff set to something else (``chosen``: the fields they set)."""
    proposed = proposal.values()
    return {name: proposed[name] for name in DECIDED_FIELDS if name in chosen and chosen[name] != proposed[name]}


def record_decision(case: Case, actor, chosen: dict, proposal: Proposal | None = None) -> TriageDecision:
    """Store what staff chose at the triage move (``chosen``: the fields they set) against the proposal they saw
    (the latest one when not given), with the fields that differ from it. Called inside the move's transaction."""
    proposal = proposal or latest_proposal(case)
    values = {name: getattr(case, name) for name in DECIDED_FIELDS}
    differs = list(corrections(proposal, chosen)) if proposal is not None else []
    return TriageDecision.objects.create(
        case=case, proposal=proposal, model_version=proposal.model_version if proposal else "",
        text=case_text(case), differs=differs, decided_by=actor, **values,
    )
