"""The gold risk colours of the evaluation set (data/eval/risk_labels.jsonl): they belong to its rows, use the
four colours, say why, and stay out of the package. The labels are research-derived: measurement only."""

import json
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from jiefen.core.taxonomy import Risk
from jiefen.triage.dataset import EVAL_PATH, RISK_LABELS_PATH, read_jsonl, text_digest, with_risk_labels

REPO = Path(__file__).resolve().parents[2]


def test_every_risk_label_names_an_evaluation_row_and_a_colour():
    labels = read_jsonl(RISK_LABELS_PATH)
    rows = {row["id"]: row for row in read_jsonl(EVAL_PATH)}
    ids = [label["id"] for label in labels]
    assert len(ids) == len(set(ids)), "one label per row"
    assert set(ids) <= set(rows), "every labelled id is a row of eval.jsonl"
    for label in labels:
        assert label["risk"] in Risk.values
        assert label["reason"].strip(), "each label says why"
        assert label["chosen"] in {"search", "sample"}
        assert label["text_sha"] == text_digest(rows[label["id"]]["text"]), "read on this very text"
    colours = Counter(label["risk"] for label in labels)
    assert colours[Risk.RED] and colours[Risk.ORANGE], "the benchmark measures red and orange"


def test_the_labels_join_onto_the_evaluation_rows():
    rows = with_risk_labels(read_jsonl(EVAL_PATH))
    labelled = [row for row in rows if "risk" in row]
    assert len(labelled) == len(read_jsonl(RISK_LABELS_PATH))
    assert len(rows) == len(read_jsonl(EVAL_PATH))


def test_a_label_read_on_another_text_is_refused(tmp_path):
    rows = [{"id": "t1", "text": "邻居扬言要烧我家房子"}, {"id": "t2", "text": "朋友借钱不还"}]
    labels = tmp_path / "risk_labels.jsonl"
    label = {"id": "t1", "text_sha": text_digest("另一段文字"), "risk": "橙", "reason": "威胁", "chosen": "search"}
    labels.write_text(json.dumps(label, ensure_ascii=False) + "\n", "utf-8")
    with pytest.raises(ValueError, match="no longer match"):
        with_risk_labels(rows, labels)
    labels.write_text(json.dumps({**label, "text_sha": text_digest(rows[0]["text"])}, ensure_ascii=False), "utf-8")
    assert [row.get("risk") for row in with_risk_labels(rows, labels)] == ["橙", None]


def test_the_research_only_evaluation_data_is_not_packaged():
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert "data/eval/*" in project["tool"]["setuptools"]["exclude-package-data"]["*"]
