"""Delivery receipts of text messages: after the gateway accepted a message (``StatusMessage.sent_at``), it may
report later that the message reached the phone, or that it could not be delivered.

``record_receipts`` writes them, whoever brings them: the gateway's signed reports (``jiefen.portal.api``), or
``simulate_receipts`` for the senders that have no gateway (the demo, a test machine). A report names the message by
the id the sender returned when it accepted it (``StatusMessage.gateway_id``). Each (message, status) is recorded
once: a report the gateway repeats changes nothing, and an id no message carries is answered as unknown, never
guessed. Nothing is updated or deleted; the message itself stays as it was written.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.module_loading import import_string

from jiefen.cases.workflow import SERVED_ONLINE
from jiefen.portal import sms
from jiefen.portal.models import SmsReceipt, StatusMessage

# A receipt for a simulated message comes a moment after it was sent, as a real gateway's does.
SIMULATED_DELAY = datetime.timedelta(seconds=20)


@dataclass(frozen=True)
class Report:
    message_id: str
    status: str  # SmsReceipt.Status
    at: datetime.datetime
    error: str = ""


@dataclass
class Recorded:
    recorded: int = 0
    repeated: int = 0
    unknown: list[str] = field(default_factory=list)


@transaction.atomic
def record_receipts(reports: list[Report]) -> Recorded:
    """Record each report on the message(s) that went out under its id."""
    result = Recorded()
    messages = defaultdict(list)
    ids = {report.message_id for report in reports if report.message_id}
    for message in StatusMessage.objects.filter(gateway_id__in=ids, sent_at__isnull=False):
        messages[message.gateway_id].append(message)
    known = set(
        SmsReceipt.objects.filter(message__gateway_id__in=messages).values_list("message_id", "status")
    )
    new = []
    for report in reports:
        if report.message_id not in messages:
            if report.message_id not in result.unknown:
                result.unknown.append(report.message_id)
            continue
        for message in messages[report.message_id]:
            if (message.pk, report.status) in known:
                result.repeated += 1
                continue
            known.add((message.pk, report.status))
            new.append(SmsReceipt(message=message, status=report.status, reported_at=report.at,
                                  error=report.error[:64]))
    # A concurrent request with the same report may have written it since: the constraint keeps one.
    SmsReceipt.objects.bulk_create(new, ignore_conflicts=True)
    result.recorded = len(new)
    return result


class NoGateway(Exception):
    """Receipts are simulated only for senders whose messages reach no phone."""


def simulate_receipts(messages, status: str, *, error: str = "") -> Recorded:
    """What a gateway would report for ``messages`` sent by one of jiefen's own senders, a moment after each was
    sent. Refused (``NoGateway``) when the configured sender is a real gateway: its receipts are its own to give."""
    if not issubclass(import_string(sms.sender_path()), sms.LOCAL_SENDERS):
        raise NoGateway(f"{sms.sender_path()} is a real gateway: its delivery receipts cannot be simulated.")
    return record_receipts([
        Report(message.gateway_id, status, message.sent_at + SIMULATED_DELAY, error)
        for message in messages if message.gateway_id and message.sent_at
    ])


def served_with_states(case, records) -> list[dict]:
    """Each of ``records`` (documents of ``case`` served online) with the states of its link: the text message sent
    (``sent_at``) or refused by the gateway at every attempt (``failed``), delivered (``delivered_at``) or reported
    undeliverable (``not_delivered_at`` with the gateway's ``delivery_error``), and read on the portal (``read_at``)."""
    messages = defaultdict(list)
    for message in (StatusMessage.objects.filter(case=case, event__move=SERVED_ONLINE)
                    .select_related("event").prefetch_related("receipts")):
        messages[(message.event.payload or {}).get("service_record")].append(message)
    rows = []
    for record in records:
        attempts = messages.get(record.pk, [])
        sent = [message for message in attempts if message.sent_at]
        receipts = [message.delivery for message in sent if message.delivery is not None]
        delivered = [receipt for receipt in receipts if receipt.status == SmsReceipt.Status.DELIVERED]
        undelivered = [receipt for receipt in receipts if receipt.status == SmsReceipt.Status.FAILED]
        rows.append({
            "record": record,
            "sent_at": min((message.sent_at for message in sent), default=None),
            "failed": bool(attempts) and not sent,
            "delivered_at": min((receipt.reported_at for receipt in delivered), default=None),
            "not_delivered_at": undelivered[0].reported_at if undelivered and not delivered else None,
            "delivery_error": undelivered[0].error if undelivered and not delivered else "",
            "read_at": record.read_at,
        })
    return rows
