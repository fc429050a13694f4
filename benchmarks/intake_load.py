#!/usr/bin/env python
"""Intake under load: registrations per second through the API and the portal, on PostgreSQL, with a crash.

    .venv/bin/python benchmarks/intake_load.py [--duration 45] [--clients 8] [--portal-share 0.25]

What it does, all on this machine:

1. creates a scratch PostgreSQL database ``jiefen_bench_<pid>`` and a temporary var/ and static root, and starts
   the app with ``script/server`` itself (which migrates, loads the demo network and runs gunicorn with the
   production settings, DEBUG off, its worker count from WEB_CONCURRENCY); staff API tokens are made afterwards;
2. measures the raw rate: the rows one registration writes (the case, its two parties, its event, copied from a
   case the app registered) inserted with plain SQL through psycopg, one transaction per registration, by as many
   threads as there are clients;
3. runs the clients: API clients ``POST /api/cases/`` with an ``Idempotency-Key`` per registration, spread over
   the county's centres and stations; portal clients are citizens who log in by phone and one-time code (read from
   the FileSender outbox), then open the submission form and send it (it carries its own one-time key), for
   villages across the county. Every registration carries a unique marker in its facts;
4. half-way, kills the server's whole process group with SIGKILL and starts ``script/server`` again; a request
   that got no answer is sent again, same key, until it is answered;
5. counts ``lost`` (acknowledged case ids and tracking codes missing from the database) and ``duplicated``
   (markers found on more than one case), drops the database and prints one JSON line last.

Latency (p50/p99) is that of the answered registration requests; ``p99_with_retries_ms`` counts a registration from
its first attempt to its answer, so it includes the outage for the few caught by the kill.
"""

import argparse
import http.client
import itertools
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from jiefen.core.validators import resident_id_check_char

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("JIEFEN_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
MARKER = re.compile(r"\[bench:([0-9a-f]{32})\]")
COUNTY = "320706"  # 海州区, where the demo network's staff work
SUMMARIES = ["邻居漏水纠纷", "拖欠货款纠纷", "物业费争议", "装修质量纠纷", "宅基地界址纠纷"]
RETRY_PAUSE = 0.1
GRACE = 60.0  # seconds after the end of the run during which unanswered registrations are still retried


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def resident_id(rng: random.Random) -> str:
    """A resident ID number with a valid GB 11643 check digit, born in the county."""
    body = f"{COUNTY}{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + resident_id_check_char(body)


# ---- the scratch database and the server ----


def prepare() -> None:
    """Run inside the app's environment (a subprocess): tokens for the intake staff, the places to register for,
    and one case registered by the app, whose rows the raw baseline copies. Prints one JSON object."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiefen.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from jiefen.cases.services import register_case
    from jiefen.orgs.models import Organisation
    from jiefen.regions.models import Region

    staff = []
    for username in ["city_intake", "county_intake", "town_intake"]:
        user = get_user_model().objects.select_related("staff__organisation").get(username=username)
        organisations = Organisation.objects.filter(
            path__startswith=user.staff.organisation.path, region__code__startswith=COUNTY,
            kind__in=["centre", "station"], is_active=True,
        ).select_related("region").order_by("code")
        staff.append({
            "username": username, "token": Token.objects.get_or_create(user=user)[0].key,
            "organisations": [[org.code, org.region.code] for org in organisations],
        })
    villages = Region.objects.filter(level="village", code__startswith=COUNTY).select_related("parent")
    places = [[village.parent.code, village.code] for village in villages.order_by("code")]
    county = get_user_model().objects.get(username="county_intake")
    organisation = county.staff.organisation
    template = register_case(
        actor=county, handling_org=organisation, place=organisation.region, summary="基线模板",
        description="raw baseline template", parties=[
            {"role": "applicant", "kind": "person", "name": "张三", "id_number": resident_id(random.Random(1)),
             "phone": "13800000000", "address": "海州区"},
            {"role": "respondent", "kind": "person", "name": "李四", "phone": "13900000000"},
        ],
    )
    print(json.dumps({"staff": staff, "places": places, "template_case": template.pk}))


@dataclass
class Server:
    port: int
    env: dict
    log_path: Path
    process: subprocess.Popen | None = None

    def start(self) -> float:
        """Start script/server in its own process group; returns the seconds until it answered."""
        started = time.monotonic()
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen(
                [str(ROOT / "script" / "server")], cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        while time.monotonic() - started < 300:
            if self.process.poll() is not None:
                raise SystemExit(f"script/server exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _headers, _body = request(self.port, "GET", "/portal/login/", timeout=2)
                if status == 200:
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit(f"script/server did not answer within 300 s; see {self.log_path}")

    def workers(self) -> int:
        """The gunicorn workers running now (the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return len(children.read_text().split()) if children.exists() else 0

    def kill(self) -> None:
        """SIGKILL to the whole process group: the gunicorn master and its workers die at once, as in a crash."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class CpuMeter:
    """CPU seconds spent by the server's processes (its process group) and by this database's PostgreSQL backends,
    sampled while they run: a killed worker's time counts up to its last sample."""

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, url: str):
        self.seen: dict[tuple[str, int], float] = {}
        self.connection = psycopg.connect(url, autocommit=True)

    @classmethod
    def cpu(cls, pid: int) -> tuple[int, float] | None:
        """(process group, CPU seconds) of a live process."""
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        return int(fields[2]), (int(fields[11]) + int(fields[12])) / cls.TICK

    def sample(self, server_group: int | None) -> None:
        if server_group is not None:
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    found = self.cpu(int(entry.name))
                    if found is not None and found[0] == server_group:
                        self.seen[("server", int(entry.name))] = found[1]
        backends = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        for (pid,) in backends:
            found = self.cpu(pid)
            if found is not None:
                self.seen[("postgres", pid)] = found[1]

    def total(self, kind: str) -> float:
        return sum(seconds for (which, _pid), seconds in self.seen.items() if which == kind)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(name: str) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(PG_URL)._replace(path=f"/{name}"))


# ---- HTTP ----


def request(port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
            timeout: float = 30) -> tuple[int, http.client.HTTPMessage, bytes]:
    # gunicorn's sync workers close every connection after the answer, so one connection per request, as a browser
    # would have with this server.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list = field(default_factory=list)  # seconds of each answered registration request
    logical: list = field(default_factory=list)  # seconds from first attempt to answer, per registration
    api_cases: dict = field(default_factory=dict)  # marker → case id acknowledged
    portal_codes: dict = field(default_factory=dict)  # marker → tracking code acknowledged
    attempts: int = 0
    retried: int = 0  # registrations sent more than once
    unanswered: int = 0  # registrations never answered, even after the grace period
    errors: list = field(default_factory=list)  # refused registrations (4xx, 5xx): status and a bit of the body
    other_requests: int = 0  # logins and form pages
    logins: int = 0

    def ack(self, kind: str, marker: str, ref, latency: float, total: float, tries: int) -> None:
        with self.lock:
            (self.api_cases if kind == "api" else self.portal_codes)[marker] = ref
            self.latencies.append(latency)
            self.logical.append(total)
            self.retried += tries > 1


class Outbox:
    """The FileSender's outbox, read as it grows: the latest code sent to each phone."""

    def __init__(self, path: Path):
        self.path, self.offset, self.codes, self.lock = path, 0, {}, threading.Lock()

    def code_for(self, phone: str, timeout: float = 10) -> str | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.path.exists():
                    with open(self.path, "rb") as outbox:
                        outbox.seek(self.offset)
                        chunk = outbox.read()
                    complete = chunk.rfind(b"\n") + 1
                    self.offset += complete
                    for line in chunk[:complete].decode().splitlines():
                        _at, to, text = line.split("\t", 2)
                        found = re.search(r"\d{6}", text)
                        if found:
                            self.codes[to] = found.group(0)
                code = self.codes.pop(phone, None)
            if code:
                return code
            time.sleep(0.02)
        return None


class Client(threading.Thread):
    def __init__(self, index: int, port: int, stop_at: float, results: Results, rng: random.Random):
        super().__init__(daemon=True, name=f"client-{index}")
        self.index, self.port, self.stop_at, self.results, self.rng = index, port, stop_at, results, rng
        self.failure: BaseException | None = None

    def run(self):
        try:
            while time.monotonic() < self.stop_at:
                self.register_one()
        except BaseException as error:  # reported by the main thread
            self.failure = error

    def send(self, kind: str, marker: str, attempt) -> None:
        """Send one registration until it is answered: the same request (same key), again after any failure
        that leaves no answer (refused connection, reset, timeout), until the grace period ends."""
        first, tries = time.monotonic(), 0
        while time.monotonic() < self.stop_at + GRACE:
            tries += 1
            started = time.monotonic()
            with self.results.lock:
                self.results.attempts += 1
            try:
                outcome = attempt()
            except (OSError, http.client.HTTPException):
                time.sleep(RETRY_PAUSE)
                continue
            now = time.monotonic()
            if isinstance(outcome, Refused):
                if outcome.status >= 500:  # the server broke mid-request: no answer about the registration
                    time.sleep(RETRY_PAUSE)
                    continue
                with self.results.lock:
                    self.results.errors.append(f"{kind} {outcome.status} {outcome.body[:300]!r}")
                return
            self.results.ack(kind, marker, outcome, now - started, now - first, tries)
            return
        with self.results.lock:
            self.results.unanswered += 1

    def text(self, marker: str) -> dict:
        return {
            "summary": self.rng.choice(SUMMARIES),
            "description": f"对方多次拖延，协商未果，请求调解。[bench:{marker}]",
            "claims": "请求对方赔偿损失。",
        }


@dataclass
class Refused:
    status: int
    body: bytes


class ApiClient(Client):
    def __init__(self, *args, staff: dict):
        super().__init__(*args)
        self.token, self.organisations = staff["token"], staff["organisations"]

    def register_one(self):
        marker = uuid.uuid4().hex
        code, place = self.rng.choice(self.organisations)
        body = json.dumps({
            **self.text(marker), "amount": f"{self.rng.randint(1, 500) * 100}.00", "place": place,
            "handling_org": code, "parties": [
                {"role": "applicant", "name": "王" + self.rng.choice("一二三四五六"),
                 "id_number": resident_id(self.rng), "phone": f"13{self.rng.randrange(10**9):09d}",
                 "address": "海州区"},
                {"role": "respondent", "name": "赵" + self.rng.choice("甲乙丙丁"),
                 "phone": f"15{self.rng.randrange(10**9):09d}"},
            ],
        }, ensure_ascii=False).encode()
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json",
                   "Idempotency-Key": marker, "Accept-Language": "zh-hans"}

        def attempt():
            status, _headers, answer = request(self.port, "POST", "/api/cases/", body=body, headers=headers)
            if status != 201:
                return Refused(status, answer)
            return json.loads(answer)["id"]

        self.send("api", marker, attempt)


class PortalClient(Client):
    """A citizen per few disputes: log in by phone and code, then open the form and send it, several times."""

    DISPUTES_PER_CITIZEN = 5

    def __init__(self, *args, places: list, outbox: Outbox, phones):
        super().__init__(*args)
        self.places, self.outbox, self.phones = places, outbox, phones
        self.cookies: dict[str, str] = {}
        self.sent = 0

    def call(self, method: str, path: str, form: dict | None = None) -> tuple[int, http.client.HTTPMessage, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Accept-Language": "zh-hans"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, answer_headers, answer = request(self.port, method, path, body=body, headers=headers)
        for cookie in answer_headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return status, answer_headers, answer.decode()

    def until_answered(self, method: str, path: str, form: dict | None = None):
        """A step of the way in (login, form page): sent again after a failure without an answer."""
        while time.monotonic() < self.stop_at + GRACE:
            with self.results.lock:
                self.results.other_requests += 1
            try:
                status, headers, page = self.call(method, path, form)
            except (OSError, http.client.HTTPException):
                time.sleep(RETRY_PAUSE)
                continue
            if status >= 500:
                time.sleep(RETRY_PAUSE)
                continue
            return status, headers, page
        raise TimeoutError(f"{method} {path} never answered")

    def log_in(self):
        while True:
            self.cookies = {}
            phone = self.phones()
            self.until_answered("GET", "/portal/login/")
            self.until_answered("POST", "/portal/login/", {"phone": phone, "action": "send"})
            code = self.outbox.code_for(phone)
            if code is None:
                raise RuntimeError(f"no login code for {phone} in the outbox")
            status, _h, _page = self.until_answered(
                "POST", "/portal/login/", {"phone": phone, "code": code, "action": "verify"})
            if status == 302:
                with self.results.lock:
                    self.results.logins += 1
                return
            # A verification answered by the crash consumed the code: start again as another citizen.

    def register_one(self):
        if self.sent % self.DISPUTES_PER_CITIZEN == 0:
            self.log_in()
        self.sent += 1
        status, _headers, page = self.until_answered("GET", "/portal/submit/")
        key = re.search(r'name="submission_key" value="([^"]+)"', page)
        if status != 200 or key is None:
            raise RuntimeError(f"the submission form answered {status} without its key")
        marker = uuid.uuid4().hex
        township, village = self.rng.choice(self.places)
        form = {
            **self.text(marker), "amount": "", "township": township, "place": village,
            "applicant_name": "陈" + self.rng.choice("春夏秋冬"), "applicant_id_number": resident_id(self.rng),
            "applicant_address": "海州区", "respondent_kind": "person",
            "respondent_name": "周" + self.rng.choice("东南西北"),
            "respondent_id_number": "", "respondent_phone": "", "respondent_address": "",
            "submission_key": key.group(1),
        }

        def attempt():
            status, headers, page = self.call("POST", "/portal/submit/", form)
            found = re.fullmatch(r"/portal/cases/([0-9A-Z]+)/", headers.get("Location", "")) if status == 302 else None
            if found is None:
                return Refused(status, page.encode())
            return found.group(1)

        self.send("portal", marker, attempt)


# ---- the raw baseline ----


def raw_baseline(url: str, template_case: int, threads: int, seconds: float) -> tuple[float, int]:
    """Rows per second (one registration's rows per transaction) inserted by ``threads`` psycopg connections."""
    with psycopg.connect(url) as connection:
        rows = {}
        for table, column in [("cases_case", "id"), ("cases_party", "case_id"), ("cases_caseevent", "case_id")]:
            cursor = connection.execute(
                sql.SQL("SELECT * FROM {} WHERE {} = %s ORDER BY id").format(
                    sql.Identifier(table), sql.Identifier(column)),
                [template_case],
            )
            names = [d.name for d in cursor.description]
            rows[table] = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def insert(table: str, count: int = 1):
        names = [name for name in rows[table][0] if name != "id"]
        one = sql.SQL("({})").format(sql.SQL(", ").join(sql.Placeholder() * len(names)))
        return names, sql.SQL("INSERT INTO {} ({}) VALUES {} RETURNING id").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names)), sql.SQL(", ").join([one] * count))

    case_names, case_sql = insert("cases_case")
    party_names, party_sql = insert("cases_party", len(rows["cases_party"]))
    event_names, event_sql = insert("cases_caseevent")
    counts = [0] * threads
    deadline = time.monotonic() + seconds

    def work(index: int):
        with psycopg.connect(url) as connection:
            while time.monotonic() < deadline:
                with connection.transaction():
                    case = {**rows["cases_case"][0], "number": f"RAW-{os.getpid()}-{index}-{counts[index]}"}
                    case_id = connection.execute(case_sql, [case[n] for n in case_names]).fetchone()[0]
                    values = [case_id if n == "case_id" else row[n] for row in rows["cases_party"] for n in party_names]
                    connection.execute(party_sql, values)
                    event = {**rows["cases_caseevent"][0], "case_id": case_id}
                    event["payload"] = Jsonb(event["payload"])
                    connection.execute(event_sql, [event[n] for n in event_names])
                counts[index] += 1

    started = time.monotonic()
    workers = [threading.Thread(target=work, args=(index,), daemon=True) for index in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.monotonic() - started), sum(counts)


# ---- the run ----


def percentile(values: list, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def check(url: str, results: Results) -> tuple[int, int, int]:
    """(lost, duplicated, cases with a marker) counted in the database."""
    with psycopg.connect(url) as connection:
        markers = connection.execute(
            "SELECT substring(description from '\\[bench:([0-9a-f]{32})\\]') AS marker, count(*), min(id) "
            "FROM cases_case WHERE description LIKE '%%[bench:%%' GROUP BY 1"
        ).fetchall()
        found_ids = {row[0] for row in connection.execute(
            "SELECT id FROM cases_case WHERE id = ANY(%s)", [list(results.api_cases.values())])}
        found_codes = {row[0] for row in connection.execute(
            "SELECT tracking_code FROM portal_submission WHERE tracking_code = ANY(%s)",
            [list(results.portal_codes.values())])}
    lost = sum(1 for pk in results.api_cases.values() if pk not in found_ids)
    lost += sum(1 for code in results.portal_codes.values() if code not in found_codes)
    duplicated = sum(1 for _marker, count, _first in markers if count > 1)
    return lost, duplicated, sum(count for _marker, count, _first in markers)


def interrupted(*_args):
    """SIGTERM ends the run like Ctrl-C, through the same clean-up."""
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=45, help="seconds of load (default 45)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--portal-share", type=float, default=0.25, help="share of clients on the portal (0.25)")
    parser.add_argument("--kill-at", type=float, default=0.5, help="when to SIGKILL the server, as a share of the "
                        "duration; 0 for no kill (default 0.5)")
    parser.add_argument("--raw-seconds", type=float, default=5, help="seconds of the raw SQL baseline (default 5)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (WEB_CONCURRENCY; default script/server's)")
    parser.add_argument("--keep", action="store_true", help="keep the database and the temporary directory")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare:
        prepare()
        return 0

    name = f"jiefen_bench_{os.getpid()}"
    url = database_url(name)
    scratch = Path(tempfile.mkdtemp(prefix="jiefen-bench-"))
    server = None
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    signal.signal(signal.SIGTERM, interrupted)
    try:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("JIEFEN_")},
            "JIEFEN_DATABASE_URL": url, "JIEFEN_VAR_DIR": str(scratch / "var"),
            "JIEFEN_STATIC_ROOT": str(scratch / "static"), "JIEFEN_SECRET_KEY": secrets.token_urlsafe(50),
            "JIEFEN_PII_KEY": secrets.token_urlsafe(50), "PORT": str(free_port()),
            "JIEFEN_SMS_SENDER": "jiefen.portal.sms.FileSender",
            # Every simulated citizen asks for a code from this one address.
            "JIEFEN_PORTAL_CODES_PER_IP_PER_HOUR": "1000000",
        }
        if options.workers:
            env["WEB_CONCURRENCY"] = str(options.workers)
        server = Server(int(env["PORT"]), env, scratch / "server.log")
        log(f"database {name}; starting script/server on port {server.port} (log: {server.log_path})")
        first_start = server.start()
        log(f"server up in {first_start:.1f} s")
        prepared = subprocess.run(
            [sys.executable, __file__, "--prepare"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        setup = json.loads(prepared.stdout.strip().splitlines()[-1])

        log(f"raw baseline: plain SQL inserts, {options.clients} connections, {options.raw_seconds:.0f} s")
        raw_rate, raw_rows = raw_baseline(url, setup["template_case"], options.clients, options.raw_seconds)
        log(f"raw baseline: {raw_rate:.0f} registrations' rows per second ({raw_rows} in all)")

        results, rng = Results(), random.Random(os.getpid())
        outbox = Outbox(scratch / "var" / "sms-outbox.log")
        phone_base, counter = rng.randrange(10**8), itertools.count()

        def next_phone() -> str:  # a new citizen's number; itertools.count is atomic under the GIL
            return f"13{(phone_base + next(counter)) % 10**9:09d}"

        portal_clients = round(options.clients * options.portal_share)
        started = time.monotonic()
        stop_at = started + options.duration
        clients: list[Client] = []
        for index in range(options.clients):
            args = (index, server.port, stop_at, results, random.Random(rng.random()))
            if index < portal_clients:
                clients.append(PortalClient(*args, places=setup["places"], outbox=outbox, phones=next_phone))
            else:
                clients.append(ApiClient(*args, staff=setup["staff"][index % len(setup["staff"])]))
        log(f"load: {options.clients} clients ({portal_clients} portal, {options.clients - portal_clients} API), "
            f"{options.duration:.0f} s, SIGKILL at {options.duration * options.kill_at:.0f} s")
        meter = CpuMeter(url)
        meter.sample(server.process.pid)
        server_before, postgres_before = meter.total("server"), meter.total("postgres")
        client_before = time.process_time()
        for client in clients:
            client.start()

        restart_seconds, killed = None, False
        last_report, last_count = started, 0
        while any(client.is_alive() for client in clients):
            time.sleep(0.2)
            meter.sample(server.process.pid)
            now = time.monotonic()
            if options.kill_at > 0 and not killed and now - started >= options.duration * options.kill_at:
                killed = True
                log("SIGKILL to the server's process group")
                server.kill()
                restart_seconds = server.start()
                log(f"server restarted; answering after {restart_seconds:.1f} s")
            if now - last_report >= 5:
                count = len(results.latencies)
                log(f"{now - started:5.1f} s: {count} registrations, "
                    f"{(count - last_count) / (now - last_report):.0f}/s now, "
                    f"p99 so far {percentile(results.latencies, 0.99) * 1000:.0f} ms")
                last_report, last_count = now, count
        elapsed = time.monotonic() - started
        client_cpu = time.process_time() - client_before
        meter.connection.close()
        failures = [f"{client.name}: {client.failure!r}" for client in clients if client.failure is not None]

        lost, duplicated, marked = check(url, results)
        registered = len(results.latencies)
        rate = registered / elapsed
        summary = {
            "requests": results.attempts + results.other_requests,
            "registrations": registered,
            "registration_requests": results.attempts,
            "rate_per_s": round(rate, 1),
            "rate_while_serving_per_s": round(registered / (elapsed - (restart_seconds or 0)), 1),
            "p50_ms": round(percentile(results.latencies, 0.50) * 1000, 1),
            "p99_ms": round(percentile(results.latencies, 0.99) * 1000, 1),
            "p99_with_retries_ms": round(percentile(results.logical, 0.99) * 1000, 1),
            "max_with_retries_ms": round(max(results.logical, default=0) * 1000, 1),
            "raw_pg_rate_per_s": round(raw_rate, 1),
            "ratio_to_raw_pg": round(rate / raw_rate, 3) if raw_rate else None,
            "lost": lost,
            "duplicated": duplicated,
            "cases_with_marker": marked,
            "api": len(results.api_cases),
            "portal": len(results.portal_codes),
            "portal_logins": results.logins,
            "retried": results.retried,
            "unanswered": results.unanswered,
            "errors": len(results.errors),
            "client_failures": failures,
            # CPU per registration (logins and form pages included): what the 2 cores are spent on.
            "cpu_ms_per_registration": {
                "server": round((meter.total("server") - server_before) * 1000 / max(registered, 1), 2),
                "postgres": round((meter.total("postgres") - postgres_before) * 1000 / max(registered, 1), 2),
                "load_generator": round(client_cpu * 1000 / max(registered, 1), 2),
            },
            "load_average_1min": round(os.getloadavg()[0], 2),
            "restart_seconds": round(restart_seconds, 2) if restart_seconds is not None else None,
            "duration_s": round(elapsed, 1),
            "clients": options.clients,
            "workers": server.workers(),
            "cpus": os.cpu_count(),
        }
        for error in results.errors[:5]:
            log(f"refused: {error}")
        print(json.dumps(summary), flush=True)
        return 0 if not (lost or duplicated or failures) else 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        if server is not None:
            server.kill()
        if options.keep:
            log(f"kept database {name} and {scratch}")
        else:
            with psycopg.connect(PG_URL, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
