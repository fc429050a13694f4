import pytest

from jiefen.knowledge import laws
from jiefen.knowledge.library import load_library
from jiefen.portal.sms import MemorySender
from jiefen.testing import build_network


@pytest.fixture(autouse=True)
def text_messages_in_memory(settings):
    """Every move may text the parties: in tests the messages stay in ``MemorySender.outbox``, never in var/."""
    settings.JIEFEN_SMS_SENDER = "jiefen.portal.sms.MemorySender"
    MemorySender.outbox.clear()
    yield MemorySender.outbox
    MemorySender.outbox.clear()


@pytest.fixture(scope="session")
def no_triage_models(tmp_path_factory):
    return tmp_path_factory.mktemp("triage-models-none")


@pytest.fixture(autouse=True)
def triage_models_of_the_test(settings, no_triage_models):
    """Models retrained in a developer's var/ never reach a test: the writable model directory is an empty one,
    so the shipped model is active (a test that retrains or switches sets its own ``tmp_path``)."""
    settings.JIEFEN_TRIAGE_MODELS_DIR = no_triage_models


@pytest.fixture
def network(db):
    """A slice of Lianyungang with one person for every persona of the permission matrix."""
    return build_network()


# A slice of the law library small enough for every test that needs one: whole short laws, and the chapters of
# 民法典 that citizens' disputes most often touch. The whole library is imported once, in knowledge's tests.
LAW_SLICE_LAWS = {"人民调解法", "劳动合同法", "保障农民工工资支付条例", "消费者权益保护法", "物业管理条例"}
LAW_SLICE_CIVIL_CODE = [(288, 296), (667, 680), (937, 950), (1040, 1092), (1245, 1251)]


@pytest.fixture
def law_library(db):
    """The law library's slice, loaded: ``law_library`` is the list of its rows (``laws.Article``)."""
    rows = [
        row
        for row in laws.read_articles()
        if row.short in LAW_SLICE_LAWS
        or (row.short == "民法典" and any(first <= row.article <= last for first, last in LAW_SLICE_CIVIL_CODE))
    ]
    load_library(rows)
    return rows
