"""The law library (法律法规库): the shipped article texts loaded into ``Law`` and ``Article`` rows.

Loading is idempotent and never deletes or rewrites: a law version is identified by its short name and effective
date, and an article by its version and number. A later text of a law comes as rows with a later ``effective``
date and is loaded beside the old one; ``Law.objects.in_force()`` then picks it. A file that gives the same
version a different text is refused, because changing the words of a version in force would change what earlier
proposals and documents quoted.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.db import transaction

from jiefen.knowledge import laws, search
from jiefen.knowledge.models import Article, Law


class LibraryError(Exception):
    pass


@dataclass
class LoadReport:
    laws_added: int = 0
    articles_added: int = 0
    articles_unchanged: int = 0


def load_library(rows: Iterable[laws.Article] | None = None) -> LoadReport:
    """Load article rows (by default the whole shipped library) that are not in the database yet."""
    rows = laws.read_articles() if rows is None else list(rows)
    report = LoadReport()
    with transaction.atomic():
        for order, ((short, effective), group) in enumerate(groupby(rows, key=lambda r: (r.short, r.effective))):
            group = list(group)
            law, created = Law.objects.get_or_create(
                short=short,
                effective=datetime.date.fromisoformat(effective),
                defaults={"title": group[0].law, "order": order},
            )
            report.laws_added += created
            present = {a.number: (a.label, a.chapter, a.text) for a in law.articles.all()}
            for row in group:
                if row.article in present and present[row.article] != (row.label, row.chapter, row.text):
                    raise LibraryError(
                        f"{row.citation} ({effective}) differs from the loaded text; a new text needs a new "
                        "effective date."
                    )
            new = [
                Article(law=law, number=r.article, label=r.label, chapter=r.chapter, text=r.text)
                for r in group
                if r.article not in present
            ]
            Article.objects.bulk_create(new)
            report.articles_added += len(new)
            report.articles_unchanged += len(group) - len(new)
    search.reset()
    return report
