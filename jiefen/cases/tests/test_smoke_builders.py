import pytest

from jiefen.cases.models import State
from jiefen.testing import case_in_state


@pytest.mark.parametrize("state", list(State))
def test_every_state_can_be_reached_through_the_real_moves(network, state):
    case = case_in_state(network, state)

    assert case.state == state
    assert case.events.last().to_state == state
