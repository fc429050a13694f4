"""The assessor's list of cases awaiting a grade: ended after handling in their jurisdiction, not graded since, the
longest waiting first, paged, and linked from their queue."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from jiefen.cases.models import State
from jiefen.cases.workflow import Move
from jiefen.orgs.models import Post, Staff
from jiefen.supervision import services
from jiefen.testing import case_in_state, make

pytestmark = pytest.mark.django_db


def _grade(network, case):
    return services.grade_case(case, network.user("town_assessor"), grade="good", reasons="按期化解，当事人满意。")


def test_closed_and_terminated_cases_wait_for_a_grade_the_longest_waiting_first(network):
    first, second = case_in_state(network, State.RESOLVED), case_in_state(network, State.RESOLVED)
    second = make(network, second, Move.CLOSE)  # ended before the first, though registered after it
    first = make(network, first, Move.CLOSE)
    terminated = case_in_state(network, State.TERMINATED)
    refused = make(network, case_in_state(network, State.TRIAGED), Move.REFUSE)  # closed without handling
    case_in_state(network, State.IN_MEDIATION)
    assessor = network.user("town_assessor")

    waiting = list(services.awaiting_grade(assessor))
    assert waiting == [second, first, terminated] and refused.state == State.CLOSED
    assert waiting[0].ended_at < waiting[1].ended_at
    _grade(network, second)
    assert list(services.awaiting_grade(assessor)) == [first, terminated]


def test_a_case_closed_again_after_reopening_waits_for_a_new_grade(network):
    case = case_in_state(network, State.CLOSED)
    _grade(network, case)
    assert list(services.awaiting_grade(network.user("town_assessor"))) == []
    for move in (Move.REOPEN, Move.CONSENT, Move.ASSIGN, Move.RECORD_SESSION, Move.AGREE, Move.CLOSE):
        case = make(network, case, move)
    assert list(services.awaiting_grade(network.user("town_assessor"))) == [case]


def test_only_assessors_and_only_their_jurisdiction(network):
    case_in_state(network, State.CLOSED)
    elsewhere = get_user_model().objects.create(username="other_assessor", first_name="何研判")
    Staff.objects.create(user=elsewhere, organisation=network.orgs["320703"], post=Post.ASSESSMENT)
    assert list(services.awaiting_grade(elsewhere)) == []
    with pytest.raises(PermissionDenied):
        services.awaiting_grade(network.user("town_coordinator"))


def test_the_list_page_linked_from_the_assessors_queue(network, login):
    case = case_in_state(network, State.CLOSED)
    browser = login("town_assessor")
    queue = browser.get("/").content.decode()
    assert 'id="awaiting-grade"' in queue and "/supervision/grading/" in queue

    page = browser.get("/supervision/grading/").content.decode()
    assert f'data-case="{case.number}"' in page and f"/cases/{case.pk}/#grades" in page and "处理等级评估" in page
    assert browser.get("/supervision/grading/", {"page": "99"}).status_code == 200  # the nearest page
    browser.post(f"/cases/{case.pk}/grades/", {"grade": "excellent", "reasons": "化解彻底。"})
    assert f'data-case="{case.number}"' not in browser.get("/supervision/grading/").content.decode()

    assert login("town_coordinator").get("/supervision/grading/").status_code == 403
    assert 'id="awaiting-grade"' not in login("town_coordinator").get("/").content.decode()


def test_through_the_api(network, api):
    case = case_in_state(network, State.CLOSED)
    body = api("town_assessor").get("/api/supervision/grading/").json()
    assert body["count"] == 1 and body["results"][0]["number"] == case.number and body["results"][0]["ended_at"]
    assert api("town_coordinator").get("/api/supervision/grading/").status_code == 403
