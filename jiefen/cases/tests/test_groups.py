"""Group disputes: registration of many claimants with one representative, orange until triage grades them, the
pasted claimant list, and each claimant's own outcome."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from jiefen.cases.groups import (
    MAX_CLAIMANTS,
    claimants,
    current_outcomes,
    group_summary,
    parse_claimant_lines,
    record_outcome,
    record_outcomes_in_bulk,
)
from jiefen.cases.models import CaseEvent, ClaimantOutcome, State
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import CLAIMANT_OUTCOME, Move
from jiefen.core.taxonomy import Risk
from jiefen.testing import case_in_state, claimant, make, move_data, register, register_group, resident_id

Outcome = ClaimantOutcome.Outcome


def messages(error: ValidationError, key: str) -> str:
    with translation.override("zh-hans"):
        return " ".join(str(m) for m in error.message_dict.get(key, []))


def test_a_group_case_is_orange_from_registration_and_says_so_on_its_timeline(network):
    case = register_group(network, claimants=3)
    ordinary = register(network)

    assert case.is_group and case.risk == Risk.ORANGE
    assert ordinary.risk == "" and not ordinary.is_group
    event = case.events.get(move=Move.REGISTER)
    assert event.payload["risk"] == "橙" and event.payload["claimants"] == 3
    assert "risk" not in ordinary.events.get(move=Move.REGISTER).payload
    parties = list(case.parties.filter(role="applicant").order_by("id"))
    assert [p.is_representative for p in parties] == [True, False, False]
    assert parties[0].claimed_amount == Decimal("18000.00")


def test_a_group_needs_two_claimants_and_exactly_one_representative(network):
    respondent = {"role": "respondent", "kind": "organisation", "name": "某公司"}
    with pytest.raises(ValidationError) as alone:
        register_group(network, parties=[claimant(0, representative=True), respondent])
    assert "至少需要两名申请人" in messages(alone.value, "parties")

    with pytest.raises(ValidationError) as nobody:
        register_group(network, parties=[claimant(0), claimant(1), respondent])
    assert "代表人" in messages(nobody.value, "parties") and "0" in messages(nobody.value, "parties")

    with pytest.raises(ValidationError) as two:
        register_group(network, parties=[claimant(0, representative=True), claimant(1, representative=True),
                                         respondent])
    assert "2" in messages(two.value, "parties")


def test_only_claimants_represent_and_claimed_amounts_are_not_negative(network):
    with pytest.raises(ValidationError) as error:
        register_group(network, parties=[
            claimant(0, representative=True), claimant(1, amount="-5"),
            {"role": "respondent", "kind": "organisation", "name": "某公司", "is_representative": True},
        ])
    assert "不能为负数" in messages(error.value, "parties[1].claimed_amount")
    assert "群体性纠纷的申请人" in messages(error.value, "parties[2].is_representative")

    with pytest.raises(ValidationError) as ordinary:
        register(network, parties=[claimant(0, representative=True), {"role": "respondent", "name": "李四"}])
    assert "parties[0].is_representative" in ordinary.value.message_dict


def test_triage_may_grade_the_risk_otherwise_and_leaving_it_empty_keeps_orange(network):
    kept = register_group(network)
    kept = perform_move(kept, Move.TRIAGE, network.user("town_intake"), move_data(network, kept, Move.TRIAGE))
    assert kept.risk == Risk.ORANGE

    graded = register_group(network)
    graded = perform_move(graded, Move.TRIAGE, network.user("town_intake"), {
        **move_data(network, graded, Move.TRIAGE), "category": "劳动争议", "risk": Risk.YELLOW,
    })
    graded.refresh_from_db()
    assert graded.risk == Risk.YELLOW
    assert graded.events.get(move=Move.TRIAGE).payload["risk"] == "黄"

    ordinary = case_in_state(network, State.TRIAGED)
    assert ordinary.risk == ""


def test_pasted_lines_become_claimants_with_commas_chinese_commas_or_tabs():
    text = (
        f"刘建国,{resident_id('19800101', '001')},13900000001,18000\n"
        "\n"
        f"孙志强，{resident_id('19810202', '002')}，13900000002，9500.50元\n"
        f"马国庆\t{resident_id('19820303', '003').lower()}\t13900000003\n"
    )
    parsed, errors = parse_claimant_lines(text)

    assert errors == []
    assert [p["name"] for p in parsed] == ["刘建国", "孙志强", "马国庆"]
    assert [p["claimed_amount"] for p in parsed] == [Decimal("18000"), Decimal("9500.50"), None]
    assert parsed[2]["id_number"] == resident_id("19820303", "003")  # an x typed small is an X
    assert {p["role"] for p in parsed} == {"applicant"}


def test_every_wrong_line_is_named_in_chinese():
    good = resident_id("19800101", "001")
    wrong_digit = good[:17] + ("0" if good[17] != "0" else "1")
    text = "\n".join([
        f"刘建国,{good},13900000001,18000",
        f"孙志强,{resident_id('19810202', '002')},12345,100",
        f"马国庆,{wrong_digit},13900000003",
        "朱卫东 只写了名字",
        f"胡海军,{good},13900000005,-3",
    ])
    with translation.override("zh-hans"):
        _parsed, errors = parse_claimant_lines(text)

    assert len(errors) == 5, errors
    assert errors[0].startswith("第2行：") and "手机号码" in errors[0]
    assert errors[1].startswith("第3行：") and "校验位" in errors[1]
    assert errors[2].startswith("第4行：")
    assert any(e.startswith("第5行：") and "金额" in e for e in errors)
    assert any(e.startswith("第5行：") and "第1行" in e for e in errors)  # the same ID number twice


def test_at_most_five_hundred_claimants():
    lines = "\n".join(f"工人{n},{resident_id('19800101', f'{n:03d}')},139{n:08d}" for n in range(MAX_CLAIMANTS + 1))
    parsed, errors = parse_claimant_lines(lines)
    assert len(parsed) == MAX_CLAIMANTS + 1
    assert errors == [f"一次最多登记{MAX_CLAIMANTS}名申请人。"]


def test_outcomes_are_kept_and_the_latest_is_current(network):
    case = register_group(network, claimants=3)
    first, second, third = [row.party for row in claimants(case)]
    actor = network.user("village_a")

    record_outcome(case, first, Outcome.AGREED, Decimal("15000"), "分两期支付", actor)
    record_outcome(case, first, Outcome.PARTLY_PAID, Decimal("8000"), "已付第一期", actor)
    record_outcome(case, second, Outcome.PAID, None, "", actor)  # in full: the amount claimed

    assert ClaimantOutcome.objects.filter(party=first).count() == 2
    current = current_outcomes(case)
    assert current[first.pk].outcome == Outcome.PARTLY_PAID and current[first.pk].amount == Decimal("8000")
    assert current[second.pk].amount == Decimal("18000.00")
    assert third.pk not in current
    summary = group_summary(case)
    assert summary.claimants == 3 and summary.pending == 1
    assert summary.counts == {Outcome.PARTLY_PAID: 1, Outcome.PAID: 1}
    assert summary.total_claimed == Decimal("54000.00") and summary.total_obtained == Decimal("26000.00")
    events = list(case.events.filter(move=CLAIMANT_OUTCOME))
    assert len(events) == 3 and events[0].payload["claimant"] == first.name and events[0].reason == "分两期支付"
    assert events[0].from_state == events[0].to_state == State.REGISTERED
    with pytest.raises(TypeError):
        ClaimantOutcome.objects.filter(party=first).update(amount=0)


def test_the_same_outcome_for_several_claimants_at_once(network):
    case = register_group(network, claimants=4)
    rows = claimants(case)
    chosen = [row.party for row in rows[1:]]

    record_outcomes_in_bulk(case, chosen, Outcome.PAID, None, "公司统一结清", network.user("town_mediator"))

    summary = group_summary(case)
    assert summary.counts == {Outcome.PAID: 3} and summary.pending == 1
    assert summary.total_obtained == Decimal("54000.00")
    event = case.events.get(move=CLAIMANT_OUTCOME)
    assert event.payload["claimants"] == 3 and event.payload["amount"] == "54000.00"


def test_outcome_input_is_checked(network):
    case = register_group(network)
    other = register_group(network)
    actor = network.user("town_intake")
    claimant_ = claimants(case)[0].party
    respondent = case.parties.get(role="respondent")
    cases = [
        (other.parties.filter(role="applicant").first(), Outcome.AGREED, None, "party"),
        (respondent, Outcome.AGREED, None, "party"),
        (claimant_, "rich", None, "outcome"),
        (claimant_, Outcome.AGREED, Decimal("-1"), "amount"),
        (claimant_, Outcome.PARTLY_PAID, None, "amount"),
    ]
    for party, outcome, amount, field in cases:
        with pytest.raises(ValidationError) as error:
            record_outcome(case, party, outcome, amount, "", actor)
        assert field in error.value.message_dict, (party, outcome, amount)
    with pytest.raises(ValidationError):
        record_outcomes_in_bulk(case, [claimant_, respondent], Outcome.AGREED, None, "", actor)
    assert not ClaimantOutcome.objects.exists() and not CaseEvent.objects.filter(move=CLAIMANT_OUTCOME).exists()


def test_outcomes_follow_jurisdiction_and_post(network):
    case = register_group(network)
    party = claimants(case)[0].party
    with pytest.raises(Http404):
        record_outcome(case, party, Outcome.AGREED, None, "", network.user("village_b"))  # another village
    with pytest.raises(PermissionDenied):
        record_outcome(case, party, Outcome.AGREED, None, "", network.user("town_assessor"))
    with pytest.raises(Http404):
        record_outcome(register(network), party, Outcome.AGREED, None, "", network.user("town_intake"))
    record_outcome(case, party, Outcome.AGREED, None, "", network.user("county_coordinator"))


def test_no_outcomes_once_the_case_has_ended(network):
    case = register_group(network)
    case = make(network, case, Move.WITHDRAW)
    with pytest.raises(ValidationError) as error:
        record_outcome(case, claimants(case)[0].party, Outcome.AGREED, None, "", network.user("town_intake"))
    assert "case" in error.value.message_dict
