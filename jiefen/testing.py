"""Builders for tests: a small real network and cases driven to any state through the real services.

The network is a slice of Lianyungang: the city, two counties, two townships of 海州区 and three villages,
with one person for each persona of the permission matrix.
"""

import functools
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from jiefen.cases.models import Case, State
from jiefen.cases.moves import perform_move
from jiefen.cases.services import register_case
from jiefen.cases.workflow import Move
from jiefen.core.taxonomy import Level
from jiefen.core.validators import resident_id_check_char
from jiefen.orgs.models import Mediator, Organisation, Post, Staff
from jiefen.regions.models import Region

PASSWORD = "correct-horse-battery"

# The personas of the permission matrices, in column order; None is an anonymous visitor.
MATRIX_PERSONAS = ["village_a", "village_b", "town_coordinator", "county_coordinator", "city_leader", "citizen", None]

REGIONS = [
    # code, name, level, parent code
    ("320000000000", "江苏省", "province", None),
    ("320700000000", "连云港市", "city", "320000000000"),
    ("320706000000", "海州区", "county", "320700000000"),
    ("320703000000", "连云区", "county", "320700000000"),
    ("320706001000", "朐阳街道", "township", "320706000000"),
    ("320706002000", "洪门街道", "township", "320706000000"),
    ("320706001001", "西门社区", "village", "320706001000"),
    ("320706001002", "东门社区", "village", "320706001000"),
    ("320706002001", "洪门社区", "village", "320706002000"),
    ("320703001000", "墟沟街道", "township", "320703000000"),
]

# org code, name, kind, region code, parent org code
ORGANISATIONS = [
    ("3207", "连云港市非诉讼服务中心", Organisation.Kind.CENTRE, "320700000000", None),
    ("320706", "海州区非诉讼服务中心", Organisation.Kind.CENTRE, "320706000000", "3207"),
    ("320703", "连云区非诉讼服务中心", Organisation.Kind.CENTRE, "320703000000", "3207"),
    ("320706001", "朐阳街道非诉讼服务中心", Organisation.Kind.CENTRE, "320706001000", "320706"),
    ("320706002", "洪门街道非诉讼服务中心", Organisation.Kind.CENTRE, "320706002000", "320706"),
    ("320703001", "墟沟街道非诉讼服务中心", Organisation.Kind.CENTRE, "320703001000", "320703"),
    ("320706001001", "西门社区非诉讼服务站", Organisation.Kind.STATION, "320706001001", "320706001"),
    ("320706001002", "东门社区非诉讼服务站", Organisation.Kind.STATION, "320706001002", "320706001"),
    ("320706002001", "洪门社区非诉讼服务站", Organisation.Kind.STATION, "320706002001", "320706002"),
    ("3207-LDZC", "连云港市劳动人事争议仲裁委员会", Organisation.Kind.ARBITRATION, "320700000000", "3207"),
]

LEVEL_OF_REGION = {"city": Level.CITY, "county": Level.COUNTY, "township": Level.TOWNSHIP, "village": Level.VILLAGE}

# persona, full name, org code, post, is a mediator
PERSONAS = [
    ("village_a", "王调解", "320706001001", Post.MEDIATION, True),
    ("village_b", "李调解", "320706001002", Post.MEDIATION, True),
    ("village_c", "赵调解", "320706002001", Post.MEDIATION, True),
    ("village_grid", "钱网格", "320706001001", Post.GRID, False),
    ("town_intake", "陈引导", "320706001", Post.INTAKE, False),
    ("town_mediator", "周调处", "320706001", Post.MEDIATION, True),
    ("town_coordinator", "吴协调", "320706001", Post.COORDINATION, False),
    ("town_liaison", "郑综合", "320706001", Post.LIAISON, False),
    ("town_assessor", "冯研判", "320706001", Post.ASSESSMENT, False),
    ("county_coordinator", "孙督办", "320706", Post.COORDINATION, False),
    ("county_intake", "钱接待", "320706", Post.INTAKE, False),
    ("other_county_coordinator", "何督办", "320703", Post.COORDINATION, False),
    ("city_leader", "刘领导", "3207", Post.LEADER, False),
    ("city_coordinator", "杨督办", "3207", Post.COORDINATION, False),
]


@dataclass
class Network:
    regions: dict[str, Region] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    mediators: dict[str, Mediator] = field(default_factory=dict)

    def user(self, persona: str):
        return self.users[persona]


@functools.cache
def _password_hash() -> str:
    # Hashing is deliberately slow; one hash shared by every test user keeps the suite fast.
    return make_password(PASSWORD)


def matrix_rows(matrix: dict) -> list:
    """pytest params (request, persona, expected status) from ``{row: (request, [status per persona])}``."""
    return [
        pytest.param(request, persona, expected, id=f"{row}-{persona or 'anonymous'}")
        for row, (request, statuses) in matrix.items()
        for persona, expected in zip(MATRIX_PERSONAS, statuses, strict=True)
    ]


def build_network() -> Network:
    network = Network()
    for code, name, level, parent in REGIONS:
        network.regions[code] = Region.objects.create(
            code=code, name=name, level=level, parent=network.regions.get(parent) if parent else None
        )
    for code, name, kind, region, parent in ORGANISATIONS:
        network.orgs[code] = Organisation.objects.create(
            code=code, name=name, kind=kind, region=network.regions[region],
            level=LEVEL_OF_REGION[network.regions[region].level],
            parent=network.orgs.get(parent) if parent else None,
        )
    User = get_user_model()
    network.users["citizen"] = User.objects.create(username="citizen", password=_password_hash(), first_name="张群众")
    for persona, name, org, post, is_mediator in PERSONAS:
        user = User.objects.create(username=persona, password=_password_hash(), first_name=name)
        Staff.objects.create(user=user, organisation=network.orgs[org], post=post)
        network.users[persona] = user
        if is_mediator:
            network.mediators[persona] = Mediator.objects.create(
                name=name, organisation=network.orgs[org], user=user, specialties=["邻里", "婚姻家庭"]
            )
    return network


def resident_id(birth: str = "19800101", serial: str = "123") -> str:
    first17 = "320706" + birth + serial
    return first17 + resident_id_check_char(first17)


def register(network: Network, *, org_code: str = "320706001001", actor: str = "town_intake", **overrides) -> Case:
    org = network.orgs[org_code]
    # A dispute of the organisation's own village or township; centres higher up get one of 西门社区.
    region = org.region if org.region.level in ("village", "township") else network.regions["320706001001"]
    values = dict(
        summary="邻里噪音纠纷",
        description="楼上住户夜间装修噪音持续一个月，多次协商未果。",
        claims="停止夜间施工，赔礼道歉。",
        amount=None,
        place=region,
        parties=[
            {"role": "applicant", "kind": "person", "name": "张三", "id_number": resident_id(),
             "phone": "13812345678", "address": "海州区西门社区1号"},
            {"role": "respondent", "kind": "person", "name": "李四", "id_number": resident_id("19850505", "246"),
             "phone": "13912345678", "address": "海州区西门社区2号"},
        ],
    )
    values.update(overrides)
    return register_case(actor=network.user(actor), handling_org=org, **values)


def move_data(network: Network, case: Case, move: str) -> dict:
    """Valid input for ``move`` on ``case``: what a careful user would type."""
    now = timezone.now()
    data = {"reason": "依据当事人陈述和工作记录。"}
    if move == Move.TRIAGE:
        data.update(category="邻里", field="民事", complexity="简单")
    elif move == Move.CONSENT:
        data.update(method="peoples_mediation")
    elif move == Move.TRANSFER:
        data.update(
            organisation=network.orgs["3207-LDZC"].pk, method="arbitration",
            deadline=(timezone.localdate() + timezone.timedelta(days=45)).isoformat(),
            deadline_basis="劳动争议调解仲裁法:第43条",
        )
    elif move == Move.ASSIGN:
        mediator = Mediator.objects.filter(organisation=case.handling_org).first() or network.mediators["village_a"]
        data.update(organisation=mediator.organisation_id, mediator=mediator.pk)
    elif move == Move.RECORD_SESSION:
        data.update(
            held_at=timezone.localtime(now).strftime("%Y-%m-%d %H:%M"), mode="on_site",
            place="西门社区调解室", participants="张三、李四", record="双方陈述事实，调解员释法明理。",
        )
    elif move == Move.MERGE:
        data.update(into=register(network, summary="同一纠纷的另一登记").number)
    elif move == Move.FAIL:
        data.update(
            cause="no_agreement", undisputed_facts="李四自本年3月起在其住房内装修。\n装修期间曾在22时后施工。",
            disputed_points="噪音是否超过标准；赔偿数额。",
        )
    elif move == Move.RESPONDENT_ABSENT:
        data.update(cause="respondent_unreachable", undisputed_facts="张三与李四系上下楼邻居。")
    elif move == Move.TERMINATE:
        data.update(
            findings="两次调解未能达成一致，被申请人明确拒绝继续调解。", termination_reasons=["respondent_refuses"]
        )
    elif move == Move.EXTEND_DEADLINE:
        base = case.deadline or timezone.localdate()
        data.update(
            deadline=(base + timezone.timedelta(days=15)).isoformat(), deadline_basis="经双方当事人同意延长",
            consenting=[str(pk) for pk in case.parties.values_list("pk", flat=True)], consent_how="in_writing",
        )
    elif move == Move.AGREE:
        data.update(
            facts="李四夜间装修产生噪音影响张三休息。", terms="一、李四每日22时后停止施工。\n二、李四向张三赔礼道歉。",
            performance="自签订之日起立即履行。", signed_on=timezone.localdate().isoformat(),
        )
    return data


# Who makes each move on a village case of 西门社区 in the builders below.
MOVER = {
    Move.TRIAGE: "town_intake", Move.REJECT: "town_intake", Move.CONSENT: "town_intake", Move.REFUSE: "town_intake",
    Move.TRANSFER: "town_coordinator", Move.ASSIGN: "town_intake", Move.RECORD_SESSION: "village_a",
    Move.AGREE: "village_a", Move.FAIL: "village_a", Move.REROUTE: "town_coordinator",
    Move.REQUEST_TERMINATION: "village_a", Move.TERMINATE: "town_coordinator", Move.REPORT_RESULT: "town_liaison",
    Move.ESCALATE: "town_intake", Move.CLOSE: "village_a", Move.REOPEN: "town_intake", Move.WITHDRAW: "town_intake",
    Move.MERGE: "town_intake", Move.EXTEND_DEADLINE: "town_coordinator", Move.RESPONDENT_ABSENT: "village_a",
}

PATH_TO = {
    State.REGISTERED: [],
    State.TRIAGED: [Move.TRIAGE],
    State.ACCEPTED: [Move.TRIAGE, Move.CONSENT],
    State.ASSIGNED: [Move.TRIAGE, Move.CONSENT, Move.ASSIGN],
    State.IN_MEDIATION: [Move.TRIAGE, Move.CONSENT, Move.ASSIGN, Move.RECORD_SESSION],
    State.RESOLVED: [Move.TRIAGE, Move.CONSENT, Move.ASSIGN, Move.RECORD_SESSION, Move.AGREE],
    State.CLOSED: [Move.TRIAGE, Move.CONSENT, Move.ASSIGN, Move.RECORD_SESSION, Move.AGREE, Move.CLOSE],
    State.FAILED: [Move.TRIAGE, Move.CONSENT, Move.ASSIGN, Move.RECORD_SESSION, Move.FAIL],
    State.TERMINATION_REVIEW: [
        Move.TRIAGE, Move.CONSENT, Move.ASSIGN, Move.RECORD_SESSION, Move.FAIL, Move.REQUEST_TERMINATION,
    ],
    State.TERMINATED: [
        Move.TRIAGE, Move.CONSENT, Move.ASSIGN, Move.RECORD_SESSION, Move.FAIL, Move.REQUEST_TERMINATION,
        Move.TERMINATE,
    ],
    State.TRANSFERRED: [Move.TRIAGE, Move.TRANSFER],
    State.REJECTED: [Move.REJECT],
    State.WITHDRAWN: [Move.WITHDRAW],
    State.MERGED: [Move.MERGE],
}


def make(network: Network, case: Case, move: str, actor: str | None = None) -> Case:
    return perform_move(case, move, network.user(actor or MOVER[move]), move_data(network, case, move))


def case_in_state(network: Network, state: State, **register_kwargs) -> Case:
    """A case of 西门社区 (mediator ``village_a``) driven to ``state`` through the real moves."""
    case = register(network, **register_kwargs)
    for move in PATH_TO[state]:
        case = make(network, case, move)
    assert case.state == state
    return case


CLAIMANT_NAMES = ["刘建国", "孙志强", "马国庆", "朱卫东", "胡海军", "郭建华", "何永刚", "高俊峰", "林文斌", "罗志明"]


def claimant(n: int, *, amount: str | None = "18000.00", representative: bool = False) -> dict:
    """The ``n``-th claimant of a group dispute (distinct ID and mobile per ``n``)."""
    return {
        "role": "applicant", "kind": "person", "name": CLAIMANT_NAMES[n % len(CLAIMANT_NAMES)],
        "id_number": resident_id("19800101", f"{n:03d}"), "phone": f"1390000{n:04d}",
        "claimed_amount": amount, "is_representative": representative,
    }


def register_group(network: Network, claimants: int = 3, **overrides) -> Case:
    """A wage-arrears group dispute of 西门社区: ``claimants`` workers, the first representing them, against a
    construction company."""
    values = dict(
        summary="工地拖欠农民工工资",
        description="某建筑公司拖欠多名农民工工资共计数万元，多次讨要未果。",
        is_group=True,
        parties=[claimant(n, representative=n == 0) for n in range(claimants)] + [
            {"role": "respondent", "kind": "organisation", "name": "连云港市宏达建筑工程有限公司",
             "phone": "0518-85821234"},
        ],
    )
    values.update(overrides)
    return register(network, **values)
