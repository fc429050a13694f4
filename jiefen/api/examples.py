"""Request examples in the OpenAPI schema: a registration and one body per move, each valid on the demo network.

They document what each move takes, and schemathesis starts from them before generating its own requests.
"""

from drf_spectacular.utils import OpenApiExample

from jiefen.cases.workflow import MOVE_LABELS, MOVES, Move
from jiefen.core.validators import resident_id_check_char


def _resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


REGISTRATION = OpenApiExample(
    "registration",
    summary="A neighbours' dispute at a village station",
    request_only=True,
    value={
        "summary": "邻里噪音纠纷",
        "description": "楼上住户夜间装修噪音持续一个月，多次协商未果。",
        "claims": "停止夜间施工，赔礼道歉。",
        "amount": "5000.00",
        "place": "320706001001",
        "handling_org": "320706001001",
        "parties": [
            {"role": "applicant", "kind": "person", "name": "张三", "id_number": _resident_id("32070619800101123"),
             "phone": "13812345678", "address": "海州区西门社区1号"},
            {"role": "respondent", "kind": "person", "name": "李四", "id_number": _resident_id("32070619850505246"),
             "phone": "0518-85821234", "address": "海州区西门社区2号"},
        ],
    },
)

CLAIMANT_OUTCOME = OpenApiExample(
    "claimant_outcome",
    summary="A claimant of a wage-arrears group dispute was partly paid",
    request_only=True,
    value={"party": 1, "outcome": "partly_paid", "amount": "8000.00", "note": "已付第一期工资"},
)

_MOVE_DATA = {
    Move.TRIAGE: {"category": "邻里", "field": "民事", "complexity": "简单"},
    Move.REJECT: {"reason": "属于法院正在审理的纠纷，不予受理。"},
    Move.CONSENT: {"method": "peoples_mediation"},
    Move.REFUSE: {"reason": "被申请人不同意调解，已告知诉讼途径。"},
    Move.TRANSFER: {
        "organisation": "3207-LDZC", "method": "arbitration", "reason": "劳动争议，移送劳动仲裁。",
        "deadline": "2027-01-15", "deadline_basis": "劳动争议调解仲裁法:第43条",
    },
    Move.ASSIGN: {"organisation": "320706001001", "mediator": 1},
    Move.RECORD_SESSION: {
        "held_at": "2026-11-20T09:30:00+08:00", "mode": "on_site", "place": "西门社区调解室",
        "participants": "张三、李四、调解员王调解", "record": "双方陈述事实，调解员释法明理，双方同意继续协商。",
    },
    Move.AGREE: {
        "facts": "李四夜间装修产生噪音，影响张三休息。",
        "terms": "一、李四每日22时后停止施工。\n二、李四向张三赔礼道歉。",
        "performance": "自签订之日起立即履行。", "signed_on": "2026-11-20",
    },
    Move.FAIL: {"reason": "双方分歧较大，经两次调解未能达成协议。"},
    Move.REROUTE: {"reason": "改由镇级中心组织调解。"},
    Move.REQUEST_TERMINATION: {"reason": "申请人明确拒绝继续调解。"},
    Move.TERMINATE: {
        "reason": "经评估，调解已无可能。", "findings": "两次调解均未达成一致，被申请人明确拒绝继续调解。",
        "termination_reasons": ["respondent_refuses", "no_prospect"],
    },
    Move.REPORT_RESULT: {"reason": "仲裁委员会已作出调解书。"},
    Move.ESCALATE: {"reason": "涉及多个村，需上级协调。"},
    Move.CLOSE: {},
    Move.REOPEN: {"reason": "协议未履行，当事人申请重新调解。"},
    Move.WITHDRAW: {"reason": "申请人撤回调解申请。"},
    Move.EXTEND_DEADLINE: {
        "deadline": "2026-12-31", "deadline_basis": "最高人民法院关于人民法院特邀调解的规定:第27条",
        "consenting": [1, 2], "consent_how": "in_writing", "reason": "需等待伤情鉴定结论，双方书面同意延长调解期限。",
    },
    Move.MERGE: {"into": "320706001001-2026-00001", "reason": "同一申请人就同一纠纷经热线重复登记。"},
    Move.RESPONDENT_ABSENT: {
        "cause": "respondent_unreachable", "reason": "短信、电话、网格员上门和书面通知均未联系到被申请人。",
        "undisputed_facts": "双方系邻居关系。",
    },
}

MOVE_EXAMPLES = [
    OpenApiExample(
        move, summary=MOVE_LABELS[move], request_only=True, value={"move": move, **_MOVE_DATA[move]}
    )
    for move in MOVES
]
