import pytest
from django.contrib.auth import get_user_model

from jiefen.hotline.services import take_call
from jiefen.orgs.models import Post, Staff

# The workbench's fixtures, shared rather than written again: ``login(persona)``, the committed ``live_network``
# for browser tests, and a browser set up as an office in China has it (Chinese first, Beijing time).
from jiefen.workbench.tests.conftest import browser_context_args, live_network, login  # noqa: F401


@pytest.fixture
def hongmen_intake(network):
    """The intake officer of 洪门街道, the township beside 朐阳街道 under the same county."""
    user = get_user_model().objects.create(username="hongmen_intake", first_name="马接线")  # force_login only
    Staff.objects.create(user=user, organisation=network.orgs["320706002"], post=Post.INTAKE)
    network.users["hongmen_intake"] = user
    return user


def call(network, persona="town_intake", **overrides):
    """A call taken at the persona's centre through the real service."""
    values = {
        "caller_name": "周来电", "callback_number": "13851234567",
        "summary": "邻居在楼道堆放杂物，协商不成，想请社区调解。", "urgency": "normal",
    }
    values.update(overrides)
    return take_call(actor=network.user(persona), **values)
