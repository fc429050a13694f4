"""Likely duplicates through the API: the suggestions, the answers, and a merge through the moves endpoint."""

from jiefen.cases.models import CaseLink, State
from jiefen.cases.tests.test_duplicates import LOAN, NOISE, NOISE_RETOLD
from jiefen.cases.workflow import LINKED, MARKED_DISTINCT, MERGED_IN
from jiefen.core.taxonomy import Channel
from jiefen.testing import register, resident_id


def duplicates_url(case):
    return f"/api/cases/{case.pk}/duplicates/"


def links_url(case):
    return f"/api/cases/{case.pk}/links/"


def test_the_suggestions_say_which_case_and_why_with_masked_numbers(api, network):
    first = register(network, description=NOISE, channel=Channel.HOTLINE)
    second = register(network, description=NOISE_RETOLD)
    register(network, description=LOAN)  # the same parties, another dispute

    response = api("town_intake").get(duplicates_url(second))

    assert response.status_code == 200
    [suggestion] = response.json()
    assert suggestion["case"]["number"] == first.number
    assert (suggestion["case"]["channel"], suggestion["case"]["state"]) == ("hotline", "registered")
    assert suggestion["party"] == {"name": "张三", "role": "applicant"} and suggestion["matched_on"] == "id_number"
    assert suggestion["masked_value"] == "3207************" + resident_id()[-2:]
    assert resident_id() not in response.content.decode()
    assert 0.3 <= suggestion["similarity"] <= 1


def test_linking_answers_201_and_the_pair_is_no_longer_suggested(api, network):
    first = register(network, description=NOISE)
    second = register(network, description=NOISE_RETOLD)
    client = api("town_intake")

    response = client.post(links_url(second), {"other": first.number, "kind": "related"}, format="json")

    assert response.status_code == 201
    assert response.json() | {"id": 0, "created_at": ""} == {
        "id": 0, "case": second.number, "other": first.number, "kind": "related", "reason": "",
        "created_by": "陈引导", "created_at": "",
    }
    assert client.get(duplicates_url(second)).json() == []
    events = client.get(f"/api/cases/{first.pk}/events/").json()
    assert events[-1]["move"] == LINKED and events[-1]["payload"] == {"other": second.number}


def test_not_a_duplicate_needs_a_reason_and_an_other_case_in_reach(api, network):
    first = register(network, description=NOISE)
    second = register(network, description=NOISE_RETOLD)
    elsewhere = register(network, org_code="320706002001", actor="village_c", description=NOISE)
    client = api("town_intake", language="zh-hans")

    no_reason = client.post(links_url(second), {"other": first.number, "kind": "distinct"}, format="json")
    out_of_reach = client.post(
        links_url(second), {"other": elsewhere.number, "kind": "distinct", "reason": "不同"}, format="json"
    )
    distinct = client.post(
        links_url(second), {"other": first.number, "kind": "distinct", "reason": "不同房屋"}, format="json"
    )

    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    assert out_of_reach.status_code == 400
    assert out_of_reach.json()["errors"]["other"] == ["您的辖区内没有这个编号的案件。"]
    assert distinct.status_code == 201
    assert CaseLink.objects.get().kind == CaseLink.Kind.DISTINCT
    assert second.events.filter(move=MARKED_DISTINCT).count() == 1


def test_a_suggestion_is_merged_through_the_moves_endpoint(api, network):
    target = register(network, description=NOISE)
    duplicate = register(network, description=NOISE_RETOLD, channel=Channel.PORTAL)
    client = api("town_intake")

    response = client.post(
        f"/api/cases/{duplicate.pk}/moves/", {"move": "merge", "into": target.number, "reason": "重复登记"},
        format="json",
    )

    assert response.status_code == 200 and response.json()["state"] == State.MERGED
    assert client.get(duplicates_url(target)).json() == []
    assert client.get(f"/api/cases/{target.pk}/events/").json()[-1]["move"] == MERGED_IN
    assert client.get(f"/api/cases/{duplicate.pk}/").json()["number"] == duplicate.number  # still there
