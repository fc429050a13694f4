"""Sending text messages: one small interface, chosen by the setting ``JIEFEN_SMS_SENDER`` (a dotted path).

A sender is any class with ``send(phone: str, text: str) -> None``; it raises ``SmsError`` when the message could
not be handed over. jiefen ships two:

- ``FileSender`` (the default): appends each message to ``var/sms-outbox.log`` (under ``JIEFEN_VAR_DIR``), for a
  demo or a test machine where nothing may leave the building;
- ``ConsoleSender``: prints each message on standard output.

An SMS gateway adapter (Aliyun, Tencent Cloud, a carrier's CMPP gateway, a government message platform) is a class
of the same shape, in any importable module: its ``__init__`` takes no argument and reads its own credentials from
the environment; ``send`` calls the gateway with the phone number and the text (or the gateway's template and
parameters), waits for the gateway's acknowledgement, and raises ``SmsError`` on refusal or timeout, so that the
citizen is asked to try again. It must not log the text (it holds a one-time code). Point
``JIEFEN_SMS_SENDER`` (setting or environment variable) at it, e.g. ``JIEFEN_SMS_SENDER=myorg.sms.AliyunSender``.
"""

import datetime
import os
import threading
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_SENDER = "jiefen.portal.sms.FileSender"


class SmsError(Exception):
    """The message could not be handed to the gateway."""


class Sender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class FileSender:
    """Appends ``<time>\\t<phone>\\t<text>`` lines to ``var/sms-outbox.log``."""

    _lock = threading.Lock()

    def __init__(self, path: Path | None = None):
        self.path = path or Path(getattr(settings, "VAR_DIR", "var")) / "sms-outbox.log"

    def send(self, phone: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = f"{timezone.now().isoformat(timespec='seconds')}\t{phone}\t{text}\n"
        with self._lock, open(self.path, "a", encoding="utf-8") as outbox:
            outbox.write(line)


class ConsoleSender:
    def send(self, phone: str, text: str) -> None:
        print(f"[SMS to {phone}] {text}", flush=True)


class MemorySender:
    """Keeps messages in ``MemorySender.outbox`` (for tests)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


def sender() -> Sender:
    path = getattr(settings, "JIEFEN_SMS_SENDER", None) or os.environ.get("JIEFEN_SMS_SENDER") or DEFAULT_SENDER
    return import_string(path)()


def deliver(phone: str, text: str) -> tuple[datetime.datetime | None, str]:
    """Hand one message to the gateway: (the time it went, "") or (None, the error). Never raises: a gateway
    adapter may fail in ways of its own, and the caller records each failure the same way, to be sent again."""
    try:
        sender().send(phone, text)
    except Exception as failure:
        return None, (str(failure) or type(failure).__name__)[:255]
    return timezone.now(), ""
