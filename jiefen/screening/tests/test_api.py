"""POST /api/field-reports/ (multipart, grid workers) and GET /api/field-reports/ (the caller's own reports)."""

import json

from rest_framework.test import APIClient

from jiefen.screening.models import FieldReport
from jiefen.screening.tests.conftest import PDF, upload
from jiefen.testing import resident_id

URL = "/api/field-reports/"


def client_for(network, persona):
    client = APIClient()
    client.force_authenticate(network.user(persona))
    return client


def body(**overrides):
    data = {"place": "320706001001", "summary": "排水沟纠纷", "description": "两户争吵。", "urgency": "urgent",
            "latitude": "34.600000", "longitude": "119.160000", "photos": [upload()]}
    data.update(overrides)
    return data


def test_a_grid_app_sends_a_lead_with_photos(network):
    response = client_for(network, "village_grid").post(URL, body(), format="multipart")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "open" and data["case_number"] is None and data["photo_count"] == 1
    assert data["station"]["code"] == "320706001001" and data["number"].startswith("320706001001-")


def test_a_report_with_both_sides_answers_with_the_case_number(network):
    parties = [
        {"role": "applicant", "name": "张三", "id_number": resident_id()}, {"role": "respondent", "name": "李四"},
    ]
    response = client_for(network, "village_grid").post(
        URL, body(parties=json.dumps(parties, ensure_ascii=False)), format="multipart"
    )
    assert response.status_code == 201, response.json()
    report = FieldReport.objects.get()
    assert response.json()["case_number"] == report.case.number and report.case.channel == "grid"


def test_a_refused_photo_answers_400_with_the_message(network):
    response = client_for(network, "village_grid").post(
        URL, body(photos=[upload("a.pdf", PDF)]), format="multipart", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "不是照片" in response.json()["errors"]["photos"][0]
    assert not FieldReport.objects.exists()


def test_only_grid_workers_report_and_each_reads_only_their_own(network):
    assert client_for(network, "town_intake").post(URL, body(), format="multipart").status_code == 403
    client_for(network, "village_grid").post(URL, body(), format="multipart")
    assert client_for(network, "village_grid").get(URL).json()["count"] == 1
    assert client_for(network, "town_intake").get(URL).json()["count"] == 0
