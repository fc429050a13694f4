"""Signing webhooks, and checking them on the receiving side.

Every webhook carries three headers:

- ``X-Jiefen-Delivery``: the delivery's id; a retry or replay of the same event repeats it, so a receiver can
  ignore what it already has.
- ``X-Jiefen-Timestamp``: Unix seconds when this attempt was sent.
- ``X-Jiefen-Signature``: ``sha256=<hex>``, the HMAC-SHA256, keyed with the sender's secret, of
  ``<timestamp>.<body>`` (the timestamp's ASCII digits, a full stop, then the exact bytes of the body).

A receiver recomputes the HMAC over the raw body it received (before parsing the JSON) and compares it in
constant time; ``verify_signature`` does that and refuses a timestamp older than five minutes (a replayed
request). The same function in another language is a few lines; Python receivers may copy this module.
"""

import hashlib
import hmac
import time
from collections.abc import Mapping

SIGNATURE = "X-Jiefen-Signature"
TIMESTAMP = "X-Jiefen-Timestamp"
DELIVERY = "X-Jiefen-Delivery"
TOLERANCE_S = 300


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The ``X-Jiefen-Signature`` value for ``body`` sent at ``timestamp``."""
    message = str(int(timestamp)).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, delivery_id: int, timestamp: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return {
        "Content-Type": "application/json; charset=utf-8",
        DELIVERY: str(delivery_id),
        TIMESTAMP: str(timestamp),
        SIGNATURE: sign(secret, body, timestamp),
    }


def _header(headers: Mapping, name: str) -> str:
    value = headers.get(name)
    if value is None:  # a plain dict with other capitalisation
        value = next((v for k, v in headers.items() if k.lower() == name.lower()), None)
    return value or ""


def verify_signature(
    secret: str, body: bytes, headers: Mapping, *, tolerance: int = TOLERANCE_S, now: float | None = None
) -> bool:
    """True when ``body`` and ``headers`` are a webhook jiefen signed with ``secret`` in the last ``tolerance``
    seconds. ``headers`` is any mapping (a dict, ``http.server``'s headers, Django's ``request.headers``)."""
    timestamp = _header(headers, TIMESTAMP)
    signature = _header(headers, SIGNATURE)
    if not timestamp.isdigit() or not signature.startswith("sha256="):
        return False
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, body, int(timestamp)), signature)
