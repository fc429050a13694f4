"""Random sequences of moves by random people never corrupt a case or lose an event.

Most steps draw a move that exists from the current state, made by the person who usually makes it, so that
sequences reach deep into the case's life (reopen, a second agreement, escalation twice); the rest are any move
by anyone, which must be refused without a trace.
"""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from jiefen.cases.models import Case, State
from jiefen.cases.moves import perform_move
from jiefen.cases.services import IllegalMove
from jiefen.cases.workflow import MOVES, TRANSITIONS, Move, reachable_from
from jiefen.testing import MOVER, PERSONAS, move_data, register

PEOPLE = [persona for persona, *_ in PERSONAS] + ["citizen"]
REFUSALS = (IllegalMove, PermissionDenied, Http404, ValidationError)
REACHABLE = reachable_from(State.REGISTERED)
WITH_MEDIATOR = {State.ASSIGNED, State.IN_MEDIATION}
# Moves that end or sidestep mediation; drawn as often as the rest they would end most sequences early.
DETOURS = {Move.ESCALATE, Move.WITHDRAW, Move.REJECT, Move.REFUSE, Move.TRANSFER}


# Who stands in for the township's people once a case has been escalated above the township.
HIGHER_UP = {
    "county": {"town_intake": "county_intake", "town_coordinator": "county_coordinator",
               "town_liaison": "county_coordinator"},
    "city": {"town_intake": "city_coordinator", "town_coordinator": "city_coordinator",
             "town_liaison": "city_coordinator"},
}


def _usual_mover(case: Case, move: str) -> str:
    """Who would make ``move`` on this case: its own mediator, or the front desk of its level."""
    person = "town_coordinator" if (move, case.state) == (Move.ASSIGN, State.ASSIGNED) else MOVER[move]
    if person == "village_a" and case.mediator and case.mediator.user:
        return case.mediator.user.username
    return HIGHER_UP.get(case.handling_org.level, {}).get(person, person)


def _assert_consistent(case: Case, made: list[str]) -> None:
    stored = Case.objects.select_related("handling_org", "mediator").get(pk=case.pk)
    events = list(stored.events.order_by("at", "id"))
    assert stored.state in REACHABLE
    assert [step.move for step in events] == ["register", *made]
    assert events[-1].to_state == stored.state
    for previous, current in itertools.pairwise(events):
        assert current.from_state == previous.to_state
    assert stored.version == len(made)
    assert stored.level == stored.handling_org.level
    assert stored.agreements.count() == made.count(Move.AGREE)
    assert stored.sessions.count() == made.count(Move.RECORD_SESSION)
    if stored.state in WITH_MEDIATOR:
        assert stored.mediator is not None and stored.deadline is not None
        assert stored.mediator.organisation.is_within(stored.handling_org)
    if stored.state == State.TRANSFERRED:
        assert stored.transferred_to is not None


@pytest.mark.django_db
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_moves_keep_the_case_consistent_and_its_timeline_whole(network, data):
    case = register(network)
    made: list[str] = []
    for _step in range(data.draw(st.integers(min_value=5, max_value=60), label="steps")):
        legal = [move for (state, move) in TRANSITIONS if state == case.state]
        onward = [move for move in legal if move not in DETOURS] or legal
        dice = data.draw(st.integers(0, 9), label="dice")
        if legal and dice < 8:
            move = data.draw(st.sampled_from(onward if dice < 6 else legal), label="move")
            person = _usual_mover(case, move)
        else:
            move = data.draw(st.sampled_from(MOVES), label="any move")
            person = data.draw(st.sampled_from(PEOPLE), label="anyone")
        state_before = case.state
        try:
            case = perform_move(case, move, network.user(person), move_data(network, case, move))
        except REFUSALS:
            case = Case.objects.get(pk=case.pk)
            assert case.state == state_before
            continue
        made.append(move)
        assert case.state == TRANSITIONS[(state_before, move)].target

    event(f"agreements: {made.count(Move.AGREE)}")
    event(f"reopened: {Move.REOPEN in made}")
    event(f"escalations: {made.count(Move.ESCALATE)}")
    _assert_consistent(case, made)
