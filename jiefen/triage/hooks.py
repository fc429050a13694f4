"""What the rest of the platform calls on triage, cheap to import: web processes and every case move load this
module, never the classifier, the law index or the machine-learning libraries behind ``proposals``."""

import logging

from jiefen.cases.models import ENDED_STATES, Case
from jiefen.cases.workflow import Move
from jiefen.orgs.models import Post
from jiefen.triage.models import DECIDED_FIELDS, Alert, Proposal, TriageDecision
from jiefen.triage.risk import case_text

log = logging.getLogger(__name__)

ALERTED_POSTS = (Post.COORDINATION, Post.ASSESSMENT)


def alerts_for(user):
    """The alerts sent to ``user`` on cases still open, newest first."""
    return (
        Alert.objects.filter(recipients__user=user).exclude(case__state__in=ENDED_STATES)
        .select_related("case").order_by("-created_at", "-id")
    )


def on_case_event(event) -> None:
    """Handler of ``settings.JIEFEN_CASE_EVENT_HANDLERS``: queue a proposal for every newly registered case. The
    proposal is made by the background worker, not in the request that registered the case (it loads the model and
    the law index and reads past cases); a failure to queue is logged and never breaks the registration."""
    if event.move != Move.REGISTER:
        return
    from jiefen.triage.tasks import propose_for_registration  # the task module's own imports are light too

    try:
        propose_for_registration.enqueue(event.case_id, event.actor_id)
    except Exception:
        log.exception("could not queue the triage proposal for case %s", event.case_id)


def latest_proposal(case: Case) -> Proposal | None:
    return case.proposals.order_by("-created_at", "-id").first()


def record_decision(case: Case, actor, chosen: dict) -> TriageDecision:
    """Store what staff chose at the triage move (``chosen``: the fields they set) against the latest proposal,
    with the fields that differ from it. Called inside the move's transaction."""
    proposal = latest_proposal(case)
    values = {name: getattr(case, name) for name in DECIDED_FIELDS}
    differs = []
    if proposal is not None:
        proposed = proposal.values()
        differs = [name for name in DECIDED_FIELDS if name in chosen and chosen[name] != proposed[name]]
    return TriageDecision.objects.create(
        case=case, proposal=proposal, model_version=proposal.model_version if proposal else "",
        text=case_text(case), differs=differs, decided_by=actor, **values,
    )
