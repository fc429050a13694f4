"""Every allowed move works for every post allowed to make it; every other post and every other move is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiefen.cases.models import ENDED_STATES, CaseEvent, State
from jiefen.cases.moves import MOVE_FORMS, perform_move
from jiefen.cases.services import IllegalMove
from jiefen.cases.workflow import MOVES, REASON_REQUIRED, TRANSITIONS, Move, reachable_from
from jiefen.orgs.models import MediatorDuty, Post
from jiefen.testing import case_in_state, move_data

# One township person per post; the assigned village mediator stands in for the mediation post where a
# move is reserved to the case's own mediator.
TOWN_PERSONA = {
    Post.INTAKE: "town_intake",
    Post.MEDIATION: "town_mediator",
    Post.COORDINATION: "town_coordinator",
    Post.LIAISON: "town_liaison",
    Post.ASSESSMENT: "town_assessor",
    Post.LEADER: "city_leader",
    Post.GRID: "village_grid",
}


def _persona_for(post, transition):
    if post == Post.MEDIATION and transition.guard is not None:
        return "village_a"
    return TOWN_PERSONA[post]


@pytest.mark.parametrize(("state", "move"), list(TRANSITIONS), ids=lambda value: str(value))
def test_each_allowed_move_succeeds_for_each_allowed_post_and_writes_one_event(network, state, move):
    transition = TRANSITIONS[(state, move)]
    # The mediator is on duty at the window today: a mediator triages a walk-in only then.
    MediatorDuty.objects.create(mediator=network.mediators["village_a"], day=timezone.localdate())
    for post in sorted(transition.posts):
        case = case_in_state(network, state)
        events_before = case.events.count()

        moved = perform_move(case, move, network.user(_persona_for(post, transition)), move_data(network, case, move))

        assert moved.state == transition.target
        assert case.events.count() == events_before + 1
        event = case.events.last()
        assert (event.move, event.from_state, event.to_state) == (move, state, transition.target)


@pytest.mark.parametrize(("state", "move"), list(TRANSITIONS), ids=lambda value: str(value))
def test_each_allowed_move_is_refused_to_every_other_post_and_changes_nothing(network, state, move):
    transition = TRANSITIONS[(state, move)]
    case = case_in_state(network, state)
    events_before = case.events.count()
    for post in set(Post) - transition.posts:
        with pytest.raises(PermissionDenied):
            perform_move(case, move, network.user(TOWN_PERSONA[post]), move_data(network, case, move))

    case.refresh_from_db()
    assert case.state == state
    assert case.events.count() == events_before


@pytest.mark.parametrize("state", list(State))
def test_moves_that_do_not_exist_from_a_state_are_illegal_for_everyone(network, state):
    case = case_in_state(network, state)
    events_before = case.events.count()
    impossible = [move for move in MOVES if (state, move) not in TRANSITIONS]
    for move in impossible:
        with pytest.raises(IllegalMove) as raised:
            perform_move(case, move, network.user("town_coordinator"), move_data(network, case, move))
        assert raised.value.case.state == state
    assert CaseEvent.objects.filter(case=case).count() == events_before


def test_only_the_assigned_mediator_may_hold_the_session(network):
    case = case_in_state(network, State.ASSIGNED)

    with pytest.raises(PermissionDenied, match="指派的调解员"):
        perform_move(
            case, Move.RECORD_SESSION, network.user("town_mediator"), move_data(network, case, Move.RECORD_SESSION)
        )


@pytest.mark.parametrize("move", sorted(REASON_REQUIRED))
def test_moves_that_need_a_reason_refuse_a_blank_one(network, move):
    state = next(state for (state, candidate) in TRANSITIONS if candidate == move)
    case = case_in_state(network, state)
    actor = _persona_for(sorted(TRANSITIONS[(state, move)].posts)[0], TRANSITIONS[(state, move)])

    with pytest.raises(ValidationError) as raised:
        perform_move(case, move, network.user(actor), {**move_data(network, case, move), "reason": "  "})

    assert "reason" in raised.value.message_dict
    case.refresh_from_db()
    assert case.state == state


def test_every_move_in_the_table_has_a_form_and_every_state_is_reachable():
    assert set(MOVES) <= set(MOVE_FORMS)
    assert reachable_from(State.REGISTERED) == set(State)


@pytest.mark.parametrize("state", sorted(set(State) - ENDED_STATES))
def test_no_open_state_is_a_dead_end(state):
    assert reachable_from(state) & ENDED_STATES
