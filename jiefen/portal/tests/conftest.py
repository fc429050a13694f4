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


# Six digits standing alone: not part of a case number (320706001001-2026-00001) or of a link's token.
CODE = re.compile(r"(?<![0-9A-Za-z-])\d{6}(?![0-9A-Za-z-])")


def last_code(phone: str = PHONE) -> str:
    """The 6-digit code in the latest login-code message to ``phone`` (status lines go to the same phone)."""
    for to, text in reversed(MemorySender.outbox):
        found = CODE.search(text)
        if to == phone and found:
            return found.group(0)
    raise AssertionError(f"no code sent to {phone}")
