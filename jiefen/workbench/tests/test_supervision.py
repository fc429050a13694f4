"""The supervision screens: the list, urges and answers, the termination panel and guidance, the assessor's grade,
each checked by post and jurisdiction."""

import pytest

from jiefen.cases.models import State
from jiefen.cases.workflow import Move
from jiefen.supervision.models import AgencyAnswer, OutcomeGrade, Urge
from jiefen.testing import case_in_state, make, matrix_rows

LOGIN = 302

# screen: (method, url, case state, body); statuses in MATRIX_PERSONAS order:
# village_a, village_b, town_coordinator, county_coordinator, city_leader, citizen, anonymous
URGE = {"channel": "phone", "contact": "仲裁院 王书记员", "content": "请告知进展。"}
GRADE = {"grade": "good", "reasons": "按期化解。"}
MATRIX = {
    "supervision list": (("get", "/supervision/", None, None), [403, 403, 200, 200, 200, 403, LOGIN]),
    # Coordinators urge (the redirect back to the case page); other posts may not; another station does not see it.
    "urge": (("post", "/cases/{id}/urges/", State.TRANSFERRED, URGE), [403, 404, 302, 302, 403, 403, LOGIN]),
    "guidance pdf": (
        ("get", "/cases/{id}/guidance.docx", State.TERMINATED, None), [200, 404, 200, 200, 200, 403, LOGIN]
    ),
    # Only assessors grade (none of these personas is one).
    "grade": (("post", "/cases/{id}/grades/", State.CLOSED, GRADE), [403, 404, 403, 403, 403, 403, LOGIN]),
}


@pytest.mark.parametrize(("request_", "persona", "expected"), matrix_rows(MATRIX))
def test_permission_matrix(client, login, network, request_, persona, expected):
    method, template, state, body = request_
    case = case_in_state(network, state) if state else None
    url = template.format(id=case.pk if case else "")
    browser = login(persona) if persona else client
    response = getattr(browser, method)(url, body) if body else getattr(browser, method)(url)
    assert response.status_code == expected
    # Only the coordinators' urges are written.
    if "urges" in url:
        assert Urge.objects.count() == (1 if persona in ("town_coordinator", "county_coordinator") else 0)
    if "grades" in url:
        assert OutcomeGrade.objects.count() == 0


def test_the_list_shows_the_transferred_cases_filtered_and_paged(network, login):
    waiting = case_in_state(network, State.TRANSFERRED)
    done = case_in_state(network, State.TRANSFERRED)
    make(network, done, Move.REPORT_RESULT)
    browser = login("town_coordinator")

    page = browser.get("/supervision/").content.decode()
    assert waiting.number in page and done.number not in page and "连云港市劳动人事争议仲裁委员会" in page
    assert "督办" in page  # the navigation and the heading, in Chinese
    assert done.number in browser.get("/supervision/", {"status": "done"}).content.decode()
    assert waiting.number not in browser.get("/supervision/", {"agency_kind": "notary"}).content.decode()
    fragment = browser.get("/supervision/", {"q": waiting.number}, HTTP_HX_REQUEST="true")
    assert fragment.content.decode().startswith('\n<div id="supervision-results"') or 'id="supervision-results"' in (
        fragment.content.decode()[:200]
    )


def test_urge_answer_and_result_close_the_loop_on_the_case_page(network, login):
    case = case_in_state(network, State.TRANSFERRED)
    browser = login("town_coordinator")
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="supervision"' in page and 'data-form="urge"' in page and 'data-form="answer"' in page

    browser.post(f"/cases/{case.pk}/urges/", URGE)
    urge = Urge.objects.get()
    response = browser.post(f"/cases/{case.pk}/agency-answers/", {
        "urge": urge.pk, "channel": "phone", "respondent": "王书记员", "progress": "done", "content": "已出调解书。",
    })
    assert response.status_code == 302 and AgencyAnswer.objects.get().urge == urge
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "请告知进展。" in page and "已出调解书。" in page and 'data-move="urged"' in page

    browser.post(f"/cases/{case.pk}/moves/report_result/", {"report_result-reason": "仲裁委员会已出具调解书。"})
    case.refresh_from_db()
    assert case.state == State.RESOLVED
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-form="urge"' not in page  # the loop is closed; the record stays
    assert "请告知进展。" in page


def test_an_invalid_urge_comes_back_as_a_message_and_writes_nothing(network, login):
    case = case_in_state(network, State.TRANSFERRED)
    response = login("town_coordinator").post(f"/cases/{case.pk}/urges/", {**URGE, "contact": ""}, follow=True)
    assert Urge.objects.count() == 0 and "notice-error" in response.content.decode()


def test_the_assessor_grades_on_the_case_page_and_sees_the_figures(network, login):
    case = case_in_state(network, State.CLOSED)
    browser = login("town_assessor")
    assert 'data-form="grade"' in browser.get(f"/cases/{case.pk}/").content.decode()
    browser.post(f"/cases/{case.pk}/grades/", {**GRADE, "grade": "excellent"})
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "grade-excellent" in page and "优 1" in page and "调解员王调解" in page


def test_the_termination_panel_shows_the_review_and_serves_the_guidance(network, login):
    case = case_in_state(network, State.TERMINATED)
    browser = login("town_coordinator")
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="termination"' in page and "被申请人明确拒绝调解" in page and "法律途径指引书" in page
    applicant = case.parties.get(role="applicant")
    browser.post(f"/cases/{case.pk}/guidance/served/", {"party": applicant.pk, "method": "portal"})
    assert case.service_records.filter(document="guidance", party=applicant).exists()
    assert browser.get(f"/cases/{case_in_state(network, State.IN_MEDIATION).pk}/guidance.pdf").status_code == 404


def test_the_terminate_and_extend_forms_on_the_case_page(network, login):
    review = case_in_state(network, State.TERMINATION_REVIEW)
    page = login("town_coordinator").get(f"/cases/{review.pk}/").content.decode()
    assert 'name="terminate-termination_reasons"' in page and 'name="terminate-findings"' in page
    mediating = case_in_state(network, State.IN_MEDIATION)
    page = login("village_a").get(f"/cases/{mediating.pk}/").content.decode()
    assert 'name="extend_deadline-consenting"' in page and 'name="extend_deadline-consent_how"' in page
