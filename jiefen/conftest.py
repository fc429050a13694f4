import pytest

from jiefen.portal.sms import MemorySender
from jiefen.testing import build_network


@pytest.fixture(autouse=True)
def text_messages_in_memory(settings):
    """Every move may text the parties: in tests the messages stay in ``MemorySender.outbox``, never in var/."""
    settings.JIEFEN_SMS_SENDER = "jiefen.portal.sms.MemorySender"
    MemorySender.outbox.clear()
    yield MemorySender.outbox
    MemorySender.outbox.clear()


@pytest.fixture
def network(db):
    """A slice of Lianyungang with one person for every persona of the permission matrix."""
    return build_network()
