"""Electronic service on the portal: staff serve, the party gets the link by text message, opens it after logging
in with the case's phone number, and the first opening is the read receipt; a citizen's own submission has its
one-time notice served there at once."""

import re

import pytest
from django.test import Client

from jiefen.cases.models import CaseEvent
from jiefen.cases.workflow import SERVED_ONLINE
from jiefen.documents.models import ServiceRecord
from jiefen.portal import services
from jiefen.portal.sms import MemorySender
from jiefen.portal.tests.conftest import PHONE, PLACE
from jiefen.testing import register, resident_id

APPLICANT = "13812345678"  # the applicant's phone in ``register``
LINK = re.compile(r"/portal/served/([0-9a-f]{40})/")


def as_citizen(phone: str) -> Client:
    client = Client()
    client.force_login(services.citizen_for(phone))
    return client


@pytest.fixture
def served(network, client, django_capture_on_commit_callbacks):
    """The one-time notice of a 西门社区 case served online on its applicant by the township's intake officer."""
    case = register(network)
    client.force_login(network.user("town_intake"))
    applicant = case.parties.get(role="applicant")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cases/{case.pk}/notice/served-online/", {"party": applicant.pk, "document": "notice"})
    assert response.status_code == 302
    return ServiceRecord.objects.get(case=case, method=ServiceRecord.Method.PORTAL)


def test_serving_online_texts_the_party_the_link_and_notes_it_on_the_timeline(served, client):
    assert served.party.role == "applicant" and served.read_at is None and len(served.token) == 40
    [(phone, text)] = MemorySender.outbox
    assert phone == APPLICANT and "一次性告知书" in text and served.case.number in text
    assert LINK.search(text).group(1) == served.token
    event = CaseEvent.objects.get(case=served.case, move=SERVED_ONLINE)
    assert event.payload["service_record"] == served.pk
    page = client.get(f"/cases/{served.case_id}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "电子送达文书" in page and "电子送达" in page
    records = client.get(f"/cases/{served.case_id}/service-records/", HTTP_ACCEPT_LANGUAGE="zh-hans",
                         HTTP_HX_REQUEST="true").content.decode()
    assert 'data-method="portal"' in records and "未读" in records


def test_a_party_without_a_mobile_number_cannot_be_served_online(network, client):
    parties = [
        {"role": "applicant", "kind": "person", "name": "张三", "id_number": resident_id(), "phone": "13812345678"},
        {"role": "respondent", "kind": "organisation", "name": "海州物业公司", "id_number": "",
         "phone": "0518-85821234"},
    ]
    case = register(network, parties=parties)
    client.force_login(network.user("town_intake"))
    respondent = case.parties.get(role="respondent")
    response = client.post(f"/cases/{case.pk}/notice/served-online/", {"party": respondent.pk}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "电子送达需要当事人的手机号码" in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_the_link_asks_for_a_login_first(served):
    response = Client().get(f"/portal/served/{served.token}/")
    assert response.status_code == 302
    assert response["Location"] == f"/portal/login/?next=%2Fportal%2Fserved%2F{served.token}%2F"


def test_another_phone_is_refused_and_learns_nothing(served):
    response = as_citizen("13600000000").get(f"/portal/served/{served.token}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = response.content.decode()
    assert response.status_code == 403 and "这份文书送达的是另一个手机号码" in body
    assert served.case.number not in body and "张三" not in body and "西门社区" not in body
    assert as_citizen("13600000000").get(f"/portal/served/{served.token}/download/").status_code == 403
    served.refresh_from_db()
    assert served.read_at is None


def test_the_party_reads_it_and_the_first_opening_is_the_receipt(served, client):
    party = as_citizen(APPLICANT)
    page = party.get(f"/portal/served/{served.token}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert page.status_code == 200 and "一次性告知书" in body and "可以选择的化解途径" in body
    assert page["Cache-Control"] == "private, no-store"
    served.refresh_from_db()
    first = served.read_at
    assert first is not None

    download = party.get(f"/portal/served/{served.token}/download/")
    assert download.content.startswith(b"%PDF-") and download["Content-Type"] == "application/pdf"
    served.refresh_from_db()
    assert served.read_at == first  # reading again keeps the first time

    records = client.get(f"/cases/{served.case_id}/service-records/", HTTP_ACCEPT_LANGUAGE="zh-hans",
                         HTTP_HX_REQUEST="true").content.decode()
    assert "已读" in records and "未读" not in records


def test_an_unknown_token_is_not_found(network):
    assert as_citizen(APPLICANT).get("/portal/served/" + "0" * 40 + "/").status_code == 404


def test_a_portal_submission_has_its_notice_served_on_the_portal(network):
    citizen = services.citizen_for(PHONE)
    submission = services.submit(
        citizen=citizen, phone=PHONE, place=network.regions[PLACE], summary="楼上漏水纠纷",
        description="楼上卫生间漏水，天花板霉变。",
        parties=[
            {"role": "applicant", "kind": "person", "name": "张群众", "id_number": "", "phone": PHONE},
            {"role": "respondent", "kind": "person", "name": "李邻居", "id_number": "", "phone": ""},
        ],
    )
    record = ServiceRecord.objects.get(case=submission.case)
    assert (record.document, record.method, record.party_name) == ("notice", "portal", "张群众")
    assert record.served_by_organisation == "西门社区非诉讼服务站" and record.read_at is None

    client = as_citizen(PHONE)
    page = client.get(f"/portal/cases/{submission.tracking_code}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "向您送达的文书" in page and f"/portal/served/{record.token}/" in page and "未读" in page
    client.get(f"/portal/served/{record.token}/")
    record.refresh_from_db()
    assert record.read_at is not None
