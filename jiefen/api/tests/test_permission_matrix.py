"""The API's permission matrix: one row per endpoint, one expected status per persona.

The case is a freshly registered case of 西门社区 (village_a's station, under 朐阳街道, under 海州区).
"""

import pytest

from jiefen.testing import PASSWORD, matrix_rows, move_data, register

# endpoint: (method, url template, body), then the status per persona, in jiefen.testing.MATRIX_PERSONAS order
MATRIX = {
    # Anyone may ask for a token with their own password (anonymous: none given, 400); a citizen's token
    # then opens nothing. The schema is public documentation.
    "obtain a token": (("post", "/api/token/", "credentials"), [200, 200, 200, 200, 200, 200, 400]),
    "read the schema": (("get", "/api/schema/", None), [200, 200, 200, 200, 200, 200, 200]),
    "list cases": (("get", "/api/cases/", None), [200, 200, 200, 200, 200, 403, 401]),
    # A dispute of 西门社区 at the user's own organisation: 东门社区's station is refused it (400, the place lies
    # outside its area); leaders read and do not register.
    "register a case": (("post", "/api/cases/", "registration"), [201, 400, 201, 201, 403, 403, 401]),
    "register for 西门社区": (
        ("post", "/api/cases/", "registration_for_xi_men"), [201, 403, 201, 201, 403, 403, 401]
    ),
    "read a case": (("get", "/api/cases/{id}/", None), [200, 404, 200, 200, 200, 403, 401]),
    "read the timeline": (("get", "/api/cases/{id}/events/", None), [200, 404, 200, 200, 200, 403, 401]),
    "list the moves": (("get", "/api/cases/{id}/moves/", None), [200, 404, 200, 200, 200, 403, 401]),
    # Triage is for intake and coordination posts: the mediator's post may not, the leader only reads.
    "triage": (("post", "/api/cases/{id}/moves/", "triage"), [403, 404, 200, 200, 403, 403, 401]),
    # A move that does not exist from "registered": 409 for whoever may see the case.
    "agree (illegal now)": (("post", "/api/cases/{id}/moves/", "agree"), [409, 404, 409, 409, 409, 403, 401]),
    "list likely duplicates": (("get", "/api/cases/{id}/duplicates/", None), [200, 404, 200, 200, 200, 403, 401]),
    # Answering a suggestion is for the posts that register disputes; the leader only reads.
    "link a related case": (("post", "/api/cases/{id}/links/", "link"), [201, 404, 201, 201, 403, 403, 401]),
}

REGISTRATION = {
    "summary": "相邻通行纠纷",
    "description": "邻居在共用通道堆放杂物，影响通行。",
    "place": "320706001001",
    "parties": [
        {"role": "applicant", "name": "甲某"},
        {"role": "respondent", "name": "乙某"},
    ],
}


def body_for(kind, network, case, persona):
    if kind == "credentials":
        return {"username": persona, "password": PASSWORD} if persona else {}
    if kind == "registration":
        return REGISTRATION
    if kind == "registration_for_xi_men":
        return {**REGISTRATION, "handling_org": "320706001001"}
    if kind == "triage":
        return {"move": "triage", **move_data(network, case, "triage")}
    if kind == "agree":
        return {"move": "agree"}
    if kind == "link":
        return {"other": register(network, summary="同一当事人的另一登记").number, "kind": "related"}
    return None


ROWS = matrix_rows(MATRIX)


@pytest.mark.parametrize(("request_", "persona", "expected"), ROWS)
def test_permission_matrix(api, network, request_, persona, expected):
    method, template, body = request_
    case = register(network)
    url = template.format(id=case.pk)

    response = getattr(api(persona), method)(url, body_for(body, network, case, persona), format="json")

    assert response.status_code == expected
    if expected >= 400:
        assert {"detail", "code"} <= set(response.json())
