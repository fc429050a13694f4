"""The case list: filters, text search, paging that keeps the filters, and masked party details."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiefen.cases.models import Case, State
from jiefen.testing import case_in_state, register, resident_id

URL = reverse("workbench:case_list")


def listed(client, **params):
    return {case.pk for case in client.get(URL, params).context["page"].object_list}


@pytest.fixture
def cases(network):
    west = register(network)
    triaged = case_in_state(network, State.TRIAGED, summary="婚姻财产分割纠纷")
    Case.objects.filter(pk=triaged.pk).update(category="婚姻家庭")
    east = register(network, org_code="320706001002", summary="东门社区停车位纠纷")
    township = register(network, org_code="320706001", summary="街道本级受理的劳动报酬纠纷")
    hongmen = register(network, org_code="320706002001", actor="county_intake", summary="洪门社区相邻关系纠纷")
    named = register(
        network,
        summary="装修款纠纷",
        parties=[
            {"role": "applicant", "kind": "person", "name": "王五", "id_number": resident_id("19900101", "357")},
            {"role": "respondent", "kind": "organisation", "name": "连云港市好家装饰有限公司"},
        ],
    )
    old = register(network, summary="去年的宅基地纠纷")
    Case.objects.filter(pk=old.pk).update(registered_at=timezone.now() - datetime.timedelta(days=10))
    return {
        "west": west, "triaged": triaged, "east": east, "township": township, "hongmen": hongmen, "named": named,
        "old": old,
    }


def pks(cases, *keys):
    return {cases[key].pk for key in keys}


def test_without_filters_the_list_holds_the_whole_jurisdiction(login, cases):
    assert listed(login("county_coordinator")) == pks(cases, *cases)
    assert listed(login("town_intake")) == pks(cases, *cases) - pks(cases, "hongmen")
    assert listed(login("village_b")) == pks(cases, "east")


def test_filter_by_state_category_and_level(login, cases):
    client = login("county_coordinator")
    assert listed(client, state="triaged") == pks(cases, "triaged")
    assert listed(client, category="婚姻家庭") == pks(cases, "triaged")
    assert listed(client, level="township") == pks(cases, "township")
    assert listed(client, level="village", state="registered") == pks(cases, *cases) - pks(cases, "triaged", "township")


def test_filter_by_organisation_takes_the_ones_under_it_too(network, login, cases):
    client = login("county_coordinator")
    qiuyang = network.orgs["320706001"].pk
    assert listed(client, org=qiuyang) == pks(cases, *cases) - pks(cases, "hongmen")
    assert listed(login("town_intake"), org=network.orgs["320706001002"].pk) == pks(cases, "east")


def test_the_organisation_filter_offers_only_organisations_in_scope(network, login, cases):
    form = login("town_intake").get(URL).context["form"]
    offered = {pk for pk, _label in form.fields["org"].choices if pk}
    assert offered == {network.orgs[code].pk for code in ("320706001", "320706001001", "320706001002")}

    # An organisation outside the scope is refused, not applied.
    response = login("village_b").get(URL, {"org": network.orgs["320706001001"].pk})
    assert response.context["form"].errors["org"]
    assert {case.pk for case in response.context["page"].object_list} == pks(cases, "east")


def test_filter_by_registration_date(login, cases):
    client = login("county_coordinator")
    today = timezone.localdate()
    assert listed(client, registered_to=(today - datetime.timedelta(days=5)).isoformat()) == pks(cases, "old")
    assert listed(client, registered_from=(today - datetime.timedelta(days=5)).isoformat()) == (
        pks(cases, *cases) - pks(cases, "old")
    )
    assert listed(client, registered_from=today.isoformat(), registered_to=today.isoformat()) == (
        pks(cases, *cases) - pks(cases, "old")
    )


def test_search_by_number_summary_or_party_name(login, cases):
    client = login("county_coordinator")
    assert listed(client, q=cases["east"].number) == pks(cases, "east")
    assert listed(client, q="停车位") == pks(cases, "east")
    assert listed(client, q="王五") == pks(cases, "named")
    assert listed(client, q="好家装饰") == pks(cases, "named")
    assert listed(client, q="查无此案") == set()


def test_party_details_are_masked_in_the_list(login, cases):
    content = login("town_intake").get(URL, {"q": "装修款"}).content.decode()
    assert "王*" in content and "王五" not in content
    assert "连云港市好家装饰有限公司" in content  # an organisation's name is not personal data
    assert resident_id("19900101", "357") not in content
    assert "13812345678" not in content


def test_paging_25_a_page_with_the_filters_kept_in_the_links(network, login):
    for number in range(30):
        register(network, summary=f"批量纠纷{number:02d}")
    client = login("town_intake")

    first = client.get(URL, {"state": "registered", "q": "批量"})
    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].paginator.count == 30
    assert "?state=registered&amp;q=%E6%89%B9%E9%87%8F&amp;page=2" in first.content.decode()
    assert "第 1 页，共 2 页" in first.content.decode()

    second = client.get(URL, {"state": "registered", "q": "批量", "page": 2})
    assert len(second.context["page"].object_list) == 5
    assert "?state=registered&amp;q=%E6%89%B9%E9%87%8F&amp;page=1" in second.content.decode()
    assert client.get(URL, {"page": "999"}).status_code == 200  # past the end: the last page


def test_an_htmx_filter_request_gets_only_the_results(login, cases):
    response = login("county_coordinator").get(URL, {"state": "triaged"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="case-results"')
    assert "<html" not in content
    assert cases["triaged"].number in content
