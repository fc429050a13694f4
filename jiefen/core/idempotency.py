"""Requests that take effect once, however often a client retries them (an ``Idempotency-Key``).

The key is claimed by inserting a row in the same transaction as the work: a concurrent retry waits on the
unique index until the first commits and then finds its result; a retry after a crash either finds the committed
result or, if the first never committed, does the work itself. Same on SQLite and PostgreSQL.
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
            record = IdempotencyRecord.objects.create(scope=scope, key=key, fingerprint=digest)
            result = work()
            IdempotencyRecord.objects.filter(pk=record.pk).update(result_id=result.pk)
            return result.pk, True
    except IntegrityError:
        earlier = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if earlier is None:
            raise  # the conflict came from the work itself, not from the key
    if earlier.fingerprint != digest:
        raise KeyReused(key)
    return earlier.result_id, False
