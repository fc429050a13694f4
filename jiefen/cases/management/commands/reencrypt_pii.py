from django.core.management.base import BaseCommand
from django.db import transaction

from jiefen.cases.models import Party
from jiefen.core.pii import digest


class Command(BaseCommand):
    help = (
        "After a key rotation (new JIEFEN_PII_KEY first, old ones in JIEFEN_PII_OLD_KEYS): rewrite every party's "
        "ID and phone numbers under the new key, and their digests. Afterwards the old keys may be dropped."
    )

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for party in Party.objects.only("id_number", "phone").iterator():
                Party.objects.filter(pk=party.pk).update(
                    id_number=party.id_number, phone=party.phone,
                    id_digest=digest(party.id_number), phone_digest=digest(party.phone),
                )
                count += 1
        self.stdout.write(f"Re-encrypted the personal data of {count} parties.")
