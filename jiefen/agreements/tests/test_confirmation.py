"""Each party confirms the exact agreement text on the portal with a one-time code."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from jiefen.agreements import services
from jiefen.agreements.models import PartyConfirmation
from jiefen.agreements.testing import confirm_as, last_code
from jiefen.agreements.text import agreement_hash, canonical_text
from jiefen.cases.models import CaseEvent, State
from jiefen.portal import codes
from jiefen.portal.services import citizen_for
from jiefen.testing import case_in_state, move_data

APPLICANT, RESPONDENT, STRANGER = "13812345678", "13912345678", "13700000000"


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def case(network):
    return case_in_state(network, State.RESOLVED)


def test_the_canonical_text_names_the_parties_and_terms_and_has_a_stable_hash(case):
    agreement = case.current_agreement()
    text = canonical_text(agreement)
    assert "申请人：张三" in text and "被申请人：李四" in text and case.number in text
    assert "一、李四每日22时后停止施工。" in text and "13812345678" not in text  # no phone or ID numbers
    assert agreement_hash(agreement) == agreement_hash(agreement) and len(agreement_hash(agreement)) == 64


def test_both_parties_confirm_with_a_code_and_the_hash_of_the_text(case, text_messages_in_memory):
    agreement = case.current_agreement()
    assert [s.confirmed for s in services.confirmation_status(agreement)] == [False, False]

    citizen = citizen_for(APPLICANT)
    services.request_code(citizen, agreement.pk)
    phone, text = text_messages_in_memory[-1]
    assert phone == APPLICANT and case.number in text and agreement_hash(agreement)[:8] in text
    [confirmation] = services.confirm(citizen, agreement.pk, last_code(APPLICANT), agreement_hash(agreement))

    assert confirmation.party.name == "张三" and confirmation.text_sha256 == agreement_hash(agreement)
    assert [s.confirmed for s in services.confirmation_status(agreement)] == [True, False]
    assert not services.fully_confirmed(agreement)
    confirm_as(RESPONDENT, agreement)
    assert services.fully_confirmed(agreement)
    events = CaseEvent.objects.filter(case=case, move="agreement_confirmed")
    assert [e.payload["party"] for e in events] == ["张三", "李四"]
    with pytest.raises(TypeError):
        confirmation.delete()  # append-only


def test_another_phone_sees_nothing(case):
    with pytest.raises(Http404):
        services.open_agreement(citizen_for(STRANGER), case.current_agreement().pk)
    with pytest.raises(Http404):
        services.request_code(citizen_for(STRANGER), case.current_agreement().pk)
    assert services.agreements_to_confirm(citizen_for(STRANGER)) == []
    assert services.agreements_to_confirm(citizen_for(APPLICANT)) == [case.current_agreement()]


def test_a_wrong_code_an_old_text_or_no_code_confirm_nothing(case):
    agreement = case.current_agreement()
    citizen = citizen_for(APPLICANT)
    with pytest.raises(ValidationError, match="ask for a code"):
        services.confirm(citizen, agreement.pk, "123456", agreement_hash(agreement))
    services.request_code(citizen, agreement.pk)
    right = last_code(APPLICANT)
    with pytest.raises(ValidationError, match="wrong"):
        services.confirm(citizen, agreement.pk, "000000" if right != "000000" else "111111", agreement_hash(agreement))
    with pytest.raises(ValidationError, match="changed"):
        services.confirm(citizen, agreement.pk, right, "0" * 64)
    assert not PartyConfirmation.objects.exists()


def test_codes_are_throttled(case):
    agreement, citizen = case.current_agreement(), citizen_for(APPLICANT)
    services.request_code(citizen, agreement.pk)
    with pytest.raises(codes.TooManyRequests):
        services.request_code(citizen, agreement.pk)


def test_a_revised_agreement_needs_new_confirmations(case, network):
    agreement = case.current_agreement()
    confirm_as(APPLICANT, agreement)
    data = move_data(network, case, "agree") | {"terms": "一、李四每日21时后停止施工。"}
    revised = services.revise_agreement(case, network.user("village_a"), data)

    assert revised.pk != agreement.pk and case.current_agreement() == revised
    assert [s.confirmed for s in services.confirmation_status(revised)] == [False, False]
    assert [s.confirmed for s in services.confirmation_status(agreement)] == [True, False]  # the old one keeps its
    with pytest.raises(ValidationError, match="replaced"):
        services.request_code(citizen_for(RESPONDENT), agreement.pk)
    assert CaseEvent.objects.filter(case=case, move="agreement_revised").count() == 1


def test_only_the_mediator_revises(case, network):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.revise_agreement(case, network.user("town_coordinator"), move_data(network, case, "agree"))


def test_the_window_closes_thirty_days_after_signing_or_the_next_working_day(case):
    agreement = case.current_agreement()
    last = services.window_closes_on(agreement)
    assert last >= agreement.signed_on + datetime.timedelta(days=30)
    assert (last - agreement.signed_on).days <= 30 + 10
