"""The webhook worker: posts due deliveries, signed, and retries failures with back-off.

    manage.py run_exchange_worker            loop until SIGTERM or SIGINT (systemd)
    manage.py run_exchange_worker --once     one pass, then exit (cron, tests)

Several workers may run at once: each delivery is claimed by a conditional UPDATE, so it is posted by one only.
"""

import signal
import threading

from django.core.management.base import BaseCommand

from jiefen.exchange.services import deliver_due


class Command(BaseCommand):
    help = "Post due webhook deliveries to the senders of referred cases, retrying failures with back-off."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds to wait between passes when idle (max 60)."
        )

    def handle(self, *args, once: bool, interval: float, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        interval = max(0.1, min(interval, 60.0))
        while True:
            sent = deliver_due()
            if sent or once:
                self.stdout.write(f"posted {sent} webhook deliveries")
            if once or stop.is_set():
                break
            if not sent:
                stop.wait(interval)
            if stop.is_set():
                break
