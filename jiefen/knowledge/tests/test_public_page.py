"""The public service catalogue at /services/: open to anyone, every method, readable on a phone."""

from django.urls import reverse

from jiefen.core.taxonomy import Method
from jiefen.knowledge.models import ServiceItem

URL = reverse("knowledge:catalogue")


def test_anyone_sees_every_service_and_every_method(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in content
    assert "服务清单" in content  # Chinese first
    for item in ServiceItem.objects.all():
        assert f'id="{item.code}"' in content and item.name in content
    for method in Method:
        assert str(method.label) in content, method
    # Citations written out, and the articles themselves one tap away.
    assert "《人民调解法》第十七条" in content
    assert "当事人一方明确拒绝调解的，不得调解。" in content


def test_a_category_narrows_the_list_and_nonsense_is_ignored(client, db):
    labour = client.get(URL, {"category": "劳动争议"}).content.decode()
    assert 'id="labour_arbitration"' in labour and 'id="land_contract_arbitration"' not in labour
    assert 'id="litigation"' in labour

    everything = client.get(URL, {"category": "<script>"})
    assert everything.status_code == 200
    assert 'id="land_contract_arbitration"' in everything.content.decode()


def test_an_inactive_item_is_not_shown(client, db):
    ServiceItem.objects.filter(code="notarisation").update(is_active=False)
    assert 'id="notarisation"' not in client.get(URL).content.decode()
