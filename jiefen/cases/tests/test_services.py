import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jiefen.cases.models import Agreement, MediationSession, State
from jiefen.cases.moves import move_form, perform_move
from jiefen.cases.services import deadline_for
from jiefen.cases.workflow import Move
from jiefen.core.calendar import first_working_day_from
from jiefen.portal.services import proposed_method
from jiefen.testing import case_in_state, make, move_data, register, resident_id


def test_case_numbers_run_per_organisation_and_year(network):
    year = timezone.localdate().year
    first, second = register(network), register(network)
    elsewhere = register(network, org_code="320706001002")

    assert first.number == f"320706001001-{year}-00001"
    assert second.number == f"320706001001-{year}-00002"
    assert elsewhere.number == f"320706001002-{year}-00001"


def test_registration_opens_the_timeline_with_who_and_where(network):
    case = register(network)

    event = case.events.get()
    assert (event.move, event.from_state, event.to_state) == ("register", "", State.REGISTERED)
    assert event.actor_name == "陈引导"
    assert event.actor_organisation == "朐阳街道非诉讼服务中心"
    assert event.payload["number"] == case.number


@pytest.mark.parametrize(
    ("party_change", "error_key"),
    [
        ({"id_number": resident_id()[:-1] + ("0" if resident_id()[-1] != "0" else "1")}, "parties[1].id_number"),
        ({"phone": "12345"}, "parties[1].phone"),
        ({"kind": "organisation", "id_number": "91320700MA1MXXXXX0"}, "parties[1].id_number"),
    ],
)
def test_registration_refuses_bad_identifiers_and_saves_nothing(network, party_change, error_key):
    parties = [
        {"role": "applicant", "kind": "person", "name": "张三"},
        {"role": "respondent", "kind": "person", "name": "李四", **party_change},
    ]
    with pytest.raises(ValidationError) as raised:
        register(network, parties=parties)

    assert error_key in raised.value.message_dict
    assert not network.orgs["320706001001"].cases.exists()


def test_registration_needs_both_sides(network):
    with pytest.raises(ValidationError) as raised:
        register(network, parties=[{"role": "applicant", "kind": "person", "name": "张三"}])

    assert "parties" in raised.value.message_dict


def test_assignment_sets_the_deadline_of_the_track_with_its_legal_basis(network):
    case = case_in_state(network, State.ASSIGNED)

    assert case.deadline == first_working_day_from(timezone.localdate() + datetime.timedelta(days=30))
    assert "人民法院在线调解规则:第24条" in case.deadline_basis


def test_a_limit_in_calendar_days_ending_on_a_day_off_ends_on_the_next_working_day(network):
    case = register(network)
    case.category = "劳动争议"

    # 15 days after 2026-09-16 is 10-01, National Day: the holiday runs to 10-07, and 10-08 is a working day.
    deadline, basis = deadline_for(case, datetime.date(2026, 9, 16))
    assert deadline == datetime.date(2026, 10, 8)
    assert basis.startswith("劳动争议调解仲裁法:第14条") and "民事诉讼法:第85条" in basis

    # 15 days after 2026-03-06 is Saturday 03-21: Monday 03-23.
    assert deadline_for(case, datetime.date(2026, 3, 6))[0] == datetime.date(2026, 3, 23)
    # 15 days after 2026-09-25 is Saturday 10-10, an adjusted working day after National Day: it stays.
    assert deadline_for(case, datetime.date(2026, 9, 25)) == (datetime.date(2026, 10, 10), "劳动争议调解仲裁法:第14条")


def test_a_labour_dispute_gets_fifteen_days_under_the_labour_mediation_law(network):
    case = register(network)
    case.category = "劳动争议"

    deadline, basis = deadline_for(case, datetime.date(2026, 3, 2))

    assert deadline == datetime.date(2026, 3, 17)
    assert basis == "劳动争议调解仲裁法:第14条"


def test_a_medical_dispute_counts_thirty_working_days_across_the_national_day_holiday(network):
    case = register(network)
    case.category = "医疗"

    deadline, basis = deadline_for(case, datetime.date(2026, 9, 25))

    # 09-26/27 (Mid-Autumn) and 10-01..07 (National Day) are off; 2026-10-10, a Saturday, is worked.
    assert deadline == datetime.date(2026, 11, 12)
    assert basis == "医疗纠纷预防和处理条例:第38条"


def test_a_session_and_an_agreement_are_written_with_their_move(network):
    case = case_in_state(network, State.IN_MEDIATION)
    case = make(network, case, Move.AGREE)

    assert MediationSession.objects.filter(case=case).count() == 1
    assert Agreement.objects.get(case=case).terms.startswith("一、")
    assert case.events.filter(move=Move.RECORD_SESSION).get().payload["mode"] == "on_site"


def test_events_cannot_be_changed_or_deleted(network):
    event = register(network).events.get()

    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()


def test_triage_may_propose_a_mediation_method_which_the_portal_suggests_and_consent_preselects(network):
    case = register(network)
    data = move_data(network, case, Move.TRIAGE) | {"method": "lawyer_mediation"}
    case = perform_move(case, Move.TRIAGE, network.user("town_intake"), data)

    assert case.method == "lawyer_mediation"
    assert case.events.last().payload["method"] == "lawyer_mediation"
    assert proposed_method(case) == "lawyer_mediation"
    assert move_form(case, Move.CONSENT, network.user("town_intake"))["method"].initial == "lawyer_mediation"


def test_triage_refuses_a_non_mediation_method_as_a_proposal(network):
    case = register(network)
    data = move_data(network, case, Move.TRIAGE) | {"method": "arbitration"}
    with pytest.raises(ValidationError) as raised:
        perform_move(case, Move.TRIAGE, network.user("town_intake"), data)
    assert "method" in raised.value.message_dict
