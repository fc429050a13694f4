"""The demo's township coordinator and assessor find a red alert on their queue page, to acknowledge."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from jiefen.triage.hooks import alerts_for

pytestmark = pytest.mark.usefixtures("demo")


def test_the_township_coordinator_and_assessor_have_a_red_alert_to_acknowledge(db, client):
    users = get_user_model().objects
    coordinator, assessor = users.get(username="town_coordinator"), users.get(username="town_assessor")
    alerts = list(alerts_for(coordinator))
    assert len(alerts) == 1 and alerts[0].case.summary == "楼上住户深夜噪音扰民"
    assert list(alerts_for(assessor)) == alerts

    acknowledge = reverse("workbench:acknowledge_alert", args=[alerts[0].pk])
    client.force_login(coordinator)
    assert acknowledge in client.get(reverse("workbench:queue")).content.decode()
    client.post(acknowledge)
    assert not alerts_for(coordinator).exists() and list(alerts_for(assessor)) == alerts
