"""The house style of jiefen's DOCX documents, shared by every document built with python-docx.

Page set-up after 公文 practice (GB/T 9704): A4, 仿宋 body, 黑体 headings. python-docx's ``font.name`` sets only
the Latin fonts; every helper here sets the east-Asian font as well, or Chinese text would fall back to the
theme's font.
"""

import datetime
import io
import re

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from jiefen.core.numerals import chinese_number

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(14)  # 四号
LINE_SPACING = Pt(26)
SIGN_LINE = "_" * 16

_LEADING_NUMBER = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[、.．)）]\s*")


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def numbered(items: list[str]) -> list[str]:
    """Several entries become 一、二、三、…, replacing any numbering typed into them."""
    if len(items) < 2:
        return items
    return [f"{chinese_number(i)}、{_LEADING_NUMBER.sub('', line)}" for i, line in enumerate(items, 1)]


# Layout


def set_up_page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def set_up_normal_style(doc, size=BODY_SIZE, line_spacing=LINE_SPACING) -> None:
    style = doc.styles["Normal"]
    style.font.size = size
    set_font(style.element.get_or_add_rPr(), BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    style.element.get_or_add_rPr().append(lang)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line_spacing


def set_font(rpr, name: str) -> None:
    """Set every script's font: ``font.name`` alone leaves Chinese text in the theme's east-Asian font."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def run(paragraph, text: str, font: str | None = None, size=None, bold: bool = False):
    added = paragraph.add_run(text)
    if font:
        set_font(added._element.get_or_add_rPr(), font)
    if size:
        added.font.size = size
    if bold:
        added.bold = True
    return added


def paragraph(doc, text: str = "", align=None, indent: bool = True, size=BODY_SIZE):
    """A body paragraph; ``indent`` gives it the two-character first-line indent of Chinese prose."""
    added = doc.add_paragraph()
    if text:
        run(added, text)
    if align is not None:
        added.alignment = align
    if indent:
        added.paragraph_format.first_line_indent = Pt(size.pt * 2)
    return added


def title(doc, text: str):
    added = paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    run(added, text, HEADING_FONT, TITLE_SIZE)
    added.paragraph_format.line_spacing = Pt(TITLE_SIZE.pt * 1.6)
    added.paragraph_format.space_after = Pt(12)
    return added


def labelled(doc, label: str, value: str):
    """One line of a label in 黑体 followed by its value in the body font."""
    added = paragraph(doc, indent=False)
    run(added, label, HEADING_FONT)
    run(added, value)
    return added


def section(doc, heading: str, entries: list[str]) -> None:
    run(paragraph(doc, indent=False), heading, HEADING_FONT)
    for entry in entries:
        paragraph(doc, entry)


def page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
