from pathlib import Path

from django.core.management.base import BaseCommand

from jiefen.triage.dataset import EVAL_PATH, TRAIN_PATH, read_jsonl, split_sources, write_jsonl


class Command(BaseCommand):
    help = "Rebuild jiefen/triage/data/{train.jsonl,eval/eval.jsonl} from the shared labelled set."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the shared train.jsonl (../shared/data/cases/train.jsonl)")

    def handle(self, *args, source, **options):
        train, evaluation, dropped = split_sources(read_jsonl(source))
        write_jsonl(TRAIN_PATH, train)
        write_jsonl(EVAL_PATH, evaluation)
        self.stdout.write(f"train {len(train)} rows ({sum(bool(r['relabelled_by']) for r in train)} relabelled)")
        self.stdout.write(f"eval {len(evaluation)} rows")
        for reason, count in sorted(dropped.items()):
            self.stdout.write(f"dropped {count}: {reason}")
