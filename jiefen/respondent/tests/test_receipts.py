"""Every notice to a respondent is tracked: its text message sent, delivered (the gateway's receipt, or its report
that the message could not be delivered), and read on the portal, on the case page's panel and through the API."""

import json
import time

import pytest
from django.test import Client
from rest_framework.test import APIClient

from jiefen.cases.models import Party
from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import mark_read
from jiefen.exchange.signing import sign
from jiefen.portal.models import StatusMessage
from jiefen.portal.services import citizen_for
from jiefen.respondent import services
from jiefen.scheduler.services import run_pass

from .test_clock import at, waiting  # noqa: F401  (the fixture)

SECRET = "gateway-secret-of-the-respondent-tests"


@pytest.fixture
def notified(waiting, settings, django_capture_on_commit_callbacks):  # noqa: F811
    """Day 0 of the clock has fired: the one-time notice served online on the respondent, the link texted."""
    settings.JIEFEN_SMS_RECEIPT_SECRET = SECRET
    with django_capture_on_commit_callbacks(execute=True):
        run_pass(at("2026-11-02"))
    return waiting


def gateway_reports(message: StatusMessage, status: str, **extra):
    body = json.dumps({"receipts": [{"message_id": message.gateway_id, "status": status, **extra}]}).encode()
    now = int(time.time())
    return APIClient().post("/api/sms/receipts/", body, content_type="application/json",
                            HTTP_X_JIEFEN_TIMESTAMP=str(now), HTTP_X_JIEFEN_SIGNATURE=sign(SECRET, body, now))


def panel(network, case) -> str:
    client = Client()
    client.force_login(network.user("village_a"))
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    start = page.index('id="notices-to-respondents"')
    return page[start:page.index("</table>", start)]


def test_sent_then_delivered_then_read(notified, network):
    [row] = services.notices_to_respondents(notified)
    assert row["sent_at"] is not None and row["delivered_at"] is None and row["read_at"] is None
    assert "no receipt yet" in panel(network, notified)

    message = StatusMessage.objects.get(case=notified, party__role=Party.Role.RESPONDENT)
    assert gateway_reports(message, "delivered", at="2026-11-02T09:00:31+08:00").status_code == 200
    [row] = services.notices_to_respondents(notified)
    assert row["delivered_at"] == at("2026-11-02").replace(second=31)
    assert "2026-11-02 09:00" in panel(network, notified).split('class="delivered"')[1]

    record = ServiceRecord.objects.get(case=notified, party__role=Party.Role.RESPONDENT)
    mark_read(record, reader=citizen_for(record.party.phone), at=at("2026-11-03", 20))
    [row] = services.notices_to_respondents(notified)
    assert row["read_at"] == at("2026-11-03", 20)
    assert "2026-11-03 20:00" in panel(network, notified).split('class="read"')[1]

    api = APIClient()
    api.force_authenticate(network.user("village_a"))
    [notice] = api.get(f"/api/cases/{notified.pk}/respondent-contacts/").json()["notices"]
    assert notice["delivered_at"].startswith("2026-11-02T09:00:31") and notice["read_at"]
    assert notice["not_delivered_at"] is None and notice["delivery_error"] == ""


def test_a_message_the_gateway_could_not_deliver_shows_as_such(notified, network):
    message = StatusMessage.objects.get(case=notified, party__role=Party.Role.RESPONDENT)
    gateway_reports(message, "failed", error="MB:0001", at="2026-11-04T09:00:00+08:00")
    [row] = services.notices_to_respondents(notified)
    assert row["delivered_at"] is None and row["not_delivered_at"] == at("2026-11-04")
    cell = panel(network, notified).split('class="delivered"')[1]
    assert "not delivered (2026-11-04 09:00)" in cell and "MB:0001" in cell


def test_a_message_the_gateway_refused_is_failed_without_a_receipt(waiting, settings, network,  # noqa: F811
                                                                   django_capture_on_commit_callbacks):
    settings.JIEFEN_SMS_SENDER = "jiefen.portal.tests.test_notifications.RefusingSender"
    with django_capture_on_commit_callbacks(execute=True):
        run_pass(at("2026-11-02"))
    [row] = services.notices_to_respondents(waiting)
    assert row["failed"] and row["sent_at"] is None and row["delivered_at"] is None
    assert ">failed<" in panel(network, waiting).split('class="sent"')[1]
