"""The mediation agreement (人民调解协议书) as an editable DOCX, built from a case and its agreement.

Layout after the Ministry of Justice model form: title, number, the parties, the matters of art. 29 of the
People's Mediation Law (facts and matters in dispute, agreed terms, manner and time limit of performance),
the standard clauses (copies, effect under art. 29 and 31, judicial confirmation under art. 33) and the
signature block. Page set-up follows 公文 practice (GB/T 9704): A4, 仿宋 body, 黑体 title.
"""

import datetime
import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from jiefen.cases.models import Party

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(14)  # 四号
LINE_SPACING = Pt(26)
SIGN_LINE = "_" * 16

ROLE_LABEL = {Party.Role.APPLICANT: "申请人", Party.Role.RESPONDENT: "被申请人"}
DIGITS = "零一二三四五六七八九"
_LEADING_NUMBER = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[、.．)）]\s*")


def agreement_filename(case) -> str:
    return f"调解协议书-{case.number}.docx"


def agreement_docx(case) -> bytes:
    """The case's latest mediation agreement as DOCX bytes; the case must have an agreement."""
    agreement = case.current_agreement()
    if agreement is None:
        raise ValueError(f"案件 {case.number} 尚未达成调解协议，无法生成调解协议书。")
    parties = sorted(case.parties.all(), key=lambda p: (p.role != Party.Role.APPLICANT, p.pk))

    doc = Document()
    _set_up_page(doc)
    _set_up_normal_style(doc)
    doc.core_properties.title = f"人民调解协议书（{case.number}）"
    doc.core_properties.author = agreement.organisation_name

    title = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _run(title, "人民调解协议书", HEADING_FONT, TITLE_SIZE)
    title.paragraph_format.line_spacing = Pt(TITLE_SIZE.pt * 1.6)
    title.paragraph_format.space_after = Pt(12)
    _run(_paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False), f"编号：{case.number}")

    for party in parties:
        _labelled(doc, f"{ROLE_LABEL.get(party.role, '当事人')}：", _party_details(party))

    _section(doc, "纠纷主要事实、争议事项：", _lines(agreement.facts))
    _section(doc, "经调解，自愿达成如下协议：", _numbered(_lines(agreement.terms)))
    _section(doc, "履行方式、时限：", _lines(agreement.performance))

    _paragraph(doc, f"本协议一式{_chinese_number(len(parties) + 1)}份，当事人各执一份，人民调解委员会留存一份。")
    _paragraph(
        doc,
        "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效"
        "（《中华人民共和国人民调解法》第二十九条）。经人民调解委员会调解达成的调解协议，具有法律约束力，"
        "当事人应当按照约定履行（第三十一条）。",
    )
    _paragraph(
        doc,
        "双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认；人民法院依法确认"
        "调解协议有效，一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请强制执行"
        "（《中华人民共和国人民调解法》第三十三条）。",
    )

    _paragraph(doc, "", indent=False)
    for party in parties:
        _labelled(doc, f"{ROLE_LABEL.get(party.role, '当事人')}（签名、盖章或按指印）：", f"{party.name}　{SIGN_LINE}")
    _labelled(doc, "人民调解员（签名）：", f"{agreement.mediator_name}　{SIGN_LINE}")
    _labelled(doc, "调解组织（盖章）：", agreement.organisation_name)
    _paragraph(doc, chinese_date(agreement.signed_on), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# Content


def _party_details(party) -> str:
    if party.kind == Party.Kind.ORGANISATION:
        fields = [("名称", party.name), ("统一社会信用代码", party.id_number), ("住所", party.address)]
    else:
        gender, birth = id_gender_and_birth(party.id_number)
        fields = [
            ("姓名", party.name),
            ("性别", gender),
            ("出生日期", chinese_date(birth) if birth else ""),
            ("身份证号码", party.id_number),
            ("住址", party.address),
        ]
    fields.append(("联系电话", party.phone))
    return "，".join(f"{label}：{value}" for label, value in fields if value) + "。"


def id_gender_and_birth(id_number: str) -> tuple[str, datetime.date | None]:
    """Gender (digit 17: odd 男, even 女) and birth date (digits 7–14) from an 18-digit resident ID."""
    value = (id_number or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return "", None
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        birth = None
    return ("男" if int(value[16]) % 2 else "女"), birth


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _chinese_number(n: int) -> str:
    """1–99 in Chinese numerals (三, 十二, 二十)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return DIGITS[ones]
    return f"{DIGITS[tens] if tens > 1 else ''}十{DIGITS[ones] if ones else ''}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _numbered(lines: list[str]) -> list[str]:
    """Several terms become 一、二、三、…, replacing any numbering the mediator typed."""
    if len(lines) < 2:
        return lines
    return [f"{_chinese_number(i)}、{_LEADING_NUMBER.sub('', line)}" for i, line in enumerate(lines, 1)]


# Layout


def _set_up_page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _set_up_normal_style(doc) -> None:
    style = doc.styles["Normal"]
    style.font.size = BODY_SIZE
    _set_font(style.element.get_or_add_rPr(), BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    style.element.get_or_add_rPr().append(lang)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING


def _set_font(rpr, name: str) -> None:
    """Set every script's font: ``font.name`` alone leaves Chinese text in the theme's east-Asian font."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _run(paragraph, text: str, font: str | None = None, size=None):
    run = paragraph.add_run(text)
    if font:
        _set_font(run._element.get_or_add_rPr(), font)
    if size:
        run.font.size = size
    return run


def _paragraph(doc, text: str = "", align=None, indent: bool = True):
    paragraph = doc.add_paragraph()
    if text:
        _run(paragraph, text)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE.pt * 2)
    return paragraph


def _labelled(doc, label: str, value: str):
    """One line of a label in 黑体 followed by its value in the body font."""
    paragraph = _paragraph(doc, indent=False)
    _run(paragraph, label, HEADING_FONT)
    _run(paragraph, value)
    return paragraph


def _section(doc, heading: str, lines: list[str]) -> None:
    _run(_paragraph(doc, indent=False), heading, HEADING_FONT)
    for line in lines:
        _paragraph(doc, line)
