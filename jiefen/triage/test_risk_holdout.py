"""The held-out gold risk colours (data/eval/risk_holdout.jsonl): well-formed rows in the four colours, each saying
why, and texts that no evaluation or training row repeats, so the rules were not tuned on them. Research-derived:
measurement only, never shipped (test_eval_labels checks data/eval/* is left out of the package)."""

from collections import Counter

from jiefen.core.taxonomy import Risk
from jiefen.triage.dataset import EVAL_PATH, RISK_HOLDOUT_PATH, TRAIN_PATH, Overlap, read_jsonl, risk_holdout


def test_the_held_out_rows_are_well_formed():
    rows = risk_holdout()
    assert rows, f"{RISK_HOLDOUT_PATH} is read by the benchmark"
    assert len({row["id"] for row in rows}) == len(rows), "one row per id"
    assert len({row["text"] for row in rows}) == len(rows), "no text twice"
    for row in rows:
        assert set(row) == {"id", "text", "risk", "reason", "chosen", "source"}
        assert row["text"].strip() and row["reason"].strip(), "a text, and why it has its colour"
        assert row["risk"] in Risk.values
        assert row["chosen"] in {"search", "sample"}
        assert row["source"].startswith("AndrewZhe/lawyer-llama:data/")
    colours = Counter(row["risk"] for row in rows)
    assert colours[Risk.RED] and colours[Risk.ORANGE], "the benchmark measures red and orange"


def test_no_held_out_text_repeats_an_evaluation_or_training_row():
    seen = [row["text"] for row in read_jsonl(EVAL_PATH)] + [row["text"] for row in read_jsonl(TRAIN_PATH)]
    overlap = Overlap(seen)
    exact, prefixes = set(seen), {text[:30] for text in seen}
    for row in risk_holdout():
        assert row["text"] not in exact and row["text"][:30] not in prefixes, row["id"]
        assert not overlap.hits(row["text"]), f"{row['id']} is a near-duplicate of a row already used"
