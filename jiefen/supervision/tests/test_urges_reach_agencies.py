"""Urges that reach the agency: on the queue of an agency on the platform, answered there; by text message to a
contact of the registry for an agency off it, each attempt recorded and a failed one sent again."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jiefen.cases.models import State
from jiefen.cases.services import IllegalMove
from jiefen.cases.workflow import AGENCY_ANSWERED, Move
from jiefen.supervision import agencies, messaging, services
from jiefen.supervision.models import AgencyAnswer, AgencyContact, Channel, Urge, UrgeMessage
from jiefen.supervision.tests.conftest import CONTACT_MOBILE, agency_clerk
from jiefen.testing import case_in_state, make

pytestmark = pytest.mark.django_db

ASKED = "请告知受理情况和预计结案时间。"


class RefusingGateway:
    def send(self, phone, text):
        raise RuntimeError("gateway busy (E503)")


def _urge_form(page: str) -> str:
    start = page.index('data-form="urge"')
    return page[start:page.index("</form>", start)]


def _urge(network, case, **values):
    return services.urge(case, network.user("town_coordinator"), **{"content": ASKED, **values})


def test_an_urge_through_the_platform_waits_on_the_agencys_queue_and_its_answer_closes_it(network, clerk, login):
    case = case_in_state(network, State.TRANSFERRED)
    reply_by = timezone.localdate() + datetime.timedelta(days=3)
    urge = _urge(network, case, channel=Channel.PLATFORM, reply_by=reply_by)
    assert urge.contact == "连云港市劳动人事争议仲裁委员会"  # nobody to name: the agency's queue is the addressee

    browser = login("arbitration_clerk")
    queue = browser.get("/").content.decode()
    assert 'id="agency-urges"' in queue and ASKED in queue and case.number in queue and "吴协调" in queue
    assert "张三" not in queue and "13812345678" not in queue  # the urge, never the parties
    assert browser.get(f"/cases/{case.pk}/").status_code == 404  # nor the case itself

    response = browser.post(f"/supervision/urges/{urge.pk}/answer/", {
        "progress": "accepted", "content": "已立案受理，预计下月开庭。",
        "expected_by": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    })
    assert response.status_code == 302 and response.url.endswith("#agency-urges")
    answer = AgencyAnswer.objects.get()
    assert (answer.urge, answer.channel, answer.respondent, answer.progress) == (
        urge, Channel.PLATFORM, "钱仲裁", "accepted",
    )
    event = case.events.get(move=AGENCY_ANSWERED)
    assert event.actor_organisation == "连云港市劳动人事争议仲裁委员会" and event.reason == "已立案受理，预计下月开庭。"
    assert list(agencies.urges_to(clerk)) == []  # closed
    assert ASKED not in browser.get("/").content.decode()

    page = login("town_coordinator").get(f"/cases/{case.pk}/").content.decode()
    assert "已立案受理，预计下月开庭。" in page and 'data-reach="platform"' in page


def test_only_the_agency_urged_answers_once_while_the_case_waits_for_it(network, clerk):
    case = case_in_state(network, State.TRANSFERRED)
    urge = _urge(network, case, channel=Channel.PLATFORM)
    answer = {"progress": "in_progress", "content": "正在审理。"}

    for outsider in (network.user("county_coordinator"), network.user("village_a"), network.user("citizen")):
        with pytest.raises(Http404):
            services.answer_urge(urge.pk, outsider, **answer)
    with pytest.raises(Http404):
        services.answer_urge("not-a-number", clerk, **answer)
    with pytest.raises(ValidationError) as error:
        services.answer_urge(urge.pk, clerk, progress="done", content=" ")
    assert set(error.value.message_dict) == {"content"}

    services.answer_urge(urge.pk, clerk, **answer)
    with pytest.raises(ValidationError):
        services.answer_urge(urge.pk, clerk, **answer)

    later = _urge(network, case, channel=Channel.PLATFORM)
    make(network, case, Move.REPORT_RESULT)
    with pytest.raises(IllegalMove):
        services.answer_urge(later.pk, clerk, **answer)
    assert list(agencies.urges_to(clerk)) == []  # the loop closed: nothing left to answer
    assert AgencyAnswer.objects.count() == 1


def test_the_platform_is_no_way_to_an_agency_off_it(network):
    case = case_in_state(network, State.TRANSFERRED)
    with pytest.raises(ValidationError) as error:
        _urge(network, case, channel=Channel.PLATFORM)
    assert "连云港市劳动人事争议仲裁委员会" in error.value.message_dict["channel"][0]
    assert Urge.objects.count() == 0


def test_an_urge_by_text_message_goes_to_the_contact_of_the_registry(network, contact, outbox):
    case = case_in_state(network, State.TRANSFERRED)
    outbox.clear()
    reply_by = timezone.localdate() + datetime.timedelta(days=2)
    urge = _urge(network, case, channel=Channel.SMS, agency_contact=contact.pk, reply_by=reply_by)

    assert urge.agency_contact == contact and urge.contact == "王书记员（立案庭） 139****6666"
    ((phone, text),) = outbox
    assert phone == CONTACT_MOBILE
    assert case.number in text and ASKED in text and reply_by.isoformat() in text and "朐阳街道" in text
    message = UrgeMessage.objects.get()
    assert message.sent_at is not None and message.error == "" and message.text == text
    assert CONTACT_MOBILE not in case.events.get(move="urged").payload["contact"]  # masked on the timeline


def test_a_text_message_the_gateway_refuses_is_recorded_and_sent_again(network, contact, outbox, settings, login):
    case = case_in_state(network, State.TRANSFERRED)
    settings.JIEFEN_SMS_SENDER = f"{__name__}.RefusingGateway"
    browser = login("town_coordinator")
    response = browser.post(f"/cases/{case.pk}/urges/", {
        "channel": "sms", "agency_contact": contact.pk, "content": ASKED,
    }, follow=True)
    urge = Urge.objects.get()  # the urge stands; its message failed
    failed = UrgeMessage.objects.get()
    assert failed.sent_at is None and failed.error == "gateway busy (E503)"
    page = response.content.decode()
    assert "gateway busy (E503)" in page and f"/cases/{case.pk}/urges/{urge.pk}/resend/" in page

    settings.JIEFEN_SMS_SENDER = "jiefen.portal.sms.MemorySender"
    outbox.clear()
    browser.post(f"/cases/{case.pk}/urges/{urge.pk}/resend/")
    assert [phone for phone, _text in outbox] == [CONTACT_MOBILE]
    assert UrgeMessage.objects.filter(sent_at__isnull=False).count() == 1
    with pytest.raises(ValidationError):
        messaging.resend_urge(network.user("town_coordinator"), case, urge.pk)
    assert f"/urges/{urge.pk}/resend/" not in browser.get(f"/cases/{case.pk}/").content.decode()
    assert login("village_a").post(f"/cases/{case.pk}/urges/{urge.pk}/resend/").status_code == 403


def test_a_text_message_needs_an_active_contact_of_the_agency_with_a_mobile(network, contact):
    case = case_in_state(network, State.TRANSFERRED)
    elsewhere = AgencyContact.objects.create(agency=network.orgs["320706"], name="错机构", mobile="13900000000")
    landline = AgencyContact.objects.create(agency=contact.agency, name="值班室", mobile="0518-85800000")
    gone = AgencyContact.objects.create(agency=contact.agency, name="已调离", mobile="13900000001", is_active=False)
    for chosen in (None, elsewhere.pk, landline.pk, gone.pk):
        with pytest.raises(ValidationError) as error:
            _urge(network, case, channel=Channel.SMS, agency_contact=chosen)
        assert "agency_contact" in error.value.message_dict
    # By phone, the registry only names whom the coordinator called.
    called = _urge(network, case, channel=Channel.PHONE, agency_contact=landline.pk)
    assert called.contact.startswith("值班室 051") and "85800000" not in called.contact
    assert UrgeMessage.objects.count() == 0


def test_the_registry_keeps_mobiles_encrypted_and_refuses_a_landline_for_texts(network, contact):
    with connection.cursor() as cursor:
        cursor.execute("SELECT mobile FROM supervision_agencycontact WHERE id = %s", [contact.pk])
        (stored,) = cursor.fetchone()
    assert stored and CONTACT_MOBILE not in stored
    contact.mobile = "0518-85800000"
    with pytest.raises(ValidationError):
        contact.full_clean()


def test_the_urge_form_offers_the_ways_that_reach_the_agency(network, contact, login):
    case = case_in_state(network, State.TRANSFERRED)
    browser = login("town_coordinator")
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    form = _urge_form(page)
    assert 'value="sms" selected' in form and 'value="platform"' not in form and 'data-reach="off-platform"' in page
    assert "139****6666" in form and CONTACT_MOBILE not in page

    agency_clerk(network)
    assert 'value="platform" selected' in _urge_form(browser.get(f"/cases/{case.pk}/").content.decode())
    refused = browser.post(f"/cases/{case.pk}/urges/", {"channel": "pigeon", "content": ASKED}, follow=True)
    assert "notice-error" in refused.content.decode() and Urge.objects.count() == 0


def test_through_the_api_the_agency_reads_and_answers_its_urges(network, clerk, contact, api, outbox):
    case = case_in_state(network, State.TRANSFERRED)
    coordinator = api("town_coordinator")
    by_text = coordinator.post(f"/api/cases/{case.pk}/urges/", {
        "channel": "sms", "agency_contact": contact.pk, "content": ASKED,
    }, format="json").json()
    assert by_text["messages"][0]["sent_at"] and by_text["contact"].startswith("王书记员")
    urged = coordinator.post(f"/api/cases/{case.pk}/urges/", {"channel": "platform", "content": "请尽快答复。"},
                             format="json")
    assert urged.status_code == 201

    agency = APIClient()
    agency.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=clerk).key}")
    listed = agency.get("/api/supervision/urges/").json()
    assert listed["count"] == 2 and {row["case_number"] for row in listed["results"]} == {case.number}
    assert "parties" not in listed["results"][0]
    answered = agency.post(f"/api/supervision/urges/{urged.json()['id']}/answer/",
                           {"progress": "in_progress", "content": "已排期开庭。"}, format="json")
    assert answered.status_code == 201 and answered.json()["channel"] == "platform"
    assert agency.get("/api/supervision/urges/").json()["count"] == 1
    assert agency.post(f"/api/supervision/urges/{urged.json()['id']}/answer/",
                       {"progress": "done", "content": "再答。"}, format="json").status_code == 400
    assert coordinator.post("/api/supervision/urges/1/answer/", {"progress": "done", "content": "x"},
                            format="json").status_code == 404
    assert coordinator.get("/api/supervision/urges/").json()["count"] == 0
    rows = coordinator.get(f"/api/cases/{case.pk}/urges/").json()
    assert [row["answered"] for row in rows] == [True, False]
