"""An application for enforcement after a court confirmed the agreement: its later steps with their dates and the
court's number, each on the timeline; its DOCX and its PDF (Chinese, fonts embedded)."""

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from jiefen.agreements import services as agreements
from jiefen.agreements.testing import add_courts
from jiefen.cases.models import CaseEvent
from jiefen.cases.services import IllegalMove
from jiefen.cases.workflow import PERFORMANCE
from jiefen.documents.enforcement import enforcement_filename, enforcement_pdf
from jiefen.followups import enforcement, services
from jiefen.followups.models import EnforcementApplication
from jiefen.followups.tests.test_followups import closed, item_of

TODAY = timezone.localdate()
S = EnforcementApplication.Status


def prepared(network) -> EnforcementApplication:
    """A closed case whose agreement 海州区人民法院 confirmed, and an item marked not performed."""
    add_courts(network)
    case = closed(network)
    mediator = network.user("village_a")
    application = agreements.prepare_application(case, mediator)
    for status, extra in (("filed", {}), ("accepted", {"court_case_number": "（2026）苏0706民特1号"}),
                          ("confirmed", {"ruling_number": "（2026）苏0706民特1号"})):
        agreements.record_court_step(application, mediator, status, on=TODAY, **extra)
    _mark, prefilled = services.mark_item(item_of(network, case), mediator, "not_performed")
    return prefilled.enforcement_application


def test_the_steps_filed_accepted_enforced_each_on_the_timeline(network):
    application = prepared(network)
    mediator = network.user("village_a")
    with pytest.raises(IllegalMove):
        enforcement.record_step(application, mediator, S.ENFORCED, on=TODAY)  # not yet filed
    with pytest.raises(ValidationError):
        enforcement.record_step(application, mediator, S.FILED, on=TODAY + datetime.timedelta(days=1))
    enforcement.record_step(application, mediator, S.FILED, on=TODAY)
    with pytest.raises(ValidationError) as refused:
        enforcement.record_step(application, mediator, S.ACCEPTED, on=TODAY)
    assert list(refused.value.message_dict) == ["court_case_number"]
    enforcement.record_step(application, network.user("town_coordinator"), S.ACCEPTED, on=TODAY,
                            court_case_number="（2026）苏0706执123号")
    enforcement.record_step(application, mediator, S.ENFORCED, on=TODAY, outcome="执行到位5,000元")
    application.refresh_from_db()
    assert (application.status, application.filed_on, application.accepted_on, application.ended_on) == (
        S.ENFORCED, TODAY, TODAY, TODAY)
    assert application.court_case_number == "（2026）苏0706执123号" and not application.is_open
    notes = CaseEvent.objects.filter(case=application.case, move=PERFORMANCE, payload__status__in=list(
        enforcement.STEPS)).order_by("id")
    assert [n.payload["status"] for n in notes] == ["filed", "accepted", "enforced"]
    assert notes[1].payload["court_case_number"] == "（2026）苏0706执123号"
    assert "海州区人民法院" in notes[0].reason


def test_a_closure_says_why_and_only_staff_of_the_case_record(network):
    application = prepared(network)
    enforcement.record_step(application, network.user("village_a"), S.FILED, on=TODAY)
    with pytest.raises(ValidationError) as refused:
        enforcement.record_step(application, network.user("village_a"), S.CLOSED, on=TODAY)
    assert list(refused.value.message_dict) == ["outcome"]
    with pytest.raises(PermissionDenied):
        enforcement.record_step(application, network.user("town_assessor"), S.CLOSED, on=TODAY, outcome="x")
    enforcement.record_step(application, network.user("village_a"), S.CLOSED, on=TODAY,
                            outcome="被执行人无可供执行的财产，裁定终结本次执行程序。")
    assert EnforcementApplication.objects.get(pk=application.pk).status == S.CLOSED


def test_the_case_page_records_a_step_and_offers_the_pdf(network, login):
    application = prepared(network)
    case = application.case
    client = login("village_a")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'id="enforcement-{application.pk}"' in page
    assert f"/cases/{case.pk}/enforcement/{application.pk}.pdf" in page
    response = client.post(f"/cases/{case.pk}/enforcement/{application.pk}/steps/", {
        "enforcement-status": "filed", "enforcement-on": TODAY.isoformat()})
    assert response.status_code == 302
    assert EnforcementApplication.objects.get(pk=application.pk).status == S.FILED
    docx = client.get(f"/cases/{case.pk}/enforcement/{application.pk}.docx")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(f"/cases/{case.pk}/enforcement/{application.pk}.txt").status_code == 404
    assert login("other_county_coordinator").get(
        f"/cases/{case.pk}/enforcement/{application.pk}.docx").status_code == 404


def test_the_api_lists_and_records_steps(network):
    application = prepared(network)
    case = application.case
    api = APIClient()
    api.force_authenticate(network.user("village_a"))
    url = f"/api/cases/{case.pk}/enforcement-applications/"
    assert [row["status"] for row in api.get(url).json()] == ["prepared"]
    response = api.post(f"{url}{application.pk}/steps/", {"status": "filed", "on": TODAY.isoformat()},
                        format="json")
    assert response.status_code == 200 and response.json()["filed_on"] == TODAY.isoformat()
    assert api.post(f"{url}{application.pk}/steps/", {"status": "enforced", "on": TODAY.isoformat()},
                    format="json").status_code == 409
    assert api.post(f"{url}x/steps/", {"status": "filed", "on": TODAY.isoformat()},
                    format="json").status_code == 404


@pytest.mark.slow
def test_the_pdf_renders_chinese_with_its_fonts_embedded(network, tmp_path):
    application = prepared(network)
    path = tmp_path / "enforcement.pdf"
    path.write_bytes(enforcement_pdf(application))
    assert enforcement_filename(application, "pdf") == f"申请执行书-{application.case.number}.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    text = text.stdout.decode("utf-8").replace(" ", "").replace("\n", "")
    for expected in ("申请执行书", "张三", "李四", "海州区人民法院", "（2026）苏0706民特1号", "支付修缮费用",
                     application.case.number):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and any("CJK" in row for row in rows)
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # every font embedded
