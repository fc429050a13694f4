"""The reminder before a scheduled session: the parties by text message and the mediator on the queue, a time
ahead that is data, fired exactly once, never for a plan called off or rescheduled (the new plan has its own)."""

import datetime
import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jiefen.cases.models import CaseEvent, State
from jiefen.cases.workflow import INTERNAL_EVENTS, SESSION_REMINDER
from jiefen.mediation import sessions
from jiefen.mediation.models import SessionReminder
from jiefen.mediation.tests.conftest import APPLICANT_PHONE, RESPONDENT_PHONE, soon
from jiefen.portal.sms import MemorySender
from jiefen.scheduler.models import Firing
from jiefen.scheduler.services import find_due, fire, notices_for, run_pass
from jiefen.testing import build_network, case_in_state

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def schedule(network, case, starts_at, **extra):
    values = dict(starts_at=starts_at, mode="on_site", place="西门社区调解室", participants="张三、李四")
    values.update(extra)
    return sessions.schedule_session(case, network.user("village_a"), **values)


def reminders(case) -> list[tuple[str, int]]:
    firings = Firing.objects.filter(case=case, kind=Firing.Kind.SESSION).order_by("id")
    return [(firing.deadline.isoformat(), firing.stage) for firing in firings]


def reminder_texts() -> dict[str, str]:
    return {phone: text for phone, text in MemorySender.outbox if "提醒" in text}


def test_the_day_before_the_parties_get_a_text_and_the_mediator_a_notice_once(
    network, assigned, login, django_capture_on_commit_callbacks,
):
    starts = soon(72)
    plan = schedule(network, assigned, starts)
    assert run_pass(starts - 25 * HOUR).fired[Firing.Kind.SESSION] == 0  # not yet the day before

    with django_capture_on_commit_callbacks(execute=True):
        result = run_pass(starts - 23 * HOUR)
    assert result.fired[Firing.Kind.SESSION] == 1 and "1 session reminders" in str(result)
    assert reminders(assigned) == [(timezone.localdate(starts).isoformat(), plan.number)]
    event = CaseEvent.objects.get(case=assigned, move=SESSION_REMINDER)
    assert event.payload["plan"] == plan.pk and SESSION_REMINDER in INTERNAL_EVENTS
    texts = reminder_texts()
    assert set(texts) == {APPLICANT_PHONE, RESPONDENT_PHONE} and "西门社区调解室" in texts[APPLICANT_PHONE]

    MemorySender.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_pass(starts - 22 * HOUR).fired_total == 0  # never twice
    assert reminder_texts() == {}

    assert [f.kind for f in notices_for(network.user("village_a"))] == [Firing.Kind.SESSION]
    assert list(notices_for(network.user("town_coordinator"))) == []
    page = login("village_a").get(reverse("workbench:queue")).content.decode()
    assert 'class="deadline-session"' in page and "调解时间" in page


def test_a_rescheduled_session_loses_its_old_reminder_and_the_new_time_gets_its_own(network, assigned):
    first = schedule(network, assigned, soon(72))
    run_pass(first.starts_at - 23 * HOUR)
    assert len(notices_for(network.user("village_a"))) == 1

    moved = sessions.reschedule_session(
        assigned, network.user("village_a"), first.pk, reason="申请人临时出差", starts_at=soon(120),
        mode="on_site", place="西门社区调解室", participants="张三、李四",
    )
    assert list(notices_for(network.user("village_a"))) == []  # the old reminder is of a plan that stands no more
    assert run_pass(first.starts_at - 22 * HOUR).fired_total == 0
    assert run_pass(moved.starts_at - 23 * HOUR).fired[Firing.Kind.SESSION] == 1
    assert [stage for _day, stage in reminders(assigned)] == [first.number, moved.number]
    assert [f.stage for f in notices_for(network.user("village_a"))] == [moved.number]


def test_a_session_called_off_is_never_reminded_of_nor_one_scheduled_when_it_was_already_near(network, assigned):
    called_off = schedule(network, assigned, soon(72))
    sessions.cancel_session(assigned, network.user("village_a"), called_off.pk, "被申请人住院")
    near = schedule(network, assigned, soon(10))  # the scheduling text has just told the parties

    assert run_pass(called_off.starts_at - 23 * HOUR).fired_total == 0
    assert run_pass(near.starts_at - 9 * HOUR).fired_total == 0
    assert reminders(assigned) == []


def test_the_time_ahead_is_data_and_the_reminder_can_be_switched_off(network, assigned):
    assert SessionReminder.lead() == datetime.timedelta(hours=24)  # shipped: the day before
    SessionReminder.objects.update(hours_before=2)
    plan = schedule(network, assigned, soon(72))
    assert run_pass(plan.starts_at - 3 * HOUR).fired_total == 0
    assert run_pass(plan.starts_at - HOUR).fired[Firing.Kind.SESSION] == 1

    SessionReminder.objects.update(is_active=False)
    other = schedule(network, assigned, soon(96))
    assert run_pass(other.starts_at - HOUR).fired_total == 0


def test_two_workers_that_found_the_same_reminder_write_it_once(network, assigned):
    plan = schedule(network, assigned, soon(72))
    now = plan.starts_at - 23 * HOUR
    found_by_a, found_by_b = find_due(now), find_due(now)  # both read before either writes
    assert [d.kind for d in found_by_a] == [Firing.Kind.SESSION]

    assert sum(fire(found_by_b, now).values()) == 1
    assert sum(fire(found_by_a, now).values()) == 0
    assert CaseEvent.objects.filter(case=assigned, move=SESSION_REMINDER).count() == 1


def test_a_case_no_longer_in_mediation_is_not_reminded_of(network, assigned):
    from jiefen.cases.moves import perform_move
    from jiefen.cases.workflow import Move
    from jiefen.testing import move_data

    plan = schedule(network, assigned, soon(72))
    data = move_data(network, assigned, Move.WITHDRAW)
    perform_move(assigned, Move.WITHDRAW, network.user("town_intake"), data)
    assert run_pass(plan.starts_at - 23 * HOUR).fired_total == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_scheduler_workers_running_at_once_send_each_session_reminder_exactly_once():
    # As the scheduler's own concurrency test: transactional tests empty the tables, so the shipped data comes back.
    importlib.import_module("jiefen.mediation.migrations.0002_plan_numbers_video_links_and_reminder").add_the_reminder(
        apps, None
    )
    network = build_network()
    plans = [schedule(network, case_in_state(network, State.ASSIGNED), soon(72)) for _ in range(5)]
    now, workers, results, errors = plans[0].starts_at - 23 * HOUR, 4, [], []
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
    assert sum(result.fired[Firing.Kind.SESSION] for result in results) == len(plans)
    assert Firing.objects.filter(kind=Firing.Kind.SESSION).count() == len(plans)
    assert CaseEvent.objects.filter(move=SESSION_REMINDER).count() == len(plans)


def test_administrators_edit_the_one_reminder_row_and_cannot_add_or_delete_one(admin_client):
    reminder = SessionReminder.objects.get()
    assert admin_client.get(reverse("admin:mediation_sessionreminder_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:mediation_sessionreminder_add")).status_code == 403
    changed = admin_client.post(reverse("admin:mediation_sessionreminder_change", args=[reminder.pk]),
                                {"hours_before": 48, "is_active": "on"})
    assert changed.status_code == 302 and SessionReminder.lead() == datetime.timedelta(hours=48)
    assert admin_client.post(reverse("admin:mediation_sessionreminder_delete", args=[reminder.pk]),
                             {"post": "yes"}).status_code == 403
