"""``manage.py load_demo [--quiet]``: the demo city of Lianyungang, its network, staff and cases. Idempotent."""

import time
import unicodedata
from collections import Counter

from django.core.management.base import BaseCommand
from django.utils import translation

from jiefen.demo.build import demo_logins, load_demo
from jiefen.demo.network import PASSWORD


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(str(cell), width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Load the demo: the divisions of Lianyungang (连云港市), a non-litigation network on them (centres, court "
        "sub-centres, village stations, arbitration, mediation committees, notary, lawyers' studio), demo staff and "
        "mediators, and a few dozen cases in every state. Does nothing when the demo is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="print nothing (errors aside)")

    def handle(self, *args, quiet, **options):
        started = time.monotonic()
        result = load_demo()
        if quiet:
            return
        elapsed = time.monotonic() - started
        if result.already_present:
            self.stdout.write(f"The demo is already loaded; nothing to do ({elapsed:.2f} s).")
        else:
            states = Counter(case.state for case in result.cases)
            self.stdout.write(
                f"Demo loaded in {elapsed:.1f} s: {result.regions.total} regions ({result.regions.created} new), "
                f"{result.organisations} organisations, {len(result.cases)} cases "
                f"({', '.join(f'{state} {count}' for state, count in sorted(states.items()))})."
            )
        with translation.override("zh-hans"):
            logins = demo_logins()
        self.stdout.write("")
        self.stdout.write("Demo logins (password for every user: " + PASSWORD + "):")
        self.stdout.write(table(("username", "name", "organisation", "post"), logins))
