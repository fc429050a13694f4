import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from jiefen.triage.dataset import EVAL_PATH, TRAIN_PATH
from jiefen.triage.model import KINDS
from jiefen.triage.retraining import BETTER, retrain

ROWS = (("accuracy", "accuracy"), ("macro_f1", "macro-F1"), ("field_accuracy", "field accuracy"))


def moment(value: str) -> datetime.datetime:
    """``--since``: a date (from its start, local time) or a date and time."""
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(f"not a date: {value!r} (YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
        parsed = datetime.datetime.combine(day, datetime.time())
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class Command(BaseCommand):
    help = (
        "Train a new triage model version on the licensed training rows plus the staff decisions taken at the "
        "triage move (the latest decision of each case), score it and the active model on the same evaluation "
        f"set, and switch it on only when it is better: {BETTER}. --force switches it on anyway; --dry-run trains "
        "and reports without writing anything. Versions go to JIEFEN_TRIAGE_MODELS_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--train", type=Path, default=TRAIN_PATH, help="licensed training rows (JSON lines)")
        parser.add_argument("--eval", type=Path, default=EVAL_PATH, help="evaluation rows, never trained on")
        parser.add_argument("--kind", choices=KINDS, help="model variant (default: the active model's kind)")
        parser.add_argument("--since", type=moment, help="only decisions taken at or after this date or time")
        parser.add_argument("--dry-run", action="store_true", help="train and report; write nothing")
        parser.add_argument("--force", action="store_true", help="switch the new version on even if not better")
        parser.add_argument("--by", default="", help="who switches, for the activation log (default: OS user)")
        parser.add_argument("--reason", default="", help="why, for the activation log")

    def handle(self, *args, train, eval, kind, since, dry_run, force, by, reason, **options):
        if dry_run and force:
            raise CommandError("--dry-run writes nothing, so it cannot --force a switch")
        try:
            result = retrain(train, eval, kind=kind, since=since, dry_run=dry_run, force=force, by=by, reason=reason)
        except ValueError as error:
            raise CommandError(str(error)) from error
        manifest, staff = result.manifest, result.manifest["decisions"]
        notes = [
            f"{staff['corrected']} corrected the proposed category or field",
            f"{staff['without_proposal']} had no proposal",
        ]
        if staff["max_id"] is not None:
            notes.append(f"up to decision #{staff['max_id']}")
        if staff["since"]:
            notes.append(f"since {staff['since']}")
        self.stdout.write(
            f"training: {manifest['train']['rows']} licensed rows ({train.name}) + {staff['rows']} staff decisions"
            f" ({', '.join(notes)})"
        )
        self.stdout.write(
            f"evaluation: {manifest['eval']['rows']} rows ({eval.name}); trained {manifest['kind']} in"
            f" {manifest['train_seconds']} s"
        )
        old = result.active_figures or {}
        columns = [f"active {result.active or '(none)'}", f"new {manifest['version']}"]
        width = max(len(c) for c in columns) + 2
        self.stdout.write(f"\n{'':16}{columns[0]:<{width}}{columns[1]}")
        for key, label in ROWS:
            self.stdout.write(f"{label:16}{old.get(key, '—')!s:<{width}}{result.figures[key]}")
        self.stdout.write(f"\nbetter: {'yes' if result.better else 'no'} ({BETTER})")
        if dry_run:
            self.stdout.write("dry run: nothing written, nothing switched")
            return
        self.stdout.write(f"wrote {result.written}")
        if result.activation:
            self.stdout.write(self.style.SUCCESS(f"active model is now {manifest['version']}"))
        else:
            self.stdout.write(
                f"not activated: {result.active} stays active (pass --force, or later: manage.py triage_models"
                f" --activate {manifest['version']})"
            )
