"""A walk-in taken on the spot (当场受理): the duty mediator of the day takes a dispute brought to the window in
person from the earliest state it is in — registered, triaged or awaiting assignment — through each step the
workflow records, in order and each as its own event: the triage (the mediator confirms or corrects the system's
proposal), the parties' consent to mediation and the method they chose, and the assignment to the duty mediator
themselves (a conflict of interest still needs its reason). All the steps are made in one transaction: the case
is taken, or stays as it was.

The workflow lets a mediator triage only such a case (``cases.workflow``); consent and assignment are the front
desk's moves, the mediation post among them.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from jiefen.cases.models import Case, State
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import Move, why_not
from jiefen.core.taxonomy import Channel
from jiefen.mediation.fit import on_duty_today
from jiefen.orgs.jurisdiction import staff_of

# The steps still to make from each state a walk-in may be taken from.
STEPS = {
    State.REGISTERED: (Move.TRIAGE, Move.CONSENT, Move.ASSIGN),
    State.TRIAGED: (Move.CONSENT, Move.ASSIGN),
    State.ACCEPTED: (Move.ASSIGN,),
}


def steps_for(case: Case) -> tuple[str, ...]:
    return STEPS.get(case.state, ())


def why_not_take(case: Case, user) -> str | None:
    """None when ``user`` may take ``case`` on the spot now, else why not."""
    staff = staff_of(user)
    if staff is None or on_duty_today(user) is None:
        return _("Only the duty mediator of the day takes a walk-in on the spot.")
    if case.channel != Channel.WINDOW:
        return _("Only a dispute brought to the window in person is taken on the spot.")
    steps = steps_for(case)
    if not steps:
        return _("This case is past assignment.")
    return why_not(case, steps[0], user, staff.post)


def take_on_the_spot(case: Case, actor, data: dict) -> Case:
    """Make the steps left (``steps_for``) as ``actor``, the duty mediator, with ``data``: the triage's category,
    field and complexity (and optional risk), the ``method`` the parties chose, a ``conflict_reason`` if the
    mediator is warned of a conflict of interest, an optional ``reason``. Raises PermissionDenied, or the
    ValidationError of the step that failed (nothing is kept then)."""
    reason = why_not_take(case, actor)
    if reason is not None:
        raise PermissionDenied(reason)
    mediator = on_duty_today(actor)
    with transaction.atomic():
        for move in steps_for(case):
            values = dict(data)
            if move == Move.ASSIGN:
                values.update(organisation=mediator.organisation_id, mediator=mediator.pk)
            case = perform_move(case, move, actor, values)
    return case
