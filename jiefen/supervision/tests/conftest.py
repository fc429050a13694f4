import pytest
from django.contrib.auth import get_user_model

from jiefen.api.tests.conftest import api  # noqa: F401
from jiefen.orgs.models import Post, Staff
from jiefen.portal.sms import MemorySender
from jiefen.supervision.models import AgencyContact
from jiefen.workbench.tests.conftest import browser_context_args, live_network, login  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
CONTACT_MOBILE = "13955556666"


@pytest.fixture(autouse=True)
def media_in_scratch(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def outbox():
    return MemorySender.outbox


def agency_clerk(network, username="arbitration_clerk", org="3207-LDZC", name="钱仲裁"):
    """A member of staff of an agency, which thereby works on the platform."""
    user = get_user_model().objects.create(username=username, first_name=name)
    Staff.objects.create(user=user, organisation=network.orgs[org], post=Post.LIAISON)
    network.users[username] = user
    return user


@pytest.fixture
def clerk(network):
    """The arbitration commission's clerk: the commission cases are transferred to is on the platform."""
    return agency_clerk(network)


@pytest.fixture
def contact(network):
    """A contact of the registry at the arbitration commission, for when it is off the platform."""
    return AgencyContact.objects.create(
        agency=network.orgs["3207-LDZC"], name="王书记员", office="立案庭", mobile=CONTACT_MOBILE,
    )
