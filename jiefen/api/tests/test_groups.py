"""Group disputes through the API: registration with claimants and a representative, and each claimant's
outcome."""

import pytest

from jiefen.api.tests.test_api import CASES, assert_chinese, detail_url, registration
from jiefen.cases.groups import claimants
from jiefen.cases.models import Case, ClaimantOutcome
from jiefen.testing import claimant, register, register_group


def outcomes_url(case):
    return f"/api/cases/{case.pk}/claimant-outcomes/"


def group_registration(**overrides):
    respondent = {"role": "respondent", "kind": "organisation", "name": "连云港市宏达建筑工程有限公司"}
    values = dict(
        summary="工地拖欠农民工工资", is_group=True,
        parties=[claimant(0, representative=True), claimant(1, amount="9500.5"), claimant(2, amount=None),
                 respondent],
    )
    return registration(**{**values, **overrides})


def test_a_group_dispute_is_registered_orange_with_its_claimants(api):
    response = api("town_intake").post(CASES, group_registration(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["is_group"] is True and body["risk"] == "橙"
    applicants = [p for p in body["parties"] if p["role"] == "applicant"]
    assert [p["is_representative"] for p in applicants] == [True, False, False]
    assert [p["claimed_amount"] for p in applicants] == ["18000.00", "9500.50", None]
    assert all("*" in p["id_number"] and "*" in p["phone"] for p in applicants)  # masked as everywhere


def test_an_ordinary_case_reads_blank_risk_and_no_group(api, network):
    body = api("town_intake").get(detail_url(register(network))).json()
    assert body["risk"] == "" and body["is_group"] is False
    assert body["parties"][0]["is_representative"] is False and body["parties"][0]["claimed_amount"] is None


@pytest.mark.parametrize(("parties", "field", "text"), [
    ([claimant(0, representative=True), {"role": "respondent", "name": "某公司"}], "parties", "至少需要两名申请人"),
    ([claimant(0), claimant(1), {"role": "respondent", "name": "某公司"}], "parties", "代表人"),
    ([claimant(0, representative=True), claimant(1, representative=True), {"role": "respondent", "name": "某公司"}],
     "parties", "代表人"),
])
def test_a_group_without_its_claimants_or_representative_is_refused(api, parties, field, text):
    response = api("town_intake").post(CASES, group_registration(parties=parties), format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and any(text in message for message in body["errors"][field])
    assert not Case.objects.exists()


def test_a_negative_claimed_amount_is_refused(api):
    parties = group_registration()["parties"]
    parties[1]["claimed_amount"] = "-1"
    response = api("town_intake").post(CASES, group_registration(parties=parties), format="json")
    assert response.status_code == 400 and "parties[1].claimed_amount" in response.json()["errors"]


def test_claimants_outcomes_are_listed_and_recorded(api, network):
    case = register_group(network, claimants=3)
    first, second, _third = [row.party for row in claimants(case)]
    client = api("village_a")

    recorded = client.post(outcomes_url(case), {"party": second.pk, "outcome": "paid"}, format="json")
    again = client.post(
        outcomes_url(case), {"party": second.pk, "outcome": "partly_paid", "amount": "6000", "note": "仅付部分"},
        format="json",
    )

    assert recorded.status_code == again.status_code == 201
    assert recorded.json()["amount"] == "18000.00" and again.json()["outcome"] == "partly_paid"
    listed = client.get(outcomes_url(case)).json()
    assert [row["party"]["id"] for row in listed] == [first.pk, second.pk, _third.pk]
    assert listed[0]["outcome"] is None and listed[0]["party"]["is_representative"] is True
    assert listed[1] | {"recorded_at": None} == {
        "party": listed[1]["party"], "outcome": "partly_paid", "outcome_label": "部分支付", "amount": "6000.00",
        "note": "仅付部分", "recorded_at": None,
    }
    assert ClaimantOutcome.objects.filter(party=second).count() == 2


def test_outcomes_answer_404_403_and_400_in_the_usual_shape(api, network):
    case = register_group(network)
    party = claimants(case)[0].party
    respondent = case.parties.get(role="respondent")

    assert api("village_b").get(outcomes_url(case)).status_code == 404
    assert api("village_b").post(outcomes_url(case), {"party": party.pk, "outcome": "agreed"},
                                 format="json").status_code == 404
    assert api("town_intake").get(outcomes_url(register(network))).status_code == 404
    forbidden = api("town_assessor").post(outcomes_url(case), {"party": party.pk, "outcome": "agreed"},
                                          format="json")
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "permission_denied"
    for body, field in [
        ({"party": respondent.pk, "outcome": "agreed"}, "party"),
        ({"party": 999999, "outcome": "agreed"}, "party"),
        ({"party": party.pk, "outcome": "partly_paid"}, "amount"),
        ({"party": party.pk, "outcome": "agreed", "amount": "-5"}, "amount"),
        ({"party": party.pk, "outcome": "nonsense"}, "outcome"),
    ]:
        response = api("town_intake").post(outcomes_url(case), body, format="json")
        assert response.status_code == 400, body
        assert_chinese(response.json()["errors"][field])
    assert not ClaimantOutcome.objects.exists()


def test_triage_through_the_api_may_grade_the_risk(api, network):
    case = register_group(network)
    response = api("town_intake").post(
        f"/api/cases/{case.pk}/moves/",
        {"move": "triage", "category": "劳动争议", "field": "民事", "complexity": "复杂", "risk": "红"}, format="json",
    )
    assert response.status_code == 200 and response.json()["risk"] == "红"
