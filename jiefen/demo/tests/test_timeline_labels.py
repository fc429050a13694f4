"""Every payload key the demo's events carry reads with a label on the workbench timeline, never as a raw key."""

import pytest

from jiefen.cases.models import CaseEvent
from jiefen.workbench.templatetags.workbench import HIDDEN_PAYLOAD, PAYLOAD, payload_items

pytestmark = pytest.mark.usefixtures("demo")

# Payloads of the respondent's clock and outcome, which the demo's cases may not have reached.
RESPONDENT_PAYLOADS = [
    {"action": "visit", "stage": 5, "clock_started": "2026-11-02", "organisation": "西门社区非诉讼服务站",
     "deadline": "2026-11-02", "due_on": "2026-11-09"},
    {"party": "李四", "contact_outcome": "refused", "how": "visit"},
    {"cause": "respondent_unreachable", "clock_started": "2026-11-02", "steps_fired": 4},
]


def test_no_event_kind_of_the_demo_shows_a_raw_key(db):
    raw = {}
    for move, payload in CaseEvent.objects.values_list("move", "payload"):
        for key in payload or {}:
            if key not in PAYLOAD and key not in HIDDEN_PAYLOAD:
                raw.setdefault(move, set()).add(key)
    assert raw == {}


def test_values_read_as_words():
    for payload in RESPONDENT_PAYLOADS:
        items = dict(payload_items(payload))
        assert not set(payload) & set(items), items
    items = dict(payload_items({"sha256": "a" * 64, "status": "confirmed", "cause": "respondent_refused"}))
    assert str(next(iter(items.values()))) == "aaaaaaaaaaaa…"
    assert "confirmed" not in [str(v) for v in items.values()]
    assert "respondent_refused" not in [str(v) for v in items.values()]
