"""The work queue: which cases wait on whom, in which order, on the landing page and in ``work_queue``."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiefen.cases.models import Case, State
from jiefen.cases.queues import count_by_state, work_queue
from jiefen.testing import case_in_state

TODAY = timezone.localdate()


@pytest.fixture
def cases(network):
    """One case of 西门社区 (mediator 王调解) in most states, one accepted at 东门社区, and one overdue."""
    made = {state: case_in_state(network, state) for state in (
        State.REGISTERED, State.TRIAGED, State.ACCEPTED, State.ASSIGNED, State.IN_MEDIATION, State.RESOLVED,
        State.FAILED, State.TERMINATION_REVIEW, State.TRANSFERRED, State.CLOSED, State.REJECTED,
    )}
    made["east_accepted"] = case_in_state(network, State.ACCEPTED, org_code="320706001002")
    made["overdue"] = case_in_state(network, State.ASSIGNED)
    Case.objects.filter(pk=made["overdue"].pk).update(deadline=TODAY - datetime.timedelta(days=1))
    return made


def queue_of(network, persona):
    return set(work_queue(network.user(persona)).values_list("pk", flat=True))


def pks(cases, *keys):
    return {cases[key].pk for key in keys}


OPEN = (
    State.REGISTERED, State.TRIAGED, State.ACCEPTED, State.ASSIGNED, State.IN_MEDIATION, State.RESOLVED, State.FAILED,
    State.TERMINATION_REVIEW, State.TRANSFERRED, "east_accepted", "overdue",
)


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("town_intake", (State.REGISTERED, State.TRIAGED, State.ACCEPTED, "east_accepted")),
        ("village_a", (State.ASSIGNED, State.IN_MEDIATION, State.RESOLVED, State.ACCEPTED, "overdue")),
        ("village_b", ("east_accepted",)),
        ("town_mediator", ()),
        ("town_coordinator", (State.FAILED, State.TERMINATION_REVIEW, State.TRANSFERRED, "overdue")),
        ("county_coordinator", (State.FAILED, State.TERMINATION_REVIEW, State.TRANSFERRED, "overdue")),
        ("town_liaison", (State.TRANSFERRED,)),
        ("town_assessor", OPEN),
        ("city_leader", OPEN),
        ("other_county_coordinator", ()),
        ("citizen", ()),
    ],
)
def test_each_post_finds_the_cases_waiting_on_it(network, cases, persona, expected):
    assert queue_of(network, persona) == pks(cases, *expected)


def test_the_queue_puts_the_nearest_deadline_first_then_the_oldest(network, login, cases):
    Case.objects.filter(pk=cases[State.ASSIGNED].pk).update(deadline=TODAY + datetime.timedelta(days=10))
    Case.objects.filter(pk=cases[State.IN_MEDIATION].pk).update(deadline=TODAY + datetime.timedelta(days=3))
    Case.objects.filter(pk=cases[State.RESOLVED].pk).update(deadline=None)

    page = login("village_a").get(reverse("workbench:queue")).context["page"]

    order = [case.pk for case in page.object_list]
    assert order == [
        cases["overdue"].pk,  # yesterday
        cases[State.IN_MEDIATION].pk,  # in 3 days
        cases[State.ASSIGNED].pk,  # in 10 days
        cases[State.ACCEPTED].pk,  # no deadline, registered before the resolved one
        cases[State.RESOLVED].pk,
    ]


def test_the_queue_page_shows_the_columns_and_marks_the_overdue(network, login, cases):
    response = login("town_coordinator").get(reverse("workbench:queue"))
    content = response.content.decode()

    assert response.status_code == 200
    overdue = cases["overdue"]
    assert overdue.number in content and "已超期" in content
    assert 'class="overdue"' in content
    for text in ("案号", "纠纷摘要", "纠纷类型", "状态", "承办机构", "调解员", "办理期限", "来源渠道", "王调解"):
        assert text in content
    assert cases[State.REGISTERED].number not in content


def test_a_leader_also_sees_the_open_cases_counted_by_state(network, login, cases):
    response = login("city_leader").get(reverse("workbench:queue"))

    summary = dict(response.context["summary"])
    assert summary[State.ASSIGNED] == 2
    assert summary[State.ACCEPTED] == 2
    assert State.CLOSED not in summary
    assert sum(summary.values()) == len(OPEN)
    assert "本辖区在办案件（按状态）" in response.content.decode()
    assert login("village_a").get(reverse("workbench:queue")).context["summary"] is None


def test_count_by_state_follows_the_life_of_a_case(network, cases):
    counted = count_by_state(Case.objects.visible_to(network.user("city_leader")).open())
    states = [state for state, _n in counted]
    assert states == sorted(states, key=list(State).index)


def test_an_empty_queue_says_so(network, login):
    assert "目前没有等待您办理的案件。" in login("village_b").get(reverse("workbench:queue")).content.decode()
