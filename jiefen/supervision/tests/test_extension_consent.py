"""The parties' consent to a deadline extension may come as a file (the signed form, photographed or scanned):
judged by its content, kept with the move, opened from the timeline by staff of the jurisdiction, each opening
logged."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jiefen.cases.models import FileView, State
from jiefen.cases.workflow import Move
from jiefen.supervision.models import ExtensionConsent
from jiefen.supervision.tests.conftest import PDF, PNG
from jiefen.testing import case_in_state, move_data

pytestmark = pytest.mark.django_db


def _post(browser, network, case, upload):
    data = {f"extend_deadline-{key}": value for key, value in move_data(network, case, Move.EXTEND_DEADLINE).items()}
    data["extend_deadline-consent_file"] = upload
    return browser.post(f"/cases/{case.pk}/moves/extend_deadline/", data)


def test_the_signed_consent_is_kept_with_the_extension_and_opened_from_the_timeline(network, login):
    case = case_in_state(network, State.IN_MEDIATION)
    mediator = login("village_a")
    assert 'name="extend_deadline-consent_file"' in mediator.get(f"/cases/{case.pk}/").content.decode()
    response = _post(mediator, network, case, SimpleUploadedFile("同意延期.png", PNG, content_type="text/plain"))
    assert response.status_code == 302

    consent = ExtensionConsent.objects.get(case=case)
    event = case.events.get(move=Move.EXTEND_DEADLINE)
    assert event.payload["consent_file"] == consent.token
    assert consent.content_type == "image/png"  # by its bytes, whatever the browser said
    assert (consent.original_name, consent.added_by_name) == ("同意延期.png", "王调解")

    page = mediator.get(f"/cases/{case.pk}/").content.decode()
    link = f"/supervision/extension-consent/{consent.token}/"
    assert link in page and consent.token not in page.replace(link, "")  # a link, not a raw payload value
    coordinator = login("town_coordinator")
    opened = coordinator.get(link)
    assert opened.status_code == 200 and opened["Content-Type"] == "image/png"
    assert opened["Cache-Control"] == "private, no-store" and b"".join(opened.streaming_content) == PNG
    view = FileView.objects.get()
    assert (view.kind, view.ref, view.case_id, view.viewer_name) == ("ext_consent", consent.token, case.pk, "吴协调")

    assert login("other_county_coordinator").get(link).status_code == 404
    assert login("citizen").get(link).status_code in (302, 403)
    assert FileView.objects.count() == 1


def test_a_file_that_is_neither_a_photo_nor_a_pdf_is_refused_and_nothing_moves(network, login):
    case = case_in_state(network, State.IN_MEDIATION)
    deadline = case.deadline
    response = _post(login("village_a"), network, case,
                     SimpleUploadedFile("consent.png", b"MZ\x90\x00 not an image", content_type="image/png"))
    assert response.status_code == 422 and "consent.png" in response.content.decode()
    case.refresh_from_db()
    assert case.deadline == deadline and ExtensionConsent.objects.count() == 0


def test_an_extension_without_a_file_stays_as_it_was(network, login):
    case = case_in_state(network, State.IN_MEDIATION)
    data = {f"extend_deadline-{key}": value for key, value in move_data(network, case, Move.EXTEND_DEADLINE).items()}
    assert login("village_a").post(f"/cases/{case.pk}/moves/extend_deadline/", data).status_code == 302
    assert "consent_file" not in case.events.get(move=Move.EXTEND_DEADLINE).payload
    assert ExtensionConsent.objects.count() == 0


def test_through_the_api_the_consent_comes_as_multipart(network, api):
    case = case_in_state(network, State.TRANSFERRED)
    body = {
        "deadline": (case.deadline + datetime.timedelta(days=20)).isoformat(),
        "deadline_basis": "经双方当事人同意延长", "reason": "仲裁委员会委托鉴定。",
        "consenting": list(case.parties.values_list("pk", flat=True)), "consent_how": "in_writing",
        "consent_file": SimpleUploadedFile("consent.pdf", PDF, content_type="application/pdf"),
    }
    response = api("town_coordinator").post(f"/api/cases/{case.pk}/deadline-extensions/", body, format="multipart")
    assert response.status_code == 200, response.json()
    consent = ExtensionConsent.objects.get(case=case)
    assert consent.content_type == "application/pdf"
    assert case.events.get(move=Move.EXTEND_DEADLINE).payload["consent_file"] == consent.token
