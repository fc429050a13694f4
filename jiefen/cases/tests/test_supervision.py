"""Supervision of transferred cases, the deadline extension, re-routing's record, the termination review and the
assessor's grades: the services and moves of issue 6's coordination and after-closure parts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from jiefen.cases.models import State
from jiefen.cases.moves import perform_move
from jiefen.cases.services import IllegalMove
from jiefen.cases.workflow import AGENCY_ANSWERED, INTERNAL_EVENTS, OUTCOME_GRADED, URGED, Move
from jiefen.scheduler.models import Firing
from jiefen.scheduler.services import run_pass
from jiefen.supervision import services
from jiefen.supervision.models import AgencyAnswer, OutcomeGrade, TerminationReview, Urge
from jiefen.testing import case_in_state, make, move_data

pytestmark = pytest.mark.django_db


def _urge(network, case, persona="town_coordinator", **overrides):
    values = dict(channel="phone", contact="仲裁院立案庭 王书记员", content="请告知受理情况和预计结案时间。")
    values.update(overrides)
    return services.urge(case, network.user(persona), **values)


def test_an_urge_and_the_agencys_answer_are_append_only_rows_and_timeline_lines(network):
    case = case_in_state(network, State.TRANSFERRED)
    urge = _urge(network, case, reply_by=timezone.localdate() + datetime.timedelta(days=3))
    answer = services.record_answer(
        case, network.user("town_liaison"), channel="phone", respondent="王书记员", progress="in_progress",
        content="已受理，正在审理，预计下月结案。", expected_by=timezone.localdate() + datetime.timedelta(days=30),
        urge_id=urge.pk,
    )

    assert answer.urge == urge and urge.agency_name == "连云港市劳动人事争议仲裁委员会"
    events = list(case.events.filter(move__in=[URGED, AGENCY_ANSWERED]).order_by("id"))
    assert [e.move for e in events] == [URGED, AGENCY_ANSWERED]
    assert events[0].payload["via"] == "phone" and events[0].reason == "请告知受理情况和预计结案时间。"
    assert events[1].payload["progress"] == "in_progress"
    assert URGED not in INTERNAL_EVENTS and AGENCY_ANSWERED not in INTERNAL_EVENTS  # the sender hears of them
    with pytest.raises(TypeError):
        urge.save()
    with pytest.raises(TypeError):
        Urge.objects.filter(pk=urge.pk).update(content="x")
    with pytest.raises(TypeError):
        AgencyAnswer.objects.all().delete()
    assert [type(row) for row in services.supervision_record(case)] == [AgencyAnswer, Urge]


def test_urges_are_for_coordinators_of_the_jurisdiction_on_cases_waiting_for_an_agency(network):
    case = case_in_state(network, State.TRANSFERRED)
    with pytest.raises(PermissionDenied):
        _urge(network, case, "town_intake")
    with pytest.raises(Http404):
        _urge(network, case, "other_county_coordinator")
    with pytest.raises(ValidationError) as error:
        _urge(network, case, contact=" ", channel="pigeon")
    assert set(error.value.message_dict) == {"contact", "channel"}
    make(network, case, Move.REPORT_RESULT)  # the loop closes
    case.refresh_from_db()
    with pytest.raises(IllegalMove):
        _urge(network, case)
    with pytest.raises(IllegalMove):
        _urge(network, case_in_state(network, State.IN_MEDIATION))


def test_the_supervision_list_has_the_transferred_cases_with_their_deadline_and_counts(network):
    waiting = case_in_state(network, State.TRANSFERRED)
    _urge(network, waiting)
    _urge(network, waiting, channel="letter")
    done = case_in_state(network, State.TRANSFERRED)
    make(network, done, Move.REPORT_RESULT)
    case_in_state(network, State.IN_MEDIATION)
    coordinator = network.user("town_coordinator")

    rows = list(services.supervised_cases(coordinator))
    assert [row.pk for row in rows] == [waiting.pk]
    assert rows[0].urge_count == 2 and rows[0].deadline and rows[0].last_urged_at
    assert [row.pk for row in services.supervised_cases(coordinator, status="done")] == [done.pk]
    assert {row.pk for row in services.supervised_cases(coordinator, status="")} == {waiting.pk, done.pk}
    assert list(services.supervised_cases(coordinator, agency_kind="notary")) == []
    late = timezone.localdate() + datetime.timedelta(days=100)
    assert [row.pk for row in services.supervised_cases(coordinator, overdue=True, today=late)] == [waiting.pk]
    assert list(services.supervised_cases(network.user("other_county_coordinator"))) == []
    with pytest.raises(PermissionDenied):
        services.supervised_cases(network.user("village_a"))


def _day_after(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(9)))


def test_an_extension_keeps_the_old_deadline_in_the_event_and_the_scheduler_treats_the_new_one_fresh(network):
    case = case_in_state(network, State.IN_MEDIATION)
    old, old_basis = case.deadline, case.deadline_basis
    # The day after the old deadline: the scheduler marks it overdue.
    run_pass(_day_after(old))
    assert Firing.objects.filter(case=case, kind=Firing.Kind.OVERDUE, deadline=old).exists()

    data = move_data(network, case, Move.EXTEND_DEADLINE)
    case = perform_move(case, Move.EXTEND_DEADLINE, network.user("village_a"), data)

    assert case.state == State.IN_MEDIATION and case.deadline == old + datetime.timedelta(days=15)
    event = case.events.get(move=Move.EXTEND_DEADLINE)
    assert event.payload["previous_deadline"] == old.isoformat() and event.payload["previous_basis"] == old_basis
    assert event.payload["deadline"] == case.deadline.isoformat()
    assert {p["role"] for p in event.payload["consent"]} == {"applicant", "respondent"}
    assert event.payload["consent_how"] == "in_writing"
    # The new deadline is a new key: the overdue mark of the old one is not "current" and the new one fires afresh.
    run_pass(_day_after(case.deadline))
    assert Firing.objects.filter(case=case, kind=Firing.Kind.OVERDUE, deadline=case.deadline).exists()


def test_an_extension_needs_consent_of_both_sides_a_later_day_and_the_right_person(network):
    case = case_in_state(network, State.IN_MEDIATION)
    applicant = case.parties.get(role="applicant")
    data = move_data(network, case, Move.EXTEND_DEADLINE)
    with pytest.raises(ValidationError) as error:
        perform_move(case, Move.EXTEND_DEADLINE, network.user("town_coordinator"),
                     {**data, "consenting": [str(applicant.pk)]})
    assert "consenting" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        perform_move(case, Move.EXTEND_DEADLINE, network.user("town_coordinator"),
                     {**data, "deadline": case.deadline.isoformat()})
    assert "deadline" in error.value.message_dict
    with pytest.raises(PermissionDenied):  # a mediator who does not mediate this case
        perform_move(case, Move.EXTEND_DEADLINE, network.user("town_mediator"), data)
    with pytest.raises(Http404):  # another station's mediator does not even see it
        perform_move(case, Move.EXTEND_DEADLINE, network.user("village_b"), data)
    with pytest.raises(IllegalMove):  # not while waiting for triage
        perform_move(case_in_state(network, State.TRIAGED), Move.EXTEND_DEADLINE,
                     network.user("town_coordinator"), data)
    transfer = {"organisation": network.orgs["3207-LDZC"].pk, "method": "arbitration", "reason": "移送仲裁"}
    coordinator = network.user("town_coordinator")
    transferred = perform_move(case_in_state(network, State.TRIAGED), Move.TRANSFER, coordinator, transfer)
    with pytest.raises(PermissionDenied):  # transferred without a deadline: nothing to extend
        perform_move(transferred, Move.EXTEND_DEADLINE, network.user("town_coordinator"), data)


def test_a_transferred_case_may_carry_the_agencys_limit_and_have_it_extended_without_party_consent(network):
    case = case_in_state(network, State.TRANSFERRED)
    event = case.events.get(move=Move.TRANSFER)
    assert event.payload["deadline_basis"] == "劳动争议调解仲裁法:第43条" and case.deadline
    data = {"deadline": (case.deadline + datetime.timedelta(days=15)).isoformat(),
            "deadline_basis": "劳动争议调解仲裁法:第43条", "reason": "仲裁庭决定延期十五日。"}
    case = perform_move(case, Move.EXTEND_DEADLINE, network.user("town_coordinator"), data)
    assert case.events.get(move=Move.EXTEND_DEADLINE).payload["consent"] == []


def test_rerouting_keeps_what_the_case_was_routed_away_from(network):
    case = case_in_state(network, State.TRANSFERRED)
    deadline = case.deadline
    case = make(network, case, Move.REROUTE)
    payload = case.events.get(move=Move.REROUTE).payload
    assert payload["previous_method"] == "arbitration"
    assert payload["previous_agency"] == "连云港市劳动人事争议仲裁委员会"
    assert payload["previous_deadline"] == deadline.isoformat()
    assert case.transferred_to is None and case.deadline is None


def test_the_coordinator_reroutes_a_case_in_mediation_without_it_failing_first(network):
    case = case_in_state(network, State.IN_MEDIATION)
    with pytest.raises(PermissionDenied):  # the mediator records a failure; re-routing is the coordinator's
        perform_move(case, Move.REROUTE, network.user("village_a"), {"reason": "改走诉讼"})
    case = perform_move(case, Move.REROUTE, network.user("town_coordinator"), {"reason": "涉及专业问题，改医调委"})
    assert case.state == State.TRIAGED and case.mediator is None and case.deadline is None
    assert not case.events.filter(move=Move.FAIL).exists()
    assert case.events.get(move=Move.REROUTE).payload["previous_mediator"]


def test_termination_needs_the_review_findings_and_reasons_and_keeps_them(network):
    case = case_in_state(network, State.TERMINATION_REVIEW)
    with pytest.raises(ValidationError) as error:
        perform_move(case, Move.TERMINATE, network.user("town_coordinator"), {"reason": "调解无望。"})
    assert {"findings", "termination_reasons"} <= set(error.value.message_dict)
    case = make(network, case, Move.TERMINATE)
    review = TerminationReview.objects.get(case=case)
    assert review.reasons == ["respondent_refuses"] and review.reviewed_by_name == "吴协调"
    assert review.reason_labels == ["被申请人明确拒绝调解"]
    assert case.events.get(move=Move.TERMINATE).payload == {"termination_reasons": ["respondent_refuses"]}
    assert services.current_review(case) == review


def test_the_assessor_grades_closed_and_terminated_cases_and_the_latest_grade_counts(network):
    assessor = network.user("town_assessor")
    closed = case_in_state(network, State.CLOSED)
    terminated = case_in_state(network, State.TERMINATED)
    first = services.grade_case(closed, assessor, grade="good", reasons="按期化解，当事人满意。")
    services.grade_case(closed, assessor, grade="excellent", reasons="回访确认协议已履行。", party_feedback="五星")
    ended = services.grade_case(terminated, assessor, grade="fair", reasons="终结理由充分，但首次调解拖延。")

    assert first.kind == "outcome" and ended.kind == "termination"
    assert services.current_grade(closed).grade == "excellent"
    assert first.mediator_name == "王调解"
    figures = services.grade_figures(mediator=closed.mediator)
    assert figures.counts == {"excellent": 1, "fair": 1} and figures.total == 2  # the superseded "good" is not counted
    assert services.grade_figures(organisation=network.orgs["320706001"]).total == 2
    assert services.grade_figures(organisation=network.orgs["320706002"]).total == 0
    assert closed.events.filter(move=OUTCOME_GRADED).count() == 2 and OUTCOME_GRADED in INTERNAL_EVENTS
    with pytest.raises(TypeError):
        first.delete()
    with pytest.raises(TypeError):
        OutcomeGrade.objects.all().update(grade="poor")


def test_grading_is_for_assessors_on_closed_or_terminated_cases_with_reasons(network):
    closed = case_in_state(network, State.CLOSED)
    with pytest.raises(PermissionDenied):
        services.grade_case(closed, network.user("town_coordinator"), grade="good", reasons="好")
    with pytest.raises(IllegalMove):
        services.grade_case(case_in_state(network, State.RESOLVED), network.user("town_assessor"),
                            grade="good", reasons="好")
    with pytest.raises(ValidationError) as error:
        services.grade_case(closed, network.user("town_assessor"), grade="A+", reasons="")
    assert set(error.value.message_dict) == {"grade", "reasons"}
