"""Registration from the other doors: a citizen's own submission, and court referrals with their limits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from jiefen.cases.models import Case
from jiefen.cases.services import deadline_for, submit_dispute
from jiefen.orgs.models import organisation_serving
from jiefen.testing import register

PARTIES = [
    {"role": "applicant", "kind": "person", "name": "张群众", "phone": "13900001111"},
    {"role": "respondent", "kind": "person", "name": "王邻居"},
]


def test_a_citizens_dispute_lands_at_the_station_of_its_village_with_the_citizen_on_the_timeline(network):
    case = submit_dispute(
        citizen=network.user("citizen"), place=network.regions["320706001002"], summary="楼上漏水",
        description="楼上卫生间漏水，渗到我家天花板。", parties=PARTIES,
    )

    assert case.channel == "portal"
    assert case.handling_org.code == "320706001002"
    event = case.events.get()
    assert (event.actor_name, event.actor_organisation) == ("张群众", "")


def test_a_place_without_a_station_is_served_by_the_centre_above_it(network):
    assert organisation_serving(network.regions["320706002000"]).code == "320706002"
    assert organisation_serving(network.regions["320706001001"]).code == "320706001001"


def test_staff_do_not_use_the_public_door(network):
    with pytest.raises(PermissionDenied):
        submit_dispute(
            citizen=network.user("town_intake"), place=network.regions["320706001001"], summary="x",
            description="x", parties=PARTIES,
        )


@pytest.mark.parametrize(
    ("referral_kind", "complexity", "days", "article"),
    [
        ("entrusted", "简单", 7, "第27条"),
        ("delegated", "简单", 7, "第27条"),
        ("entrusted", "复杂", 15, "第27条"),
        ("delegated", "复杂", 30, "第27条"),
    ],
)
def test_court_referrals_get_the_limits_of_article_27_and_seed_003(network, referral_kind, complexity, days, article):
    case = register(network, channel="court", referral_kind=referral_kind, external_reference="（2026）苏0706民初123号")
    case.complexity = complexity

    deadline, basis = deadline_for(case, datetime.date(2026, 3, 2))

    assert deadline == datetime.date(2026, 3, 2) + datetime.timedelta(days=days)
    assert "特邀调解的规定:" + article in basis
    assert Case.objects.get(pk=case.pk).events.get().payload["external_reference"] == "（2026）苏0706民初123号"


HEARD = []


def remember(event):
    HEARD.append(event.pk)


def test_every_event_is_handed_to_the_configured_handlers_once_committed(
    network, settings, django_capture_on_commit_callbacks
):
    settings.JIEFEN_CASE_EVENT_HANDLERS = ["jiefen.cases.tests.test_channels.remember"]
    HEARD.clear()

    with django_capture_on_commit_callbacks(execute=True):
        case = register(network)
    assert HEARD == [case.events.get().pk]
