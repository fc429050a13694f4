from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiefen.knowledge import laws
from jiefen.knowledge.library import LibraryError, load_library


class Command(BaseCommand):
    help = "Load the law library (knowledge/data/laws/articles.jsonl) into the database; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=laws.LIBRARY, help="articles.jsonl to read")
        parser.add_argument("--law", action="append", default=[], metavar="SHORT", help="only this law (repeatable)")

    def handle(self, *args, source, law, **options):
        if not source.exists():
            raise CommandError(f"No law texts at {source}.")
        rows = [row for row in laws.read_articles(source) if not law or row.short in law]
        if law and not rows:
            raise CommandError("No such law in the source: " + "、".join(law))
        try:
            report = load_library(rows)
        except LibraryError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Law library: {report.laws_added} law versions and {report.articles_added} articles added, "
            f"{report.articles_unchanged} articles already loaded."
        )
