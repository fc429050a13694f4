from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiefen.knowledge import laws, priors
from jiefen.triage.dataset import TRAIN_PATH


class Command(BaseCommand):
    help = "Count the statutes cited by the licensed triage training rows into knowledge/data/statute_priors.json."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=TRAIN_PATH, help="triage training rows (JSON lines)")
        parser.add_argument("--out", type=Path, default=priors.PRIORS_PATH, help="where to write the counts")

    def handle(self, *args, source, out, **options):
        if not source.exists():
            raise CommandError(f"No training rows at {source}.")
        built = priors.build(source, out, set(laws.known_laws()))
        self.stdout.write(
            f"Statute priors: {sum(built.laws.values())} citations of {len(built.laws)} laws "
            f"in {len(built.by_category)} categories → {out}"
        )
