"""An urge may say by when an answer is wanted; once that day has passed with no answer, the urge shows on the
coordinator's queue and its case is highlighted in the supervision list."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from jiefen.cases.models import State
from jiefen.cases.workflow import Move
from jiefen.supervision import agencies, services
from jiefen.supervision.models import Channel
from jiefen.testing import case_in_state, make

pytestmark = pytest.mark.django_db


def urged_days_ago(network, case, days: int, *, wanted_in: int = 0, persona="town_coordinator"):
    """An urge made ``days`` ago, its answer wanted ``wanted_in`` days after that."""
    then = timezone.now() - datetime.timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=then):
        return services.urge(
            case, network.user(persona), channel=Channel.PHONE, contact="仲裁院 王书记员", content="请告知进展。",
            reply_by=timezone.localdate(then) + datetime.timedelta(days=wanted_in),
        )


def test_an_urge_is_late_once_its_day_has_passed_without_an_answer(network):
    case = case_in_state(network, State.TRANSFERRED)
    late = urged_days_ago(network, case, 3, wanted_in=1)
    urged_days_ago(network, case, 1, wanted_in=5)  # still in time
    coordinator = network.user("town_coordinator")

    assert list(agencies.overdue_urges(coordinator)) == [late]
    assert list(agencies.overdue_urges(network.user("other_county_coordinator"))) == []
    services.record_answer(case, coordinator, channel="phone", respondent="王书记员", progress="in_progress",
                           content="正在审理。", urge_id=late.pk)
    assert list(agencies.overdue_urges(coordinator)) == []


def test_a_late_urge_of_a_case_no_longer_waiting_is_not_late(network):
    case = case_in_state(network, State.TRANSFERRED)
    urged_days_ago(network, case, 3)
    make(network, case, Move.REPORT_RESULT)
    assert list(agencies.overdue_urges(network.user("town_coordinator"))) == []


def test_the_coordinators_queue_shows_the_late_urges(network, login):
    case = case_in_state(network, State.TRANSFERRED)
    urge = urged_days_ago(network, case, 4, wanted_in=2)
    queue = login("town_coordinator").get("/").content.decode()
    assert 'id="late-urges"' in queue and f'data-urge="{urge.pk}"' in queue
    assert urge.reply_by.isoformat() in queue and f"/cases/{case.pk}/#supervision" in queue
    assert 'id="late-urges"' not in login("other_county_coordinator").get("/").content.decode()
    assert 'id="late-urges"' not in login("village_a").get("/").content.decode()


def test_the_supervision_list_highlights_and_filters_cases_with_late_urges(network, login):
    late = case_in_state(network, State.TRANSFERRED)
    urged_days_ago(network, late, 2)
    in_time = case_in_state(network, State.TRANSFERRED)
    urged_days_ago(network, in_time, 0, wanted_in=3)
    browser = login("town_coordinator")

    page = browser.get("/supervision/").content.decode()
    row = page[page.index(f'data-case="{late.number}"') - 60:page.index(f'data-case="{late.number}"')]
    assert "urge-overdue" in row and "data-urge-overdue" in page
    other = page[page.index(f'data-case="{in_time.number}"') - 60:page.index(f'data-case="{in_time.number}"')]
    assert "urge-overdue" not in other

    filtered = browser.get("/supervision/", {"urges_overdue": "on"}).content.decode()
    assert late.number in filtered and in_time.number not in filtered
    rows = {case.number: case.urge_overdue_since for case in services.supervised_cases(network.user("city_leader"))}
    assert rows[late.number] == timezone.localdate() - datetime.timedelta(days=2) and rows[in_time.number] is None


def test_an_urge_on_the_case_page_says_when_its_answer_is_late(network, login):
    case = case_in_state(network, State.TRANSFERRED)
    urged_days_ago(network, case, 3)
    page = login("town_coordinator").get(f"/cases/{case.pk}/").content.decode()
    panel = page[page.index('id="supervision"'):page.index('id="supervision"') + 8000]
    assert "badge-overdue" in panel
