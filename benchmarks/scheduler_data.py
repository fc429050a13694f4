"""The data of the scheduler benchmark (benchmarks/scheduler.py): a platform with ``--cases`` open cases and
``--years`` of history, loaded with COPY. Imported once Django is set up.

Each loader returns the rows it wrote and, under ``*_due``, how many firings the pass must find due today, counted
from the data by the rules the pass follows; everything that fell due before today has its firing loaded, as the
earlier passes would have written it (so ``due_found`` is checked against the data, not against itself).
"""

import datetime
import random
import time
import types
from functools import cache

import psycopg
from psycopg import sql

from jiefen.agreements.models import CourtApplication, WindowWarning
from jiefen.agreements.services import AGREED_STATES, window_closes_on
from jiefen.cases.models import Case, State
from jiefen.core.calendar import WorkingDays
from jiefen.followups.models import FollowUpPlan
from jiefen.orgs.models import Organisation
from jiefen.regions.models import Region
from jiefen.respondent.models import ContactStep
from jiefen.respondent.services import CLOCK_STATES
from jiefen.scheduler.models import Firing

COUNTIES, TOWNSHIPS, VILLAGES = 5, 10, 20  # per city, per county, per township
SESSION_REMINDERS_DUE = 400  # sessions starting within the next day, scheduled long before: their reminders fire
# The open cases were assigned (their respondent clocks started) over the last half year: those in mediation in the
# last two months up to yesterday (today's first step fired minutes after each assignment, like the day's sessions'
# reminders), those past it (failed, transferred, under termination review, resolved) at least two weeks ago.
CLOCK_DAYS, MEDIATION_DAYS, PAST_MEDIATION_DAYS = 180, 60, 15
UNANSWERED = 0.1  # of the respondent clocks: nobody ever answered (every step fired)
# Working days from the clock's start to the respondent's answer, and how often (the rest: UNANSWERED).
ANSWER_DELAYS, ANSWER_WEIGHTS = (0, 1, 2, 3, 4, 6, 9), (30, 25, 20, 10, 6, 5, 4)
TERMINATED = 0.05  # of the closed cases: terminated after the termination review, no agreement
AGREED = 0.85  # of the others: closed on an agreement (the rest after a failure, referred on)
APPLIED = 0.5  # of the agreements: a joint application for judicial confirmation
VISITED = 0.85  # of the follow-up visits due before today: done (all were fired on their day)
# What became of an application, while the window is still open and once it has closed.
OPEN_WINDOW = {"prepared": 15, "filed": 35, "accepted": 30, "confirmed": 20}
CLOSED_WINDOW = {"confirmed": 80, "refused": 5, "withdrawn": 5, "prepared": 10}


@cache
def at(day: datetime.date, hour: int) -> str:
    """A moment of ``day`` in the platform's time zone, as COPY reads it."""
    return f"{day.isoformat()} {hour:02d}:00:00+08"


def copy_rows(cur, table: str, columns: list[str], rows) -> int:
    written = 0
    with cur.copy(
        sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
    ) as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


def reset_sequence(cur, table: str) -> None:
    """After a COPY with explicit ids: the next row the app writes takes the next id."""
    cur.execute(sql.SQL("SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM {}))").format(
        sql.Identifier(table)), (table,))


def build_network():
    """The organisation tree, with one region per organisation, and a basic court in each county. Returns the
    levels' lists of (organisation id, region id, level), and ``court`` the courts' (id, name)."""
    levels = {"city": [], "county": [], "township": [], "village": [], "court": []}

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
        court = Organisation.objects.create(code=f"9901{c:02d}-court", name=f"基准{c}区人民法院", kind="court",
                                            level="county", region_id=county[1])
        levels["court"].append((court.pk, court.name))
        for t in range(1, TOWNSHIPS + 1):
            township = add(f"9901{c:02d}{t:03d}", f"基准{c}区{t}街道非诉讼服务中心", "township", county)
            for v in range(1, VILLAGES + 1):
                add(f"9901{c:02d}{t:03d}{v:03d}", f"基准{c}-{t}-{v}社区服务站", "village", township)
    return levels


class Platform:
    """What the loaders share: the calendar, the rules as the database ships them, the case row's template."""

    def __init__(self, url: str, today: datetime.date, levels: dict, user_id: int, years: int, log):
        self.url, self.today, self.levels, self.user_id, self.years = url, today, levels, user_id, years
        self.log = log
        self.rng = random.Random(20261124)
        self.days = WorkingDays()
        self.now = datetime.datetime.now(datetime.UTC)
        self.steps = list(ContactStep.objects.filter(is_active=True).order_by("working_days").values_list(
            "working_days", flat=True))
        self.warnings = sorted(WindowWarning.objects.filter(is_active=True).values_list("days_before", flat=True))
        plan = FollowUpPlan.objects.get(category="", risk="", is_active=True)
        self.follow_up_plan, self.follow_up_days = plan.pk, plan.offsets()
        fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
        self.case_columns = [f.column for f in fields]
        defaults = {f.column: f.get_default() for f in fields}
        defaults.update(registered_by_id=user_id, registered_at=self.now, updated_at=self.now, is_group=False,
                        version=0, summary="基准纠纷", description="基准数据", channel="window")
        for f in fields:
            if defaults[f.column] is None and not f.null:
                defaults[f.column] = ""
        self.case_defaults = defaults
        # Asked for every row, of a thousand or so distinct days: computed once a day.
        self.step_days, self.answered_on = cache(self._step_days), cache(self._answered_on)
        self.window_last_day = cache(self._window_last_day)
        self.township_of = {
            v[0]: t for v, t in zip(levels["village"], [t for t in levels["township"] for _ in range(VILLAGES)],
                                    strict=True)
        }

    def case_row(self, **values) -> list:
        row = dict(self.case_defaults, **values)
        return [row[c] for c in self.case_columns]

    def organisation(self, village_share: float):
        roll = self.rng.random()
        levels = self.levels
        return self.rng.choice(levels["village"] if roll < village_share
                               else levels["township"] if roll < village_share + (1 - village_share) * 0.75
                               else levels["county"])

    def _step_days(self, started: datetime.date) -> tuple[tuple[int, datetime.date], ...]:
        return tuple((n, self.days.add(started, n)) for n in self.steps)

    def _answered_on(self, started: datetime.date, delay: int) -> datetime.date:
        return self.days.add(started, delay)

    def _window_last_day(self, signed: datetime.date) -> datetime.date:
        return window_closes_on(types.SimpleNamespace(signed_on=signed), self.days)

    def max_id(self, cur, table: str) -> int:
        cur.execute(sql.SQL("SELECT coalesce(max(id), 0) FROM {}").format(sql.Identifier(table)))
        return cur.fetchone()[0]


def load(platform: Platform, total: int, closed: int) -> dict:
    """Everything, in one connection: the open cases with the backlog's firings and the sessions, then the history.
    Returns the counts."""
    started = time.perf_counter()
    with psycopg.connect(platform.url) as conn, conn.cursor() as cur:
        counts, assigned, resolved = load_open_cases(cur, platform, total)
        conn.commit()
        platform.log(f"{total:,} open cases copied in {time.perf_counter() - started:.1f} s")
        closed_cases = load_closed_cases(cur, platform, closed)
        counts["closed_cases"] = len(closed_cases)
        firings = []
        counts.update(load_clocks(cur, platform, assigned + [
            (case_id, state, org, closed_on) for case_id, org, closed_on, state, _signed in closed_cases
        ], firings))
        counts.update(load_follow_ups(cur, platform, closed_cases, firings))
        agreed = [(case_id, org, state, signed) for case_id, org, _closed_on, state, signed in closed_cases if signed]
        agreed += [(case_id, org, State.RESOLVED, platform.today - datetime.timedelta(days=platform.rng.randint(0, 20)))
                   for case_id, org in resolved]
        counts.update(load_agreements(cur, platform, agreed, firings))
        counts["history_firings"] = copy_rows(cur, Firing._meta.db_table, FIRING_COLUMNS, firings)
        del firings
        platform.log(f"history loaded in {time.perf_counter() - started:.1f} s")
        cur.execute("INSERT INTO scheduler_cursor (name, swept_through, last_pass_at) VALUES ('deadlines', %s, %s)",
                    (platform.today - datetime.timedelta(days=1), platform.now))
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")  # as autovacuum leaves tables written long ago: visibility map and statistics
    counts["load_s"] = round(time.perf_counter() - started, 1)
    counts["open_cases"] = total
    return counts


FIRING_COLUMNS = ["case_id", "kind", "deadline", "stage", "organisation_id", "due_on", "fired_at"]


def load_open_cases(cur, platform: Platform, total: int):
    """The open cases: a quarter without a deadline yet (not assigned), most with deadlines 15 to 90 days ahead (5 %
    of those resolved, waiting to be closed), a backlog of 4 % overdue for weeks whose reminders, overdue marks and
    escalations were fired long ago (their firings loaded too), and the few the pass must touch, at villages:
    deadlines today and tomorrow (reminders), yesterday (overdue, and stage 1 to the township) and five working days
    ago (stage 2 to the county); and a session for each case in mediation. Returns the counts, the cases assigned
    (case id, state, organisation, None) and the resolved ones (case id, organisation)."""
    rng, today, levels = platform.rng, platform.today, platform.levels
    stage2_deadline = platform.days.latest_start_passed(today, 5)
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
    first_id = platform.max_id(cur, Case._meta.db_table) + 1  # a fresh table: the COPY's ids follow its order
    backlog, mediating, assigned, resolved = [], [], [], []

    def rows():
        for n, (sort, deadline_of) in enumerate(plan):
            org = platform.organisation(0.8) if sort == "ahead" else rng.choice(levels["village"])
            deadline = deadline_of()
            state = rng.choice(("registered", "triaged", "accepted")) if deadline is None else (
                "resolved" if sort == "ahead" and rng.random() < 0.05 else rng.choice(waiting_assigned)
            )
            yield platform.case_row(number=f"B-{n + 1:08d}", state=state, handling_org_id=org[0], place_id=org[1],
                                    level=org[2], deadline=deadline, deadline_basis="基准期限" if deadline else "")
            case_id = first_id + n
            if deadline is not None:
                assigned.append((case_id, state, org[0], None))
            if sort == "backlog":
                backlog.append((case_id, deadline, org[0]))
            elif sort == "ahead" and state in ("assigned", "in_mediation"):
                mediating.append(case_id)
            elif state == "resolved":
                resolved.append((case_id, org[0]))

    copy_rows(cur, Case._meta.db_table, platform.case_columns, rows())
    # The backlog was handled by earlier passes: its firings exist.
    fired = at(today - datetime.timedelta(days=20), 0)
    copy_rows(cur, Firing._meta.db_table, FIRING_COLUMNS, (
        row
        for case_id, deadline, org in backlog
        for row in (
            [case_id, "overdue", deadline, 0, org, deadline, fired],
            [case_id, "escalation", deadline, 1, platform.township_of[org][0], deadline, fired],
            [case_id, "escalation", deadline, 2, platform.township_of[org][0], deadline, fired],
        )
    ))
    counts.update(load_session_plans(cur, platform, mediating))
    counts["deadline_due"] = counts["reminder_due"] + 2 * counts["overdue_due"] + counts["stage2_due"]
    return counts, assigned, resolved


def load_session_plans(cur, platform: Platform, case_ids: list[int]) -> dict:
    """A session scheduled a month ago for each case in mediation, a few starting within the day (their reminders
    are due) and the rest over the next two months."""
    rng, now = platform.rng, platform.now
    due = min(SESSION_REMINDERS_DUE, len(case_ids) // 10)
    chosen = rng.sample(case_ids, len(case_ids))
    scheduled_at = now - datetime.timedelta(days=30)
    copy_rows(cur, "mediation_sessionplan", [
        "case_id", "number", "starts_at", "mode", "place", "video_link", "participants", "note", "status",
        "scheduled_by_id", "scheduled_by_name", "scheduled_at", "cancel_reason",
    ], (
        [case_id, 1, now + datetime.timedelta(hours=rng.uniform(1, 23) if index < due else rng.uniform(48, 1440)),
         "on_site", "基准调解室", "", "双方", "", "scheduled", platform.user_id, "基准", scheduled_at, ""]
        for index, case_id in enumerate(chosen)
    ))
    return {"session_plans": len(chosen), "session_due": due}


def load_closed_cases(cur, platform: Platform, total: int) -> list[tuple]:
    """Cases closed (5 % terminated) over the past ``years``, 85 % of the closed ones on an agreement signed a few
    days before. Returns (case id, organisation, closed on, state, signed on or None) of each."""
    rng, today = platform.rng, platform.today
    first_id = platform.max_id(cur, Case._meta.db_table) + 1
    closed = []

    def rows():
        for n in range(total):
            org = platform.organisation(0.8)
            closed_on = today - datetime.timedelta(days=rng.randint(1, platform.years * 365))
            state = State.TERMINATED if rng.random() < TERMINATED else State.CLOSED
            signed = closed_on - datetime.timedelta(days=rng.randint(0, 5)) \
                if state == State.CLOSED and rng.random() < AGREED else None
            deadline = closed_on + datetime.timedelta(days=rng.randint(-5, 20))
            yield platform.case_row(number=f"H-{n + 1:08d}", state=state, handling_org_id=org[0], place_id=org[1],
                                    level=org[2], deadline=deadline, deadline_basis="基准期限")
            closed.append((first_id + n, org[0], closed_on, state, signed))

    copy_rows(cur, Case._meta.db_table, platform.case_columns, rows())
    return closed


def load_clocks(cur, platform: Platform, cases: list[tuple], firings: list) -> dict:
    """A respondent clock for each case ever assigned ((case id, state, organisation, closed on or None)): an open
    one over the last ``CLOCK_DAYS`` (see above), a closed one a few weeks before its closure. Most respondents
    answered within a few working days; ``UNANSWERED`` never did. Every step that fell before the answer (and
    before today, and before the closure) was fired on its day; a step falling on today, of a case still in
    mediation and not answered, is due."""
    rng, today = platform.rng, platform.today
    counts = {"clocks_unanswered": 0, "respondent_due": 0}

    def rows():
        for case_id, state, org, closed_on in cases:
            if closed_on is None:
                earliest, latest = (MEDIATION_DAYS, 1) if state in CLOCK_STATES else (CLOCK_DAYS, PAST_MEDIATION_DAYS)
                end = today
            else:
                earliest, latest, end = 60, 10, closed_on
            started = end - datetime.timedelta(days=rng.randint(latest, earliest))
            while not platform.days.is_working(started):  # cases are assigned on working days
                started = end - datetime.timedelta(days=rng.randint(latest, earliest))
            answered = None
            if rng.random() >= UNANSWERED:
                answered = platform.answered_on(started, rng.choices(ANSWER_DELAYS, ANSWER_WEIGHTS)[0])
                if answered >= today:
                    answered = None  # not yet
            counts["clocks_unanswered"] += answered is None
            yield (case_id, started, at(started, 9), at(answered, 15) if answered else None,
                   "portal" if answered else "")
            fired_through = min(answered or today - datetime.timedelta(days=1), closed_on or today)
            for stage, on in platform.step_days(started):
                if on <= fired_through:
                    firings.append((case_id, "respondent", started, stage, org, on, at(on, 0)))
                elif on == today and answered is None and state in CLOCK_STATES:
                    counts["respondent_due"] += 1

    counts["clocks"] = copy_rows(cur, "respondent_respondentclock",
                                 ["case_id", "started_on", "started_at", "answered_at", "answered_how"], rows())
    return counts


def load_follow_ups(cur, platform: Platform, closed: list[tuple], firings: list) -> dict:
    """The shipped default plan's visits (7, 30 and 90 days) of each closed case: those due before today fired on
    their day and ``VISITED`` of them done since; those due today are due."""
    rng, today, user = platform.rng, platform.today, platform.user_id
    assert platform.max_id(cur, "followups_followup") == 0
    visits, counts = [], {"follow_up_due": 0}

    def rows():
        follow_up_id = 0
        for case_id, org, closed_on, _state, _signed in closed:
            for days_after in platform.follow_up_days:
                follow_up_id += 1
                due_on = closed_on + datetime.timedelta(days=days_after)
                yield (follow_up_id, case_id, 0, closed_on, days_after, due_on, platform.follow_up_plan,
                       at(closed_on, 17))
                if due_on < today:
                    firings.append((case_id, "followup", due_on, days_after, org, due_on, at(due_on, 0)))
                    if rng.random() < VISITED:
                        done = min(due_on + datetime.timedelta(days=rng.randint(0, 3)),
                                   today - datetime.timedelta(days=1))
                        visits.append((follow_up_id, case_id, "phone", rng.randint(3, 5), "yes", False, "", user,
                                       "基准", "基准社区服务站", at(done, 10)))
                elif due_on == today:
                    counts["follow_up_due"] += 1

    counts["follow_ups"] = copy_rows(cur, "followups_followup", [
        "id", "case_id", "closed_version", "closed_on", "days_after", "due_on", "plan_id", "created_at",
    ], rows())
    reset_sequence(cur, "followups_followup")
    counts["visits"] = copy_rows(cur, "followups_visit", [
        "follow_up_id", "case_id", "method", "satisfaction", "keeping", "renewed_dispute", "comment", "by_id",
        "by_name", "organisation_name", "at",
    ], visits)
    return counts


def load_agreements(cur, platform: Platform, agreed: list[tuple], firings: list) -> dict:
    """One agreement per case agreed ((case id, organisation, state, signed on)); ``APPLIED`` of them with an
    application for judicial confirmation, in the state it would have reached by now. The window's warnings of the
    agreements that no court had (no application, only prepared, or refused) fired on their days; those falling on
    today are due."""
    rng, today, user = platform.rng, platform.today, platform.user_id
    assert platform.max_id(cur, "cases_agreement") == 0
    courts = platform.levels["court"]
    agreements, applications, due = [], [], 0
    for agreement_id, (case_id, org, state, signed) in enumerate(agreed, start=1):
        agreements.append((agreement_id, case_id, "基准事实", "基准条款", "基准履行方式", signed, "基准调解员",
                           "基准调解组织", user, at(signed, 16)))
        last = platform.window_last_day(signed)
        filed = False
        if rng.random() < APPLIED:
            weights = OPEN_WINDOW if last >= today else CLOSED_WINDOW
            status = rng.choices(list(weights), list(weights.values()))[0]
            applications.append(application(platform, case_id, agreement_id, signed, last, status, rng.choice(courts)))
            filed = status not in (CourtApplication.Status.PREPARED, CourtApplication.Status.REFUSED)
        if filed or state not in AGREED_STATES:
            continue
        for stage in platform.warnings:
            warned = last - datetime.timedelta(days=stage)
            if warned < today:
                firings.append((case_id, "window", last, stage, org, warned, at(warned, 0)))
            elif warned == today:
                due += 1
    copy_rows(cur, "cases_agreement", ["id", "case_id", "facts", "terms", "performance", "signed_on",
                                       "mediator_name", "organisation_name", "recorded_by_id", "recorded_at"],
              agreements)
    reset_sequence(cur, "cases_agreement")
    copy_rows(cur, CourtApplication._meta.db_table, APPLICATION_COLUMNS, applications)
    return {"agreements": len(agreements), "court_applications": len(applications), "window_due": due}


APPLICATION_COLUMNS = [
    "case_id", "agreement_id", "text_sha256", "court_id", "court_name", "court_basis", "status", "window_closes_on",
    "prepared_at", "prepared_by_id", "filed_on", "accepted_on", "court_case_number", "decided_on", "ruling_number",
    "ruling_text", "withdrawn_on", "withdrawal_reason",
]


def application(platform, case_id, agreement_id, signed, last, status, court) -> list:
    """An application prepared a few days after signing, and its later steps as far as ``status``."""
    rng, yesterday = platform.rng, platform.today - datetime.timedelta(days=1)

    def later(day, most):
        return min(day + datetime.timedelta(days=rng.randint(1, most)), yesterday)

    prepared = later(signed, 5)
    filed = later(prepared, 3) if status != "prepared" else None
    accepted = later(filed, 5) if status in ("accepted", "confirmed", "refused") else None
    decided = later(accepted, 15) if status in ("confirmed", "refused") else None
    withdrawn = later(filed, 10) if status == "withdrawn" else None
    return [case_id, agreement_id, "0" * 64, court[0], court[1], "基准管辖依据", status, last, at(prepared, 10),
            platform.user_id, filed, accepted, f"（{signed.year}）基民特{agreement_id}号" if accepted else "", decided,
            f"（{signed.year}）基民特{agreement_id}号之一" if status == "confirmed" else "", "", withdrawn,
            "基准撤回" if withdrawn else ""]
