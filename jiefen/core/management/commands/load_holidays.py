from pathlib import Path

from django.core.management.base import BaseCommand

from jiefen.core.calendar import SHIPPED_HOLIDAYS, load_holidays


class Command(BaseCommand):
    help = "Load public holidays and adjusted working days from a CSV (date,kind,name), e.g. a new year's notice."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, default=SHIPPED_HOLIDAYS)

    def handle(self, *args, path, **options):
        count = load_holidays(path)
        self.stdout.write(f"Loaded {count} calendar days from {path}.")
