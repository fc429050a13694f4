import time
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once per test module, inside a transaction rolled back when the module is done; its uploaded
    files land in a scratch directory (the rollback does not take them back).

    Each test still runs in its own savepoint (ask for ``db``), so what one test writes does not reach the next.
    """
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        started = time.monotonic()
        call_command("load_demo", stdout=out)
        yield SimpleNamespace(output=out.getvalue(), seconds=time.monotonic() - started, media=media)
        transaction.set_rollback(True)
