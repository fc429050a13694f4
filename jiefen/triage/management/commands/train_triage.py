import time
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiefen.triage import registry
from jiefen.triage.dataset import EVAL_PATH, TRAIN_PATH, file_sha256, read_jsonl
from jiefen.triage.model import DEFAULT_KIND, KINDS, TriageModel, evaluate


class Command(BaseCommand):
    help = (
        "Train a triage model version on the licensed rows alone, evaluate it, and switch to it only with "
        "--activate. Writes to JIEFEN_TRIAGE_MODELS_DIR, or to --models-dir (jiefen/triage/models to ship a "
        "model with the code). To learn from staff decisions, use retrain_triage."
    )

    def add_arguments(self, parser):
        parser.add_argument("--train", type=Path, default=TRAIN_PATH)
        parser.add_argument("--eval", type=Path, default=EVAL_PATH)
        parser.add_argument(
            "--models-dir",
            type=Path,
            default=None,
            help="write here, and compare with this directory's active model (default: JIEFEN_TRIAGE_MODELS_DIR)",
        )
        parser.add_argument("--kind", choices=KINDS, default=DEFAULT_KIND)
        parser.add_argument("--activate", action="store_true", help="make the new version the one in use")

    def handle(self, *args, train, eval, models_dir, kind, activate, **options):
        rows, evaluation = read_jsonl(train), read_jsonl(eval)
        if not rows or not evaluation:
            raise CommandError("the training and evaluation sets must both have rows")
        started = time.perf_counter()
        model = TriageModel.train(
            [r["text"] for r in rows], [r["category"] for r in rows], [r["field"] for r in rows], kind
        )
        seconds = round(time.perf_counter() - started, 2)
        figures = evaluate(model, evaluation)
        train_hash = file_sha256(train)
        manifest = {
            "version": registry.new_version(train_hash, models_dir),
            "kind": kind,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "made_by": "train_triage",
            "train": {"path": train.name, "sha256": train_hash, "rows": len(rows)},
            "eval": {"path": eval.name, "sha256": file_sha256(eval), "rows": len(evaluation)},
            "train_seconds": seconds,
            "figures": figures,
        }
        path = registry.save(model, manifest, models_dir)
        self.stdout.write(f"wrote {path} in {seconds} s: {figures}")
        try:
            current = registry.manifest(registry.active_version(models_dir), models_dir)
        except (FileNotFoundError, registry.UnknownVersion):
            current = None
        if current:
            before = current["figures"]
            self.stdout.write(
                f"active {current['version']}: accuracy {before['accuracy']} macro_f1 {before['macro_f1']}"
                f" → new: accuracy {figures['accuracy']} macro_f1 {figures['macro_f1']}"
                + ("" if current["eval"]["sha256"] == manifest["eval"]["sha256"] else " (different evaluation set)")
            )
        if activate:
            registry.activate(manifest["version"], models_dir, reason="train_triage --activate")
            self.stdout.write(f"active model is now {manifest['version']}")
        else:
            self.stdout.write("not activated (pass --activate to switch)")
