"""Concurrent registrations and moves on PostgreSQL, with real threads and their own connections."""

import threading

import pytest
from django.db import connection

from jiefen.cases.models import Case, CaseEvent, State
from jiefen.cases.moves import perform_move
from jiefen.cases.services import CaseChanged, IllegalMove
from jiefen.cases.workflow import Move
from jiefen.core.idempotency import run_once
from jiefen.orgs.models import Mediator
from jiefen.testing import case_in_state, move_data, register

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_in_threads(count, work):
    barrier = threading.Barrier(count)
    outcomes, lock = [], threading.Lock()

    def runner(index):
        try:
            barrier.wait()
            result = work(index)
        except Exception as error:  # every outcome is collected and asserted on
            result = error
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=runner, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_concurrent_registrations_get_unique_gap_free_numbers(network):
    threads, per_thread = 8, 6

    outcomes = _run_in_threads(
        threads, lambda index: [register(network, org_code="320706001001").number for _ in range(per_thread)]
    )

    numbers = [number for outcome in outcomes for number in outcome]
    assert len(numbers) == len(set(numbers)) == threads * per_thread
    assert sorted(int(number.rsplit("-", 1)[1]) for number in numbers) == list(range(1, threads * per_thread + 1))
    assert Case.objects.count() == threads * per_thread


def test_two_people_making_the_same_move_at_once_succeed_once(network):
    case = case_in_state(network, State.REGISTERED)

    outcomes = _run_in_threads(
        2,
        lambda index: perform_move(
            Case.objects.get(pk=case.pk), Move.TRIAGE if index else Move.REJECT,
            network.user("town_intake"), move_data(network, case, Move.TRIAGE if index else Move.REJECT),
        ),
    )

    assert sum(isinstance(outcome, Case) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, IllegalMove) for outcome in outcomes) == 1
    assert CaseEvent.objects.filter(case=case).count() == 2


def test_two_reassignments_at_once_keep_one_and_refuse_the_other(network):
    case = case_in_state(network, State.ASSIGNED)
    station = network.orgs["320706001001"]
    mediators = [Mediator.objects.create(name=name, organisation=station) for name in ("老周", "老吴")]
    # Both people opened the case page before either pressed the button.
    copies = [Case.objects.get(pk=case.pk) for _ in mediators]

    outcomes = _run_in_threads(
        2,
        lambda index: perform_move(
            copies[index], Move.ASSIGN, network.user("town_coordinator"),
            {"organisation": mediators[index].organisation_id, "mediator": mediators[index].pk, "reason": ""},
        ),
    )

    winners = [outcome for outcome in outcomes if isinstance(outcome, Case)]
    assert len(winners) == 1
    assert sum(isinstance(outcome, CaseChanged) for outcome in outcomes) == 1
    assert Case.objects.get(pk=case.pk).mediator == winners[0].mediator
    assert CaseEvent.objects.filter(case=case, move=Move.ASSIGN).count() == 2


def test_retries_with_the_same_idempotency_key_at_once_register_one_case(network):
    outcomes = _run_in_threads(
        6, lambda index: run_once("test.register", "key-1", {"same": "body"}, lambda: register(network))
    )

    assert sorted(created for _pk, created in outcomes) == [False] * 5 + [True]
    assert len({pk for pk, _created in outcomes}) == 1
    assert Case.objects.count() == 1
