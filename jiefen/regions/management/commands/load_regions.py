"""``manage.py load_regions [PATH] [--prefix 3207] [--write-slice OUT]``: administrative divisions into Region."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiefen.regions.management import divisions


class Command(BaseCommand):
    help = (
        "Load administrative divisions (columns code,name,level,parent_code; 12-digit codes) into Region: the "
        "rows under --prefix and the rows above it. Idempotent: existing codes are updated, nothing is deleted. "
        "With --write-slice, write those rows to a CSV in the same format instead of loading them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default=str(divisions.SHIPPED_SLICE),
            help="divisions CSV (default: the Lianyungang slice shipped in jiefen/regions/data/)",
        )
        parser.add_argument(
            "--prefix", default="3207",
            help="significant digits of the division to load, e.g. 3207 (Lianyungang); 'all' loads every row",
        )
        parser.add_argument("--write-slice", metavar="OUT", help="write the selected rows to OUT and load nothing")

    def handle(self, *args, path, prefix, write_slice, verbosity, **options):
        prefix = None if prefix == "all" else prefix
        started = time.monotonic()
        try:
            rows = divisions.select(divisions.read(path), prefix)
            if write_slice:
                count = divisions.write_slice(rows, write_slice)
                self.stdout.write(f"Wrote {count} divisions to {Path(write_slice)}")
                return
            result = divisions.load(rows, prefix and divisions.check_prefix(prefix))
        except (OSError, divisions.DivisionError) as error:
            raise CommandError(str(error)) from error
        if verbosity:
            self.stdout.write(
                f"Regions from {path}: {result.total} rows, {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged ({time.monotonic() - started:.2f} s)"
            )
