import pytest
from django.utils import timezone

from jiefen.api.tests.conftest import api  # noqa: F401
from jiefen.cases.models import State
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import Move
from jiefen.portal.sms import MemorySender
from jiefen.portal.tests.conftest import last_code  # noqa: F401
from jiefen.testing import case_in_state, move_data
from jiefen.workbench.tests.conftest import browser_context_args, live_network, login  # noqa: F401

APPLICANT_PHONE = "13812345678"  # the applicant's and the respondent's phones in ``jiefen.testing.register``
RESPONDENT_PHONE = "13912345678"
APPLICANT_SECRET = "申请人单独陈述：可以接受分期付款，最低一万元。"
RESPONDENT_SECRET = "被申请人单独陈述：其实愿意赔偿八千元，但不想让对方知道。"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media_in_scratch(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JIEFEN_SMS_SENDER = "jiefen.portal.sms.MemorySender"
    MemorySender.outbox.clear()
    yield
    MemorySender.outbox.clear()


def back_to_back(network, case, **extra):
    """Record a back-to-back session on ``case`` as its mediator (village_a), with both private records."""
    data = move_data(network, case, Move.RECORD_SESSION)
    data.update(mode="back_to_back", applicant_record=APPLICANT_SECRET, respondent_record=RESPONDENT_SECRET,
                record="分别与双方背对背沟通。", **extra)
    return perform_move(case, Move.RECORD_SESSION, network.user("village_a"), data)


@pytest.fixture
def assigned(network):
    return case_in_state(network, State.ASSIGNED)


def soon(hours=24):
    return timezone.now() + timezone.timedelta(hours=hours)
