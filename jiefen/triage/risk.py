"""The four-colour risk grade (DESIGN §7: 红 / 橙 / 黄 / 蓝) of a dispute, with the signals that set it.

Each signal has a name, a Chinese label, the colour it raises the case to, and the words of the text that matched,
so that staff see why. ``assess`` is pure (text and facts in, grade out) and serves the batch CLI; ``assess_case``
adds what only the platform knows: the group flag, the amount, the calendar and the parties' earlier cases.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from jiefen.core.taxonomy import Risk

# The team's own lexicon, written for this project from the seeds' risk list (threats of violence or self-harm,
# group gathering, petitions to higher levels, vulnerable parties, wage arrears, recurrence): not taken from any
# data set. Edit freely; the colour of a signal is the least the case is graded when the signal is found.
LEXICON: dict[str, dict] = {
    "violence_threat": {
        "label": "暴力威胁", "colour": Risk.RED,
        "words": ("杀了", "杀人", "砍人", "砍死", "捅死", "弄死", "打死", "同归于尽", "放火", "纵火", "炸药", "炸了",
                  "报复社会", "血债血偿", "持刀", "拿刀", "带刀", "灭门", "要他的命", "要他命"),
    },
    "self_harm": {
        "label": "自伤自杀倾向", "colour": Risk.RED,
        "words": ("自杀", "跳楼", "跳河", "跳江", "喝农药", "服毒", "上吊", "割腕", "自焚", "轻生", "寻死", "不想活",
                  "以死相逼", "一死了之", "死给你看"),
    },
    "threat": {
        "label": "扬言威胁", "colour": Risk.ORANGE,
        "words": ("威胁", "恐吓", "扬言", "放狠话", "走着瞧", "让他好看", "跟他没完"),
    },
    "gathering": {
        "label": "聚集闹事", "colour": Risk.ORANGE,
        "words": ("聚集", "围堵", "堵门", "堵路", "堵厂", "拉横幅", "打横幅", "静坐", "集体讨要", "集体上访", "群访",
                  "闹事", "冲击", "围攻"),
    },
    "petition": {
        "label": "越级上访", "colour": Risk.ORANGE,
        "words": ("越级上访", "进京", "赴京", "去北京", "到北京", "赴省", "去省里", "到省里", "上访", "信访", "缠访",
                  "闹访", "非访"),
    },
    "vulnerable": {
        "label": "弱势当事人", "colour": Risk.YELLOW,
        "words": ("老人", "老年人", "高龄", "孤寡", "七十多岁", "八十多岁", "九十多岁", "年迈", "未成年", "儿童",
                  "幼儿", "小孩", "残疾", "残障", "瘫痪", "智力障碍", "精神病", "孕妇", "怀孕", "哺乳期", "重病",
                  "癌症", "低保", "五保户", "留守"),
    },
    "wage_arrears": {
        "label": "拖欠工资", "colour": Risk.YELLOW,
        "words": ("拖欠工资", "欠薪", "讨薪", "农民工工资", "欠工资", "工资不给", "不发工资", "工钱", "血汗钱",
                  "劳务费", "拖欠农民工"),
    },
    "tension": {
        "label": "矛盾激化", "colour": Risk.YELLOW,
        "words": ("打架", "斗殴", "推搡", "辱骂", "争吵", "冲突", "激化", "情绪激动", "动手", "扭打"),
    },
    "recurrence_in_text": {
        "label": "反复发生", "colour": Risk.YELLOW,
        "words": ("反复", "屡次", "又一次", "再次发生", "多次调解", "调解多次", "旧怨"),
    },
}

# Signals that come from facts rather than words; their colours, like the lexicon's, are data.
DERIVED: dict[str, dict] = {
    "many_people": {"label": "人数众多", "colour": Risk.ORANGE},
    "group_case": {"label": "群体性纠纷", "colour": Risk.ORANGE},
    "wage_before_holiday": {"label": "节前欠薪", "colour": Risk.ORANGE},
    "vulnerable_large_sum": {"label": "弱势当事人涉及大额", "colour": Risk.ORANGE},
    "repeated_recurrence": {"label": "同一当事人再次纠纷", "colour": Risk.YELLOW},
}
# From this many people named in the text ("三十多名工人"), many people are involved.
MANY_PEOPLE = 10
# A vulnerable party with this much at stake (yuan) is likely to escalate (DESIGN §7, orange).
VULNERABLE_LARGE_SUM = Decimal("50000")
# The same parties' earlier cases: one is worth watching (yellow), from this many the case is orange.
REPEATED_ORANGE = 2
# Days before a holiday in which unpaid wages turn orange. Spring Festival's window opens in mid-November, when the
# yearly winter campaign against wage arrears (根治欠薪冬季专项行动) starts; the other long holidays get two weeks.
WAGE_HOLIDAY_WINDOW = {"春节": 80}
WAGE_HOLIDAY_DEFAULT_WINDOW = 14
# Spring Festival (first day of the lunar year) for the years the holiday calendar may not hold yet: astronomical
# facts, used only when ``core.calendar`` has no notice for the year.
SPRING_FESTIVAL = {
    2026: datetime.date(2026, 2, 17), 2027: datetime.date(2027, 2, 6), 2028: datetime.date(2028, 1, 26),
    2029: datetime.date(2029, 2, 13), 2030: datetime.date(2030, 2, 3),
}

RANK = {Risk.BLUE: 0, Risk.YELLOW: 1, Risk.ORANGE: 2, Risk.RED: 3}

# Crude negation: a negator just before the word, in the same clause, negates it ("没有威胁", "不会自杀") unless a
# conditional follows the negator ("不给钱就跳楼" is a threat). Phrases that only look negative are masked first.
NEGATORS = ("没有", "没", "不", "未", "无", "并非", "从未", "别")
NOT_NEGATING = (
    "不排除", "不能排除", "不惜", "不得不", "不停", "不断", "不给", "不还", "不付", "不发", "不让", "无论", "无法",
)
CONDITIONALS = ("就", "便", "则", "否则", "的话", "再")
NEGATION_WINDOW = 8
_CLAUSE_END = re.compile(r"[，。；！？、,.;!?\n]")
_PEOPLE = re.compile(
    r"(\d+|[二三四五六七八九]?十|几十|数十|十几|上百|数百|几百)(?:多|余)?(?:名|位|个|户)?"
    r"(农民工|工人|员工|村民|业主|群众|家属|居民|人)"
)


@dataclass(frozen=True)
class Signal:
    name: str
    label: str
    colour: str
    words: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "colour": self.colour, "words": list(self.words)}


@dataclass(frozen=True)
class RiskAssessment:
    colour: str
    signals: tuple[Signal, ...] = ()
    negated: tuple[str, ...] = field(default=())  # words found but negated in the text ("没有威胁")

    @property
    def names(self) -> list[str]:
        return [signal.name for signal in self.signals]

    def explanation(self) -> str:
        if not self.signals:
            text = f"风险「{self.colour}」：未发现风险信号"
        else:
            found = "；".join(
                f"{s.label}（{'、'.join(s.words)}）" if s.words else s.label for s in self.signals
            )
            text = f"风险「{self.colour}」：{found}"
        if self.negated:
            text += f"；已排除否定表述：{'、'.join(self.negated)}"
        return text

    def as_dict(self) -> dict:
        return {"colour": self.colour, "signals": [s.as_dict() for s in self.signals], "negated": list(self.negated)}


def negated(text: str, start: int) -> bool:
    """Whether the word at ``text[start:]`` is negated by what stands just before it in its clause."""
    clause_start = 0
    for match in _CLAUSE_END.finditer(text, 0, start):
        clause_start = match.end()
    window = text[max(clause_start, start - NEGATION_WINDOW):start]
    for phrase in NOT_NEGATING:
        window = window.replace(phrase, "#" * len(phrase))
    position = max(window.rfind(word) for word in NEGATORS)
    if position < 0:
        return False
    return not any(word in window[position:] for word in CONDITIONALS)


def text_signals(text: str) -> tuple[list[Signal], list[str]]:
    """The lexicon's signals found in ``text`` (a word counts if one of its occurrences is not negated), and the
    words found only in negated form."""
    signals, negated_words = [], []
    for name, entry in LEXICON.items():
        found = []
        for word in entry["words"]:
            starts = [m.start() for m in re.finditer(re.escape(word), text)]
            if not starts:
                continue
            if all(negated(text, start) for start in starts):
                negated_words.append(word)
            elif not any(word in other for other in found):
                found.append(word)
        if found:
            signals.append(Signal(name, entry["label"], entry["colour"], tuple(found)))
    return signals, negated_words


def people_named(text: str) -> list[str]:
    """Mentions of ``MANY_PEOPLE`` or more people ("三十多名工人", "12户村民")."""
    mentions = []
    for match in _PEOPLE.finditer(text):
        number = match.group(1)
        if number.isdigit() and int(number) < MANY_PEOPLE:
            continue
        mentions.append(match.group(0))
    return mentions


def _derived(name: str, words=()) -> Signal:
    entry = DERIVED[name]
    return Signal(name, entry["label"], entry["colour"], tuple(words))


def festival_ahead(today: datetime.date, *, use_calendar: bool = True) -> tuple[str, datetime.date] | None:
    """The holiday whose wage window (``WAGE_HOLIDAY_WINDOW``) ``today`` falls in, with its first day; from the
    holiday calendar of ``core.calendar`` when it holds the dates, else Spring Festival from ``SPRING_FESTIVAL``."""
    longest = max([WAGE_HOLIDAY_DEFAULT_WINDOW, *WAGE_HOLIDAY_WINDOW.values()])
    end = today + datetime.timedelta(days=longest)
    holidays: list[tuple[datetime.date, str]] = []
    covered = False
    if use_calendar:
        from jiefen.core.calendar import calendar_known_until, holidays_between

        holidays = holidays_between(today, end)
        covered = calendar_known_until() >= end.year
    if not covered:
        holidays += [(day, "春节") for day in SPRING_FESTIVAL.values() if today <= day <= end]
    for day, name in sorted(holidays):
        window = max(
            [WAGE_HOLIDAY_WINDOW[key] for key in WAGE_HOLIDAY_WINDOW if key in name] or [WAGE_HOLIDAY_DEFAULT_WINDOW]
        )
        if (day - today).days <= window:
            return name, day
    return None


def assess(
    text: str,
    *,
    is_group: bool = False,
    amount: Decimal | None = None,
    festival: tuple[str, datetime.date] | None = None,
    earlier_cases: list[str] | None = None,
) -> RiskAssessment:
    """Grade ``text`` and the facts given: the highest colour of the signals found, blue when none is."""
    signals, negated_words = text_signals(text)
    names = {signal.name for signal in signals}
    crowd = people_named(text)
    if crowd:
        signals.append(_derived("many_people", crowd))
    if is_group:
        signals.append(_derived("group_case"))
    if "wage_arrears" in names and festival is not None:
        name, day = festival
        signals.append(_derived("wage_before_holiday", [f"{name}（{day:%Y-%m-%d}）"]))
    if "vulnerable" in names and amount is not None and amount >= VULNERABLE_LARGE_SUM:
        signals.append(_derived("vulnerable_large_sum", [f"{amount:,.0f}元"]))
    if earlier_cases:
        signal = _derived("repeated_recurrence", earlier_cases)
        if len(earlier_cases) >= REPEATED_ORANGE:
            signal = Signal(signal.name, signal.label, Risk.ORANGE, signal.words)
        signals.append(signal)
    colour = max((s.colour for s in signals), key=RANK.__getitem__, default=Risk.BLUE)
    signals.sort(key=lambda s: -RANK[s.colour])
    return RiskAssessment(Risk(colour).value, tuple(signals), tuple(negated_words))


RECURRENCE_LIMIT = 200  # party rows read when looking for the same parties' earlier cases


def earlier_cases_of(case) -> list[str]:
    """Numbers of earlier cases between the same parties: one of this case's applicants and one of its
    respondents both appear there, found by the digests of their ID and phone numbers (nothing is decrypted)."""
    from django.db.models import Q

    from jiefen.cases.models import Party

    sides: dict[str, set[str]] = {}
    for role, id_digest, phone_digest in case.parties.values_list("role", "id_digest", "phone_digest"):
        for value in (id_digest, phone_digest):
            if value:
                sides.setdefault(value, set()).add(role)
    if not sides:
        return []
    digests = list(sides)
    rows = (
        Party.objects.filter(Q(id_digest__in=digests) | Q(phone_digest__in=digests))
        .exclude(case=case)
        .filter(case__registered_at__lte=case.registered_at)
        .values_list("case__number", "id_digest", "phone_digest")
        .order_by("-case__registered_at")[:RECURRENCE_LIMIT]
    )
    matched: dict[str, set[str]] = {}
    for number, id_digest, phone_digest in rows:
        for value in (id_digest, phone_digest):
            matched.setdefault(number, set()).update(sides.get(value, ()))
    return [number for number, roles in matched.items() if {"applicant", "respondent"} <= roles]


def assess_case(case, text: str | None = None, *, today: datetime.date | None = None) -> RiskAssessment:
    """The grade of a registered case: its text, group flag, amount, the holiday calendar and earlier cases."""
    from django.utils import timezone

    text = text if text is not None else case_text(case)
    return assess(
        text,
        is_group=case.is_group,
        amount=case.amount,
        festival=festival_ahead(today or timezone.localdate()),
        earlier_cases=earlier_cases_of(case),
    )


def case_text(case) -> str:
    """The words a proposal reads: summary, facts and claims."""
    return "\n".join(part for part in (case.summary, case.description, case.claims) if part)
