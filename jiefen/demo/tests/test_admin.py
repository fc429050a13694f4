"""The admin of regions and organisations copes with the demo's thousands of rows."""

import pytest
from django.urls import reverse

from jiefen.orgs.models import Organisation
from jiefen.regions.models import Region

pytestmark = pytest.mark.usefixtures("demo")


@pytest.mark.parametrize(
    "model, search, expected",
    [
        ("regions/region", "朐阳", "朐阳街道"),
        ("regions/region", "320706001001", "西门社区居委会"),
        ("orgs/organisation", "西门社区", "西门社区非诉讼服务站"),
        ("orgs/staff", "village_mediator", "许春梅"),
        ("orgs/mediator", "医疗纠纷", "卢伟民"),
    ],
)
def test_changelists_search_and_list(admin_client, model, search, expected, django_assert_max_num_queries):
    app, name = model.split("/")
    url = reverse(f"admin:{app}_{name}_changelist")

    assert admin_client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        response = admin_client.get(url, {"q": search})

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_change_forms_use_autocomplete_for_the_big_tables(admin_client):
    station = Organisation.objects.get(code="320706001001")
    response = admin_client.get(reverse("admin:orgs_organisation_change", args=[station.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "admin-autocomplete" in body
    assert body.count("<option") < 50  # no select listing 1,900 regions or organisations

    region = Region.objects.get(code="320706001001")
    assert admin_client.get(reverse("admin:regions_region_change", args=[region.pk])).status_code == 200
    autocomplete = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "朐阳", "app_label": "orgs", "model_name": "organisation", "field_name": "region"},
    )
    assert autocomplete.status_code == 200
    assert [row["text"] for row in autocomplete.json()["results"]] == ["朐阳街道"]
