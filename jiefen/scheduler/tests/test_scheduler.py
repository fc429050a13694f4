"""The deadline scheduler: what fires when, to whom, exactly once, and after downtime.

Around National Day 2026 (shipped calendar): 9-25..27 and 10-1..7 are holidays, Saturday 10-10 is an adjusted
working day. A village case of 西门社区 (mediator 王调解, township 朐阳街道, county 海州区).
"""

import datetime
import importlib
import threading
import zoneinfo

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from jiefen.cases.models import Case, CaseEvent, State
from jiefen.cases.workflow import DEADLINE_ESCALATION, DEADLINE_OVERDUE, DEADLINE_REMINDER, INTERNAL_EVENTS, Move
from jiefen.core.calendar import load_holidays
from jiefen.scheduler.models import Cursor, EscalationStep, Firing, ReminderRule
from jiefen.scheduler.services import find_due, fire, notices_for, reads, run_pass
from jiefen.testing import build_network, case_in_state, make, register

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
REMINDER, OVERDUE, ESCALATION = Firing.Kind.REMINDER, Firing.Kind.OVERDUE, Firing.Kind.ESCALATION


def at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def with_deadline(case: Case, day: str) -> Case:
    Case.objects.filter(pk=case.pk).update(deadline=datetime.date.fromisoformat(day))
    case.refresh_from_db()
    return case


def fired(case: Case) -> list[tuple[str, str, int, str]]:
    return [
        (f.kind, f.deadline.isoformat(), f.stage, f.organisation.code)
        for f in Firing.objects.filter(case=case).select_related("organisation").order_by("id")
    ]


def notes(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case, move__startswith="deadline_").values_list("move", flat=True))


@pytest.fixture
def login(network):
    def client_for(persona: str) -> Client:
        client = Client()
        client.force_login(network.user(persona))
        return client

    return client_for


@pytest.fixture
def assigned(network):
    """An assigned village case whose deadline is Thursday 2026-10-08, the first working day after the holiday."""
    return with_deadline(case_in_state(network, State.ASSIGNED), "2026-10-08")


def test_the_timing_ships_as_data(db):
    assert sorted(ReminderRule.objects.values_list("working_days_before", flat=True)) == [0, 2]
    assert list(EscalationStep.objects.values_list("stage", "working_days_overdue")) == [(1, 0), (2, 5)]


def test_two_working_days_before_counts_across_the_national_day_holiday(assigned):
    assert run_pass(at("2026-09-28")).fired_total == 0  # 9-29, 9-30 and 10-8: three working days away

    result = run_pass(at("2026-09-29"))  # 9-30 and 10-8: two working days away, nine calendar days

    assert result.fired[REMINDER] == 1
    assert fired(assigned) == [(REMINDER, "2026-10-08", 2, "320706001001")]
    assert notes(assigned) == [DEADLINE_REMINDER]


def test_the_day_reminder_comes_on_the_last_working_day_before_a_deadline_on_a_holiday(network):
    holiday = with_deadline(case_in_state(network, State.ASSIGNED), "2026-10-03")  # a calendar-day rule's end

    run_pass(at("2026-09-29"))  # 9-30 is the one working day left: the nearest reminder only
    run_pass(at("2026-09-30"))

    assert fired(holiday) == [(REMINDER, "2026-10-03", 2, "320706001001"), (REMINDER, "2026-10-03", 0, "320706001001")]


def test_a_case_assigned_close_to_its_deadline_gets_the_nearest_reminder_only(assigned):
    run_pass(at("2026-10-08"))

    assert fired(assigned) == [(REMINDER, "2026-10-08", 0, "320706001001")]


def test_overdue_goes_to_the_township_at_once_and_to_the_county_five_working_days_later(assigned):
    run_pass(at("2026-10-08"))
    run_pass(at("2026-10-09"))  # the first day after the deadline
    assert fired(assigned)[1:] == [
        (OVERDUE, "2026-10-08", 0, "320706001001"),
        (ESCALATION, "2026-10-08", 1, "320706001"),  # 朐阳街道
    ]

    run_pass(at("2026-10-14"))  # 10-9, 10-10 (adjusted Saturday), 10-12, 10-13, 10-14: five working days overdue
    assert len(fired(assigned)) == 3
    run_pass(at("2026-10-15"))
    assert fired(assigned)[-1] == (ESCALATION, "2026-10-08", 2, "320706")  # 海州区
    assert notes(assigned) == [DEADLINE_REMINDER, DEADLINE_OVERDUE, DEADLINE_ESCALATION, DEADLINE_ESCALATION]
    event = CaseEvent.objects.filter(case=assigned, move=DEADLINE_ESCALATION).last()
    assert event.actor.username == "jiefen-scheduler" and not event.actor.is_active
    assert event.payload["organisation"] == "海州区非诉讼服务中心" and event.from_state == event.to_state
    assert "海州区非诉讼服务中心" in event.reason


def test_the_scheduler_notes_stay_inside_the_network():
    assert {DEADLINE_REMINDER, DEADLINE_OVERDUE, DEADLINE_ESCALATION} <= INTERNAL_EVENTS


def test_a_pass_repeated_fires_nothing_twice(assigned):
    for _ in range(3):
        run_pass(at("2026-10-15"))

    assert len(fired(assigned)) == 3 and len(notes(assigned)) == 3


def test_after_downtime_one_pass_catches_up_on_everything_due(network, assigned):
    soon = with_deadline(case_in_state(network, State.IN_MEDIATION), "2026-10-21")
    run_pass(at("2026-09-28"))  # the last pass before the scheduler stopped

    result = run_pass(at("2026-10-20"))  # back three weeks later

    # The deadline of the first has passed: no late reminders, but overdue and both escalations at once.
    assert [kind for kind, *_ in fired(assigned)] == [OVERDUE, ESCALATION, ESCALATION]
    assert fired(soon) == [(REMINDER, "2026-10-21", 2, "320706001001")]  # still ahead: reminded late, not skipped
    assert result.fired == {OVERDUE: 1, ESCALATION: 2, REMINDER: 1}
    assert Cursor.objects.get().swept_through == datetime.date(2026, 10, 20)


def test_the_cursor_limits_passes_to_new_deadlines_and_a_full_sweep_takes_every_one(network, assigned):
    run_pass(at("2026-10-09"))
    imported = with_deadline(case_in_state(network, State.ASSIGNED), "2026-08-03")  # written in with an old deadline

    run_pass(at("2026-10-09", 10))
    assert fired(imported) == []

    run_pass(at("2026-10-09", 11), full=True)
    assert [kind for kind, *_ in fired(imported)] == [OVERDUE, ESCALATION, ESCALATION]


def test_resolved_and_closed_cases_and_cases_without_a_deadline_never_fire(network):
    for state in (State.RESOLVED, State.CLOSED):
        with_deadline(case_in_state(network, state), "2026-10-08")
    Case.objects.filter(pk=case_in_state(network, State.ASSIGNED).pk).update(deadline=None)

    assert run_pass(at("2026-10-20")).fired_total == 0


def test_an_extension_is_a_new_deadline_with_its_own_reminders(assigned):
    run_pass(at("2026-10-08"))
    with_deadline(assigned, "2026-10-16")

    run_pass(at("2026-10-15"))

    assert fired(assigned) == [
        (REMINDER, "2026-10-08", 0, "320706001001"), (REMINDER, "2026-10-16", 2, "320706001001"),
    ]


def test_a_city_case_has_no_level_above_to_escalate_to(network):
    case = register(network, org_code="3207", actor="city_coordinator")
    Case.objects.filter(pk=case.pk).update(state=State.ACCEPTED)
    case = with_deadline(case, "2026-10-08")

    run_pass(at("2026-10-20"))

    assert [kind for kind, *_ in fired(case)] == [OVERDUE]


def test_two_workers_that_found_the_same_firings_write_each_once_on_any_database(network, assigned):
    other = with_deadline(case_in_state(network, State.ASSIGNED), "2026-10-09")
    now = at("2026-10-08")
    found_by_a, found_by_b = find_due(now), find_due(now)  # both read before either writes
    assert len(found_by_a) == len(found_by_b) == 2

    fired_by_b = fire(found_by_b, now)
    fired_by_a = fire(found_by_a, now)

    assert sum(fired_by_b.values()) == 2 and sum(fired_by_a.values()) == 0
    assert len(notes(assigned)) == len(notes(other)) == 1


def test_the_pass_is_its_reads_one_per_source_each_finding_its_own_kinds(network, assigned):
    overdue = with_deadline(case_in_state(network, State.ASSIGNED), "2026-10-07")
    now = at("2026-10-08")

    found = {source: read() for source, read in reads(now)}

    assert list(found) == ["deadlines", "window", "respondent", "followup", "session"]
    assert {(d.case_id, d.kind) for d in found["deadlines"]} == {
        (assigned.pk, REMINDER), (overdue.pk, OVERDUE), (overdue.pk, ESCALATION),
    }
    assert not any(found[source] for source in ("window", "respondent", "followup", "session"))
    assert [d for dues in found.values() for d in dues] == find_due(now)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_scheduler_workers_running_at_once_fire_each_reminder_exactly_once():
    # Transactional tests run last and each empties the tables: what the migrations put there comes back first
    # (serialized rollback cannot be used on PostgreSQL beside them: it would insert the content types twice).
    importlib.import_module("jiefen.scheduler.migrations.0002_timing").add_timing(apps, None)
    load_holidays()
    network = build_network()
    cases = [with_deadline(case_in_state(network, State.ASSIGNED), "2026-10-08") for _ in range(6)]
    due_today = [with_deadline(case_in_state(network, State.ASSIGNED), "2026-10-09") for _ in range(3)]
    now, workers, results, errors = at("2026-10-09"), 4, [], []
    start = threading.Barrier(workers)

    def worker():
        try:
            start.wait()
            results.append(run_pass(now))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    # Overdue + stage 1 for each case past its deadline, one reminder for each due today: each exactly once.
    assert sum(result.fired_total for result in results) == 2 * len(cases) + len(due_today)
    for case in cases:
        assert sorted(notes(case)) == [DEADLINE_ESCALATION, DEADLINE_OVERDUE]
    for case in due_today:
        assert notes(case) == [DEADLINE_REMINDER]
    assert Firing.objects.count() == 2 * len(cases) + len(due_today)


# ---- the queue page ----


def test_the_township_coordinator_sees_the_escalation_on_the_queue_page_until_taking_it_over(network, assigned, login):
    run_pass(at("2026-10-09"))

    page = login("town_coordinator").get(reverse("workbench:queue")).content.decode()
    assert 'id="deadline-notices"' in page and assigned.number in page
    assert 'id="deadline-notice-count">1<' in page
    assert [f.kind for f in notices_for(network.user("town_coordinator"))] == [ESCALATION]
    assert [f.kind for f in notices_for(network.user("village_a"))] == [OVERDUE]
    assert list(notices_for(network.user("county_coordinator"))) == []
    assert list(notices_for(network.user("town_intake"))) == []

    make(network, assigned, Move.ESCALATE, actor="town_coordinator")  # the township takes the case over

    assert list(notices_for(network.user("town_coordinator"))) == []
    page = login("town_coordinator").get(reverse("workbench:queue")).content.decode()
    assert 'id="deadline-notices"' not in page


def test_the_county_coordinator_sees_stage_two_and_the_mediator_sees_reminders(network, assigned, login):
    run_pass(at("2026-09-29"))
    assert [f.kind for f in notices_for(network.user("village_a"))] == [REMINDER]
    assert "deadline-notices" in login("village_a").get(reverse("workbench:queue")).content.decode()

    run_pass(at("2026-10-15"))
    assert [(f.kind, f.stage) for f in notices_for(network.user("county_coordinator"))] == [(ESCALATION, 2)]


def test_run_scheduler_once_makes_one_pass_as_of_now(network):
    import io

    from django.core.management import call_command
    from django.utils import timezone

    case = with_deadline(case_in_state(network, State.ASSIGNED), (timezone.localdate()).isoformat())
    out = io.StringIO()

    call_command("run_scheduler", "--once", stdout=out)

    assert "fired 1 reminders" in out.getvalue()
    assert [kind for kind, *_ in fired(case)] == [REMINDER]
