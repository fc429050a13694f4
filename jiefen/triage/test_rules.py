"""Risk signals, complexity rules and routing (issue 5). Texts are written for the tests, never evaluation."""

import datetime
from decimal import Decimal

import pytest

from jiefen.cases.models import State
from jiefen.core.taxonomy import Category, Complexity, Level, Method, Risk
from jiefen.orgs.models import Mediator, Organisation
from jiefen.testing import case_in_state, register, register_group
from jiefen.triage import complexity, risk
from jiefen.triage.routing import crossing_of, route


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("他扬言要拿刀砍死对方全家", "violence_threat"),
        ("工资再不给就跳楼", "self_harm"),
        ("老人说儿子不赡养，不想活了", "self_harm"),
    ],
)
def test_a_threat_of_violence_or_self_harm_is_red_with_the_words_that_matched(text, signal):
    graded = risk.assess(text)
    assert graded.colour == Risk.RED
    found = {s.name: s for s in graded.signals}
    assert found[signal].words and all(word in text for word in found[signal].words)
    assert "红" in graded.explanation()


@pytest.mark.parametrize(
    "text",
    ["对方没有威胁过我，只是欠钱不还", "双方没有发生冲突，对方也没有扬言要砍人", "他说自己不会自杀的，请放心"],
)
def test_a_negated_threat_is_not_red(text):
    graded = risk.assess(text)
    assert graded.colour != Risk.RED
    assert graded.negated, "the negated words are shown, so staff see they were read"


def test_gathering_petitions_and_many_people_are_orange():
    assert risk.assess("三十多名农民工聚集在工地门口").colour == Risk.ORANGE
    assert "petition" in risk.assess("他说要去北京越级上访").names
    assert "many_people" in risk.assess("涉及12户村民的用水").names
    assert risk.assess("涉及3户村民的用水").colour == Risk.BLUE


def test_vulnerable_parties_are_yellow_and_orange_with_a_large_sum():
    assert risk.assess("八十多岁的老人被骗走积蓄").colour == Risk.YELLOW
    graded = risk.assess("八十多岁的老人被骗走积蓄", amount=Decimal("80000"))
    assert graded.colour == Risk.ORANGE and "vulnerable_large_sum" in graded.names


def test_unpaid_wages_turn_orange_before_spring_festival():
    text = "包工头拖欠农民工工资两万元"
    before = risk.assess(text, festival=risk.festival_ahead(datetime.date(2027, 1, 10), use_calendar=False))
    assert before.colour == Risk.ORANGE and "wage_before_holiday" in before.names
    summer = risk.assess(text, festival=risk.festival_ahead(datetime.date(2027, 7, 1), use_calendar=False))
    assert summer.colour == Risk.YELLOW


def test_the_holiday_calendar_gives_the_holiday_dates(db):
    from jiefen.core.calendar import load_holidays

    load_holidays()
    name, day = risk.festival_ahead(datetime.date(2026, 9, 28))
    assert day == datetime.date(2026, 10, 1) and "国庆" in name


def test_a_group_case_is_at_least_orange(network):
    case = register_group(network, description="某公司拖欠多名工人工资。")
    graded = risk.assess_case(case)
    assert risk.RANK[graded.colour] >= risk.RANK[Risk.ORANGE]
    assert "group_case" in graded.names


def test_the_same_parties_earlier_cases_are_found_by_digests(network):
    first = register(network)
    second = register(network, summary="又因噪音发生纠纷")
    assert risk.earlier_cases_of(second) == [first.number]
    assert "repeated_recurrence" in risk.assess_case(second).names


def test_complexity_names_the_rules_behind_it():
    assert complexity.grade(Category.NEIGHBOURS, "邻居装修噪音", parties=2).grade == Complexity.SIMPLE
    graded = complexity.grade(Category.PRIVATE_LENDING, "借款12万元不还", parties=2)
    assert graded.grade == Complexity.COMPLEX and [r.name for r in graded.rules] == ["large_amount"]
    assert complexity.grade(Category.MEDICAL, "手术后感染").rules[0].name == "legal_difficulty"
    assert "prior_petition" in [r.name for r in complexity.grade(Category.NEIGHBOURS, "已多次上访").rules]
    assert "many_parties" in [r.name for r in complexity.grade(Category.NEIGHBOURS, "", parties=5).rules]
    assert complexity.amount_in_text("共计8.9万元，另欠3000元") == Decimal("89000")


def test_parties_in_different_townships_cross_jurisdictions(network):
    case = register(network, parties=[
        {"role": "applicant", "kind": "person", "name": "张三", "address": "海州区西门社区1号"},
        {"role": "respondent", "kind": "person", "name": "李四", "address": "海州区洪门街道洪门社区8号"},
    ])
    crossing = crossing_of(case)
    assert crossing.level == Level.TOWNSHIP
    graded = complexity.grade_case(case, Category.NEIGHBOURS, case.description, crossing=crossing.level)
    assert "cross_township" in [r.name for r in graded.rules]
    assert route(case, Category.NEIGHBOURS, graded.grade, Risk.BLUE, crossing).organisation == network.orgs["320706"]


def test_a_simple_neighbour_dispute_stays_in_the_village_and_a_complex_one_goes_to_the_township(network):
    case = register(network)
    simple = route(case, Category.NEIGHBOURS, Complexity.SIMPLE, Risk.BLUE)
    assert simple.organisation == network.orgs["320706001001"] and simple.method == Method.PEOPLES_MEDIATION
    assert simple.mediator == network.mediators["village_a"]
    assert any("小事不出村" in reason for reason in simple.reasons)
    complex_ = route(case, Category.NEIGHBOURS, Complexity.COMPLEX, Risk.BLUE)
    assert complex_.organisation == network.orgs["320706001"] and complex_.level == Level.TOWNSHIP


def test_a_labour_dispute_in_a_village_without_a_labour_mediator_goes_to_the_township_or_arbitration(network):
    case = register(network, summary="拖欠工资", description="老板拖欠我三个月工资不给。")
    routed = route(case, Category.LABOUR, Complexity.SIMPLE, Risk.BLUE)
    assert routed.organisation in (network.orgs["320706001"], network.orgs["3207-LDZC"])
    assert routed.organisation == network.orgs["3207-LDZC"] and routed.method == Method.ARBITRATION
    assert any("没有劳动争议调解员" in reason for reason in routed.reasons)

    # With a labour mediator at the township, the township mediates first.
    Mediator.objects.create(name="劳调员", organisation=network.orgs["320706001"], specialties=["劳动争议"])
    routed = route(case, Category.LABOUR, Complexity.SIMPLE, Risk.BLUE)
    assert routed.organisation == network.orgs["320706001"] and routed.method == Method.PEOPLES_MEDIATION
    assert routed.mediator.name == "劳调员"


def test_a_medical_dispute_goes_to_the_medical_committee(network):
    committee = Organisation.objects.create(
        code="3207-YLTJ", name="连云港市医疗纠纷人民调解委员会", kind=Organisation.Kind.INDUSTRY_MEDIATION,
        region=network.regions["320700000000"], level=Level.CITY, parent=network.orgs["3207"], specialties=["医疗"],
    )
    doctor = Mediator.objects.create(name="卢医调", organisation=committee, specialties=["医疗"])
    case = register(network, summary="手术纠纷", description="在医院手术后出现感染，要求医院赔偿。")
    routed = route(case, Category.MEDICAL, Complexity.COMPLEX, Risk.BLUE)
    assert (routed.organisation, routed.method, routed.mediator) == (committee, Method.INDUSTRY_MEDIATION, doctor)
    assert any("专门机构" in reason for reason in routed.reasons)


def test_the_least_loaded_specialist_is_proposed(network):
    case_in_state(network, State.ASSIGNED)  # on village_a's desk
    idle = Mediator.objects.create(name="新调解员", organisation=network.orgs["320706001001"], specialties=["邻里"])
    routed = route(register(network), Category.NEIGHBOURS, Complexity.SIMPLE, Risk.BLUE)
    assert routed.mediator == idle
    assert [(c["name"], c["open_cases"]) for c in routed.candidates[:2]] == [("新调解员", 0), ("王调解", 1)]
