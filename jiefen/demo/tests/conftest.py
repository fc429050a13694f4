import time
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once per test module, inside a transaction rolled back when the module is done.

    Each test still runs in its own savepoint (ask for ``db``), so what one test writes does not reach the next.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        started = time.monotonic()
        call_command("load_demo", stdout=out)
        yield SimpleNamespace(output=out.getvalue(), seconds=time.monotonic() - started)
        transaction.set_rollback(True)
