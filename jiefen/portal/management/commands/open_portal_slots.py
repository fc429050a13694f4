from django.core.management.base import BaseCommand, CommandError

from jiefen.orgs.models import Organisation
from jiefen.portal.services import open_slots


class Command(BaseCommand):
    help = "Open appointment slots for the portal at centres and stations (four a working day, two visitors each)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="organisation codes; none: every active centre and station")
        parser.add_argument("--days", type=int, default=10)
        parser.add_argument("--capacity", type=int, default=2)

    def handle(self, *args, codes, days, capacity, **options):
        orgs = Organisation.objects.filter(is_active=True, kind__in=["centre", "station"])
        if codes:
            orgs = orgs.filter(code__in=codes)
            if orgs.count() != len(set(codes)):
                raise CommandError("Unknown or inactive organisation code.")
        opened = sum(open_slots(org, days=days, capacity=capacity) for org in orgs)
        self.stdout.write(f"{opened} slots opened at {orgs.count()} organisations.")
