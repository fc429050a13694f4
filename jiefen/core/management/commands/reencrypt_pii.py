from django.core.management.base import BaseCommand
from django.db import transaction

from jiefen.core.pii import rekey, rekeyed_models


class Command(BaseCommand):
    help = (
        "After a key rotation (new JIEFEN_PII_KEY first, old ones in JIEFEN_PII_OLD_KEYS): rewrite every encrypted "
        "value (parties' ID and phone numbers, citizens' accounts, hotline callback numbers) under the new key, and "
        "every digest of personal data. Afterwards the old keys may be dropped. One-time codes sent before the "
        "rotation stop working (they expire within minutes anyway): the person asks for a new one."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = {model._meta.label: rekey(model) for model in rekeyed_models()}
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} rewritten under the current key.")
