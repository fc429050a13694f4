"""Gap-free running numbers that never collide under concurrent use.

The counter row is created if missing (ignoring the conflict when another transaction created it first),
then incremented with one conditional ``UPDATE``. On PostgreSQL the row lock taken by that update is held
until the surrounding transaction commits, so concurrent registrations queue on it; SQLite serialises
writers anyway. The caller must be inside ``transaction.atomic``.
"""

from django.db import transaction
from django.db.models import F

from jiefen.core.models import SequenceCounter


def next_in_sequence(scope: str, year: int) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_in_sequence must run inside transaction.atomic")
    SequenceCounter.objects.bulk_create([SequenceCounter(scope=scope, year=year)], ignore_conflicts=True)
    SequenceCounter.objects.filter(scope=scope, year=year).update(value=F("value") + 1)
    return SequenceCounter.objects.values_list("value", flat=True).get(scope=scope, year=year)
