#!/usr/bin/env python
"""The deadline scheduler's pass at one million open cases, on PostgreSQL.

    .venv/bin/python benchmarks/scheduler.py [--cases 1000000] [--passes 5] [--keep]

1. creates a scratch database ``jiefen_bench_<pid>`` (``JIEFEN_BENCH_PG_URL``, default
   postgres://postgres@127.0.0.1:5432/postgres) and migrates it;
2. builds a network of 1 city, 5 counties, 50 townships and 1,000 villages, and loads ``--cases`` open cases with
   COPY: a quarter without a deadline yet (not assigned), most with deadlines spread from 15 to 90 days ahead, a
   backlog of 4 % overdue for weeks whose reminders, overdue marks and escalations were fired long ago (their
   firings loaded too), and the few the pass must touch: deadlines today and tomorrow (reminders), yesterday
   (overdue, and stage 1 to the township) and five working days ago (stage 2 to the county); and a mediation
   session scheduled a month ago for each case in mediation, 400 of them starting within the day (their reminders
   are due). The cursor says the scheduler last swept yesterday;
3. times the first pass (which fires what is due: ``first_pass_s``), EXPLAINs each query of the pass (index or
   table scan), then times ``--passes`` passes more (nothing new to fire: the pass that runs every minute;
   ``pass_s`` is their median), and one full sweep that ignores the cursor (``full_sweep_s``);
4. drops the database (``--keep`` keeps it) and prints one JSON object as its last line.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("JIEFEN_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
COUNTIES, TOWNSHIPS, VILLAGES = 5, 10, 20  # per city, per county, per township
SESSION_REMINDERS_DUE = 400  # sessions starting within the next day, scheduled long before: their reminders fire


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


def build_network():
    """The organisation tree, with one region per organisation. Returns (villages, townships, counties) as lists
    of (organisation id, region id, level)."""
    from jiefen.orgs.models import Organisation
    from jiefen.regions.models import Region

    levels = {"city": [], "county": [], "township": [], "village": []}

    def add(code, name, level, parent):
        region = Region.objects.create(code=code.ljust(12, "0")[:12], name=name, level=level,
                                       parent_id=parent[1] if parent else None)
        org = Organisation.objects.create(
            code=code, name=name, kind="station" if level == "village" else "centre", level=level, region=region,
            parent_id=parent[0] if parent else None,
        )
        entry = (org.pk, region.pk, level)
        levels[level].append(entry)
        return entry

    city = add("9901", "基准市非诉讼服务中心", "city", None)
    for c in range(1, COUNTIES + 1):
        county = add(f"9901{c:02d}", f"基准{c}区非诉讼服务中心", "county", city)
        for t in range(1, TOWNSHIPS + 1):
            township = add(f"9901{c:02d}{t:03d}", f"基准{c}区{t}街道非诉讼服务中心", "township", county)
            for v in range(1, VILLAGES + 1):
                add(f"9901{c:02d}{t:03d}{v:03d}", f"基准{c}-{t}-{v}社区服务站", "village", township)
    return levels


def load(url: str, total: int, today: datetime.date, levels: dict, user_id: int) -> dict:
    """COPY the cases and the backlog's firings. Returns how many of each sort were written."""
    from jiefen.cases.models import Case
    from jiefen.core.calendar import WorkingDays

    rng = random.Random(20261124)
    days = WorkingDays()
    stage2_deadline = days.latest_start_passed(today, 5)
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    defaults = {f.column: f.get_default() for f in fields}
    now = datetime.datetime.now(datetime.UTC)
    defaults.update(registered_by_id=user_id, registered_at=now, updated_at=now, is_group=False, version=0,
                    summary="基准纠纷", description="基准数据", channel="window")
    for column, value in defaults.items():
        if value is None and not Case._meta.get_field(
            next(f.name for f in fields if f.column == column)
        ).null:
            defaults[column] = ""
    villages, townships, counties = levels["village"], levels["township"], levels["county"]
    waiting_assigned = ["assigned", "in_mediation", "failed", "termination_review", "transferred"]
    counts = {"reminder_due": 1500, "overdue_due": 800, "stage2_due": 300, "backlog": int(total * 0.04)}
    special = sum(counts.values())
    counts["no_deadline"] = int(total * 0.25)
    counts["ahead"] = total - special - counts["no_deadline"]
    plan = (
        [("reminder_due", lambda: today + datetime.timedelta(days=rng.randint(0, 1)))] * counts["reminder_due"]
        + [("overdue_due", lambda: today - datetime.timedelta(days=1))] * counts["overdue_due"]
        + [("stage2_due", lambda: stage2_deadline)] * counts["stage2_due"]
        + [("backlog", lambda: today - datetime.timedelta(days=rng.randint(20, 80)))] * counts["backlog"]
        + [("no_deadline", lambda: None)] * counts["no_deadline"]
        + [("ahead", lambda: today + datetime.timedelta(days=rng.randint(15, 90)))] * counts["ahead"]
    )
    rng.shuffle(plan)
    backlog_rows, mediating = [], []
    started = time.perf_counter()
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        with cur.copy(
            sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(Case._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
        ) as copy:
            for n, (sort, deadline_of) in enumerate(plan, start=1):
                roll = rng.random()
                org = rng.choice(villages if roll < 0.8 or sort != "ahead" else townships if roll < 0.95 else counties)
                deadline = deadline_of()
                state = rng.choice(("registered", "triaged", "accepted")) if deadline is None else (
                    "resolved" if sort == "ahead" and rng.random() < 0.05 else rng.choice(waiting_assigned)
                )
                row = dict(defaults, number=f"B-{n:08d}", state=state, handling_org_id=org[0], place_id=org[1],
                           level=org[2], deadline=deadline, deadline_basis="基准期限" if deadline else "")
                copy.write_row([row[c] for c in columns])
                if sort == "backlog":
                    backlog_rows.append((n, deadline, org[0]))
                elif sort == "ahead" and state in ("assigned", "in_mediation"):
                    mediating.append(n)
        conn.commit()
        log(f"{total:,} cases copied in {time.perf_counter() - started:.1f} s")
        # The backlog was handled by earlier passes: its firings exist (ids follow the copy's order).
        cur.execute(sql.SQL("SELECT min(id) FROM {}").format(sql.Identifier(Case._meta.db_table)))
        first_id = cur.fetchone()[0]
        township_of = {v[0]: t for v, t in zip(villages, [t for t in townships for _ in range(VILLAGES)], strict=True)}
        with cur.copy(
            "COPY scheduler_firing (case_id, kind, deadline, stage, organisation_id, due_on, fired_at) FROM STDIN"
        ) as copy:
            for n, deadline, org in backlog_rows:
                case_id = first_id + n - 1
                copy.write_row([case_id, "overdue", deadline, 0, org, deadline, now])
                copy.write_row([case_id, "escalation", deadline, 1, township_of[org][0], deadline, now])
                copy.write_row([case_id, "escalation", deadline, 2, township_of[org][0], deadline, now])
        counts.update(load_session_plans(cur, rng, [first_id + n - 1 for n in mediating], now, user_id))
        cur.execute("INSERT INTO scheduler_cursor (name, swept_through, last_pass_at) VALUES ('deadlines', %s, %s)",
                    (today - datetime.timedelta(days=1), now))
        conn.commit()
        cur.execute("ANALYZE")
    counts["load_s"] = round(time.perf_counter() - started, 1)
    counts["open_cases"] = total
    return counts


def load_session_plans(cur, rng: random.Random, case_ids: list[int], now: datetime.datetime, user_id: int) -> dict:
    """A session scheduled a month ago for each case in mediation, a few starting within the day (their reminders
    are due) and the rest over the next two months."""
    due = min(SESSION_REMINDERS_DUE, len(case_ids) // 10)
    chosen = rng.sample(case_ids, len(case_ids))
    scheduled_at = now - datetime.timedelta(days=30)
    with cur.copy(
        "COPY mediation_sessionplan (case_id, number, starts_at, mode, place, video_link, participants, note, "
        "status, scheduled_by_id, scheduled_by_name, scheduled_at, cancel_reason) FROM STDIN"
    ) as copy:
        for index, case_id in enumerate(chosen):
            hours = rng.uniform(1, 23) if index < due else rng.uniform(48, 60 * 24)
            copy.write_row([case_id, 1, now + datetime.timedelta(hours=hours), "on_site", "基准调解室", "", "双方",
                            "", "scheduled", user_id, "基准", scheduled_at, ""])
    return {"session_plans": len(chosen), "session_due": due}


def explain_pass(today: datetime.date) -> list[str]:
    """The plans of the pass's candidate queries, as the pass would run them now."""
    from jiefen.core.calendar import WorkingDays
    from jiefen.scheduler.models import Firing
    from jiefen.scheduler.services import _waiting

    days = WorkingDays()
    cursor = today - datetime.timedelta(days=1)
    ranges = [
        (Firing.Kind.REMINDER, 0, (today, days.add(today, 1) - datetime.timedelta(days=1))),
        (Firing.Kind.REMINDER, 2, (today, days.add(today, 3) - datetime.timedelta(days=1))),
    ] + [
        (kind, stage, (days.latest_start_passed(cursor - datetime.timedelta(days=1), w) + datetime.timedelta(days=1),
                       days.latest_start_passed(today, w)))
        for kind, stage, w in ((Firing.Kind.OVERDUE, 0, 0), (Firing.Kind.ESCALATION, 1, 0),
                               (Firing.Kind.ESCALATION, 2, 5))
    ]
    return [f"-- {kind} {stage} {bounds}\n" + _waiting(bounds, kind, stage).explain() for kind, stage, bounds in ranges]


def explain_session_reminders() -> str:
    """The plan of the pass's query of the sessions whose reminder is due (jiefen.mediation.reminders)."""
    from django.utils import timezone

    from jiefen.mediation.models import SessionReminder
    from jiefen.mediation.reminders import due_plans

    return due_plans(timezone.now(), SessionReminder.lead()).explain()


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--passes", type=int, default=5, help="warm passes after the first")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    options = parser.parse_args()

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
        levels = build_network()
        user = get_user_model().objects.create(username="bench")
        today = timezone.localdate()
        figures = load(url, options.cases, today, levels, user.pk)

        connection.close()  # the first pass opens a new connection: no plan or catalogue cached in it
        first_s, first = timed(run_pass)
        log(f"first pass: {first_s:.3f} s, {first}")
        connection.cursor().execute("ANALYZE scheduler_firing")
        plans = explain_pass(today)  # the plans of the pass that runs every minute from now on
        for plan in plans:
            log(plan)
        table_scan = any("Seq Scan on cases_case" in plan for plan in plans)
        index_used = all("Index" in plan and "on cases_case" in plan for plan in plans) and not table_scan
        firing_table_scan = any("Seq Scan on scheduler_firing" in plan for plan in plans)
        sessions_plan = explain_session_reminders()
        log(f"-- session reminders\n{sessions_plan}")
        session_index_used = "Index" in sessions_plan and "Seq Scan on mediation_sessionplan" not in sessions_plan
        warm = []
        for _ in range(options.passes):
            seconds, result = timed(run_pass)
            warm.append(seconds)
            log(f"pass: {seconds:.3f} s, {result}")
        find_s, _found = timed(find_due)
        full_s, full = timed(find_due, full=True)
        log(f"find only: {find_s:.3f} s; full sweep (no cursor): {full_s:.3f} s, {len(full)} found")

        summary = {
            "open_cases": figures["open_cases"],
            "pass_s": round(statistics.median(warm), 4),
            "due_found": sum(first.found.values()),
            "reminders_found": first.found["reminder"],
            "overdue_found": first.found["overdue"],
            "escalations_found": first.found["escalation"],
            "session_reminders_found": first.found["session"],
            "fired_first_pass": first.fired_total,
            "first_pass_s": round(first_s, 3),
            "warm_passes_s": [round(s, 4) for s in warm],
            "find_only_s": round(find_s, 4),
            "full_sweep_s": round(full_s, 3),
            "index_used": index_used,
            "table_scan": table_scan,
            "firing_table_scan": firing_table_scan,
            "session_index_used": session_index_used,
            "session_plans": figures["session_plans"],
            "load_s": figures["load_s"],
            "backlog_overdue_cases": figures["backlog"],
            "cases_without_deadline": figures["no_deadline"],
        }
        print(json.dumps(summary), flush=True)
        expected = (figures["reminder_due"] + 2 * figures["overdue_due"] + figures["stage2_due"]
                    + figures["session_due"])
        return 0 if summary["due_found"] == expected and index_used and session_index_used else 1
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
