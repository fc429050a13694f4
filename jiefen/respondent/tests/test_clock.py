"""The respondent who does not answer: the clock's steps fire in order and once, catch up after downtime, stop as
soon as the respondent answers, and "respondent unreachable or refuses" ends mediation as an outcome of its own.

The clock of a village case of 西门社区 (mediator 王调解, grid worker 钱网格) starts on Monday 2026-11-02: +2 working
days is Wednesday 11-04, +5 Monday 11-09, +8 Thursday 11-12."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiefen.cases.models import Case, CaseEvent, FailureRecord, Party, State
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import DOCUMENT_READ, RESPONDENT_CONTACT, RESPONDENT_STEP, SERVED_ONLINE, Move
from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import mark_read
from jiefen.portal.models import StatusMessage
from jiefen.portal.services import citizen_for
from jiefen.respondent import services
from jiefen.respondent.models import ContactStep, RespondentClock, RespondentContact
from jiefen.scheduler.models import Firing
from jiefen.scheduler.services import find_due, fire, run_pass
from jiefen.testing import case_in_state, make, move_data

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
START = datetime.datetime(2026, 11, 2, 9, tzinfo=SHANGHAI)


def at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


def steps(case) -> list[tuple[int, str]]:
    return [(f.stage, f.organisation.code) for f in
            Firing.objects.filter(case=case, kind=Firing.Kind.RESPONDENT).select_related("organisation").order_by("id")]


@pytest.fixture
def waiting(network, django_capture_on_commit_callbacks):
    """An assigned case whose clock started on 2026-11-02 (the first assignment starts it)."""
    with django_capture_on_commit_callbacks(execute=True):
        case = case_in_state(network, State.ASSIGNED)
    assert RespondentClock.objects.filter(case=case).exists()
    RespondentClock.objects.filter(case=case).update(started_on=START.date(), started_at=START)
    return case


def test_the_steps_ship_as_data(db):
    assert list(ContactStep.objects.values_list("working_days", "action")) == [
        (0, "sms"), (2, "call"), (5, "visit"), (8, "written"),
    ]


def test_the_steps_fire_in_order_each_once(waiting, network, django_capture_on_commit_callbacks,
                                           text_messages_in_memory):
    with django_capture_on_commit_callbacks(execute=True):
        assert run_pass(at("2026-11-02")).fired[Firing.Kind.RESPONDENT] == 1
    # Day 0: the one-time notice is served online on the respondent, the link goes by text message.
    record = ServiceRecord.objects.get(case=waiting, party__role=Party.Role.RESPONDENT)
    assert record.method == ServiceRecord.Method.PORTAL and record.token
    assert any(phone == "13912345678" and record.token in text for phone, text in text_messages_in_memory)
    message = StatusMessage.objects.get(case=waiting, party=record.party)
    assert message.sent_at is not None
    assert services.notices_to_respondents(waiting)[0]["sent_at"] == message.sent_at

    assert run_pass(at("2026-11-03")).fired_total == 0
    run_pass(at("2026-11-04"))
    run_pass(at("2026-11-04", 15))  # repeated: nothing twice
    run_pass(at("2026-11-09"))
    run_pass(at("2026-11-12"))
    assert steps(waiting) == [(0, "320706001001"), (2, "320706001001"), (5, "320706001001"), (8, "320706001001")]
    assert CaseEvent.objects.filter(case=waiting, move=RESPONDENT_STEP).count() == 4
    assert CaseEvent.objects.filter(case=waiting, move=SERVED_ONLINE).count() == 1


def test_a_scheduler_that_was_down_catches_up_in_order(waiting):
    result = run_pass(at("2026-11-10"))

    assert result.fired[Firing.Kind.RESPONDENT] == 3
    assert [stage for stage, _org in steps(waiting)] == [0, 2, 5]
    assert run_pass(at("2026-11-10", 18)).fired_total == 0


def test_two_workers_finding_the_same_steps_fire_them_once(waiting):
    first, second = find_due(at("2026-11-04")), find_due(at("2026-11-04"))
    fire(first, at("2026-11-04"))
    fire(second, at("2026-11-04"))
    assert [stage for stage, _org in steps(waiting)] == [0, 2]


def test_the_clocks_are_read_without_their_cases_and_a_case_out_of_mediation_has_no_steps(waiting, network):
    other = case_in_state(network, State.ASSIGNED)
    RespondentClock.objects.filter(case=other).update(started_on=START.date(), started_at=START)
    Case.objects.filter(pk=other.pk).update(state=State.RESOLVED)

    with CaptureQueriesContext(connection) as queries:
        due = services.steps_due(datetime.date(2026, 11, 4))

    assert [(case_id, stage) for case_id, _started, stage, _org, _on in due] == [(waiting.pk, 0), (waiting.pk, 2)]
    # One read of the clocks per step; a join would let the planner read every case in mediation.
    clocks = [q["sql"] for q in queries.captured_queries if 'FROM "respondent_respondentclock"' in q["sql"]]
    assert len(clocks) == 4 and not any("cases_case" in sql for sql in clocks)


def test_from_the_swept_day_only_the_steps_falling_due_since_are_read(waiting):
    def stages(today: str, since: str | None = None) -> list[int]:
        since = since and datetime.date.fromisoformat(since)
        return [stage for _case, _start, stage, _org, _on in services.steps_due(datetime.date.fromisoformat(today),
                                                                                since)]

    assert stages("2026-11-10") == [0, 2, 5]  # nothing fired yet, no cursor: every step due
    assert stages("2026-11-10", since="2026-11-09") == [5]  # the earlier days were swept
    assert stages("2026-11-11", since="2026-11-10") == []
    assert stages("2026-11-12", since="2026-11-10") == [8]


def test_reading_the_notice_on_the_portal_stops_the_clock(waiting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_pass(at("2026-11-02"))
    record = ServiceRecord.objects.get(case=waiting, party__role=Party.Role.RESPONDENT)
    with django_capture_on_commit_callbacks(execute=True):
        mark_read(record, reader=citizen_for(record.party.phone), at=at("2026-11-03", 20))
    assert waiting.events.filter(move=DOCUMENT_READ).get().payload["service_record"] == record.pk

    run_pass(at("2026-11-12"))

    assert [stage for stage, _org in steps(waiting)] == [0]
    clock = RespondentClock.objects.get(case=waiting)
    assert clock.answered_at == at("2026-11-03", 20) and clock.answered_how == "portal"


@pytest.mark.parametrize("took_part", [True, False])
def test_a_session_the_respondent_took_part_in_stops_the_clock(
    waiting, network, django_capture_on_commit_callbacks, took_part
):
    data = move_data(network, waiting, Move.RECORD_SESSION) | {"respondent_took_part": took_part}
    with django_capture_on_commit_callbacks(execute=True):
        perform_move(waiting, Move.RECORD_SESSION, network.user("village_a"), data)

    clock = RespondentClock.objects.get(case=waiting)
    assert (clock.answered_how == "session") is took_part and (clock.answered_at is not None) is took_part
    run_pass(at("2026-11-12"))
    assert [stage for stage, _org in steps(waiting)] == ([] if took_part else [0, 2, 5, 8])


def test_an_answer_staff_record_stops_the_clock_and_the_tasks(waiting, network):
    run_pass(at("2026-11-04"))
    mediator = network.user("village_a")
    assert [task.action for task in services.tasks_for(mediator)] == ["call"]

    respondent = waiting.parties.get(role=Party.Role.RESPONDENT)
    services.record_contact(mediator, waiting.pk, party=respondent, outcome="answered", how="phone", note="同意调解")

    assert list(services.tasks_for(mediator)) == []
    run_pass(at("2026-11-12"))
    assert [stage for stage, _org in steps(waiting)] == [0, 2]
    event = CaseEvent.objects.get(case=waiting, move=RESPONDENT_CONTACT)
    assert event.payload == {"party": "李四", "contact_outcome": "answered", "how": "phone"}


def test_an_attempt_that_reached_nobody_does_not_stop_it(waiting, network):
    respondent = waiting.parties.get(role=Party.Role.RESPONDENT)
    services.record_contact(network.user("village_a"), waiting.pk, party=respondent, outcome="no_answer", how="phone")
    run_pass(at("2026-11-09"))
    assert [stage for stage, _org in steps(waiting)] == [0, 2, 5]


def test_the_grid_worker_sees_the_home_visit_on_field_and_records_it(waiting, network):
    run_pass(at("2026-11-09"))
    grid = Client()
    grid.force_login(network.user("village_grid"))

    page = grid.get(reverse("screening:mine")).content.decode()
    assert "Home visit by the grid worker" in page or "网格员上门走访" in page
    assert waiting.number in page
    respondent = waiting.parties.get(role=Party.Role.RESPONDENT)
    response = grid.post(reverse("respondent:contact", args=[waiting.pk]),
                         {"party": respondent.pk, "outcome": "refused", "how": "visit", "note": "明确拒绝调解"})
    assert response.status_code == 302
    assert RespondentContact.objects.get(case=waiting).recorded_by == network.user("village_grid")
    assert RespondentClock.objects.get(case=waiting).answered_how == "visit"
    assert list(services.tasks_for(network.user("village_grid"))) == []


def test_the_mediator_sees_the_call_and_the_written_notice_on_the_queue(waiting, network):
    run_pass(at("2026-11-12"))
    mediator = Client()
    mediator.force_login(network.user("village_a"))
    page = mediator.get(reverse("workbench:queue")).content.decode()
    assert 'id="respondent-tasks"' in page
    response = mediator.get(reverse("respondent:written_notice", args=[waiting.pk]))
    assert response.status_code == 200
    from io import BytesIO

    from docx import Document

    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "书面通知" in text and waiting.number in text and "李四" in text


def test_a_grid_worker_of_another_place_cannot_record(waiting, network):
    run_pass(at("2026-11-04"))  # no visit yet
    grid = Client()
    grid.force_login(network.user("village_grid"))
    assert grid.get(reverse("respondent:contact", args=[waiting.pk])).status_code == 404


def test_unreachable_is_an_outcome_of_its_own(waiting, network):
    run_pass(at("2026-11-12"))
    case = make(network, waiting, Move.RESPONDENT_ABSENT)

    assert case.state == State.FAILED
    record = FailureRecord.objects.get(case=case)
    assert record.cause == "respondent_unreachable" and "邻居" in record.undisputed_facts
    event = case.events.get(move=Move.RESPONDENT_ABSENT)
    assert event.payload == {"cause": "respondent_unreachable", "clock_started": "2026-11-02", "steps_fired": 4}
    # The clock stops with mediation; from failed the case is re-routed or reviewed for termination as any failure.
    run_pass(at("2026-11-20"))
    assert len(steps(case)) == 4
    assert {m for m in ("reroute", "request_termination")} <= {
        move for (state, move) in __import__("jiefen.cases.workflow", fromlist=["TRANSITIONS"]).TRANSITIONS
        if state == State.FAILED
    }


def test_the_outcome_takes_only_the_respondent_causes(waiting, network):
    from django.core.exceptions import ValidationError

    from jiefen.cases.moves import perform_move

    with pytest.raises(ValidationError):
        perform_move(waiting, Move.RESPONDENT_ABSENT, network.user("village_a"),
                     {"cause": "no_agreement", "reason": "x"})
