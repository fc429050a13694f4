"""Life after reopening, stale copies, registry mediators, and the edges of the case record."""

import datetime
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiefen.cases.models import Case, CaseEvent, State
from jiefen.cases.moves import perform_move
from jiefen.cases.services import CaseChanged, IllegalMove, deadline_for, transition
from jiefen.cases.workflow import Move
from jiefen.documents.agreement import agreement_docx
from jiefen.orgs.models import Mediator
from jiefen.testing import case_in_state, make, move_data, register


def test_a_reopened_case_reaches_a_second_agreement_and_the_first_stays_on_record(network):
    case = case_in_state(network, State.CLOSED)
    for move in (Move.REOPEN, Move.CONSENT, Move.ASSIGN, Move.RECORD_SESSION):
        case = make(network, case, move)

    case = perform_move(
        case, Move.AGREE, network.user("village_a"),
        {**move_data(network, case, Move.AGREE), "terms": "一、第二次协议内容。"},
    )

    assert case.state == State.RESOLVED
    assert case.agreements.count() == 2
    assert case.current_agreement().terms == "一、第二次协议内容。"
    document_text = "\n".join(p.text for p in docx.Document(io.BytesIO(agreement_docx(case))).paragraphs)
    assert "第二次协议内容" in document_text


def test_an_agreement_keeps_the_mediator_it_was_signed_with_after_a_later_reassignment(network):
    case = case_in_state(network, State.RESOLVED)

    agreement = case.current_agreement()

    assert (agreement.mediator_name, agreement.organisation_name) == ("王调解", "西门社区非诉讼服务站")


def test_a_move_made_on_a_stale_copy_fails_even_when_the_state_is_unchanged(network):
    case = case_in_state(network, State.ASSIGNED)
    stale = Case.objects.get(pk=case.pk)
    registry_mediator = Mediator.objects.create(name="老周", organisation=network.orgs["320706001001"])
    perform_move(
        case, Move.ASSIGN, network.user("town_coordinator"),
        {"organisation": registry_mediator.organisation_id, "mediator": registry_mediator.pk},
    )

    with pytest.raises(CaseChanged):
        perform_move(
            stale, Move.RECORD_SESSION, network.user("village_a"), move_data(network, stale, Move.RECORD_SESSION)
        )

    assert CaseEvent.objects.filter(case=case, move=Move.RECORD_SESSION).count() == 0


def test_an_escalated_case_cannot_be_pulled_back_by_a_stale_assignment(network):
    case = case_in_state(network, State.ACCEPTED)
    stale = Case.objects.get(pk=case.pk)
    make(network, case, Move.ESCALATE)

    with pytest.raises(IllegalMove):
        perform_move(stale, Move.ASSIGN, network.user("town_intake"), move_data(network, stale, Move.ASSIGN))

    assert Case.objects.get(pk=case.pk).handling_org.code == "320706001"


def test_a_registry_mediator_without_an_account_is_recorded_for_by_a_mediation_post_over_the_case(network):
    case = case_in_state(network, State.ACCEPTED)
    registry_mediator = Mediator.objects.create(name="老周", organisation=network.orgs["320706001001"])
    case = perform_move(
        case, Move.ASSIGN, network.user("town_intake"),
        {"organisation": registry_mediator.organisation_id, "mediator": registry_mediator.pk},
    )

    case = perform_move(
        case, Move.RECORD_SESSION, network.user("town_mediator"), move_data(network, case, Move.RECORD_SESSION)
    )

    assert case.state == State.IN_MEDIATION
    assert case.events.last().actor_name == "周调处"
    with pytest.raises(PermissionDenied):
        perform_move(case, Move.AGREE, network.user("town_intake"), move_data(network, case, Move.AGREE))


def test_reassignment_keeps_the_deadline_it_inherits(network):
    case = case_in_state(network, State.ASSIGNED)
    Case.objects.filter(pk=case.pk).update(deadline=datetime.date(2026, 1, 5))
    case.refresh_from_db()

    case = make(network, case, Move.ASSIGN, actor="town_coordinator")

    assert case.deadline == datetime.date(2026, 1, 5)


def test_a_working_day_deadline_past_the_known_holiday_notices_says_so(network):
    case = register(network)
    case.category = "医疗"

    deadline, basis = deadline_for(case, datetime.date(2026, 12, 1))

    assert deadline.year == 2027
    assert basis.endswith("（2027年节假日安排尚未录入，仅扣除周末）")


def test_leaders_and_assessors_do_not_register_disputes(network):
    for persona in ("city_leader", "town_assessor"):
        with pytest.raises(PermissionDenied):
            register(network, actor=persona, org_code="320706001")


def test_a_dispute_is_registered_only_where_it_happened(network):
    with pytest.raises(ValidationError) as raised:
        register(network, org_code="320706001002", place=network.regions["320706001001"])

    assert "place" in raised.value.message_dict


def test_identifiers_are_stored_in_capitals(network):
    case = register(network, parties=[
        {"role": "applicant", "kind": "person", "name": "甲", "id_number": "11010519491231002x"},
        {"role": "respondent", "kind": "person", "name": "乙"},
    ])

    assert case.parties.get(role="applicant").id_number == "11010519491231002X"


def test_a_session_before_registration_is_refused(network):
    case = case_in_state(network, State.ASSIGNED)
    earlier = timezone.localtime(case.registered_at - datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")

    with pytest.raises(ValidationError) as raised:
        perform_move(
            case, Move.RECORD_SESSION, network.user("village_a"),
            {**move_data(network, case, Move.RECORD_SESSION), "held_at": earlier},
        )

    assert "held_at" in raised.value.message_dict


def test_events_refuse_bulk_changes_and_moves_refuse_fields_fixed_at_registration(network):
    case = register(network)

    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=case).update(reason="changed")
    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=case).delete()
    with pytest.raises(ValueError, match="number"):
        transition(case, Move.TRIAGE, actor=network.user("town_intake"), changes={"number": "X-1"})
