"""The formal written notice to a respondent who has not answered (书面通知), to print and serve: PDF (WeasyPrint,
A4 and the CJK fonts embedded, like the one-time notice and the guidance) and DOCX in the house style of
``jiefen.documents.docx_style``, both from one ``written_notice_content``."""

from dataclasses import dataclass

from django.template.loader import render_to_string
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
RECEIPT = "送达回证：被送达人签收＿＿＿＿　送达人＿＿＿＿　日期＿＿＿＿"


@dataclass(frozen=True)
class WrittenNotice:
    number: str
    organisation: str
    respondents: list[str]
    lines: list[str]
    issued_on: str
    receipt: str = RECEIPT
    title: str = TITLE


def written_notice_filename(case, extension: str) -> str:
    return f"{TITLE}-{case.number}.{extension}"


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


def written_notice_content(case) -> WrittenNotice:
    return WrittenNotice(
        number=case.number,
        organisation=case.handling_org.name,
        respondents=[p.name for p in case.parties.all() if p.role == Party.Role.RESPONDENT],
        lines=written_notice_lines(case),
        issued_on=chinese_date(timezone.localdate()),
    )


def written_notice_pdf(case) -> bytes:
    from weasyprint import HTML  # imported on first use: it takes most of a second

    html = render_to_string("respondent/written_notice.html", {"notice": written_notice_content(case)})
    return HTML(string=html).write_pdf()


def written_notice_docx(case) -> bytes:
    notice = written_notice_content(case)
    doc = Document()
    set_up_page(doc)
    set_up_normal_style(doc)
    doc.core_properties.title = f"{notice.title}（{notice.number}）"
    doc.core_properties.author = notice.organisation
    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False), notice.organisation)
    title(doc, notice.title)
    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False), f"案件编号：{notice.number}")
    for name in notice.respondents:
        labelled(doc, "被申请人：", name)
    for line in notice.lines:
        paragraph(doc, line)
    paragraph(doc, f"{notice.organisation}（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, notice.issued_on, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, notice.receipt, indent=False)
    return to_bytes(doc)
