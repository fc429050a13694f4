import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jiefen.hotline.services import take_call
from jiefen.orgs.models import Post, Staff
from jiefen.testing import build_network


@pytest.fixture
def login(network):
    """A test client signed in as one persona of the network: ``login("town_intake")``."""

    def client_for(persona: str) -> Client:
        client = Client()
        client.force_login(network.user(persona))
        return client

    return client_for


def add_hongmen_intake(network):
    """The intake officer of 洪门街道, the township beside 朐阳街道 under the same county."""
    user = get_user_model().objects.create(username="hongmen_intake", first_name="马接线")  # force_login only
    Staff.objects.create(user=user, organisation=network.orgs["320706002"], post=Post.INTAKE)
    network.users["hongmen_intake"] = user
    return user


@pytest.fixture
def hongmen_intake(network):
    return add_hongmen_intake(network)


def call(network, persona="town_intake", **overrides):
    """A call taken at the persona's centre through the real service."""
    values = {
        "caller_name": "周来电", "callback_number": "13851234567",
        "summary": "邻居在楼道堆放杂物，协商不成，想请社区调解。", "urgency": "normal",
    }
    values.update(overrides)
    return take_call(actor=network.user(persona), **values)


@pytest.fixture
def live_network(transactional_db, django_db_serialized_rollback):
    """The network, committed, for a browser talking to ``live_server`` from another thread (see the workbench's)."""
    return build_network()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A browser as an office in China has it: Chinese first, Beijing time."""
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
