"""Requests that take effect once, however often a client retries them (an ``Idempotency-Key``).

The key's row, with the work's result, is inserted at the end of the transaction that does the work (one write,
not a claim and then an update): a concurrent retry does the work too, then waits on the unique index until the
first commits, fails on it, rolls its own work back and finds the first one's result; a retry after a crash either
finds the committed result or, if the first never committed, does the work itself. Same on SQLite and PostgreSQL.
What follows the work belongs in ``transaction.on_commit``, which a rolled-back retry never runs; what the work
leaves outside the database (a stored evidence file) stays behind when a concurrent retry rolls back, as it would
after a crash in the middle of the work.
"""

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction

from jiefen.core.models import IdempotencyRecord


class KeyReused(Exception):
    """The key was used before for a different request."""


def fingerprint(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def run_once(scope: str, key: str, payload, work: Callable[[], object]) -> tuple[int, bool]:
    """Do ``work`` (which returns a saved object) once for this key; returns (the object's pk, whether it ran now)."""
    digest = fingerprint(payload)
    try:
        with transaction.atomic():
            result = work()
            IdempotencyRecord.objects.create(scope=scope, key=key, fingerprint=digest, result_id=result.pk)
            return result.pk, True
    except IntegrityError:
        earlier = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if earlier is None:
            raise  # the conflict came from the work itself, not from the key
    if earlier.fingerprint != digest:
        raise KeyReused(key)
    return earlier.result_id, False
