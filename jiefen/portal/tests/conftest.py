import re

import pytest

from jiefen.portal.sms import MemorySender

# The workbench's fixtures, shared: ``login(persona)``, the committed ``live_network`` for browser tests, and a
# browser set up as in China (Chinese first, Beijing time).
from jiefen.workbench.tests.conftest import browser_context_args, live_network, login  # noqa: F401

PHONE = "13851230001"
PLACE = "320706001001"  # 西门社区, served by 西门社区非诉讼服务站


@pytest.fixture(autouse=True)
def portal_settings(settings, tmp_path):
    """Uploads in a scratch directory; text messages kept in memory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JIEFEN_SMS_SENDER = "jiefen.portal.sms.MemorySender"
    MemorySender.outbox.clear()
    yield
    MemorySender.outbox.clear()


def last_code(phone: str = PHONE) -> str:
    """The 6-digit code in the latest text message to ``phone``."""
    for to, text in reversed(MemorySender.outbox):
        if to == phone:
            return re.search(r"\d{6}", text).group(0)
    raise AssertionError(f"no code sent to {phone}")
