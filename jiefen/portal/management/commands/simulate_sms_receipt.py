"""``manage.py simulate_sms_receipt``: what a gateway would report for messages jiefen's own senders "sent"."""

from django.core.management.base import BaseCommand, CommandError

from jiefen.portal.models import SmsReceipt, StatusMessage
from jiefen.portal.receipts import NoGateway, simulate_receipts


class Command(BaseCommand):
    help = (
        "Record a delivery receipt (delivered, or failed to deliver) for text messages sent by the file, console or "
        "memory sender, which reach no phone: the messages named by their ids, or every message of a case not "
        "reported on yet. Refused when JIEFEN_SMS_SENDER is a real gateway."
    )

    def add_arguments(self, parser):
        parser.add_argument("message_ids", nargs="*", help="the ids the sender gave the messages")
        parser.add_argument("--case", help="a case number: every message of the case sent and not yet reported on")
        parser.add_argument("--status", choices=SmsReceipt.Status.values, default=SmsReceipt.Status.DELIVERED)
        parser.add_argument("--error", default="", help="the gateway's code for a failure, e.g. UNDELIV")

    def handle(self, *args, message_ids, case, status, error, **options):
        if bool(message_ids) == bool(case):
            raise CommandError("Name the messages by their ids, or give --case, not both.")
        if case:
            messages = StatusMessage.objects.filter(case__number=case, receipts__isnull=True).exclude(gateway_id="")
        else:
            messages = StatusMessage.objects.filter(gateway_id__in=message_ids)
            missing = set(message_ids) - set(messages.values_list("gateway_id", flat=True))
            if missing:
                raise CommandError(f"No message sent under {', '.join(sorted(missing))}.")
        try:
            result = simulate_receipts(list(messages), status, error=error)
        except NoGateway as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"{result.recorded} receipts recorded ({status}), {result.repeated} already there.")
