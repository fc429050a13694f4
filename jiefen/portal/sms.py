"""Sending text messages: one small interface, chosen by the setting ``JIEFEN_SMS_SENDER`` (a dotted path).

A sender is any class with ``send(phone: str, text: str) -> str | None``; it raises ``SmsError`` when the message
could not be handed over, and returns the gateway's id of the message it accepted (or None when the gateway gives
none: no delivery receipt can then be matched to it). jiefen ships three, none of which leaves the building; each
returns an id of its own so that a receipt can be simulated (``manage.py simulate_sms_receipt``):

- ``FileSender`` (the default): appends each message to ``var/sms-outbox.log`` (under ``JIEFEN_VAR_DIR``), for a
  demo or a test machine where nothing may leave the building;
- ``ConsoleSender``: prints each message on standard output;
- ``MemorySender``: keeps them in a list, for tests.

An SMS gateway adapter (Aliyun, Tencent Cloud, a carrier's CMPP gateway, a government message platform) is a class
of the same shape, in any importable module: its ``__init__`` takes no argument and reads its own credentials from
the environment; ``send`` calls the gateway with the phone number and the text (or the gateway's template and
parameters), waits for the gateway's acknowledgement, returns the message id the gateway acknowledged it with
(Aliyun's ``BizId``, Tencent's ``SerialNo``, CMPP's ``Msg_Id``), and raises ``SmsError`` on refusal or timeout, so
that the citizen is asked to try again. It must not log the text (it holds a one-time code). Point
``JIEFEN_SMS_SENDER`` (setting or environment variable) at it, e.g. ``JIEFEN_SMS_SENDER=myorg.sms.AliyunSender``.

Delivery receipts come back the other way: the gateway (or a small relay that reshapes its reports) posts them,
signed, to ``POST /api/sms/receipts/`` (``jiefen.portal.api``); each names the message by the id ``send`` returned.
"""

import datetime
import os
import threading
import uuid
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_SENDER = "jiefen.portal.sms.FileSender"


class SmsError(Exception):
    """The message could not be handed to the gateway."""


class Sender(Protocol):
    def send(self, phone: str, text: str) -> str | None: ...


def local_id(sender: str) -> str:
    """A message id for a sender without a gateway: unique, and telling where the message went."""
    return f"{sender}-{uuid.uuid4().hex}"


class FileSender:
    """Appends ``<time>\\t<phone>\\t<text>`` lines to ``var/sms-outbox.log``."""

    _lock = threading.Lock()

    def __init__(self, path: Path | None = None):
        self.path = path or Path(getattr(settings, "VAR_DIR", "var")) / "sms-outbox.log"

    def send(self, phone: str, text: str) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = f"{timezone.now().isoformat(timespec='seconds')}\t{phone}\t{text}\n"
        with self._lock, open(self.path, "a", encoding="utf-8") as outbox:
            outbox.write(line)
        return local_id("file")


class ConsoleSender:
    def send(self, phone: str, text: str) -> str:
        print(f"[SMS to {phone}] {text}", flush=True)
        return local_id("console")


class MemorySender:
    """Keeps messages in ``MemorySender.outbox`` (for tests)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> str:
        self.outbox.append((phone, text))
        return local_id("memory")


# The senders above: nothing they send reaches a phone, so their receipts may be simulated.
LOCAL_SENDERS = (FileSender, ConsoleSender, MemorySender)


def sender_path() -> str:
    return getattr(settings, "JIEFEN_SMS_SENDER", None) or os.environ.get("JIEFEN_SMS_SENDER") or DEFAULT_SENDER


def sender() -> Sender:
    return import_string(sender_path())()


def deliver(phone: str, text: str) -> tuple[datetime.datetime | None, str, str]:
    """Hand one message to the gateway: (the time it went, "", the gateway's message id for its delivery receipt)
    or (None, the error, ""). Never raises: a gateway adapter may fail in ways of its own, and the caller records
    each failure the same way, to be sent again."""
    try:
        gateway_id = str(sender().send(phone, text) or "")[:64]
    except Exception as failure:
        return None, (str(failure) or type(failure).__name__)[:255], ""
    return timezone.now(), "", gateway_id
