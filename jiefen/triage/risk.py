"""The four-colour risk grade (DESIGN §7: 红 / 橙 / 黄 / 蓝) of a dispute, with the signals that set it.

Each signal has a name, a Chinese label, the colour it raises the case to, and the words of the text that matched,
so that staff see why. Words are looked for with misleading compounds blanked out (``MASKED``: 打工, 打电话,
工业聚集区 …) and negated ones set aside ("没有威胁"). ``assess`` is pure (text and facts in, grade out) and serves
the batch CLI; ``assess_case`` adds what only the platform knows: the group flag, the amount, the calendar and the
parties' earlier cases.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from jiefen.core.numerals import NUMERAL_CHARS, arabic_number
from jiefen.core.taxonomy import Risk

# The team's own lexicon, written for this project from the seeds' risk list (threats of violence or self-harm,
# group gathering, petitions to higher levels, vulnerable parties, wage arrears, recurrence): not taken from any
# data set. Edit freely; the colour of a signal is the least the case is graded when the signal is found.
# A signal matches its words, and its ``patterns`` (regular expressions) where words are not enough. One with a
# ``narrated`` colour takes that colour instead when it is only told as past (``told_as_past``, ``fact_narrative``).
# Domestic violence, extreme acts, the narrower petition words, the past-narration rule and the derived signals
# below (injuries, recurring fights, vulnerable parties left without care, claimant headcounts) were added after the
# evaluation rows had been labelled, from an analysis of the rules' misses there: general rules in our own words,
# but chosen on that set, so its risk figures are optimistic since (README, data/eval/RISK-LABELS.md).
# Relatives (and "he"/"she") who beat someone at home, in the domestic-violence patterns.
_FAMILY = "(?:老公|丈夫|老婆|妻子|媳妇|男方|女方|公公|婆婆|公婆|继父|继母|前夫|前妻|男友|男朋友|父亲|母亲|儿子|他|她)"
LEXICON: dict[str, dict] = {
    "violence_threat": {
        "label": "暴力威胁", "colour": Risk.RED,
        "words": ("杀了", "杀人", "砍人", "砍死", "捅死", "弄死", "打死", "同归于尽", "放火", "纵火", "炸药", "炸了",
                  "报复社会", "血债血偿", "持刀", "拿刀", "带刀", "灭门", "要他的命", "要他命"),
    },
    "extreme_act": {
        "label": "极端行为", "colour": Risk.RED,
        "words": ("打砸抢", "打砸", "投毒", "下毒", "拐卖", "贩卖儿童", "绑架", "泼硫酸", "泼汽油"),
        # Done long ago as a court tells it ("1989年因涉嫌拐卖…"): not a present danger.
        "narrated": Risk.YELLOW,
        # Selling a child ("卖了孩子", "把孩子卖掉"), not selling the child's things ("卖了孩子的房子").
        "patterns": (
            r"卖(?:掉|了)?(?:孩子|婴儿|小孩|女儿|儿子)(?!的)",
            r"(?:孩子|婴儿|小孩)[^，。；！？,;!?]{0,3}卖(?:掉|了|给)",
        ),
    },
    "self_harm": {
        "label": "自伤自杀倾向", "colour": Risk.RED,
        "words": ("自杀", "跳楼", "跳河", "跳江", "喝农药", "服毒", "上吊", "割腕", "自焚", "轻生", "寻死", "不想活",
                  "以死相逼", "一死了之", "死给你看"),
        # Told as past (a court's facts, "当年以自杀相逼", "自杀身亡"): tension, not a present danger (see NARRATED).
        "narrated": Risk.YELLOW,
    },
    "domestic_violence": {
        "label": "家庭暴力", "colour": Risk.ORANGE,
        "words": ("家暴", "家庭暴力", "施暴"),
        "patterns": (
            # "打我", "打了我", "打得我", but not a call or a transfer ("打我电话", "打我卡上").
            r"打(?:了|过|得|的)?我(?!的?(?:电话|手机|卡|账|微信|支付宝|银行))",
            # "把我打伤了", "他把我的胳膊打骨折".
            r"把我[^，。；！？,.;!?\s钱款]{0,4}?打(?!的?(?:电话|手机|卡|账|款|钱))",
            # "被他打了", "被老公打断了腿", by a relative or a "he"/"she" (not "被老师打"); the masked compounds (打工,
            # 打电话, …) never reach here.
            rf"被[^，。；！？,.;!?\s被]{{0,4}}?{_FAMILY}[^，。；！？,.;!?\s被钱款]{{0,3}}?打(?!的?(?:电话|手机|卡|账|款|钱))",
            # "丈夫经常打妻子", "男方打女方".
            r"(?:老公|丈夫|老婆|妻子|媳妇|男方|女方|公公|婆婆|公婆|继父|继母|前夫|前妻|男友|男朋友)"
            r"[^，。；！？,.;!?\s]{0,6}?打(?:了|过)?(?:我|她|他|妻子|老婆|丈夫|老公|女方|男方|孩子|儿子|女儿|母亲|父亲|老人)"
            r"(?!的?(?:电话|手机|卡|账))",
            # "殴打" between family members.
            r"(?:老公|丈夫|老婆|妻子|媳妇|男方|女方|公公|婆婆|公婆|继父|继母|前夫|前妻|夫妻|配偶)[^。；！？;!?]{0,12}殴打"
            r"|殴打[^。；！？;!?]{0,6}(?:妻子|老婆|丈夫|老公|母亲|父亲|婆婆|公公|孩子|儿子|女儿|老人)",
        ),
        # Domestic violence named in a court's facts or as over ("曾遭家暴"), not shown to go on: to watch.
        "narrated": Risk.YELLOW,
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
        # Not a bare 去北京 / 到北京 (去北京打工, 收到北京市…) nor one 信访 (a meeting at the petition office is the
        # ordinary channel, once): going over the level, to the capital to petition, or petitioning again and again.
        "words": ("越级", "上访", "进京访", "赴京访", "进京告状", "集体访", "缠访", "闹访", "非访"),
        "patterns": (
            r"(?:多次|反复|屡次|一再|再次|又去|不断|长期|多年)[^，。；！？,;!?]{0,8}信访",
            r"信访[^，。；！？,;!?]{0,4}(?:多次|反复|不断|无数次)",
        ),
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
# Compounds in which a word of the lexicon means something else (打工, 打电话, 工业聚集区): blanked out of the
# text, keeping every position, before any word is looked for.
MASKED = (
    "打工", "打电话", "打官司", "打算", "打扫", "打听", "打款", "打欠条", "打借条", "打收条", "打条子", "打牌",
    "打麻将", "打折", "打车", "打针", "打印", "打卡", "打包", "打开", "打造", "打理", "打交道", "打招呼", "打游戏",
    "打球", "打字", "打钱", "打入", "打给", "打击", "打拼", "打扮", "打消", "打扰", "打赢", "打输", "打分", "打胎",
    "打点", "打发", "打通", "打水", "打饭", "打井", "打桩", "打猎", "打捞", "打火机",
    "聚集区", "工业聚集", "产业聚集",
)
# An occurrence is told as past, for the signals that say how they read then ("narrated"), when the whole text is
# a court's fact narrative (NARRATIVE_MARKERS, and nobody says 我), when a past marker stands before it in its
# clause ("当年", "曾经", not the surname in "曾某"), or when the act is told as done ("自杀身亡").
NARRATIVE_MARKERS = ("审理查明", "本院认定", "本院查明", "查明如下", "原告", "被告")
PAST_BEFORE = re.compile(r"曾(?!某)|当年|那年|早年|生前|多年前")
PAST_AFTER = re.compile(r"^(?:身亡|死亡|去世|离世)")

# Signals that come from facts rather than words; their colours, like the lexicon's, are data.
DERIVED: dict[str, dict] = {
    "domestic_violence_injury": {"label": "家暴致伤", "colour": Risk.RED},
    "many_people": {"label": "人数众多", "colour": Risk.ORANGE},
    "group_case": {"label": "群体性纠纷", "colour": Risk.ORANGE},
    "wage_before_holiday": {"label": "节前欠薪", "colour": Risk.ORANGE},
    "vulnerable_large_sum": {"label": "弱势当事人涉及大额", "colour": Risk.ORANGE},
    "recurring_violence": {"label": "反复肢体冲突", "colour": Risk.ORANGE},
    "vulnerable_deprived": {"label": "弱势当事人失去照料或生活来源", "colour": Risk.ORANGE},
    "repeated_recurrence": {"label": "同一当事人再次纠纷", "colour": Risk.YELLOW},
}
# Domestic violence told as now, with these injuries, is red (severe and recent violence by someone the victim
# lives with). Words and patterns, as in the lexicon.
INJURY_WORDS = ("骨折", "耳膜穿孔", "鼓膜穿孔", "重伤", "住院", "昏迷")
INJURY_PATTERNS = (
    r"肋骨(?:被)?(?:打)?断", r"打断[^，。；！？,;!?]{0,3}(?:腿|胳膊|手|肋骨|鼻梁|牙|骨)",
    r"严重(?:的)?(?:家暴|家庭暴力)", r"缝了?[\d一二三四五六七八九十几]*针", r"(?:住|送)(?:进|到)了?医院",
    r"伤(?:得|势)(?:很|挺|非常|十分)?严重",
)
# Physical conflict that keeps coming back (经常打我, 多次抓扯, 派出所多次出警) is orange: a fight, with a word of
# recurrence within RECURRING_WINDOW characters of it in the same sentence; or the police, repeatedly, in a text
# that tells of a fight.
PHYSICAL_WORDS = ("打架", "抓扯", "厮打", "扭打", "殴打", "互殴", "打骂", "动手", "施暴", "家暴", "家庭暴力", "打人")
POLICE_WORDS = ("派出所", "民警", "报警", "出警", "公安")
RECURRING_WORDS = ("多次", "屡次", "反复", "经常", "常常", "一直", "长期", "每次", "三番五次", "动不动", "屡屡", "总是")
RECURRING_WINDOW = 20
# A vulnerable party left without care, a home or money to live on: one of DEPRIVED_WORDS within DEPRIVED_WINDOW
# characters of a ``vulnerable`` word in the same sentence, or, anywhere in a text with a vulnerable party, the
# money for their care stopped (DEPRIVED_PATTERNS: a court names the party by name, not by a word of the lexicon).
# A support payment refused (不给赡养费) is the ordinary support dispute, yellow.
DEPRIVED_WORDS = (
    "无人照顾", "无人照料", "无人护理", "无人看护", "无人赡养", "没人管", "没人照顾", "不管不顾", "弃之不顾", "遗弃",
    "赶出家门", "赶了出来", "无家可归", "流落街头", "生活无着", "无以为生", "断了生活费", "不给饭吃", "挨饿",
)
DEPRIVED_PATTERNS = (
    r"(?:停止|停|断了)(?:支付|给付|付|给)?[^，。；！？,;!?]{0,8}(?:护理费|护工费|陪护费|护工)",
)
DEPRIVED_WINDOW = 30
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
# Headcounts: a number (digits, a Chinese numeral, or 几十 / 上百 …), a classifier, and who they are. People on the
# claimant side of a dispute count (CLAIMANTS, "三十多名农民工", "12户村民"); a bare "N人" counts only with such a
# word just before it ("农民工二十六人", "村民等30余人") or in a text about unpaid wages, so that shareholders,
# students or doctors counted in a court's facts do not. A count glued to its noun without a classifier
# ("孙1413家属", an anonymised name) is not a headcount.
CLAIMANTS = ("农民工", "民工", "工人", "员工", "职工", "工友", "村民", "农户", "业主", "住户", "家属", "居民", "群众",
             "购房户", "拆迁户")
VAGUE_MANY = ("几十", "数十", "十几", "上百", "数百", "几百", "上千", "数千")
CLAIMANT_BEFORE = 12  # characters before a bare "N人" in which a claimant word makes it a headcount
_PEOPLE = re.compile(
    rf"({'|'.join(VAGUE_MANY)}|\d+|[{NUMERAL_CHARS}]+)(多|余)?(名|位|个|户|家)?"
    rf"({'|'.join(sorted(CLAIMANTS, key=len, reverse=True))}|人)"
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


def _compile(words=(), patterns=()) -> re.Pattern:
    return re.compile("|".join([*(re.escape(w) for w in sorted(words, key=len, reverse=True)), *patterns]))


_MASK = _compile(MASKED)
_MATCHERS = {name: _compile(entry["words"], entry.get("patterns", ())) for name, entry in LEXICON.items()}
_INJURY = _compile(INJURY_WORDS, INJURY_PATTERNS)
_PHYSICAL = _compile(PHYSICAL_WORDS)
_POLICE = _compile(POLICE_WORDS)
_RECURRING = _compile(RECURRING_WORDS)
_DEPRIVED = _compile(DEPRIVED_WORDS)
_CARE_STOPPED = _compile(patterns=DEPRIVED_PATTERNS)
_SENTENCE_END = re.compile(r"[。；！？;!?\n]")


def masked(text: str) -> str:
    """``text`` with the compounds of ``MASKED`` blanked out (same length, so positions stay)."""
    return _MASK.sub(lambda m: "#" * len(m.group()), text)


def fact_narrative(text: str) -> bool:
    """Whether ``text`` reads as a court's fact section (told after the fact) rather than a party speaking now."""
    return "我" not in text and any(marker in text for marker in NARRATIVE_MARKERS)


def told_as_past(text: str, start: int, end: int) -> bool:
    """Whether the occurrence ``text[start:end]`` is told as past: a past marker before it in its clause, or an
    ending after it ("自杀身亡")."""
    clause_start = 0
    for match in _CLAUSE_END.finditer(text, 0, start):
        clause_start = match.end()
    return bool(PAST_BEFORE.search(text, clause_start, start) or PAST_AFTER.match(text[end:end + 2]))


def _found(matcher: re.Pattern, text: str) -> tuple[list[re.Match], list[str]]:
    """The occurrences of ``matcher`` in ``text`` that are not negated, and the words found only negated."""
    kept, negated_words = [], []
    for match in matcher.finditer(text):
        (negated_words if negated(text, match.start()) else kept).append(match)
    kept_words = {m.group() for m in kept}
    return kept, list(dict.fromkeys(w for w in (m.group() for m in negated_words) if w not in kept_words))


def _distinct(words) -> tuple[str, ...]:
    """The words in order of appearance, each once, leaving out one contained in a longer one already kept."""
    out: list[str] = []
    for word in dict.fromkeys(words):
        if not any(word in other for other in out):
            out = [other for other in out if other not in word] + [word]
    return tuple(out)


def text_signals(text: str) -> tuple[list[Signal], list[str]]:
    """The lexicon's signals found in ``text`` (a word counts if one of its occurrences is not negated), and the
    words found only in negated form. A signal with a ``narrated`` colour takes that colour, and says so in its
    label, when every occurrence of it is told as past (a court's facts, "当年…", "…身亡")."""
    text = masked(text)
    narrative = fact_narrative(text)
    signals, negated_words = [], []
    for name, entry in LEXICON.items():
        kept, negated_here = _found(_MATCHERS[name], text)
        negated_words += negated_here
        if not kept:
            continue
        label, colour = entry["label"], entry["colour"]
        if "narrated" in entry and (narrative or all(told_as_past(text, m.start(), m.end()) for m in kept)):
            label, colour = f"{label}（既往叙述）", entry["narrated"]
        signals.append(Signal(name, label, colour, _distinct(m.group() for m in kept)))
    return signals, negated_words


def people_named(text: str) -> list[str]:
    """Mentions of ``MANY_PEOPLE`` or more people on the claimant side ("三十多名工人", "12户村民", "农民工二十六人";
    with unpaid wages in the text, any "二十六人")."""
    text = masked(text)
    wages = _MATCHERS["wage_arrears"].search(text) is not None
    mentions = []
    for match in _PEOPLE.finditer(text):
        number, more, classifier, who = match.groups()
        if who == "人":
            if not wages and not any(
                word in text[max(0, match.start() - CLAIMANT_BEFORE):match.start()] for word in CLAIMANTS
            ):
                continue
        elif not (more or classifier):
            continue
        if number not in VAGUE_MANY and arabic_number(number) < MANY_PEOPLE:
            continue
        mentions.append(match.group(0))
    return list(dict.fromkeys(mentions))


def _near(pattern: re.Pattern, text: str, start: int, end: int, window: int = RECURRING_WINDOW) -> re.Match | None:
    """The first match of ``pattern`` within ``window`` characters of ``text[start:end]``, in the same sentence."""
    left = max(0, start - window)
    for match in _SENTENCE_END.finditer(text, left, start):
        left = match.end()
    right = min(len(text), end + window)
    stop = _SENTENCE_END.search(text, end, right)
    return pattern.search(text, left, stop.start() if stop else right)


def recurring_violence(text: str) -> list[str]:
    """Words of a physical conflict said to recur ("经常打我", "多次抓扯", "派出所多次"), as "fight…recurrence"."""
    text = masked(text)
    fights, _ = _found(_PHYSICAL, text)
    fights += _found(_MATCHERS["domestic_violence"], text)[0]
    if not fights:
        return []
    found = []
    for match in [*fights, *_found(_POLICE, text)[0]]:
        again = _near(_RECURRING, text, match.start(), match.end())
        if again and not negated(text, again.start()):
            found.append(f"{match.group()}…{again.group()}" if again.start() > match.start()
                         else f"{again.group()}…{match.group()}")
    return list(dict.fromkeys(found))


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
    plain = masked(text)
    signals, negated_words = text_signals(plain)
    found = {signal.name: signal for signal in signals}
    names = set(found)
    violence = found.get("domestic_violence")
    if violence is not None and violence.colour == LEXICON["domestic_violence"]["colour"]:  # told as now
        injuries, _ = _found(_INJURY, plain)
        if injuries:
            signals.append(_derived("domestic_violence_injury", _distinct(m.group() for m in injuries)))
    recurring = recurring_violence(plain)
    if recurring:
        signals.append(_derived("recurring_violence", recurring))
    if "vulnerable" in names:
        deprived = [
            m for m in _found(_DEPRIVED, plain)[0]
            if _near(_MATCHERS["vulnerable"], plain, m.start(), m.end(), DEPRIVED_WINDOW)
        ] + _found(_CARE_STOPPED, plain)[0]
        if deprived:
            signals.append(_derived("vulnerable_deprived", _distinct(m.group() for m in deprived)))
    crowd = people_named(plain)
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
