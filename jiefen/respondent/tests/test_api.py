import pytest
from rest_framework.test import APIClient

from jiefen.cases.models import Party, State
from jiefen.respondent.models import RespondentClock
from jiefen.testing import case_in_state


def client_for(network, persona):
    client = APIClient()
    client.force_authenticate(network.user(persona))
    return client


@pytest.fixture
def case(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return case_in_state(network, State.ASSIGNED)


def test_a_mediator_records_an_answer_and_the_clock_stops(network, case):
    url = f"/api/cases/{case.pk}/respondent-contacts/"
    respondent = case.parties.get(role=Party.Role.RESPONDENT)
    response = client_for(network, "village_a").post(
        url, {"party": respondent.pk, "outcome": "answered", "how": "phone"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["party_name"] == "李四"
    assert RespondentClock.objects.get(case=case).answered_how == "phone"
    body = client_for(network, "village_a").get(url).json()
    assert body["answered_how"] == "phone" and len(body["contacts"]) == 1


def test_the_applicant_is_not_a_respondent(network, case):
    applicant = case.parties.get(role=Party.Role.APPLICANT)
    response = client_for(network, "village_a").post(
        f"/api/cases/{case.pk}/respondent-contacts/",
        {"party": applicant.pk, "outcome": "answered", "how": "phone"}, format="json",
    )
    assert response.status_code == 400


def test_outside_the_jurisdiction_is_404_and_a_bad_id_too(network, case):
    assert client_for(network, "village_b").get(f"/api/cases/{case.pk}/respondent-contacts/").status_code == 404
    assert client_for(network, "village_a").get("/api/cases/abc/respondent-contacts/").status_code == 404
