import io

from django.core.management import call_command

from jiefen.exchange.models import Delivery

from .test_referrals import referred  # noqa: F401  (the fixture)


def test_the_worker_command_posts_what_is_due_once_and_exits(referred, receiver):  # noqa: F811
    out = io.StringIO()
    call_command("run_exchange_worker", "--once", stdout=out)
    assert "posted 1 webhook deliveries" in out.getvalue()
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED
    assert len(receiver.requests) == 1
