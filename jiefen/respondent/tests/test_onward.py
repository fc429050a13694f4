""""Respondent unreachable or refuses" routes the applicant onward: once the move commits, the applicants are served
online the guidance on the legal paths left, which carries the undisputed facts the move recorded, and texted the
link through the pluggable sender; the case page shows what was served, and the applicant reads it on the portal."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from jiefen.cases.models import Party, State
from jiefen.cases.workflow import SERVED_ONLINE, Move
from jiefen.documents.guidance import guidance_content
from jiefen.documents.models import ServiceRecord
from jiefen.portal import services as portal
from jiefen.portal.sms import MemorySender
from jiefen.respondent import services
from jiefen.testing import case_in_state, make, register

APPLICANT = "13812345678"  # the applicant's phone in ``register``
LINK = re.compile(r"/portal/served/([0-9a-f]{40})/")


@pytest.fixture
def absent(network, django_capture_on_commit_callbacks):
    """An assigned case of 西门社区 whose mediator records that the respondent cannot be reached."""
    with django_capture_on_commit_callbacks(execute=True):
        case = case_in_state(network, State.ASSIGNED)
    MemorySender.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = make(network, case, Move.RESPONDENT_ABSENT)
    return case


def test_the_applicant_is_served_the_guidance_online_and_texted_the_link(absent):
    record = ServiceRecord.objects.get(case=absent, document=ServiceRecord.Document.GUIDANCE)
    assert record.party.role == Party.Role.APPLICANT and record.method == ServiceRecord.Method.PORTAL
    assert record.served_by_name == absent.mediator.name
    assert absent.events.filter(move=SERVED_ONLINE, payload__document="guidance").count() == 1
    texts = [text for phone, text in MemorySender.outbox if LINK.search(text)]
    assert [phone for phone, text in MemorySender.outbox if LINK.search(text)] == [APPLICANT]
    assert LINK.search(texts[0]).group(1) == record.token and "法律途径指引书" in texts[0]


def test_the_guidance_says_why_and_carries_the_undisputed_facts(absent):
    guidance = guidance_content(absent)
    assert "无法与被申请人取得联系" in guidance.opening and "终结评估" not in guidance.opening
    assert guidance.facts == ["张三与李四系上下楼邻居。"] and "无争议事实" in guidance.undisputed
    assert [path.name for path in guidance.paths] == ["诉讼"]  # a neighbours' dispute: litigation only


def test_the_applicant_reads_it_on_the_portal(absent):
    record = ServiceRecord.objects.get(case=absent, document=ServiceRecord.Document.GUIDANCE)
    citizen = Client()
    citizen.force_login(portal.citizen_for(APPLICANT))
    page = citizen.get(f"/portal/served/{record.token}/").content.decode()
    assert "法律途径指引书" in page and "张三与李四系上下楼邻居。" in page
    pdf = citizen.get(f"/portal/served/{record.token}/download/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert ServiceRecord.objects.get(pk=record.pk).read_at is not None


def test_the_case_page_shows_what_was_served_and_the_mediator_prints_it(absent, network):
    client = Client()
    client.force_login(network.user("village_a"))
    page = client.get(f"/cases/{absent.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    section = page[page.index('id="routed-onward"'):]
    section = section[:section.index("</div>")]
    assert "Guidance on the legal paths left" in section and "张三" in section and "no receipt yet" in section
    assert client.get(reverse("supervision:guidance_pdf", args=[absent.pk])).status_code == 200


def test_the_move_s_record_is_kept_and_a_repeated_call_serves_nobody_twice(absent):
    event = absent.events.get(move=Move.RESPONDENT_ABSENT)
    assert services.route_onward(event) == []
    assert ServiceRecord.objects.filter(case=absent, document=ServiceRecord.Document.GUIDANCE).count() == 1


def test_an_applicant_without_a_mobile_number_is_to_be_handed_it(network, django_capture_on_commit_callbacks):
    parties = [
        {"role": "applicant", "kind": "person", "name": "王五", "id_number": "", "phone": "0518-85820000"},
        {"role": "respondent", "kind": "person", "name": "李四", "id_number": "", "phone": "13912345678"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        case = register(network, parties=parties)
        for move in (Move.TRIAGE, Move.CONSENT, Move.ASSIGN):
            case = make(network, case, move)
    with django_capture_on_commit_callbacks(execute=True):
        case = make(network, case, Move.RESPONDENT_ABSENT)
    assert not ServiceRecord.objects.filter(case=case, document=ServiceRecord.Document.GUIDANCE).exists()
    assert [party.name for party in services.unreached_applicants(case)] == ["王五"]
    client = Client()
    client.force_login(network.user("village_a"))
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "王五 has no mobile number: hand the guidance over at the window." in page


def test_an_ordinary_failure_waits_for_the_termination_review(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_in_state(network, State.FAILED)
    assert not ServiceRecord.objects.filter(case=case, document=ServiceRecord.Document.GUIDANCE).exists()
    assert not services.routed_onward(case)
