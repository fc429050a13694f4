"""The deadline scheduler: reminders before deadlines, overdue marks, escalations up the three-level loop.

    manage.py run_scheduler                 loop until SIGTERM or SIGINT (systemd, script/server)
    manage.py run_scheduler --once          one pass, then exit (cron, tests)
    manage.py run_scheduler --once --full   one pass over every deadline, not only those since the last pass

Several may run at once: each firing is unique per (case, kind, deadline, stage) and inserted with ON CONFLICT DO
NOTHING, so it is written, and noted on the case's timeline, by one of them only. A pass computes everything due
as of now, so a scheduler that was stopped catches up on its next pass.
"""

import signal
import threading

from django.core.management.base import BaseCommand

from jiefen.scheduler.services import run_pass


class Command(BaseCommand):
    help = "Fire deadline reminders, overdue marks and escalations that are due; loop, or one pass with --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between passes (at least 1, at most 3600)."
        )
        parser.add_argument(
            "--full", action="store_true",
            help="Look at every deadline, not only those due since the last pass (after importing cases).",
        )

    def handle(self, *args, once: bool, interval: float, full: bool, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        interval = max(1.0, min(interval, 3600.0))
        while True:
            result = run_pass(full=full)
            full = False  # a full sweep once; later passes follow the cursor
            if result.fired_total or once:
                self.stdout.write(str(result))
            if once or stop.is_set():
                break
            stop.wait(interval)
            if stop.is_set():
                break
