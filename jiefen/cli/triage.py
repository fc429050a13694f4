"""`jiefen triage IN.jsonl`: one JSON line out per good input line; bad lines reported on stderr and skipped
(the exit status stays 0: a batch with some bad lines has still run).

Input: ``id`` and ``facts``; optional ``date`` (ISO, the day the dispute came in: unpaid wages turn orange before
holidays) and ``amount`` (yuan). Output: id, category, subcategory, field, complexity, risk, risk_signals, method,
statutes, explanation. The classifier and the risk and complexity rules need no database. ``subcategory`` is
always empty: the civil case-cause taxonomy (案由) is not available in a reliable text, and an empty field is
better than an invented one. ``statutes`` come from the law library in the database: Django is set up for them,
and when it cannot be, or no library is loaded, the list is empty and stderr says so once.
"""

import datetime
import json
import os
from decimal import Decimal, InvalidOperation

BATCH = 256
STATUTES = 10


def register(commands) -> None:
    parser = commands.add_parser("triage", help="classify disputes from JSON lines with id and facts")
    parser.add_argument("input", help="JSON lines file, or - for standard input")
    parser.set_defaults(run=run)


def _parse(line: str) -> tuple[str, str, dict]:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    facts = record.get("facts")
    if "id" not in record or not isinstance(facts, str) or not facts.strip():
        raise ValueError("needs an id and non-empty facts text")
    extra = {}
    if record.get("date"):
        extra["date"] = datetime.date.fromisoformat(str(record["date"])[:10])
    if record.get("amount") not in (None, ""):
        try:
            extra["amount"] = Decimal(str(record["amount"]))
        except InvalidOperation:
            raise ValueError("amount is not a number") from None
    return record["id"], facts, extra


def _django_ready() -> bool:
    from django.apps import apps

    return apps.ready


def statute_ranker(stderr):
    """The law library's ranking when Django is set up (or can be) and a library is loaded; else None, said once."""
    try:
        if not _django_ready():
            import django

            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiefen.settings")
            django.setup()
        from jiefen.knowledge.search import library_index

        index = library_index()  # once for the batch: no per-line check that the library changed
        if not index.rows:
            raise LookupError("no law library is loaded in the database (manage.py load_laws)")
        return index.rank
    except Exception as error:  # no settings, no database, no tables: the rest of the output still stands
        stderr.write(f"statutes: left empty for every line: {error}\n")
        return None


def run(arguments, stdin, stdout, stderr) -> int:
    from jiefen.triage.classifier import classify_many
    from jiefen.triage.complexity import grade
    from jiefen.triage.methods import default_method
    from jiefen.triage.risk import assess, festival_ahead

    ranker = statute_ranker(stderr)
    use_calendar = ranker is not None  # the holiday calendar lives in the same database
    today = datetime.date.today()
    festivals: dict[datetime.date, tuple | None] = {}
    pending: list[tuple[str, str, dict]] = []

    def festival(day: datetime.date):
        if day not in festivals:
            festivals[day] = festival_ahead(day, use_calendar=use_calendar)
        return festivals[day]

    def flush():
        for (case_id, facts, extra), result in zip(
            pending, classify_many([facts for _, facts, _ in pending]), strict=True
        ):
            risk = assess(facts, amount=extra.get("amount"), festival=festival(extra.get("date", today)))
            complexity = grade(result.category, facts, amount=extra.get("amount"), risk=risk.colour)
            statutes = [r.citation for r in ranker(facts, STATUTES, result.category)] if ranker else []
            output = {
                "id": case_id,
                "category": result.category,
                "subcategory": "",
                "field": result.field,
                "complexity": complexity.grade,
                "risk": risk.colour,
                "risk_signals": risk.names,
                "method": default_method(result.category),
                "statutes": statutes,
                "explanation": "。".join(
                    (result.explanation(), risk.explanation(), complexity.explanation())
                ),
            }
            stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
        pending.clear()

    source = stdin if arguments.input == "-" else open(arguments.input, encoding="utf-8")
    with source:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                pending.append(_parse(line))
            except (ValueError, TypeError) as error:
                stderr.write(f"line {number}: skipped ({error})\n")
                continue
            if len(pending) >= BATCH:
                flush()
        flush()
    return 0
