"""Gap-free running numbers that never collide under concurrent use.

One statement creates the counter row at 1 or increments it, and returns the new value (an upsert with
``RETURNING``, the same on PostgreSQL and SQLite 3.35+). On PostgreSQL the row lock it takes is held until the
surrounding transaction commits, so concurrent registrations queue on it; SQLite serialises writers anyway.
The caller must be inside ``transaction.atomic``.
"""

from django.db import connection, transaction

from jiefen.core.models import SequenceCounter

_table = connection.ops.quote_name(SequenceCounter._meta.db_table)
NEXT_VALUE = (
    f"INSERT INTO {_table} (scope, year, value) VALUES (%s, %s, 1) "
    f"ON CONFLICT (scope, year) DO UPDATE SET value = {_table}.value + 1 RETURNING value"
)


def next_in_sequence(scope: str, year: int) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_in_sequence must run inside transaction.atomic")
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(NEXT_VALUE, [scope, year])
        return cursor.fetchone()[0]
