#!/usr/bin/env python
"""The deadline scheduler's pass at one million open cases and years of history, on PostgreSQL.

    .venv/bin/python benchmarks/scheduler.py [--cases 1000000] [--closed N] [--years 3] [--passes 5] [--keep]

1. creates a scratch database ``jiefen_bench_<pid>`` (``JIEFEN_BENCH_PG_URL``, default
   postgres://postgres@127.0.0.1:5432/postgres) and migrates it;
2. builds a network of 1 city, 5 counties (each with its basic court), 50 townships and 1,000 villages, and loads
   with COPY (benchmarks/scheduler_data.py): ``--cases`` open cases (a quarter without a deadline yet, most with
   deadlines weeks ahead, a backlog overdue for weeks, and the few deadlines the pass must touch today), a session
   for each case in mediation; ``--closed`` closed cases (40 % of the open ones by default) spread over ``--years``
   with their agreements, applications for judicial confirmation and follow-up visits; a respondent contact clock
   for every case ever assigned; and the firings the earlier passes wrote for all of it. Only what falls due today
   is left to fire. The cursor says the scheduler last swept yesterday;
3. times the first pass (which fires what is due: ``first_pass_s``), EXPLAINs every query of each of the pass's
   reads (deadlines, judicial confirmation windows, respondent steps, follow-up visits, session reminders), then
   times ``--passes`` passes more (nothing new to fire: the pass that runs every minute; ``pass_s`` is their
   median), each read on its own (``read_s``), and one full sweep that ignores the cursor (``full_sweep_s``);
4. drops the database (``--keep`` keeps it) and prints one JSON object as its last line.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("JIEFEN_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# The tables that grow with the platform: a pass must never read one whole.
GROWING = {
    "cases_case", "cases_agreement", "agreements_courtapplication", "scheduler_firing", "respondent_respondentclock",
    "followups_followup", "followups_visit", "mediation_sessionplan", "cases_party", "cases_caseevent",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def database_url(name: str) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(PG_URL)._replace(path=f"/{name}"))


def setup_django(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "jiefen.settings", "JIEFEN_DATABASE_URL": url, "JIEFEN_DEBUG": "false",
        "JIEFEN_SECRET_KEY": os.environ.get("JIEFEN_SECRET_KEY", "benchmark-only"),
        "JIEFEN_PII_KEY": os.environ.get("JIEFEN_PII_KEY", "benchmark-only-personal-data-key-000000"),
        "JIEFEN_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
    })
    import django

    django.setup()


def explain(statement: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + statement)
        return "\n".join(row[0] for row in cursor.fetchall())


def plans_of_reads() -> dict[str, list[tuple[str, str]]]:
    """Each read of the pass as it runs now, with the (SQL, plan) of every query it makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jiefen.scheduler.services import reads

    plans = {}
    for source, read in reads():
        with CaptureQueriesContext(connection) as queries:
            read()
        plans[source] = [(q["sql"], explain(q["sql"])) for q in queries.captured_queries
                         if q["sql"].lstrip().upper().startswith("SELECT")]
    return plans


def whole_table_reads(plan: str) -> set[str]:
    return {table for table in re.findall(r"Seq Scan on (\w+)", plan) if table in GROWING}


def time_reads(rounds: int, *, full: bool = False) -> dict[str, float]:
    """The median time of each read of the pass over ``rounds`` finds (nothing fired)."""
    from jiefen.scheduler.services import reads

    times = defaultdict(list)
    for _ in range(rounds):
        for source, read in reads(full=full):
            seconds, _found = timed(read)
            times[source].append(seconds)
    return {source: round(statistics.median(seconds), 4) for source, seconds in times.items()}


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000, help="open cases")
    parser.add_argument("--closed", type=int, help="closed cases (default: 40 %% of --cases)")
    parser.add_argument("--years", type=int, default=3, help="of history the closed cases spread over")
    parser.add_argument("--passes", type=int, default=5, help="warm passes after the first")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    options = parser.parse_args()
    closed = int(options.cases * 0.4) if options.closed is None else options.closed

    name = f"jiefen_bench_{os.getpid()}"
    url = database_url(name)
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        setup_django(url)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from jiefen.scheduler.services import find_due, run_pass

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        log(f"database {name} migrated in {time.perf_counter() - started:.1f} s")
        import scheduler_data  # the models are ready now

        levels = scheduler_data.build_network()
        user = get_user_model().objects.create(username="bench")
        platform = scheduler_data.Platform(url, timezone.localdate(), levels, user.pk, options.years, log)
        figures = scheduler_data.load(platform, options.cases, closed)
        log(f"loaded in {figures['load_s']} s: " + ", ".join(f"{k} {v:,}" for k, v in figures.items()
                                                             if isinstance(v, int)))

        connection.close()  # the first pass opens a new connection: no plan or catalogue cached in it
        first_s, first = timed(run_pass)
        log(f"first pass: {first_s:.3f} s, {first}")
        connection.cursor().execute("ANALYZE scheduler_firing")
        plans = plans_of_reads()  # the plans of the pass that runs every minute from now on
        for source, queries in plans.items():
            for statement, plan in queries:
                log(f"-- {source}: {statement[:200]}{'…' if len(statement) > 200 else ''}\n{plan}")
        scans = {source: sorted(set().union(*(whole_table_reads(plan) for _sql, plan in queries)))
                 for source, queries in plans.items()}
        every_plan = [plan for queries in plans.values() for _sql, plan in queries]
        table_scan = any("Seq Scan on cases_case" in plan for plan in every_plan)
        index_used = not table_scan and all(
            "Index" in plan for _sql, plan in plans["deadlines"] if "cases_case" in plan
        )
        session_plans = [plan for _sql, plan in plans["session"] if "mediation_sessionplan" in plan]
        session_index_used = bool(session_plans) and all(
            "Index" in plan and "Seq Scan on mediation_sessionplan" not in plan for plan in session_plans
        )
        warm = []
        for _ in range(options.passes):
            seconds, result = timed(run_pass)
            warm.append(seconds)
            log(f"pass: {seconds:.3f} s, {result}")
        read_s = time_reads(options.passes)
        log(f"each read (median of {options.passes}): {read_s}")
        find_s, _found = timed(find_due)
        full_read_s = time_reads(1, full=True)
        full_s = sum(full_read_s.values())
        log(f"find only: {find_s:.3f} s; full sweep (no cursor): {full_s:.3f} s, {full_read_s}")

        found = first.found
        summary = {
            "open_cases": figures["open_cases"],
            "pass_s": round(statistics.median(warm), 4),
            "due_found": sum(found.values()),
            "reminders_found": found["reminder"],
            "overdue_found": found["overdue"],
            "escalations_found": found["escalation"],
            "session_reminders_found": found["session"],
            "window_warnings_found": found["window"],
            "respondent_steps_found": found["respondent"],
            "follow_ups_found": found["followup"],
            "fired_first_pass": first.fired_total,
            "first_pass_s": round(first_s, 3),
            "warm_passes_s": [round(s, 4) for s in warm],
            "read_s": read_s,
            "read_queries": {source: len(queries) for source, queries in plans.items()},
            "whole_table_reads": scans,
            "find_only_s": round(find_s, 4),
            "full_sweep_s": round(full_s, 3),
            "full_sweep_read_s": full_read_s,
            "index_used": index_used,
            "table_scan": table_scan,
            "firing_table_scan": any("Seq Scan on scheduler_firing" in plan for plan in every_plan),
            "session_index_used": session_index_used,
            "session_plans": figures["session_plans"],
            "load_s": figures["load_s"],
            "backlog_overdue_cases": figures["backlog"],
            "cases_without_deadline": figures["no_deadline"],
            "closed_cases": figures["closed_cases"],
            "agreements": figures["agreements"],
            "court_applications": figures["court_applications"],
            "respondent_clocks": figures["clocks"],
            "clocks_unanswered": figures["clocks_unanswered"],
            "follow_ups": figures["follow_ups"],
            "follow_up_visits_done": figures["visits"],
            "firings_loaded": 3 * figures["backlog"] + figures["history_firings"],
        }
        expected = {
            "deadlines": figures["deadline_due"], "window": figures["window_due"],
            "respondent": figures["respondent_due"], "followup": figures["follow_up_due"],
            "session": figures["session_due"],
        }
        summary["due_expected"] = sum(expected.values())
        print(json.dumps(summary, ensure_ascii=False), flush=True)
        if summary["due_found"] != summary["due_expected"]:
            log(f"found {dict(found)}, expected {expected}")
        return 0 if (summary["due_found"] == summary["due_expected"] and index_used and session_index_used
                     and not any(scans.values())) else 1
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:
            pass
        if options.keep:
            log(f"kept database {name}")
        else:
            with psycopg.connect(PG_URL, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


if __name__ == "__main__":
    sys.exit(main())
