"""Supervision of the agreements handed to a notary office or a court: /supervision/ lists the open ones of the
coordinator's jurisdiction with how long they have waited and by when the law expects the answer; the coordinator
urges them with the urges of every transfer (to the notary office's queue when it works on the platform), records
the answers, and the loop closes when the notary office's or the court's result is recorded."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from jiefen.agreements import notary
from jiefen.agreements import services as agreements
from jiefen.agreements.models import ConfirmationCode, CourtApplication, NotarialRequest
from jiefen.agreements.testing import add_courts, confirmed_case
from jiefen.cases.services import IllegalMove
from jiefen.supervision import agencies, enforceability, services
from jiefen.supervision.models import AgencyAnswer, AgencyContact, Channel, Urge, UrgeMessage
from jiefen.supervision.tests.conftest import agency_clerk

pytestmark = pytest.mark.django_db
C = CourtApplication.Status
ASKED = "请告知公证受理情况。"


@pytest.fixture
def orgs(network):
    return add_courts(network)


@pytest.fixture
def notary_clerk(network, orgs):
    return agency_clerk(network, username="notary_clerk", org="3207-GZC", name="宋公证")


def agreed(network, **register_kwargs):
    """A case whose parties confirmed its agreement; the codes of earlier ones sent minutes before (the portal
    sends a phone one code a minute)."""
    ConfirmationCode.objects.update(created_at=F("created_at") - datetime.timedelta(minutes=2))
    return confirmed_case(network, **register_kwargs)


def handed_to_notary(network, orgs, days_ago: int = 0):
    case = agreed(network, amount="5000.00")
    return agreements.request_notarisation(
        case, network.user("village_a"), notary=orgs["3207-GZC"], undertaking=True,
        today=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def filed_with_the_court(network, *, accepted: bool = False, case=None):
    case = case or agreed(network)
    mediator, today = network.user("village_a"), timezone.localdate()
    application = agreements.prepare_application(case, mediator)
    agreements.record_court_step(application, mediator, C.FILED, on=today)
    if accepted:
        agreements.record_court_step(application, mediator, C.ACCEPTED, on=today,
                                     court_case_number="（2026）苏0706民特5号")
    application.refresh_from_db()
    return application


def test_the_list_shows_the_open_requests_and_applications_with_their_wait_and_due_day(network, orgs, login):
    waiting = handed_to_notary(network, orgs, days_ago=4)
    filed = filed_with_the_court(network)
    prepared = agreements.prepare_application(agreed(network), network.user("village_a"))  # not filed yet
    coordinator = network.user("town_coordinator")

    rows = enforceability.supervised_agreements(coordinator)
    assert [(row.kind, row.row.pk) for row in rows] == [("court", filed.pk), ("notarial", waiting.pk)]
    court, notarial = rows
    assert court.due.on >= timezone.localdate() + datetime.timedelta(days=3) and not court.overdue
    assert (notarial.waited_days, notarial.due) == (4, None)  # the law sets no time to accept
    assert enforceability.supervised_agreements(network.user("other_county_coordinator")) == []
    assert [row.kind for row in enforceability.supervised_agreements(coordinator, agency_kind="notary")] == [
        "notarial"]

    page = login("town_coordinator").get("/supervision/").content.decode()
    assert waiting.case.number in page and filed.case.number in page and prepared.case.number not in page
    assert 'data-waited="4"' in page and "《公证法》" not in page  # the notary's time runs from acceptance
    assert "《最高人民法院关于人民调解协议司法确认程序的若干规定》第四条" in page

    notary.record_step(agency_clerk(network, "notary_clerk", "3207-GZC"), waiting.pk, NotarialRequest.Status.REFUSED,
                       on=timezone.localdate(), note="材料不全。")
    assert [row.kind for row in enforceability.supervised_agreements(coordinator)] == ["court"]
    assert [row.kind for row in enforceability.supervised_agreements(coordinator, status="done")] == ["notarial"]


def test_the_coordinator_urges_the_notary_on_its_queue_and_the_certificate_closes_the_loop(network, orgs,
                                                                                          notary_clerk, login):
    request = handed_to_notary(network, orgs)
    coordinator = network.user("town_coordinator")
    page = login("town_coordinator").get(f"/cases/{request.case.pk}/").content.decode()
    assert 'id="agreement-supervision"' in page and f'value="notarial-{request.pk}"' in page

    response = login("town_coordinator").post(f"/cases/{request.case.pk}/urges/", {
        "matter": f"notarial-{request.pk}", "channel": "platform", "content": ASKED,
        "reply_by": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
    })
    assert response.status_code == 302 and response.url.endswith("#agreement-supervision")
    urge = Urge.objects.get()
    assert (urge.agency, urge.notarial_request, urge.contact) == (orgs["3207-GZC"], request, "连云港市连云港公证处")
    assert list(agencies.urges_to(notary_clerk)) == [urge]
    assert ASKED in login("notary_clerk").get("/").content.decode()

    services.answer_urge(urge.pk, notary_clerk, progress="accepted", content="已受理，正在核实借款事实。")
    answer = AgencyAnswer.objects.get()
    assert (answer.notarial_request, answer.agency_name, answer.respondent) == (
        request, "连云港市连云港公证处", "宋公证")

    second = services.urge(request.case, coordinator, channel=Channel.PLATFORM, content="请尽快出具公证书。")
    assert list(agencies.urges_to(notary_clerk)) == [second]
    notary.record_step(notary_clerk, request.pk, NotarialRequest.Status.NOTARISED, on=timezone.localdate(),
                       certificate_number="（2026）苏连证字第9号")
    assert list(agencies.urges_to(notary_clerk)) == []  # the result came back: the loop is closed
    with pytest.raises(IllegalMove):
        services.urge(request.case, coordinator, channel=Channel.PHONE, contact="公证员", content=ASKED)
    page = login("town_coordinator").get(f"/cases/{request.case.pk}/").content.decode()
    assert 'id="agreement-supervision"' in page and 'data-form="urge"' not in page  # the record stays


def test_an_urge_to_the_court_by_phone_its_answer_and_the_ruling(network, orgs):
    application = filed_with_the_court(network, accepted=True)
    coordinator = network.user("county_coordinator")
    urge = services.urge(application.case, coordinator, channel=Channel.PHONE, contact="海州区人民法院立案庭",
                         content="请告知司法确认审查进度。")
    assert (urge.court_application, urge.agency) == (application, orgs["320706-FY"])
    services.record_answer(application.case, coordinator, channel=Channel.PHONE, respondent="立案庭王法官",
                           progress="in_progress", content="正在审查，本周内作出决定。", urge_id=urge.pk)
    assert AgencyAnswer.objects.get().court_application == application

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - datetime.timedelta(days=3)):
        late = services.urge(application.case, coordinator, channel=Channel.PHONE, contact="立案庭",
                             content="请尽快作出决定。", reply_by=timezone.localdate())
    assert list(agencies.overdue_urges(coordinator)) == [late]
    agreements.record_court_step(application, network.user("village_a"), C.CONFIRMED, on=timezone.localdate(),
                                 ruling_number="（2026）苏0706民特5号")
    assert list(agencies.overdue_urges(coordinator)) == []


def test_a_case_waiting_for_both_says_which_the_urge_is_about(network, orgs):
    request = handed_to_notary(network, orgs)
    application = filed_with_the_court(network, case=request.case)
    coordinator = network.user("town_coordinator")
    with pytest.raises(ValidationError) as unnamed:
        services.urge(request.case, coordinator, channel=Channel.PHONE, contact="x", content=ASKED)
    assert set(unnamed.value.message_dict) == {"matter"}
    urge = services.urge(request.case, coordinator, channel=Channel.PHONE, contact="立案庭", content=ASKED,
                         matter=f"court-{application.pk}")
    assert (urge.court_application, urge.notarial_request) == (application, None)


def test_the_api_lists_the_agreements_and_urges_one(network, orgs, api):
    request = handed_to_notary(network, orgs, days_ago=2)
    client = api("town_coordinator")
    listed = client.get("/api/supervision/agreements/").json()["results"]
    assert [(row["kind"], row["id"], row["waited_days"]) for row in listed] == [("notarial", request.pk, 2)]
    assert api("village_a").get("/api/supervision/agreements/").status_code == 403

    urged = client.post(f"/api/cases/{request.case.pk}/urges/", {
        "channel": "phone", "contact": "公证处 宋公证员", "content": ASKED, "notarial_request": request.pk,
    }, format="json")
    assert urged.status_code == 201 and urged.json()["notarial_request"] == request.pk
    unknown = client.post(f"/api/cases/{request.case.pk}/urges/", {
        "channel": "phone", "contact": "x", "content": ASKED, "notarial_request": request.pk + 100,
    }, format="json")
    assert unknown.status_code == 400 and "matter" in str(unknown.json())


def test_a_court_off_the_platform_gets_the_urge_by_text_message_naming_the_confirmation(network, orgs, outbox,
                                                                                       text_messages_in_memory):
    application = filed_with_the_court(network)
    contact = AgencyContact.objects.create(agency=orgs["320706-FY"], name="王书记员", office="立案庭",
                                           mobile="13955556677")
    services.urge(application.case, network.user("town_coordinator"), channel=Channel.SMS, agency_contact=contact.pk,
                  content="请告知是否受理。")
    phone, text = outbox[-1]
    assert phone == "13955556677" and application.case.number in text and "司法确认" in text
    assert UrgeMessage.objects.get().sent_at is not None
