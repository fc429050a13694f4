"""Administrators keep the catalogue in the admin: edits are checked and logged; nothing is deleted."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from jiefen.knowledge.admin import ServiceItemForm
from jiefen.knowledge.models import ServiceItem


def form_data(item: ServiceItem, **changes) -> dict:
    form = ServiceItemForm(instance=item)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        data[name] = field.prepare_value(value) if not isinstance(value, (list, bool)) or name in (
            "legal_basis", "conditions", "steps", "materials", "time_limits", "forms"
        ) else value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def test_an_administrator_edits_an_item_and_the_admin_log_records_it(admin_client, admin_user):
    item = ServiceItem.objects.get(code="notarisation")
    url = reverse("admin:knowledge_serviceitem_change", args=[item.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "公证法:第30条" in page.content.decode()  # the lists are edited as lines

    data = form_data(
        item, cost="按照物价部门核定的标准支付公证费（公证法:第34条）。",
        steps="申请（公证法:第25条）\n审查（公证法:第28条）\n出具公证书（公证法:第30条）",
    )
    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.cost == "按照物价部门核定的标准支付公证费（公证法:第34条）。"
    assert item.steps == ["申请（公证法:第25条）", "审查（公证法:第28条）", "出具公证书（公证法:第30条）"]
    assert item.time_limits[0]["basis"] == "公证法:第30条"  # unchanged lines survive the round trip
    entry = LogEntry.objects.get(object_id=str(item.pk))
    assert entry.action_flag == CHANGE and entry.user == admin_user


def test_a_wrong_citation_is_refused_with_the_reason(admin_client):
    item = ServiceItem.objects.get(code="notarisation")
    url = reverse("admin:knowledge_serviceitem_change", args=[item.pk])

    response = admin_client.post(url, form_data(item, legal_basis="公证法:第30条\n公证法:第300条"))

    assert response.status_code == 200
    assert "公证法:第300条" in response.context["adminform"].form.errors["legal_basis"][0]
    item.refresh_from_db()
    assert "公证法:第300条" not in item.legal_basis


def test_items_are_deactivated_never_deleted(admin_client):
    item = ServiceItem.objects.get(code="notarisation")
    assert admin_client.get(reverse("admin:knowledge_serviceitem_delete", args=[item.pk])).status_code == 403
    changelist = admin_client.get(reverse("admin:knowledge_serviceitem_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
