import pytest
from django.test import Client

from jiefen.testing import build_network


@pytest.fixture
def login(network):
    """A test client signed in as one persona of the network: ``login("village_a")``."""

    def client_for(persona: str) -> Client:
        client = Client()
        client.force_login(network.user(persona))
        return client

    return client_for


@pytest.fixture
def live_network(transactional_db, django_db_serialized_rollback):
    """The same network, committed, for a browser talking to ``live_server`` from another thread.

    Serialized rollback restores what the migrations put in the database (the deadline rules), which the
    flush after each transactional test would otherwise take away from the tests that follow.
    """
    return build_network()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A browser as an office in China has it: Chinese first, Beijing time."""
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
