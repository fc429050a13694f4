"""What a referring court (or other sender) gets back when mediation ends: the agreement, or the failure with the
record of undisputed facts, so that the court can file the case at once instead of hearing the facts again.

The shape is the versioned JSON schema ``schemas/mediation-result-1.json`` (``RESULT_SCHEMA``). The webhook's case
event carries it as ``result`` on the moves that end mediation (``RESULT_MOVES``), and the referral in the API
carries the case's current result. A new version of the shape gets a new schema file and name; receivers check
``schema`` before reading.
"""

from jiefen.cases.models import Case, State
from jiefen.cases.workflow import Move
from jiefen.core.text import lines

RESULT_SCHEMA = "jiefen.mediation-result/1"
RESULT_MOVES = frozenset({Move.AGREE, Move.FAIL, Move.RESPONDENT_ABSENT, Move.TERMINATE})
AGREED_STATES = (State.RESOLVED, State.CLOSED)
FAILED_STATES = (State.FAILED, State.TERMINATION_REVIEW, State.TERMINATED)


def result_of(case: Case) -> dict | None:
    """The case's result as the schema has it; None while mediation has not ended in an agreement or a failure
    (or the case went on after failing: rerouted, it is no longer a failure)."""
    common = {"schema": RESULT_SCHEMA, "case": case.number}
    if case.state in AGREED_STATES and (agreement := case.current_agreement()) is not None:
        return {
            **common,
            "outcome": "agreement",
            "mediator": agreement.mediator_name,
            "organisation": agreement.organisation_name,
            "agreement": {
                "facts": agreement.facts, "terms": lines(agreement.terms), "performance": agreement.performance,
                "signed_on": agreement.signed_on.isoformat(),
            },
        }
    if case.state in FAILED_STATES and (failure := case.current_failure()) is not None:
        return {
            **common,
            "outcome": "failure",
            "mediator": failure.mediator_name,
            "organisation": failure.organisation_name,
            "failure": {
                "cause": failure.cause, "cause_label": str(failure.get_cause_display()), "reason": failure.reason,
                "undisputed_facts": lines(failure.undisputed_facts), "disputed_points": lines(failure.disputed_points),
                "recorded_at": failure.recorded_at.isoformat(),
            },
        }
    return None
