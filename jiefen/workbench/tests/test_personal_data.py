from jiefen.cases.models import PersonalDataView
from jiefen.testing import register, resident_id


def _url(case, party):
    return f"/cases/{case.pk}/parties/{party.pk}/personal-data/"


def test_the_case_page_shows_masked_numbers_and_a_button_to_see_them_in_full(network, login):
    case = register(network)

    page = login("town_coordinator").get(f"/cases/{case.pk}/").content.decode()

    assert resident_id() not in page
    assert "3207************" in page
    assert _url(case, case.parties.get(role="applicant")) in page


def test_asking_for_the_full_numbers_shows_them_and_records_the_look(network, login):
    case = register(network)
    applicant = case.parties.get(role="applicant")

    response = login("town_coordinator").post(_url(case, applicant), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert resident_id() in response.content.decode()
    assert "13812345678" in response.content.decode()
    assert PersonalDataView.objects.get(party=applicant).channel == "workbench"


def test_outside_the_jurisdiction_the_numbers_are_not_found_and_a_get_changes_nothing(network, login):
    case = register(network)
    applicant = case.parties.get(role="applicant")

    assert login("village_b").post(_url(case, applicant)).status_code == 404
    assert login("town_coordinator").get(_url(case, applicant)).status_code == 405
    assert not PersonalDataView.objects.exists()
