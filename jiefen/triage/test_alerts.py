"""Red alerts acknowledged (知悉): by their recipients only, once each, on the record; gone from their queue and the
menu's count, not from the others'; the case's timeline says who has and who has not yet."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from jiefen.cases.models import State
from jiefen.cases.workflow import Move
from jiefen.core.taxonomy import Risk
from jiefen.testing import case_in_state, make
from jiefen.triage.hooks import acknowledge_alert, alerts_for
from jiefen.triage.models import AlertAcknowledgement, Proposal
from jiefen.triage.proposals import raise_alert

HTMX = {"HX-Request": "true"}


def red_alert(network, state=State.REGISTERED):
    """A red alert on a case of 西门社区: to the township's coordinator 吴协调 and assessor 冯研判."""
    case = case_in_state(network, state)
    proposal = Proposal.objects.create(
        case=case, trigger=Proposal.Trigger.ON_DEMAND, model_version="test", category="邻里",
        category_probability=0.9, field="民事", complexity="简单", risk=Risk.RED, risk_signals=["扬言伤人"],
        method="peoples_mediation", reasons={"risk": {"explanation": "对方扬言要动手"}},
    )
    return raise_alert(proposal, actor=network.user("town_intake"))


@pytest.fixture
def login(network):
    def client_for(persona: str) -> Client:
        client = Client()
        client.force_login(network.user(persona))
        return client

    return client_for


@pytest.fixture
def alert(network):
    return red_alert(network)


# ---- the service ----


def test_a_recipient_acknowledges_once_and_the_alert_leaves_their_queue_only(network, alert):
    coordinator, assessor = network.user("town_coordinator"), network.user("town_assessor")

    first = acknowledge_alert(alert, coordinator)
    again = acknowledge_alert(alert, coordinator)

    assert again == first and AlertAcknowledgement.objects.count() == 1
    assert first.recipient.user == coordinator and first.acknowledged_at is not None
    assert list(alerts_for(coordinator)) == []
    assert list(alerts_for(assessor)) == [alert]


@pytest.mark.parametrize("persona", ["town_intake", "village_a", "county_coordinator", "other_county_coordinator"])
def test_only_a_recipient_may_acknowledge(network, alert, persona):
    with pytest.raises(PermissionDenied):
        acknowledge_alert(alert, network.user(persona))
    assert not AlertAcknowledgement.objects.exists()


def test_an_acknowledgement_is_never_changed_or_deleted(network, alert):
    acknowledgement = acknowledge_alert(alert, network.user("town_coordinator"))
    with pytest.raises(TypeError):
        acknowledgement.save()
    with pytest.raises(TypeError):
        acknowledgement.delete()
    with pytest.raises(TypeError):
        AlertAcknowledgement.objects.all().delete()


# ---- the queue page and the menu's count ----


def queue(client) -> str:
    return client.get(reverse("workbench:queue")).content.decode()


def test_the_queue_panel_offers_the_acknowledgement_and_the_count_follows(network, alert, login):
    client = login("town_coordinator")
    page = queue(client)
    assert 'id="risk-alerts"' in page and 'id="risk-alert-count">1<' in page
    assert reverse("workbench:acknowledge_alert", args=[alert.pk]) in page

    response = client.post(reverse("workbench:acknowledge_alert", args=[alert.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("workbench:queue")
    page = queue(client)
    assert 'id="risk-alerts"' not in page and 'id="risk-alert-count">0<' in page
    assert "已知悉该预警" in page
    assert 'id="risk-alert-count">1<' in queue(login("town_assessor"))  # still on the assessor's desk


def test_htmx_gets_the_panel_and_the_menu_count_out_of_band(network, login):
    first, second = red_alert(network), red_alert(network)
    client = login("town_assessor")

    response = client.post(reverse("workbench:acknowledge_alert", args=[second.pk]), headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="risk-alerts"' in body and first.case.number in body and second.case.number not in body
    assert 'id="risk-alert-count" hx-swap-oob="true">1<' in body
    assert "<html" not in body


def test_a_repeated_acknowledgement_is_harmless(network, alert, login):
    client = login("town_coordinator")
    url = reverse("workbench:acknowledge_alert", args=[alert.pk])
    assert client.post(url).status_code == 302
    assert client.post(url, headers=HTMX).status_code == 200
    assert AlertAcknowledgement.objects.count() == 1


@pytest.mark.parametrize("persona, status", [
    ("town_intake", 403),  # sees the case, was not alerted
    ("county_coordinator", 403),
    ("village_b", 404),  # another station's staff: the case is out of their sight
    ("other_county_coordinator", 404),
])
def test_others_may_not_acknowledge(network, alert, login, persona, status):
    response = login(persona).post(reverse("workbench:acknowledge_alert", args=[alert.pk]), headers=HTMX)
    assert response.status_code == status
    assert not AlertAcknowledgement.objects.exists()


def test_acknowledging_is_a_post_and_an_unknown_alert_is_not_found(network, alert, login):
    client = login("town_coordinator")
    assert client.get(reverse("workbench:acknowledge_alert", args=[alert.pk])).status_code == 405
    assert client.post(reverse("workbench:acknowledge_alert", args=[alert.pk + 99])).status_code == 404


# ---- the case page ----


def timeline(client, alert) -> str:
    return client.get(reverse("workbench:case", args=[alert.case_id])).content.decode()


def acknowledgement_lines(page: str, alert) -> list[tuple[str, str]]:
    start = page.index(f'id="alert-{alert.pk}-acknowledgements"')
    return re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page[start:page.index("</dl>", start)])


def test_the_case_page_says_who_has_acknowledged_and_who_not_yet(network, alert, login):
    assert acknowledgement_lines(timeline(login("town_intake"), alert), alert) == [("尚未知悉", "吴协调、冯研判")]

    acknowledge_alert(alert, network.user("town_assessor"))

    page = timeline(login("town_intake"), alert)
    (done, by), (pending, whom) = acknowledgement_lines(page, alert)
    assert (done, pending, whom) == ("已知悉", "尚未知悉", "吴协调")
    assert re.fullmatch(r"冯研判（\d{4}-\d\d-\d\d \d\d:\d\d）", by)
    assert reverse("workbench:acknowledge_alert", args=[alert.pk]) not in page  # not an intake officer's to do


def test_a_recipient_acknowledges_on_the_case_page_too(network, alert, login):
    client = login("town_coordinator")
    url = reverse("workbench:acknowledge_alert", args=[alert.pk])
    assert url in timeline(client, alert)

    response = client.post(url, {"from": "case"}, headers=HTMX)

    body = response.content.decode()
    assert f'id="alert-{alert.pk}-acknowledgements"' in body and url not in body
    assert 'id="risk-alert-count" hx-swap-oob="true">0<' in body
    plain = login("town_assessor").post(url, {"from": "case"})
    assert plain["Location"] == reverse("workbench:case", args=[alert.case_id])
    assert url not in timeline(client, alert)


def test_an_alert_on_an_ended_case_leaves_the_queue_unacknowledged_as_before(network, alert):
    make(network, alert.case, Move.WITHDRAW)
    assert list(alerts_for(network.user("town_coordinator"))) == []
