"""Everything script/setup makes ready in the database, in one process (each ``manage.py`` start costs seconds,
and script/server runs this on every start, a restart after a crash included): the migrations, the law library,
the demo network and cases, the hotline's demo and the portal's appointment slots. Each step creates only what is
missing, so a second run changes nothing."""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand

# The demo township's centre and its first two stations open portal appointments for the coming working days.
SLOT_ORGANISATIONS = ("320706001", "320706001001", "320706001002")


class Command(BaseCommand):
    help = "Migrate, then load the law library and the demo (only what is missing), in one process."

    def handle(self, *args, **options):
        self.stdout.write("==> Migrating the database")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("==> Loading the law library")
        call_command("load_laws", stdout=self.stdout)
        self.stdout.write("==> Loading the demo")
        call_command("load_demo", stdout=self.stdout)
        call_command("load_hotline_demo", quiet=True, stdout=self.stdout)
        call_command("open_portal_slots", *SLOT_ORGANISATIONS, stdout=io.StringIO())  # its listing is not wanted here
