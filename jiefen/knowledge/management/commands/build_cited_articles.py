from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from jiefen.knowledge import laws
from jiefen.knowledge.catalogue import citations_of, shipped_items
from jiefen.knowledge.rights import ALL_PROVISIONS


class Command(BaseCommand):
    help = (
        "Write knowledge/data/cited_articles.jsonl: the text of every article cited by the service catalogue "
        "(shipped and in the database), the one-time notice and the deadline rules, taken from the shared "
        "articles.jsonl."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=laws.SOURCE, help="articles.jsonl to read")
        parser.add_argument("--output", type=Path, default=laws.SLICE, help="file to write")
        parser.add_argument(
            "--also", action="append", default=[], metavar="法名:第N条", help="another article to include"
        )
        parser.add_argument("--check", action="store_true", help="write nothing; fail when the file is out of date")

    def handle(self, *args, source, output, also, check, **options):
        if not source.exists():
            raise CommandError(f"No law texts at {source}: give --source /path/to/articles.jsonl.")
        articles = laws.read_articles(source)
        known = {row.short for row in articles}
        try:
            extra = [laws.parse_citation(value) for value in also]
        except ValueError as error:
            raise CommandError(str(error)) from None
        rows, missing = laws.build_slice(articles, wanted_citations(known) + extra)
        if missing:
            raise CommandError("Not in the source: " + "、".join(str(citation) for citation in missing))
        if check:
            current = laws.read_articles(output) if output.exists() else []
            if current != rows:
                raise CommandError(f"{output} is out of date: run manage.py build_cited_articles")
            self.stdout.write(f"{output} is up to date ({len(rows)} articles).")
            return
        laws.write_articles(rows, output)
        laws.cited_articles.cache_clear()
        laws.known_laws.cache_clear()
        self.stdout.write(f"Wrote {len(rows)} articles of {len({row.short for row in rows})} laws to {output}.")


def wanted_citations(known: set[str]) -> list[laws.Citation]:
    """Every article cited anywhere: shipped catalogue, the database's catalogue and deadline rules, the notice."""
    from jiefen.cases.models import DeadlineRule
    from jiefen.knowledge.models import ServiceItem

    found = [citation for item in shipped_items() for citation in citations_of(item)]
    for provision in ALL_PROVISIONS:
        found += [laws.parse_citation(value) for value in provision.basis]
    try:
        for item in ServiceItem.objects.all():
            found += citations_of(item.__dict__)
        for basis in DeadlineRule.objects.values_list("basis", flat=True):
            found += laws.find_citations(basis, known)
    except DatabaseError:
        pass  # no database yet: the shipped files are enough
    return found
