"""The mediation agreement (人民调解协议书) as an editable DOCX, built from a case and its agreement.

Layout after the Ministry of Justice model form: title, number, the parties, the matters of art. 29 of the
People's Mediation Law (facts and matters in dispute, agreed terms, manner and time limit of performance),
the standard clauses (copies, effect under art. 29 and 31, judicial confirmation under art. 33) and the
signature block. Page set-up and fonts: the house style of ``docx_style`` (GB/T 9704: A4, 仿宋 body, 黑体 title).
"""

import datetime
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from jiefen.cases.models import Party
from jiefen.core.numerals import chinese_number
from jiefen.core.text import lines
from jiefen.documents.docx_style import (
    SIGN_LINE,
    chinese_date,
    labelled,
    numbered,
    paragraph,
    run,
    section,
    set_up_normal_style,
    set_up_page,
    title,
    to_bytes,
)

ROLE_LABEL = {Party.Role.APPLICANT: "申请人", Party.Role.RESPONDENT: "被申请人"}

__all__ = ["ROLE_LABEL", "agreement_docx", "agreement_filename", "chinese_date", "id_gender_and_birth", "party_details"]


def agreement_filename(case) -> str:
    return f"调解协议书-{case.number}.docx"


def agreement_docx(case) -> bytes:
    """The case's latest mediation agreement as DOCX bytes; the case must have an agreement."""
    agreement = case.current_agreement()
    if agreement is None:
        raise ValueError(f"案件 {case.number} 尚未达成调解协议，无法生成调解协议书。")
    parties = sorted(case.parties.all(), key=lambda p: (p.role != Party.Role.APPLICANT, p.pk))

    doc = Document()
    set_up_page(doc)
    set_up_normal_style(doc)
    doc.core_properties.title = f"人民调解协议书（{case.number}）"
    doc.core_properties.author = agreement.organisation_name

    title(doc, "人民调解协议书")
    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False), f"编号：{case.number}")

    for party in parties:
        labelled(doc, f"{ROLE_LABEL.get(party.role, '当事人')}：", party_details(party))

    section(doc, "纠纷主要事实、争议事项：", lines(agreement.facts))
    section(doc, "经调解，自愿达成如下协议：", numbered(lines(agreement.terms)))
    section(doc, "履行方式、时限：", lines(agreement.performance))

    paragraph(doc, f"本协议一式{chinese_number(len(parties) + 1)}份，当事人各执一份，人民调解委员会留存一份。")
    paragraph(
        doc,
        "本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效"
        "（《中华人民共和国人民调解法》第二十九条）。经人民调解委员会调解达成的调解协议，具有法律约束力，"
        "当事人应当按照约定履行（第三十一条）。",
    )
    paragraph(
        doc,
        "双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认；人民法院依法确认"
        "调解协议有效，一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请强制执行"
        "（《中华人民共和国人民调解法》第三十三条）。",
    )

    paragraph(doc, "", indent=False)
    for party in parties:
        labelled(doc, f"{ROLE_LABEL.get(party.role, '当事人')}（签名、盖章或按指印）：", f"{party.name}　{SIGN_LINE}")
    labelled(doc, "人民调解员（签名）：", f"{agreement.mediator_name}　{SIGN_LINE}")
    labelled(doc, "调解组织（盖章）：", agreement.organisation_name)
    paragraph(doc, chinese_date(agreement.signed_on), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)

    return to_bytes(doc)


def party_details(party) -> str:
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
