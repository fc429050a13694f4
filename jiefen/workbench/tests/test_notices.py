"""The one-time notice on the case page: print, edit, record it as served; only inside the jurisdiction."""

import pytest
from django.urls import reverse

from jiefen.cases.models import State
from jiefen.documents.models import ServiceRecord
from jiefen.testing import case_in_state, matrix_rows, register

HTMX = {"HX-Request": "true"}
LOGIN = 302


def url(name, case):
    return reverse(f"workbench:{name}", args=[case.pk])


def test_the_case_page_offers_the_notice_and_a_button_per_party(network, login):
    case = register(network)

    content = login("town_intake").get(url("case", case)).content.decode()

    notice = content[content.index('id="notice"'):content.index('id="actions"')]
    assert "一次性告知书" in notice
    assert url("notice_pdf", case) in notice and url("notice_docx", case) in notice
    for party in case.parties.all():
        assert f'name="party" value="{party.pk}"' in notice and party.name in notice
    assert notice.count("记录已送达") == 2
    assert f'hx-get="{url("service_records", case)}"' in notice


def test_a_leader_reads_the_notice_but_does_not_serve_it(network, login):
    case = register(network)
    content = login("city_leader").get(url("case", case)).content.decode()
    assert url("notice_pdf", case) in content and "记录已送达" not in content


def test_the_pdf_and_the_docx_download_for_the_staff_of_the_case(network, login):
    case = case_in_state(network, State.ASSIGNED)
    client = login("village_a")

    pdf = client.get(url("notice_pdf", case))
    docx = client.get(url("notice_docx", case))

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("inline")
    assert docx.status_code == 200 and docx["Content-Disposition"].startswith("attachment")
    assert docx.content.startswith(b"PK")


def test_recording_the_hand_over_writes_a_record_and_lists_it(network, login):
    case = register(network)
    applicant = case.parties.get(role="applicant")
    client = login("village_a")

    response = client.post(url("serve_notice", case), {"party": applicant.pk})

    assert response.status_code == 302 and response["Location"] == url("case", case) + "#notice"
    record = ServiceRecord.objects.get()
    assert (record.case, record.party, record.document, record.method) == (
        case, applicant, ServiceRecord.Document.NOTICE, ServiceRecord.Method.WINDOW
    )
    assert record.served_by == network.user("village_a")
    page = client.get(url("case", case)).content.decode()
    assert "已记录：一次性告知书已交付张三。" in page
    fragment = client.get(url("service_records", case), headers=HTMX).content.decode()
    assert "一次性告知书 → 张三" in fragment and "窗口交付" in fragment and "王调解" in fragment
    assert "<html" not in fragment
    full = client.get(url("service_records", case)).content.decode()
    assert "<html" in full and "一次性告知书 → 张三" in full


def test_another_villages_mediator_gets_404_everywhere(network, login):
    case = register(network)
    client = login("village_b")
    party = case.parties.first()
    for name in ("notice_pdf", "notice_docx", "service_records"):
        assert client.get(url(name, case)).status_code == 404, name
    assert client.post(url("serve_notice", case), {"party": party.pk}).status_code == 404
    assert not ServiceRecord.objects.exists()


def test_serving_needs_a_post_request_and_a_party_of_this_case(network, login):
    case, other = register(network), register(network)
    client = login("town_intake")
    assert client.get(url("serve_notice", case)).status_code == 405
    assert client.post(url("serve_notice", case), {"party": other.parties.first().pk}).status_code == 400
    assert client.post(url("serve_notice", case), {"party": "x"}).status_code == 400
    assert login("city_leader").post(url("serve_notice", case), {"party": case.parties.first().pk}).status_code == 403
    assert not ServiceRecord.objects.exists()


# screen: (method, url name), then the status for each persona in jiefen.testing.MATRIX_PERSONAS order:
# village_a, village_b, town_coordinator, county_coordinator, city_leader, citizen, anonymous
MATRIX = {
    "notice PDF": (("get", "notice_pdf"), [200, 404, 200, 200, 200, 403, LOGIN]),
    "notice DOCX": (("get", "notice_docx"), [200, 404, 200, 200, 200, 403, LOGIN]),
    "service records": (("get", "service_records"), [200, 404, 200, 200, 200, 403, LOGIN]),
    "record as served": (("post", "serve_notice"), [302, 404, 302, 302, 403, 403, LOGIN]),
}


@pytest.mark.parametrize(("request_", "persona", "expected"), matrix_rows(MATRIX))
def test_permission_matrix(client, login, network, monkeypatch, request_, persona, expected):
    # Who may open what, not what the PDF looks like (the documents tests render it): a stand-in saves seconds.
    monkeypatch.setattr("jiefen.workbench.views.notices.notice_pdf", lambda case: b"%PDF-1.7 stand-in")
    method, name = request_
    case = register(network)
    browser = login(persona) if persona else client
    data = {"party": case.parties.first().pk} if method == "post" else None

    response = getattr(browser, method)(url(name, case), data) if data else getattr(browser, method)(url(name, case))

    assert response.status_code == expected
    if expected == LOGIN and persona is None:
        assert "login" in response["Location"]
