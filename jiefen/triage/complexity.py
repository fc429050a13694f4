"""Simple or complex (繁简分流, seed 003): the grade and every rule that made it.

A dispute is complex when any rule fires: many parties, a large amount, parties in different townships or
counties, earlier petitions, a legally difficult category, a need for expert appraisal, or a high risk. ``grade``
is pure (facts in, grade out) and serves the batch CLI; ``grade_case`` reads the facts of a registered case.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jiefen.core.taxonomy import Category, Channel, Complexity, Risk

# The team's own thresholds, not a legal rule. Amounts (yuan) from which a dispute of the category is complex; the
# default is close to the small-claims limit of civil procedure (half a province's average yearly wage, about
# 50,000 yuan in Jiangsu), a fair line between what a village mediator settles in a sitting and what needs more.
AMOUNT_COMPLEX_FROM: dict[str, Decimal] = {
    Category.PRIVATE_LENDING: Decimal("100000"),
    Category.CONTRACT: Decimal("100000"),
    Category.HOUSING_HOMESTEAD: Decimal("200000"),
    Category.MARRIAGE_FAMILY: Decimal("200000"),
}
AMOUNT_COMPLEX_DEFAULT = Decimal("50000")
# More parties than this (applicants and respondents together) make a dispute complex.
SIMPLE_MAX_PARTIES = 3
# Categories whose law is hard or which need a specialised body: complex whatever their size.
LEGALLY_DIFFICULT = {
    Category.MEDICAL, Category.REQUISITION, Category.ADMINISTRATIVE, Category.INTELLECTUAL_PROPERTY,
    Category.POLLUTION,
}
# Words that say the dispute has been petitioned before, or needs expert appraisal, or crosses jurisdictions.
PETITION_WORDS = ("上访", "信访", "多次反映", "12345", "市长热线", "投诉多次")
APPRAISAL_WORDS = ("司法鉴定", "伤残鉴定", "伤残等级", "医疗事故鉴定", "价格评估", "资产评估", "笔迹鉴定")
CROSS_WORDS = ("跨村", "跨镇", "跨乡", "跨街道", "跨县", "跨区", "跨市", "外省", "外市")
# A high risk is a complex case too: it needs a senior mediator and the coordinator's eye.
COMPLEX_RISKS = {Risk.RED, Risk.ORANGE}

_AMOUNT = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万|千)?\s*元")


@dataclass(frozen=True)
class Rule:
    name: str  # many_parties, large_amount, cross_township, cross_county, prior_petition, legal_difficulty, ...
    detail: str  # in Chinese, for staff

    def as_dict(self) -> dict:
        return {"name": self.name, "detail": self.detail}


@dataclass(frozen=True)
class ComplexityGrade:
    grade: str
    rules: tuple[Rule, ...] = ()

    def explanation(self) -> str:
        if not self.rules:
            return f"繁简「{self.grade}」：当事人少、金额小、同一辖区、无信访史、法律关系清楚"
        return f"繁简「{self.grade}」：" + "；".join(rule.detail for rule in self.rules)

    def as_dict(self) -> dict:
        return {"grade": self.grade, "rules": [rule.as_dict() for rule in self.rules]}


def amount_in_text(text: str) -> Decimal | None:
    """The largest sum written in digits in the text ("8.9万元", "89,000元"); sums in Chinese numerals are not read."""
    best = None
    for number, unit in _AMOUNT.findall(text):
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:
            continue
        value *= {"万": 10000, "千": 1000}.get(unit, 1)
        best = value if best is None or value > best else best
    return best


def grade(
    category: str,
    text: str = "",
    *,
    parties: int = 0,
    amount: Decimal | None = None,
    crossing: str = "",
    channel: str = "",
    risk: str = "",
    is_group: bool = False,
) -> ComplexityGrade:
    """``crossing`` is "township" or "county" when the parties live in different ones; "village" (different villages
    of one township) or empty adds no rule."""
    rules: list[Rule] = []
    if is_group:
        rules.append(Rule("group", "群体性纠纷"))
    if parties > SIMPLE_MAX_PARTIES:
        rules.append(Rule("many_parties", f"当事人{parties}方，超过{SIMPLE_MAX_PARTIES}方"))
    if amount is None:
        amount = amount_in_text(text)
    threshold = AMOUNT_COMPLEX_FROM.get(category, AMOUNT_COMPLEX_DEFAULT)
    if amount is not None and amount >= threshold:
        rules.append(Rule("large_amount", f"争议金额{amount:,.0f}元，达到{threshold:,.0f}元"))
    if crossing == "county":
        rules.append(Rule("cross_county", "当事人分属不同县区"))
    elif crossing == "township":
        rules.append(Rule("cross_township", "当事人分属不同乡镇街道"))
    else:
        words = [word for word in CROSS_WORDS if word in text]
        if words:
            rules.append(Rule("cross_jurisdiction", f"跨辖区（{'、'.join(words)}）"))
    petition = [word for word in PETITION_WORDS if word in text]
    if channel == Channel.PETITION:
        petition.insert(0, "信访渠道转来")
    if petition:
        rules.append(Rule("prior_petition", f"有信访史（{'、'.join(petition)}）"))
    if category in LEGALLY_DIFFICULT:
        rules.append(Rule("legal_difficulty", f"「{category}」纠纷法律关系复杂，需专业力量"))
    appraisal = [word for word in APPRAISAL_WORDS if word in text]
    if appraisal:
        rules.append(Rule("appraisal", f"需要鉴定评估（{'、'.join(appraisal)}）"))
    if risk in COMPLEX_RISKS:
        rules.append(Rule("high_risk", f"风险等级「{risk}」"))
    return ComplexityGrade(Complexity.COMPLEX.value if rules else Complexity.SIMPLE.value, tuple(rules))


def grade_case(case, category: str, text: str, *, risk: str = "", crossing: str = "") -> ComplexityGrade:
    """The grade of a registered case, from its parties, amount, channel and group flag."""
    amounts = list(case.parties.values_list("claimed_amount", flat=True))  # one row per party
    claimed = [a for a in amounts if a is not None]
    # The case's own amount; else the claimants' together (a group) or the largest claim.
    amount = case.amount
    if amount is None and claimed:
        amount = sum(claimed) if case.is_group else max(claimed)
    return grade(
        category, text, parties=len(amounts), amount=amount, crossing=crossing, channel=case.channel,
        risk=risk, is_group=case.is_group,
    )
