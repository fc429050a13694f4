"""``manage.py load_hotline_demo``: duty shifts and a few work orders for the demo's hotline seat. Idempotent."""

from django.core.management.base import BaseCommand

from jiefen.hotline.demo import load_hotline_demo


class Command(BaseCommand):
    help = (
        "Add the 12348 hotline to the demo (run after load_demo): two weeks of duty shifts for the city and "
        "township centres' staff, and a morning of calls at the city seat, answered, turned into a case, closed, "
        "with callbacks due. Creates only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="print nothing (errors aside)")

    def handle(self, *args, quiet, **options):
        result = load_hotline_demo()
        if not quiet:
            self.stdout.write(
                f"Hotline demo: {result.shifts} duty shifts and {result.work_orders} work orders added."
            )
