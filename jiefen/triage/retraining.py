"""Learning from staff (issue 5): a new model version trained on the licensed rows plus what staff chose at the
triage move, measured beside the active model on the same evaluation set, and switched on only when better.

Staff decisions are ``TriageDecision`` rows (one per triage move, append-only). Training takes one row per case,
its latest decision: the text the proposal read, and the category and field staff chose. A decision whose text is
blank is skipped. "Corrected" counts the decisions whose category or field differ from the proposal (what the
classifier proposes); an accepted proposal still confirms its label and trains too.

``BETTER``: the new model is better when its accuracy and its macro-F1 on the evaluation set are both not lower
than the active model's, and at least one is higher (figures rounded to four places, as ``model.scores`` gives
them). Field accuracy is shown but does not decide.
"""

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jiefen.triage import registry
from jiefen.triage.dataset import file_sha256, read_jsonl
from jiefen.triage.model import DEFAULT_KIND, TriageModel, evaluate
from jiefen.triage.models import TriageDecision

BETTER = "accuracy and macro-F1 both not lower than the active model's, at least one higher"


@dataclass
class StaffRows:
    """The staff decisions a version learns from, and what identifies them in its manifest."""

    rows: list[dict]
    corrected: int = 0
    without_proposal: int = 0
    max_id: int | None = None
    sha256: str = ""
    since: str | None = None

    def summary(self) -> dict:
        return {
            "rows": len(self.rows),
            "corrected": self.corrected,
            "without_proposal": self.without_proposal,
            "max_id": self.max_id,
            "sha256": self.sha256,
            "since": self.since,
        }


def staff_rows(since: datetime | None = None) -> StaffRows:
    """One training row per case: the latest of its decisions (made at or after ``since``, when given)."""
    decisions = TriageDecision.objects.order_by("case_id", "-decided_at", "-id").values(
        "id", "case_id", "text", "category", "field", "differs", "proposal_id"
    )
    if since is not None:
        decisions = decisions.filter(decided_at__gte=since)
    latest: dict[int, dict] = {}
    for decision in decisions.iterator(chunk_size=2000):
        latest.setdefault(decision["case_id"], decision)
    used = sorted(
        (d for d in latest.values() if d["text"].strip() and d["category"] and d["field"]), key=lambda d: d["id"]
    )
    rows = [{"id": d["id"], "text": d["text"].strip(), "category": d["category"], "field": d["field"]} for d in used]
    digest = hashlib.sha256(
        json.dumps([[r["id"], r["category"], r["field"], r["text"]] for r in rows], ensure_ascii=False).encode()
    ).hexdigest()
    return StaffRows(
        rows=rows,
        corrected=sum(1 for d in used if {"category", "field"} & set(d["differs"] or ())),
        without_proposal=sum(1 for d in used if d["proposal_id"] is None),
        max_id=used[-1]["id"] if used else None,
        sha256=digest,
        since=since.isoformat() if since else None,
    )


def is_better(new: dict, old: dict | None) -> bool:
    """``BETTER``; anything is better than no active model at all."""
    if old is None:
        return True
    keys = ("accuracy", "macro_f1")
    return all(new[k] >= old[k] for k in keys) and any(new[k] > old[k] for k in keys)


@dataclass
class Retraining:
    manifest: dict
    active: str | None
    active_figures: dict | None
    better: bool
    model: object = field(repr=False, default=None)
    written: Path | None = None
    activation: dict | None = None

    @property
    def figures(self) -> dict:
        return self.manifest["figures"]


def active_kind() -> str:
    try:
        return registry.manifest(registry.active_version()).get("kind", DEFAULT_KIND)
    except (FileNotFoundError, registry.UnknownVersion):
        return DEFAULT_KIND


def retrain(
    train: Path,
    evaluation_path: Path,
    *,
    kind: str | None = None,
    since: datetime | None = None,
    dry_run: bool = False,
    force: bool = False,
    by: str = "",
    reason: str = "",
) -> Retraining:
    """Train a version on ``train``'s rows plus the staff rows, score it and the active model on
    ``evaluation_path``, keep it (unless ``dry_run``) and switch it on when better (or ``force``)."""
    licensed, evaluation = read_jsonl(train), read_jsonl(evaluation_path)
    if not licensed or not evaluation:
        raise ValueError("the training and evaluation sets must both have rows")
    staff = staff_rows(since)
    kind = kind or active_kind()
    rows = [*licensed, *staff.rows]
    started = time.perf_counter()
    model = TriageModel.train(
        [r["text"] for r in rows], [r["category"] for r in rows], [r["field"] for r in rows], kind
    )
    seconds = round(time.perf_counter() - started, 2)
    figures = evaluate(model, evaluation)

    try:
        active = registry.active_version()
        active_figures = evaluate(registry.load(active), evaluation)
    except (FileNotFoundError, registry.UnknownVersion):
        active, active_figures = None, None
    better = is_better(figures, active_figures)

    train_hash = file_sha256(train)
    manifest = {
        "version": registry.new_version(hashlib.sha256(f"{train_hash}:{staff.sha256}".encode()).hexdigest()),
        "kind": kind,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "made_by": "retrain_triage",
        "train": {"path": train.name, "sha256": train_hash, "rows": len(licensed)},
        "decisions": staff.summary(),
        "eval": {"path": evaluation_path.name, "sha256": file_sha256(evaluation_path), "rows": len(evaluation)},
        "train_seconds": seconds,
        "figures": figures,
        "compared_with": {"version": active, "figures": active_figures, "better": better},
    }
    result = Retraining(manifest, active, active_figures, better, model)
    if dry_run:
        return result
    result.written = registry.save(model, manifest)
    if better or force:
        why = reason or (
            f"retrain_triage: better than {active} ({BETTER})"
            if better
            else f"retrain_triage --force: not better than {active}"
        )
        result.activation = registry.activate(manifest["version"], by=by, reason=why)
    return result
