"""Random sequences of moves by random people never corrupt a case or lose an event."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiefen.cases.models import Case, State
from jiefen.cases.moves import perform_move
from jiefen.cases.services import IllegalMove
from jiefen.cases.workflow import MOVES, TRANSITIONS, reachable_from
from jiefen.testing import PERSONAS, move_data, register

PEOPLE = [persona for persona, *_ in PERSONAS] + ["citizen"]
REFUSALS = (IllegalMove, PermissionDenied, Http404, ValidationError)


REACHABLE = reachable_from(State.REGISTERED)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(MOVES), st.sampled_from(PEOPLE)), max_size=30))
def test_random_moves_keep_the_case_reachable_and_its_timeline_whole(network, steps):
    case = register(network)
    made = 0
    for move, person in steps:
        state_before = case.state
        try:
            case = perform_move(case, move, network.user(person), move_data(network, case, move))
        except REFUSALS:
            case = Case.objects.get(pk=case.pk)
            assert case.state == state_before
            continue
        made += 1
        assert case.state == TRANSITIONS[(state_before, move)].target

    stored = Case.objects.get(pk=case.pk)
    events = list(stored.events.order_by("at", "id"))
    assert stored.state in REACHABLE
    assert len(events) == made + 1
    assert events[0].move == "register" and events[0].to_state == State.REGISTERED
    for previous, event in itertools.pairwise(events):
        assert event.from_state == previous.to_state
    assert events[-1].to_state == stored.state
