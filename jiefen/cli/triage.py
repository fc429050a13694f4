"""`jiefen triage IN.jsonl`: one JSON line out per good input line; bad lines reported on stderr and skipped
(the exit status stays 0: a batch with some bad lines has still run).

The classifier needs neither Django settings nor a database, so none is set up here. The other proposal fields
of issue 5 (subcategory, complexity, risk, method, statutes) join the output when their rules exist.
"""

import json

BATCH = 256


def register(commands) -> None:
    parser = commands.add_parser("triage", help="classify disputes from JSON lines with id and facts")
    parser.add_argument("input", help="JSON lines file, or - for standard input")
    parser.set_defaults(run=run)


def _parse(line: str) -> tuple[str, str]:
    record = json.loads(line)
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    facts = record.get("facts")
    if "id" not in record or not isinstance(facts, str) or not facts.strip():
        raise ValueError("needs an id and non-empty facts text")
    return record["id"], facts


def run(arguments, stdin, stdout, stderr) -> int:
    from jiefen.triage.classifier import classify_many

    pending: list[tuple[str, str]] = []

    def flush():
        for (case_id, _), result in zip(pending, classify_many([facts for _, facts in pending]), strict=True):
            output = {
                "id": case_id,
                "category": result.category,
                "field": result.field,
                "explanation": result.explanation(),
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
