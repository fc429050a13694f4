"""The formal written notice to a respondent who has not answered (书面通知), to print and serve: DOCX in the house
style of ``jiefen.documents.docx_style``."""

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from jiefen.cases.models import Party
from jiefen.documents.docx_style import (
    chinese_date,
    labelled,
    paragraph,
    run,
    set_up_normal_style,
    set_up_page,
    title,
    to_bytes,
)

TITLE = "书面通知"


def written_notice_lines(case) -> list[str]:
    applicants = "、".join(p.name for p in case.parties.all() if p.role == Party.Role.APPLICANT)
    mediator = case.mediator.name if case.mediator_id else ""
    return [
        f"申请人{applicants}与你方之间的{case.get_category_display()}纠纷（案件编号：{case.number}），已由"
        f"{case.handling_org.name}受理调解。",
        "本机构已通过短信、电话等方式与你方联系，至今未获回复。",
        f"请你方自收到本通知之日起五个工作日内，与调解员{mediator}联系，或登录平台查看案件材料，"
        "告知是否同意参加调解。",
        "人民调解遵循自愿原则（《中华人民共和国人民调解法》第三条）。逾期未回复的，视为不同意调解，"
        "本机构将终止调解，并告知申请人通过诉讼、仲裁等途径解决，同时出具无争议事实记载。",
    ]


def written_notice_docx(case) -> bytes:
    doc = Document()
    set_up_page(doc)
    set_up_normal_style(doc)
    doc.core_properties.title = f"{TITLE}（{case.number}）"
    doc.core_properties.author = case.handling_org.name
    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False), case.handling_org.name)
    title(doc, TITLE)
    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False), f"案件编号：{case.number}")
    for party in case.parties.all():
        if party.role == Party.Role.RESPONDENT:
            labelled(doc, "被申请人：", party.name)
    for line in written_notice_lines(case):
        paragraph(doc, line)
    paragraph(doc, f"{case.handling_org.name}（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, chinese_date(timezone.localdate()), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, "送达回证：被送达人签收＿＿＿＿　送达人＿＿＿＿　日期＿＿＿＿", indent=False)
    return to_bytes(doc)
