"""Deadline notices marked seen (已阅): by the people on whose desk they are, once each, on the record; gone from
their panel only, with the panel's count; listed again on asking; gone for everyone when no longer current."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiefen.cases.models import Case, State
from jiefen.scheduler.models import Firing, NoticeSeen
from jiefen.scheduler.services import mark_seen, notices_for
from jiefen.scheduler.templatetags.scheduler import NOTICES_SHOWN
from jiefen.testing import case_in_state

HTMX = {"HX-Request": "true"}
QUEUE = reverse("workbench:queue")


def notice(case: Case, kind=Firing.Kind.REMINDER, stage=2, organisation=None) -> Firing:
    """A notice of the case's current deadline, as the scheduler's pass writes it."""
    return Firing.objects.create(
        case=case, kind=kind, deadline=case.deadline, stage=stage,
        organisation=organisation or case.handling_org, fired_at=timezone.now(),
    )


def with_deadline(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(deadline=timezone.localdate() + datetime.timedelta(days=2))
    case.refresh_from_db()
    return case


@pytest.fixture
def login(network):
    def client_for(persona: str) -> Client:
        client = Client()
        client.force_login(network.user(persona))
        return client

    return client_for


@pytest.fixture
def township_case(network):
    """A case the township centre handles itself, mediated by 周调处: its reminders are on the desks of the
    mediator and of the township's coordinator 吴协调."""
    return with_deadline(case_in_state(network, State.ASSIGNED, org_code="320706001"))


@pytest.fixture
def reminder(township_case):
    return notice(township_case)


def desk(network, persona, **kwargs) -> list[Firing]:
    return list(notices_for(network.user(persona), **kwargs))


# ---- the service ----


def test_a_notice_marked_seen_leaves_that_persons_panel_only(network, reminder):
    assert desk(network, "town_mediator") == desk(network, "town_coordinator") == [reminder]

    first = mark_seen(reminder, network.user("town_mediator"))
    again = mark_seen(reminder, network.user("town_mediator"))

    assert again == first and NoticeSeen.objects.count() == 1 and first.seen_at is not None
    assert desk(network, "town_mediator") == []
    assert desk(network, "town_coordinator") == [reminder]
    assert [(n, n.seen) for n in desk(network, "town_mediator", include_seen=True)] == [(reminder, True)]
    assert [(n, n.seen) for n in desk(network, "town_coordinator", include_seen=True)] == [(reminder, False)]


@pytest.mark.parametrize("persona", ["village_a", "town_intake", "town_assessor", "county_coordinator", "city_leader"])
def test_only_those_on_whose_desk_it_is_may_mark_it_seen(network, reminder, persona):
    with pytest.raises(PermissionDenied):
        mark_seen(reminder, network.user(persona))
    assert not NoticeSeen.objects.exists()


def test_a_mark_is_never_changed_or_deleted(network, reminder):
    seen = mark_seen(reminder, network.user("town_coordinator"))
    with pytest.raises(TypeError):
        seen.save()
    with pytest.raises(TypeError):
        NoticeSeen.objects.filter(pk=seen.pk).update(seen_at=timezone.now())
    with pytest.raises(TypeError):
        seen.delete()


def test_a_notice_no_longer_current_disappears_seen_or_not(network, township_case, reminder):
    mark_seen(reminder, network.user("town_mediator"))
    Case.objects.filter(pk=township_case.pk).update(deadline=township_case.deadline + datetime.timedelta(days=15))

    assert desk(network, "town_mediator", include_seen=True) == []
    assert desk(network, "town_coordinator", include_seen=True) == []
    with pytest.raises(PermissionDenied):  # no longer on anyone's desk
        mark_seen(reminder, network.user("town_coordinator"))


def test_an_escalation_is_marked_seen_by_the_coordinator_it_went_to(network):
    case = with_deadline(case_in_state(network, State.ASSIGNED))  # of 西门社区
    escalation = notice(case, Firing.Kind.ESCALATION, 1, organisation=network.orgs["320706001"])

    mark_seen(escalation, network.user("town_coordinator"))

    assert desk(network, "town_coordinator") == []
    with pytest.raises(PermissionDenied):
        mark_seen(escalation, network.user("village_a"))


# ---- the queue page's panel ----


def panel(client, params=None) -> str:
    page = client.get(QUEUE, params or {}).content.decode()
    if 'id="deadline-notices"' not in page:
        return ""
    start = page.index('id="deadline-notices"')
    return page[start:page.index("</section>", start)]


def test_the_panel_offers_the_mark_counts_what_is_left_and_lists_the_seen_on_asking(network, login, township_case):
    older, newer = notice(township_case, stage=2), notice(township_case, Firing.Kind.OVERDUE, 0)
    client = login("town_mediator")
    shown = panel(client)
    assert 'id="deadline-notice-count">2<' in shown
    assert reverse("workbench:mark_notice_seen", args=[newer.pk]) in shown
    assert "seen_notices=1" not in shown  # nothing seen yet: nothing to show again

    response = client.post(reverse("workbench:mark_notice_seen", args=[newer.pk]))

    assert response.status_code == 302 and response["Location"] == f"{QUEUE}#deadline-notices"
    shown = panel(client)
    assert 'id="deadline-notice-count">1<' in shown
    assert f'data-notice="{older.pk}"' in shown and f'data-notice="{newer.pk}"' not in shown
    assert "seen_notices=1" in shown

    listed = panel(client, {"seen_notices": "1"})
    assert f'data-notice="{older.pk}"' in listed and f'data-notice="{newer.pk}"' in listed
    assert listed.index(f'data-notice="{older.pk}"') < listed.index(f'data-notice="{newer.pk}"')  # unseen first
    assert reverse("workbench:mark_notice_seen", args=[newer.pk]) not in listed
    assert 'id="deadline-notice-count">1<' in listed

    coordinator = panel(login("town_coordinator"))
    assert 'id="deadline-notice-count">2<' in coordinator and f'data-notice="{newer.pk}"' in coordinator


def test_with_every_notice_seen_the_panel_stays_to_list_them_again(network, login, reminder):
    client = login("town_mediator")
    client.post(reverse("workbench:mark_notice_seen", args=[reminder.pk]))

    shown = panel(client)

    assert 'id="deadline-notice-count">0<' in shown and f'data-notice="{reminder.pk}"' not in shown
    assert "seen_notices=1" in shown
    assert f'data-notice="{reminder.pk}"' in panel(client, {"seen_notices": "1"})


def test_htmx_gets_the_panel_again(network, login, township_case):
    older, newer = notice(township_case, stage=2), notice(township_case, Firing.Kind.OVERDUE, 0)
    client = login("town_coordinator")

    response = client.post(reverse("workbench:mark_notice_seen", args=[older.pk]), headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<section class="panel" id="deadline-notices"')
    assert 'id="deadline-notice-count">1<' in body
    assert f'data-notice="{newer.pk}"' in body and f'data-notice="{older.pk}"' not in body

    listing = client.post(
        reverse("workbench:mark_notice_seen", args=[newer.pk]), {"seen_notices": "1"}, headers=HTMX
    ).content.decode()
    assert f'data-notice="{older.pk}"' in listing and f'data-notice="{newer.pk}"' in listing
    plain = client.post(reverse("workbench:mark_notice_seen", args=[newer.pk]), {"seen_notices": "1"})
    assert plain["Location"] == f"{QUEUE}?seen_notices=1#deadline-notices"
    assert NoticeSeen.objects.count() == 2


@pytest.mark.parametrize("persona, status", [
    ("town_intake", 403),  # sees the case, not on their desk
    ("county_coordinator", 403),
    ("village_b", 404),  # another station: the case is out of their sight
    ("other_county_coordinator", 404),
])
def test_others_may_not_mark_it(network, login, reminder, persona, status):
    response = login(persona).post(reverse("workbench:mark_notice_seen", args=[reminder.pk]), headers=HTMX)
    assert response.status_code == status
    assert not NoticeSeen.objects.exists()


def test_marking_is_a_post_and_an_unknown_notice_is_not_found(network, login, reminder):
    client = login("town_mediator")
    assert client.get(reverse("workbench:mark_notice_seen", args=[reminder.pk])).status_code == 405
    assert client.post(reverse("workbench:mark_notice_seen", args=[reminder.pk + 99])).status_code == 404


def queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(QUEUE, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [None, {"seen_notices": "1"}])
def test_the_panel_makes_no_query_per_notice(network, login, params):
    cases = [with_deadline(case_in_state(network, State.ASSIGNED, org_code="320706001")) for _ in range(3)]
    mediator = network.user("town_mediator")
    client = login("town_mediator")
    for case in cases[:2]:
        mark_seen(notice(case), mediator)
    notice(cases[2])
    client.get(QUEUE, params or {})  # warm the session
    few = queries(client, params)

    for n in range(2 * NOTICES_SHOWN + 5):  # more than a page of each, seen and not
        firing = notice(cases[n % 3], stage=n + 10)
        if n % 2:
            mark_seen(firing, mediator)

    assert queries(client, params) <= few + 1  # at most the count of a full page, as before


def test_administrators_read_the_marks_and_cannot_change_them(network, reminder, admin_client):
    seen = mark_seen(reminder, network.user("town_mediator"))
    changelist = admin_client.get(reverse("admin:scheduler_noticeseen_changelist"))
    assert changelist.status_code == 200 and reminder.case.number in changelist.content.decode()
    delete = admin_client.post(reverse("admin:scheduler_noticeseen_delete", args=[seen.pk]), {"post": "yes"})
    assert delete.status_code == 403 and NoticeSeen.objects.filter(pk=seen.pk).exists()
