import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from jiefen.cases.duplicates import THRESHOLD, likely_duplicates, link_cases, mark_distinct, similarity
from jiefen.cases.models import Case, CaseLink, Party, State
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import LINKED, MARKED_DISTINCT, MERGED_IN, Move
from jiefen.core.taxonomy import Channel
from jiefen.testing import case_in_state, make, register, resident_id

# The same dispute told twice (at the window and again at the hotline or on the portal, in other words)…
SAME_DISPUTE = [
    (
        "被申请人刘强长期在楼道内堆放旧家具、纸箱和电动自行车，并私拉电线给电动车充电。申请人王芳认为存在火灾隐患，"
        "且影响老人上下楼，多次劝说无果，双方关系紧张。",
        "申请人王芳再次来到窗口反映，楼上邻居刘强在楼道堆放旧家具和纸箱，还从家里拉电线给电动车充电，担心起火。",
    ),
    (
        "楼上住户夜间装修噪音持续一个月，多次协商未果。",
        "来电人反映楼上邻居每天晚上十点以后还在装修，电钻声音很大，已经持续一个月了，找对方说过几次没用。",
    ),
    (
        "申请人在被申请人承建的工地务工八个月，被申请人拖欠工资32000元至今未付。",
        "我在某某建筑公司工地干了八个月，老板拖欠工资三万二千元，一直不给。",
    ),
]
# …and a different dispute of the same person, often told with the same stock phrases.
DIFFERENT_DISPUTES = [
    (
        "楼上住户夜间装修噪音持续一个月，多次协商未果。",
        "申请人于2024年3月借给被申请人5万元，约定半年归还，到期后被申请人以各种理由拖延不还。",
    ),
    (
        "申请人在被申请人承建的工地务工八个月，被申请人拖欠工资32000元至今未付。",
        "申请人与被申请人系夫妻，因感情不和要求离婚，双方就孩子抚养权和房产分割争执不下。",
    ),
    (
        "被申请人刘强长期在楼道内堆放旧家具、纸箱和电动自行车，并私拉电线给电动车充电。申请人王芳认为存在火灾隐患，"
        "且影响老人上下楼，多次劝说无果，双方关系紧张。",
        "申请人王芳在被申请人刘强经营的超市购买的牛奶过期变质，孩子饮用后腹泻就医，要求赔偿医药费，被申请人拒绝。",
    ),
    ("楼上住户卫生间漏水，致楼下天花板霉变脱落，双方多次协商未果。", "楼上住户夜间装修噪音持续一个月，多次协商未果。"),
]

NOISE, NOISE_RETOLD = SAME_DISPUTE[1]
LOAN = DIFFERENT_DISPUTES[0][1]


@pytest.mark.parametrize(("first", "second"), SAME_DISPUTE)
def test_the_same_dispute_told_again_is_similar(first, second):
    assert similarity(first, second) >= THRESHOLD
    assert similarity(second, first) == similarity(first, second)


@pytest.mark.parametrize(("first", "second"), DIFFERENT_DISPUTES)
def test_a_different_dispute_of_the_same_person_is_not(first, second):
    assert similarity(first, second) < THRESHOLD


def parties(*, applicant_id=None, applicant_phone="13812345678", respondent_id=None, respondent_phone="13912345678"):
    return [
        {"role": "applicant", "kind": "person", "name": "张三", "phone": applicant_phone,
         "id_number": resident_id() if applicant_id is None else applicant_id},
        {"role": "respondent", "kind": "person", "name": "李四", "phone": respondent_phone,
         "id_number": resident_id("19850505", "246") if respondent_id is None else respondent_id},
    ]


STRANGERS = dict(
    applicant_id=resident_id("19900101", "111"), applicant_phone="13700000001",
    respondent_id=resident_id("19910101", "222"), respondent_phone="13700000002",
)


def suggested(case, persona="town_intake", network=None):
    return [suggestion.case.pk for suggestion in likely_duplicates(case, user=network.user(persona))]


def test_same_id_number_with_another_phone_is_suggested_with_the_reason(network):
    first = register(network, description=NOISE)
    second = register(
        network, description=NOISE_RETOLD, channel=Channel.HOTLINE,
        parties=parties(applicant_phone="13600000000", respondent_id="", respondent_phone="13700000009"),
    )

    [suggestion] = likely_duplicates(second, user=network.user("town_intake"))

    assert suggestion.case.pk == first.pk
    assert suggestion.matched_on == "id_number"
    assert suggestion.party.name == "张三"
    assert suggestion.masked_value == "3207************" + resident_id()[-2:]
    assert suggestion.similarity >= THRESHOLD
    assert suggestion.case.get_channel_display() and suggestion.case.state == State.REGISTERED
    assert suggested(first, network=network) == [second.pk]  # found from either side


def test_same_phone_without_id_numbers_is_suggested(network):
    first = register(network, description=NOISE, parties=parties(applicant_id="", respondent_id=""))
    second = register(network, description=NOISE_RETOLD, parties=parties(
        applicant_id="", applicant_phone="13600000000", respondent_id="", respondent_phone="13912345678",
    ))

    [suggestion] = likely_duplicates(second, user=network.user("town_intake"))

    assert (suggestion.case.pk, suggestion.matched_on, suggestion.party.name) == (first.pk, "phone", "李四")
    assert suggestion.masked_value == "139****5678"


def test_a_similar_story_without_a_shared_party_is_not_suggested(network):
    first = register(network, description=NOISE)
    second = register(network, description=NOISE_RETOLD, parties=parties(**STRANGERS))

    assert suggested(second, network=network) == []
    assert suggested(first, network=network) == []


def test_a_shared_party_with_an_unrelated_story_is_not_suggested(network):
    register(network, description=NOISE)
    second = register(network, description=LOAN)

    assert suggested(second, network=network) == []


def test_cases_more_than_90_days_apart_are_not_suggested(network):
    old = register(network, description=NOISE)
    recent = register(network, description=NOISE)
    new = register(network, description=NOISE_RETOLD)
    now = new.registered_at
    Case.objects.filter(pk=old.pk).update(registered_at=now - datetime.timedelta(days=91))
    Case.objects.filter(pk=recent.pk).update(registered_at=now - datetime.timedelta(days=89))

    assert suggested(new, network=network) == [recent.pk]


def test_only_cases_within_the_users_jurisdiction_are_suggested(network):
    here = register(network, description=NOISE)  # 西门社区
    there = register(network, org_code="320706001002", description=NOISE_RETOLD)  # 东门社区

    assert suggested(here, network=network) == [there.pk]
    assert suggested(here, "village_a", network=network) == []


def test_cases_in_any_state_are_suggested_except_merged_away_ones(network):
    closed = case_in_state(network, State.CLOSED, description=NOISE)
    merged = case_in_state(network, State.MERGED, description=NOISE)
    new = register(network, description=NOISE_RETOLD)

    found = suggested(new, network=network)

    assert closed.pk in found and merged.pk not in found
    assert suggested(merged, network=network) == []


def test_a_linked_pair_is_no_longer_suggested_and_both_timelines_say_so(network):
    first = register(network, description=NOISE)
    second = register(network, description=NOISE_RETOLD)

    link = link_cases(second, first, actor=network.user("town_intake"), reason="同一楼栋的后续纠纷")

    assert (link.case, link.other, link.kind) == (second, first, CaseLink.Kind.RELATED)
    assert suggested(first, network=network) == [] and suggested(second, network=network) == []
    for case, other in ((first, second), (second, first)):
        event = case.events.get(move=LINKED)
        assert event.payload == {"other": other.number}
        assert event.reason == "同一楼栋的后续纠纷" and event.to_state == State.REGISTERED


def test_a_distinct_pair_is_no_longer_suggested_and_needs_a_reason(network):
    first = register(network, description=NOISE)
    second = register(network, description=NOISE_RETOLD)
    officer = network.user("town_intake")

    with pytest.raises(ValidationError) as refused:
        mark_distinct(first, second, actor=officer, reason="  ")
    assert "reason" in refused.value.message_dict
    assert suggested(first, network=network) == [second.pk]

    mark_distinct(first, second, actor=officer, reason="不同房屋的两起装修纠纷")

    assert suggested(first, network=network) == [] and suggested(second, network=network) == []
    assert first.events.filter(move=MARKED_DISTINCT).count() == 1
    assert second.events.filter(move=MARKED_DISTINCT).count() == 1
    with pytest.raises(ValidationError):
        mark_distinct(second, first, actor=officer, reason="再答一次")


def test_answering_needs_jurisdiction_over_both_cases_and_a_registering_post(network):
    here = register(network, description=NOISE)
    there = register(network, org_code="320706001002", description=NOISE_RETOLD)

    with pytest.raises(Http404):
        link_cases(here, there, actor=network.user("village_a"))
    with pytest.raises(PermissionDenied):
        link_cases(here, there, actor=network.user("town_assessor"))
    with pytest.raises(PermissionDenied):
        link_cases(here, there, actor=network.user("citizen"))
    with pytest.raises(ValidationError):
        link_cases(here, here, actor=network.user("town_intake"))
    assert not CaseLink.objects.exists()


def test_merging_keeps_both_cases_their_parties_and_events(network):
    target = register(network, description=NOISE)
    duplicate = register(network, description=NOISE_RETOLD, channel=Channel.HOTLINE)
    make(network, duplicate, Move.TRIAGE)

    perform_move(duplicate, Move.MERGE, network.user("town_intake"), {"into": target.number, "reason": "同一纠纷"})

    duplicate.refresh_from_db()
    assert duplicate.state == State.MERGED and duplicate.merged_into == target
    assert list(duplicate.events.values_list("move", flat=True)) == [Move.REGISTER, Move.TRIAGE, Move.MERGE]
    assert Party.objects.filter(case=duplicate).count() == 2 and Party.objects.filter(case=target).count() == 2
    merged_in = target.events.get(move=MERGED_IN)
    assert merged_in.payload == {"from": duplicate.number}
    assert list(target.merged_cases.all()) == [duplicate]
    assert suggested(target, network=network) == []


def test_a_bounded_number_of_queries_however_many_candidates(network):
    case = register(network, description=NOISE)
    officer = network.user("town_intake")
    for _n in range(3):
        register(network, description=NOISE_RETOLD)
    with CaptureQueriesContext(connection) as few:
        assert len(likely_duplicates(case, user=officer)) == 3

    for n in range(30):
        register(network, description=NOISE_RETOLD if n % 2 else LOAN)
    with CaptureQueriesContext(connection) as many:
        assert len(likely_duplicates(case, user=officer)) == 18

    assert len(many) == len(few) <= 4
