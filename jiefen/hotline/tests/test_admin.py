"""The admin: work orders read-only with their history and masked numbers; the roster edited, never deleted."""

import datetime

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiefen.hotline.models import DutyShift
from jiefen.hotline.tests.conftest import call


def admin_client():
    client = Client()
    client.force_login(get_user_model().objects.create(username="root", is_staff=True, is_superuser=True))
    return client


def test_work_orders_are_read_only_and_masked(network):
    order = call(network)
    client = admin_client()

    assert client.get(reverse("admin:hotline_workorder_changelist")).status_code == 200
    page = client.get(reverse("admin:hotline_workorder_change", args=[order.pk])).content.decode()
    assert "138****4567" in page and "13851234567" not in page
    assert client.get(reverse("admin:hotline_workorder_delete", args=[order.pk])).status_code == 403
    assert client.get(reverse("admin:hotline_workorder_add")).status_code == 403


def test_an_administrator_plans_and_cancels_a_shift(network):
    client = admin_client()
    start = timezone.localtime() + datetime.timedelta(days=1)
    data = {
        "staff": network.user("town_intake").staff.pk, "organisation": network.orgs["320706001"].pk,
        "seat": "12348专席一", "starts_at_0": start.strftime("%Y-%m-%d"), "starts_at_1": "08:00:00",
        "ends_at_0": start.strftime("%Y-%m-%d"), "ends_at_1": "20:00:00",
    }

    response = client.post(reverse("admin:hotline_dutyshift_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    shift = DutyShift.objects.get()
    assert shift.planned_by.username == "root"

    refused = client.post(reverse("admin:hotline_dutyshift_add"), {**data, "ends_at_1": "07:00:00"})
    assert refused.status_code == 200 and DutyShift.objects.count() == 1  # ends before it starts

    client.post(reverse("admin:hotline_dutyshift_change", args=[shift.pk]), {**data, "cancelled": "on"})
    shift.refresh_from_db()
    assert shift.cancelled and shift.cancelled_by.username == "root"
    assert client.get(reverse("admin:hotline_dutyshift_delete", args=[shift.pk])).status_code == 403
    assert client.get(reverse("admin:hotline_dutyshift_changelist"), {"q": "陈引导"}).status_code == 200
