"""The workbench's permission matrix: one row per screen, one expected status per persona.

The API's rows are in jiefen/api/tests/test_permission_matrix.py. ``mine`` is a case of 西门社区 (village_a's
station, under 朐阳街道, under 海州区), registered or resolved as the row needs.
"""

import pytest

from jiefen.cases.models import Case, State
from jiefen.testing import case_in_state, matrix_rows, move_data

LOGIN = 302  # anonymous visitors are sent to the login page

# screen: (method, url, case state, body), then the status for each persona in jiefen.testing.MATRIX_PERSONAS order
MATRIX = {
    "login page": (("get", "/login/", None, None), [200, 200, 200, 200, 200, 200, 200]),
    "work queue": (("get", "/", None, None), [200, 200, 200, 200, 200, 403, LOGIN]),
    "case list": (("get", "/cases/", None, None), [200, 200, 200, 200, 200, 403, LOGIN]),
    # Leaders read; they do not take disputes in.
    "registration form": (("get", "/cases/new/", None, None), [200, 200, 200, 200, 403, 403, LOGIN]),
    # A dispute of 西门社区 registered at 西门社区's station: 东门社区's mediator may not choose that station, nor
    # may the county, which reaches village stations through their township (422 with the form again).
    "registration": (("post", "/cases/new/", None, "registration"), [302, 422, 302, 422, 403, 403, LOGIN]),
    "case page": (("get", "/cases/{id}/", State.REGISTERED, None), [200, 404, 200, 200, 200, 403, LOGIN]),
    "move form": (("get", "/cases/{id}/moves/triage/", State.REGISTERED, None), [200, 404, 200, 200, 200, 403, LOGIN]),
    # Triage is for the intake and coordination posts: success redirects back to the case page.
    "triage": (
        ("post", "/cases/{id}/moves/triage/", State.REGISTERED, "triage"), [403, 404, 302, 302, 403, 403, LOGIN]
    ),
    # A move that does not exist from "registered" is a conflict for whoever may see the case.
    "agree (illegal now)": (
        ("post", "/cases/{id}/moves/agree/", State.REGISTERED, "agree"), [409, 404, 409, 409, 409, 403, LOGIN]
    ),
    "agreement download": (
        ("get", "/cases/{id}/agreement.docx", State.RESOLVED, None), [200, 404, 200, 200, 200, 403, LOGIN]
    ),
    "administration": (("get", "/admin/", None, None), [302, 302, 302, 302, 302, 302, 302]),
}

def _body(network, case, kind):
    if kind == "registration":
        return {
            "summary": "相邻通行纠纷", "description": "邻居在共用通道堆放杂物，影响通行。",
            "place": network.regions["320706001001"].pk, "handling_org": network.orgs["320706001001"].pk,
            "applicant-kind": "person", "applicant-name": "甲某",
            "respondent-kind": "person", "respondent-name": "乙某",
        }
    if kind:
        return {f"{kind}-{key}": value for key, value in move_data(network, case, kind).items()}
    return None


ROWS = matrix_rows(MATRIX)


@pytest.mark.parametrize(("request_", "persona", "expected"), ROWS)
def test_permission_matrix(client, login, network, request_, persona, expected):
    method, template, state, body = request_
    case = case_in_state(network, state) if state else None
    url = template.format(id=case.pk if case else "")
    data = _body(network, case, body)
    browser = login(persona) if persona else client

    response = getattr(browser, method)(url, data) if data else getattr(browser, method)(url)

    assert response.status_code == expected
    if expected == LOGIN and (persona is None or url == "/admin/"):
        assert "login" in response["Location"]
    elif expected == 302:
        assert response["Location"] == (f"/cases/{case.pk}/" if case else f"/cases/{Case.objects.get().pk}/")
