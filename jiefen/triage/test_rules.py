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


@pytest.mark.parametrize(
    "text",
    [
        "丈夫喝了酒回家就动手打我，孩子都吓哭了",
        "她婆婆拿扫帚打她，她不敢回娘家",
        "女儿说男朋友对她施暴，想搬出去住",
        "我被继父打了一顿，脸上还是青的",
    ],
)
def test_domestic_violence_told_as_now_is_orange(text):
    graded = risk.assess(text)
    assert graded.colour == Risk.ORANGE and "domestic_violence" in graded.names
    found = {s.name: s for s in graded.signals}["domestic_violence"]
    assert found.words and all(word in text for word in found.words)
    assert "家庭暴力（" in graded.explanation()


@pytest.mark.parametrize(
    "text",
    [
        "我在工地打工，老板一直不给结账",
        "他天天打电话骂我，我准备打官司",
        "我打算离婚，他把钱打我卡上了",
        "借钱的时候他给我打了欠条，后来请人打扫了房子",
        "我们几个周末在家打牌，他打听到了消息",
        "丈夫每次都把工资打到婆婆的卡里",
    ],
)
def test_words_built_on_da_are_not_domestic_violence(text):
    assert "domestic_violence" not in risk.assess(text).names


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("上个月老公把我的胳膊打骨折了，我们还住在一起", ["骨折"]),
        ("昨晚又被他打了，头上缝了五针", ["缝了五针"]),
        ("结婚以来多次遭受严重的家庭暴力，这次进了医院住院", ["严重的家庭暴力", "住院"]),
    ],
)
def test_domestic_violence_with_injuries_is_red(text, words):
    graded = risk.assess(text)
    assert graded.colour == Risk.RED and graded.names[0] == "domestic_violence_injury"
    assert list(graded.signals[0].words) == words
    assert "家暴致伤" in graded.explanation()


def test_domestic_violence_told_as_past_or_in_a_courts_facts_is_yellow():
    past = risk.assess("我曾经被前夫家暴过，现在已经离婚三年，想改孩子的抚养")
    assert past.colour == Risk.YELLOW and "既往叙述" in past.explanation()
    facts = risk.assess("原告诉称被告婚后有家庭暴力行为，被告不予认可，双方分居至今")
    assert facts.colour == Risk.YELLOW and "domestic_violence" in facts.names
    # A court's facts about an injury long over are not an imminent danger either.
    court = risk.assess("原、被告系夫妻，2016年被告殴打原告致其肋骨骨折，被告被判处拘役三个月")
    assert court.colour == Risk.YELLOW and "domestic_violence_injury" not in court.names
    assert risk.assess("双方没有家暴，只是性格不合").colour == Risk.BLUE


@pytest.mark.parametrize(
    "text",
    [
        "前妻找了几个社会人员闯进店里打砸",
        "他扬言要在对方家的水井里投毒",
        "听说邻居要把小孩卖给外地人",
        "他说不给钱就绑架我儿子",
    ],
)
def test_extreme_acts_are_red(text):
    graded = risk.assess(text)
    assert graded.colour == Risk.RED and "extreme_act" in graded.names


def test_selling_a_childs_things_or_an_old_conviction_is_not_an_extreme_act_now():
    assert "extreme_act" not in risk.assess("父亲卖了孩子的房子还债").names
    old = risk.assess("被告曾于1998年因拐卖妇女被判刑，现原告诉请离婚")
    assert old.colour == Risk.YELLOW and "extreme_act" in old.names
    assert "violence_threat" in risk.assess("他说要放火烧了我家的房子").names


@pytest.mark.parametrize(
    "text",
    ["他去北京打工三年了，工资一直没结", "儿子到北京读大学，学费由谁出", "去年到县信访局反映过一次，答复属于民事纠纷"],
)
def test_a_trip_to_the_capital_or_one_visit_to_the_petition_office_is_not_a_petition(text):
    assert "petition" not in risk.assess(text).names


@pytest.mark.parametrize(
    "text",
    ["为这事他已经多次到县信访局信访", "他扬言要进京上访", "村里几户人家准备越级反映", "老人反复信访，问题一直没解决"],
)
def test_petitions_over_the_level_or_again_and_again_are_orange(text):
    graded = risk.assess(text)
    assert graded.colour == Risk.ORANGE and "petition" in graded.names


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("二十六名农民工的工资被拖欠半年", "二十六名农民工"),
        ("一百二十名业主对物业公司不满", "一百二十名业主"),
        ("包工头欠着我们班组十五人的工钱", "十五人"),
        ("村民等四十余人到乡政府反映征地补偿", "四十余人"),
        ("十几个工人一起来要工资", "十几个工人"),
    ],
)
def test_many_people_on_the_claimant_side_are_orange(text, mention):
    graded = risk.assess(text)
    assert graded.colour == Risk.ORANGE
    assert mention in {s.name: s for s in graded.signals}["many_people"].words


@pytest.mark.parametrize(
    "text",
    [
        "公司章程载明股东三十二人，实际出席二十人",
        "该医院共有医生四十人、护士五十人",
        "赔偿款交给李1024家属",
        "学校共组织学生300人参加实习",
        "涉及三户村民的用水",
    ],
)
def test_counts_of_other_people_are_not_many_people(text):
    assert "many_people" not in risk.assess(text).names


def test_an_industrial_park_is_not_a_gathering():
    assert "gathering" not in risk.assess("公司位于市工业聚集区内，双方因货款发生纠纷").names
    assert "gathering" in risk.assess("三十多名工人聚集在厂门口").names


@pytest.mark.parametrize(
    "text",
    [
        "我父亲当年因为欠债自杀，现在债主找我还钱",
        "原告之子于2015年自杀身亡，原告主张继承其存款",
        "被告称原告以前曾以跳楼相威胁逼其同意借款",
    ],
)
def test_a_suicide_told_as_past_is_not_red(text):
    graded = risk.assess(text)
    assert graded.colour != Risk.RED
    assert {s.name: s for s in graded.signals}["self_harm"].colour == Risk.YELLOW


@pytest.mark.parametrize("text", ["我现在真的不想活了，明天就去跳楼", "她说再不还钱就喝农药", "他在村委会门口说要自焚"])
def test_a_present_self_harm_statement_stays_red(text):
    graded = risk.assess(text)
    assert graded.colour == Risk.RED and "self_harm" in graded.names


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("两家为宅基地多次发生抓扯，村里调解不成", ["多次…抓扯"]),
        ("兄弟俩经常为赡养老人的事打架", ["经常…打架"]),
        ("派出所已经多次出警，双方还是会动手", ["多次…动手", "派出所…多次", "多次…出警"]),
        ("结婚十来年，他动不动就打我", ["动不动…打我"]),
    ],
)
def test_physical_conflict_that_keeps_recurring_is_orange(text, words):
    graded = risk.assess(text)
    assert graded.colour == Risk.ORANGE
    assert list({s.name: s for s in graded.signals}["recurring_violence"].words) == words
    assert "反复肢体冲突" in graded.explanation()


@pytest.mark.parametrize("text", ["多次催要欠款未果", "两人争吵后动手推了一下", "派出所多次调解噪音问题"])
def test_collection_or_one_scuffle_is_not_recurring_violence(text):
    assert "recurring_violence" not in risk.assess(text).names


@pytest.mark.parametrize(
    "text",
    ["瘫痪在床的父亲无人照顾，三个子女互相推诿", "儿子停了瘫痪母亲的护工费", "八十多岁的老人被儿子赶出家门"],
)
def test_a_vulnerable_party_left_without_care_or_means_is_orange(text):
    graded = risk.assess(text)
    assert graded.colour == Risk.ORANGE and "vulnerable_deprived" in graded.names


def test_an_ordinary_support_claim_of_an_elderly_parent_stays_yellow():
    assert risk.assess("老人要求儿子每月给赡养费，儿子不给").colour == Risk.YELLOW
    assert "vulnerable_deprived" not in risk.assess("老人已经康复，停了一段时间的治疗后又不想复查").names


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
