"""The case page's panel and its actions, the portal's confirmation page, and the API."""

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from jiefen.agreements.models import CourtApplication, PartyConfirmation
from jiefen.agreements.testing import add_courts, confirmed_case, last_code
from jiefen.agreements.text import agreement_hash
from jiefen.cases.models import State
from jiefen.portal.services import citizen_for
from jiefen.testing import case_in_state

APPLICANT, STRANGER = "13812345678", "13700000000"


@pytest.fixture
def orgs(network):
    return add_courts(network)


def citizen_client(phone: str) -> Client:
    client = Client()
    client.force_login(citizen_for(phone))
    return client


def test_the_case_page_loads_the_panel_with_each_partys_status(network, orgs, login):
    case = case_in_state(network, State.RESOLVED)
    client = login("village_a")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/enforceability/" in page
    panel = client.get(f"/cases/{case.pk}/enforceability/", HTTP_HX_REQUEST="true").content.decode()
    assert "张三" in panel and "李四" in panel and "未确认" in panel
    assert agreement_hash(case.current_agreement()) in panel
    assert login("other_county_coordinator").get(f"/cases/{case.pk}/enforceability/").status_code == 404


def test_sending_for_confirmation_serves_the_agreement_online(network, orgs, login, text_messages_in_memory,
                                                             django_capture_on_commit_callbacks):
    case = case_in_state(network, State.RESOLVED)
    with django_capture_on_commit_callbacks(execute=True):
        response = login("village_a").post(f"/cases/{case.pk}/agreement/send/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert {phone for phone, text in text_messages_in_memory if "/portal/served/" in text} == {
        "13812345678", "13912345678"}


def test_a_party_confirms_on_the_portal_and_a_stranger_sees_nothing(network, orgs):
    case = case_in_state(network, State.RESOLVED)
    agreement = case.current_agreement()
    url = f"/portal/agreements/{agreement.pk}/"
    assert citizen_client(STRANGER).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # log in first

    client = citizen_client(APPLICANT)
    page = client.get(url).content.decode()
    assert "一、李四每日22时后停止施工。" in page and agreement_hash(agreement) in page
    client.post(url, {"action": "send", "sha256": agreement_hash(agreement)})
    response = client.post(url, {"action": "confirm", "code": last_code(APPLICANT),
                                 "sha256": agreement_hash(agreement)})
    assert response.status_code == 302
    assert PartyConfirmation.objects.get().party.name == "张三"
    assert "您已确认本调解协议" in client.get(url).content.decode()
    assert agreement.case.number in client.get("/portal/agreements/").content.decode()


def test_the_mediator_generates_the_application_and_records_the_court_steps(network, orgs, login):
    case = confirmed_case(network)
    client = login("village_a")
    response = client.post(f"/cases/{case.pk}/court-applications/", {"court": orgs["320706-FY"].pk},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "海州区人民法院" in response.content.decode()
    application = CourtApplication.objects.get()
    docx = client.get(f"/cases/{case.pk}/court-applications/{application.pk}/application.docx")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    step = client.post(f"/cases/{case.pk}/court-applications/{application.pk}/steps/",
                       {"status": "confirmed", "on": timezone.localdate().isoformat(), "ruling_number": "x"},
                       HTTP_HX_REQUEST="true")
    assert step.status_code == 409  # not yet filed
    client.post(f"/cases/{case.pk}/court-applications/{application.pk}/steps/",
                {"status": "filed", "on": timezone.localdate().isoformat()})
    application.refresh_from_db()
    assert application.status == "filed"


def test_the_api_reads_the_status_and_makes_the_application(network, orgs):
    case = confirmed_case(network, amount="3000.00")
    api = APIClient()
    api.force_authenticate(network.user("village_a"))
    status = api.get(f"/api/cases/{case.pk}/agreement/").json()
    assert status["fully_confirmed"] and status["proposed_court"] == "320706-FY"
    assert [c["party"] for c in status["confirmations"]] == ["张三", "李四"]
    assert status["sha256"] == agreement_hash(case.current_agreement())

    created = api.post(f"/api/cases/{case.pk}/court-applications/", {}, format="json")
    assert created.status_code == 201 and created.json()["court_name"] == "海州区人民法院"
    again = api.post(f"/api/cases/{case.pk}/court-applications/", {}, format="json")
    assert again.status_code == 409
    step = api.post(f"/api/cases/{case.pk}/court-applications/{created.json()['id']}/steps/",
                    {"status": "filed", "on": timezone.localdate().isoformat()}, format="json")
    assert step.status_code == 200 and step.json()["status"] == "filed"

    notarial = api.post(f"/api/cases/{case.pk}/notarial-requests/", {"notary": "3207-GZC", "undertaking": True},
                        format="json")
    assert notarial.status_code == 201
    result = api.post(f"/api/cases/{case.pk}/notarial-requests/{notarial.json()['id']}/result/",
                      {"status": "notarised", "on": timezone.localdate().isoformat()}, format="json")
    assert result.status_code == 400 and "certificate_number" in result.json()["errors"]
    other = APIClient()
    other.force_authenticate(network.user("other_county_coordinator"))
    assert other.get(f"/api/cases/{case.pk}/agreement/").status_code == 404
