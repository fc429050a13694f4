"""Delivery receipts: the sender returns the gateway's id of each message; the gateway reports, signed with the
shared secret, that the message was delivered or could not be; each report is recorded once, on the message that
went out under its id; jiefen's own senders' receipts can be simulated; the case page shows them."""

import json
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from jiefen.exchange.signing import sign
from jiefen.portal.models import SmsReceipt, StatusMessage
from jiefen.portal.receipts import NoGateway, simulate_receipts
from jiefen.testing import register

SECRET = "sms-gateway-shared-secret-for-tests"
URL = "/api/sms/receipts/"


class GatewaySender:
    """A gateway adapter: what it accepts, it acknowledges with an id of its own."""

    def send(self, phone: str, text: str) -> str:
        return "BIZ-000123"


@pytest.fixture(autouse=True)
def receipt_secret(settings):
    settings.JIEFEN_SMS_RECEIPT_SECRET = SECRET


@pytest.fixture
def message(network, django_capture_on_commit_callbacks):
    """The status line the applicant was sent when their dispute was registered."""
    with django_capture_on_commit_callbacks(execute=True):
        case = register(network)
    return StatusMessage.objects.get(case=case)


def post(body, *, secret=SECRET, timestamp=None, headers=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = {"HTTP_X_JIEFEN_TIMESTAMP": str(timestamp), "HTTP_X_JIEFEN_SIGNATURE": sign(secret, raw, timestamp)}
    return APIClient().post(URL, raw, content_type="application/json", **(signed if headers is None else headers))


def delivered(message_id, **extra):
    return {"receipts": [{"message_id": message_id, "status": "delivered", **extra}]}


def test_the_sender_s_id_is_kept_with_the_message(message):
    assert message.gateway_id.startswith("memory-") and message.sent_at is not None


def test_a_gateway_adapter_s_id_is_kept_as_it_gave_it(network, settings, django_capture_on_commit_callbacks):
    settings.JIEFEN_SMS_SENDER = f"{__name__}.GatewaySender"
    with django_capture_on_commit_callbacks(execute=True):
        case = register(network)
    assert StatusMessage.objects.get(case=case).gateway_id == "BIZ-000123"


def test_a_signed_receipt_is_recorded_once_however_often_the_gateway_repeats_it(message):
    body = delivered(message.gateway_id, at="2026-11-02T09:00:21+08:00")

    first = post(body)
    assert first.status_code == 200, first.json()
    assert first.json() == {"recorded": 1, "repeated": 0, "unknown": []}
    assert post(body).json() == {"recorded": 0, "repeated": 1, "unknown": []}

    receipt = SmsReceipt.objects.get()
    assert (receipt.message, receipt.status) == (message, "delivered")
    assert receipt.reported_at.isoformat() == "2026-11-02T01:00:21+00:00"
    assert StatusMessage.objects.get(pk=message.pk).delivery == receipt
    with pytest.raises(TypeError):
        SmsReceipt.objects.filter(pk=receipt.pk).update(status="failed")


def test_a_failure_to_deliver_keeps_the_gateway_s_code_and_unknown_ids_are_named(message):
    body = {"receipts": [
        {"message_id": message.gateway_id, "status": "failed", "error": "UNDELIV"},
        {"message_id": "not-ours-42", "status": "delivered"},
    ]}
    assert post(body).json() == {"recorded": 1, "repeated": 0, "unknown": ["not-ours-42"]}
    receipt = SmsReceipt.objects.get()
    assert (receipt.status, receipt.error) == ("failed", "UNDELIV")


@pytest.mark.parametrize("tamper", ["no headers", "wrong secret", "stale", "body changed"])
def test_an_unsigned_wrongly_signed_or_stale_report_is_401(message, tamper):
    body = json.dumps(delivered(message.gateway_id)).encode()
    if tamper == "no headers":
        response = post(body, headers={})
    elif tamper == "wrong secret":
        response = post(body, secret="guessed")
    elif tamper == "stale":
        response = post(body, timestamp=int(time.time()) - 600)
    else:
        now = int(time.time())
        response = APIClient().post(
            URL, body.replace(b"delivered", b"failed"), content_type="application/json",
            HTTP_X_JIEFEN_TIMESTAMP=str(now), HTTP_X_JIEFEN_SIGNATURE=sign(SECRET, body, now),
        )
    assert response.status_code == 401
    assert {"detail", "code"} <= set(response.json()) and response["WWW-Authenticate"].startswith("Signature")
    assert not SmsReceipt.objects.exists()


def test_without_a_shared_secret_no_receipt_is_accepted(message, settings):
    settings.JIEFEN_SMS_RECEIPT_SECRET = ""
    response = post(delivered(message.gateway_id), secret="")
    assert response.status_code == 401 and response.json()["code"] == "not_configured"


@pytest.mark.parametrize("body", [
    b"not json", {"receipts": []}, {"receipts": [{"message_id": "x", "status": "read"}]},
    {"receipts": [{"status": "delivered"}]}, {"receipts": [{"message_id": "x", "status": "delivered", "at": "soon"}]},
])
def test_a_body_that_is_not_a_report_is_400_with_the_api_s_error_shape(message, body):
    response = post(body)
    assert response.status_code == 400
    assert {"detail", "code", "errors"} <= set(response.json())
    assert not SmsReceipt.objects.exists()


def test_receipts_are_simulated_for_jiefen_s_own_senders_only(message, settings):
    assert simulate_receipts([message], "delivered").recorded == 1
    settings.JIEFEN_SMS_SENDER = f"{__name__}.GatewaySender"
    with pytest.raises(NoGateway):
        simulate_receipts([message], "failed")


def test_the_command_simulates_a_case_s_receipts_or_named_ones(message):
    out = StringIO()
    call_command("simulate_sms_receipt", "--case", message.case.number, stdout=out)
    assert "1 receipts recorded (delivered)" in out.getvalue()
    call_command("simulate_sms_receipt", message.gateway_id, "--status", "failed", "--error", "UNDELIV",
                 stdout=StringIO())
    assert sorted(SmsReceipt.objects.values_list("status", flat=True)) == ["delivered", "failed"]
    assert StatusMessage.objects.get(pk=message.pk).delivery.status == "delivered"  # delivered settles it
    with pytest.raises(CommandError, match="No message sent under nobody"):
        call_command("simulate_sms_receipt", "nobody")


def test_the_case_page_shows_each_message_delivered_or_not(message, network):
    simulate_receipts([message], "failed", error="UNDELIV")
    client = APIClient()
    client.force_login(network.user("village_a"))
    page = client.get(reverse("workbench:case", args=[message.case_id])).content.decode()
    panel = page[page.index('id="status-messages"'):]
    assert "UNDELIV" in panel[:panel.index("</section>")]
