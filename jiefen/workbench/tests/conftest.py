import os

import pytest
from django.test import Client

from jiefen.testing import build_network

# pytest-playwright drives the browser from an asyncio loop in the test's thread; the ORM calls the tests make
# around it are synchronous and safe (STACK-NOTES §6).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a downloaded browser (``playwright install`` cannot reach its host here)."""
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def login(network):
    """A test client signed in as one persona of the network: ``login("village_a")``."""

    def client_for(persona: str) -> Client:
        client = Client()
        client.force_login(network.user(persona))
        return client

    return client_for


@pytest.fixture
def live_network(transactional_db):
    """The same network, committed, for a browser talking to ``live_server`` from another thread."""
    return build_network()
