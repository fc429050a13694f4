"""The one-time notice (一次性告知书) of a case, as PDF (WeasyPrint, fonts embedded) and as editable DOCX.

One function, ``notice_content``, decides what the notice says: the case number and parties, the ways open to
the dispute (the service catalogue's items for its category, every item while it has none), the parties'
rights and duties, the materials to bring, the limits that apply (the case's own deadline and its basis,
judicial confirmation, limitation) and a receipt for each party to sign. ``notice_pdf`` and ``notice_docx``
only lay that content out. Official documents are written in Chinese whatever the reader's language, like the
mediation agreement.
"""

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from jiefen.cases.models import Party
from jiefen.core.numerals import chinese_number
from jiefen.core.taxonomy import Category
from jiefen.documents.docx_style import (
    HEADING_FONT,
    SIGN_LINE,
    chinese_date,
    labelled,
    page_break,
    paragraph,
    run,
    set_up_normal_style,
    set_up_page,
    title,
    to_bytes,
)
from jiefen.knowledge import laws
from jiefen.knowledge.catalogue import services_for
from jiefen.knowledge.rights import GENERAL_LIMITS, PARTY_DUTIES, PARTY_RIGHTS, Provision

TITLE = "一次性告知书"
ROLE_LABEL = {Party.Role.APPLICANT: "申请人", Party.Role.RESPONDENT: "被申请人"}

# Whatever the way chosen, a party brings these; each option adds its own.
COMMON_MATERIALS = (
    "当事人身份证明：居民身份证（或者户口簿、护照等）；单位当事人提供营业执照等主体资格证明和法定代表人（负责人）身份证明。",
    "与纠纷有关的证据材料的原件和复印件：合同、借条、收据、票据、照片、视频、聊天记录、证人的姓名和联系方式等。",
    "委托他人代为办理的，提交授权委托书和受托人的身份证明。",
)

RECEIPT_CHOICE = "□ 同意调解　□ 不同意调解　□ 选择其他途径：__________"
BODY_SIZE = Pt(12)  # 小四: the notice is longer than the agreement
LINE_SPACING = Pt(22)


@dataclass(frozen=True)
class NoticeParty:
    role: str
    name: str


@dataclass(frozen=True)
class NoticeOption:
    label: str  # （一）人民调解
    name: str
    summary: str
    handler: str
    levels: str
    conditions: list[str]
    time_limits: list[str]
    materials: list[str]
    cost: str
    basis: str


@dataclass(frozen=True)
class Notice:
    number: str
    organisation: str
    contact: str
    parties: list[NoticeParty]
    addressees: str
    opening: str
    options_intro: str
    options: list[NoticeOption]
    rights: list[str]
    duties: list[str]
    materials: list[tuple[str, list[str]]]  # (heading, entries): what every way needs, then each option's own
    limits: list[str]
    closing: str
    issued_on: str
    appendix: list[laws.Article] = field(default_factory=list)
    title: str = TITLE
    signatories: list[NoticeParty] | None = None  # who signs the receipt; None: every party listed

    @property
    def receipt_parties(self) -> list[NoticeParty]:
        return self.parties if self.signatories is None else self.signatories

    @property
    def sections(self) -> list[str]:
        return ["一、可以选择的化解途径", "二、当事人的权利和义务", "三、需要准备的材料", "四、应当注意的期限"]


def notice_filename(case, extension: str, *, all_claimants: bool = False) -> str:
    return f"{TITLE}-{case.number}{'-全体申请人' if all_claimants else ''}.{extension}"


def notice_content(case, *, today: datetime.date | None = None, addressee: Party | None = None) -> Notice:
    """Everything the notice says about ``case``, in display form (citations written out), in Chinese.

    ``addressee``, one claimant of a group dispute, gets a notice of their own: addressed to them, listing them
    (with the respondents) and signed for by them alone.
    """
    with translation.override("zh-hans"):
        return _content(case, today, addressee)


def _listed_parties(case, addressee) -> tuple[list[Party], dict[str, str]]:
    """The parties the notice lists, and each role's names as the opening says them. A group dispute lists its
    representative (or the addressee) and counts the other claimants instead of naming hundreds of them."""
    parties = sorted(case.parties.all(), key=lambda p: (p.role != Party.Role.APPLICANT, not p.is_representative, p.pk))
    names = {role: "、".join(p.name for p in parties if p.role == role) for role in ROLE_LABEL}
    if case.is_group:
        applicants = [p for p in parties if p.role == Party.Role.APPLICANT]
        names[Party.Role.APPLICANT] = f"{applicants[0].name}等{len(applicants)}人"
        shown = addressee or applicants[0]
        parties = [shown] + [p for p in parties if p.role != Party.Role.APPLICANT]
    return parties, names


def _content(case, today, addressee=None) -> Notice:
    today = today or timezone.localdate()
    parties, names = _listed_parties(case, addressee)
    between = "与".join(f"{ROLE_LABEL[role]}{who}" for role, who in names.items() if who) or "当事人"
    organisation = case.handling_org
    registered_on = chinese_date(timezone.localdate(case.registered_at))

    if case.category:
        options_intro = f"根据登记的纠纷类型（{Category(case.category).label}），你们可以选择以下途径："
    else:
        options_intro = "本纠纷尚未确定类型，现将各类化解途径一并告知，你们可以根据实际情况选择："
    options = [_option(n, item) for n, item in enumerate(services_for(case), 1)]

    limits = []
    if case.deadline:
        basis = f"（依据：{laws.humanise(case.deadline_basis)}）" if case.deadline_basis else ""
        limits.append(f"本纠纷的办理期限至{chinese_date(case.deadline)}{basis}。")
    else:
        limits.append("本纠纷尚未确定办理期限：分派承办组织和调解员时，依照有关规定确定办理期限，当事人可以随时向承办人员查询。")
    limits += [_provision(provision) for provision in GENERAL_LIMITS]

    cited = [laws.parse_citation(value) for provision in PARTY_RIGHTS + PARTY_DUTIES + GENERAL_LIMITS
             for value in provision.basis]
    cited += laws.find_citations(case.deadline_basis)
    order = {citation: n for n, citation in enumerate(laws.shipped_articles())}
    appendix = [laws.article(citation) for citation in sorted(set(cited) & set(order), key=order.get)]

    contact = "；".join(
        part for part in (
            f"告知机构：{organisation.name}",
            f"地址：{organisation.address}" if organisation.address else "",
            f"电话：{organisation.phone}" if organisation.phone else "",
        ) if part
    ) + "。"
    return Notice(
        number=case.number,
        organisation=organisation.name,
        contact=contact,
        parties=[NoticeParty(ROLE_LABEL.get(p.role, "当事人"), p.name) for p in parties],
        addressees=addressee.name if addressee else "、".join(p.name for p in parties),
        signatories=[NoticeParty(ROLE_LABEL[addressee.role], addressee.name)] if addressee else None,
        opening=(
            f"{between}之间的纠纷（{case.summary}），已于{registered_on}由{organisation.name}登记，编号{case.number}。"
            "为便于你们选择合适的化解途径、依法维护自身权益，现将可以选择的化解途径、当事人的权利和义务、"
            "需要准备的材料和应当注意的期限一次性告知如下："
        ),
        options_intro=options_intro,
        options=options,
        rights=[_provision(provision) for provision in PARTY_RIGHTS],
        duties=[_provision(provision) for provision in PARTY_DUTIES],
        materials=[("（一）各类途径都需要的材料", list(COMMON_MATERIALS))] + [
            (f"（{chinese_number(n)}）选择{option.name}的，另需", option.materials)
            for n, option in enumerate((option for option in options if option.materials), 2)
        ],
        limits=limits,
        closing=(
            "以上事项如有不明，请向承办人员咨询，或者拨打12348公共法律服务热线。请在回执上签名或者按指印，"
            "确认已收到本告知书，并写明是否同意调解。"
        ),
        issued_on=chinese_date(today),
        appendix=appendix,
    )


def _provision(provision: Provision) -> str:
    return with_basis(provision.text, laws.cite_all(provision.basis))


def with_basis(text: str, basis: str) -> str:
    """The citation in brackets before the closing full stop, as legal writing has it: ……（《民法典》第十条）。"""
    text = laws.humanise(text)
    return f"{text[:-1]}（{basis}）。" if text.endswith("。") else f"{text}（{basis}）"


def _option(n: int, item) -> NoticeOption:
    return NoticeOption(
        label=f"（{chinese_number(n)}）{item.name}",
        name=item.name,
        summary=laws.humanise(item.summary),
        handler=laws.humanise(item.handler),
        levels="、".join(item.level_labels),
        conditions=[laws.humanise(line) for line in item.conditions],
        time_limits=[with_basis(limit["text"], laws.cite(limit["basis"])) for limit in item.time_limits],
        materials=[laws.humanise(line) for line in item.materials],
        cost=laws.humanise(item.cost),
        basis=item.basis_text,
    )


# PDF


def notice_html(case, addressee: Party | None = None) -> str:
    return render_to_string("documents/notice.html", {"notice": notice_content(case, addressee=addressee)})


def notice_pdf(case) -> bytes:
    """The notice as PDF bytes: A4, Chinese fonts embedded (fonts-noto-cjk), page numbers in the footer."""
    from weasyprint import HTML  # imported on first use: it takes most of a second

    return HTML(string=notice_html(case)).write_pdf()


# Laying out one notice takes up to two seconds: a batch must render well inside the server's 30-second timeout.
NOTICE_BATCH = 10


def notice_batches(count: int) -> list[tuple[int, int, int]]:
    """(batch number, first, last claimant) for printing ``count`` claimants' notices ``NOTICE_BATCH`` at a time."""
    starts = range(0, count, NOTICE_BATCH)
    return [(n, first + 1, min(first + NOTICE_BATCH, count)) for n, first in enumerate(starts, 1)]


def group_notices_pdf(case, claimants: list[Party]) -> bytes:
    """One PDF holding the notice of each of ``claimants`` (of a group dispute), each starting on a new page and
    numbered from its own first page, so that the pile can be handed out as printed. Each notice is laid out on
    its own (about two seconds for its dozen pages): large groups are printed in batches."""
    from weasyprint import HTML

    documents = [HTML(string=notice_html(case, claimant)).render() for claimant in claimants]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


# DOCX


def notice_docx(case) -> bytes:
    """The same notice as an editable DOCX in the house style (仿宋 body, 黑体 headings, A4)."""
    notice = notice_content(case)
    doc = Document()
    set_up_page(doc)
    set_up_normal_style(doc, size=BODY_SIZE, line_spacing=LINE_SPACING)
    doc.core_properties.title = f"{notice.title}（{notice.number}）"
    doc.core_properties.author = notice.organisation

    def body(text: str):
        return paragraph(doc, text, size=BODY_SIZE)

    def heading(text: str):
        run(paragraph(doc, indent=False, size=BODY_SIZE), text, HEADING_FONT)

    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=BODY_SIZE), notice.organisation)
    title(doc, notice.title)
    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, size=BODY_SIZE), f"编号：{notice.number}")
    for party in notice.parties:
        labelled(doc, f"{party.role}：", party.name)
    paragraph(doc, f"{notice.addressees}：", indent=False, size=BODY_SIZE)
    body(notice.opening)

    first, second, third, fourth = notice.sections
    heading(first)
    body(notice.options_intro)
    for option in notice.options:
        run(paragraph(doc, indent=False, size=BODY_SIZE), option.label, HEADING_FONT)
        body(option.summary)
        _rows(doc, [
            ("办理机构", f"{option.handler}（{option.levels}）"),
            ("适用条件", "\n".join(option.conditions) or "—"),
            ("办理期限", "\n".join(option.time_limits) or "—"),
            ("费用", option.cost),
            ("法律依据", option.basis),
        ])

    heading(second)
    body("（一）当事人的权利")
    for n, text in enumerate(notice.rights, 1):
        body(f"{n}. {text}")
    body("（二）当事人的义务")
    for n, text in enumerate(notice.duties, 1):
        body(f"{n}. {text}")

    heading(third)
    for group, entries in notice.materials:
        body(group)
        for n, text in enumerate(entries, 1):
            body(f"{n}. {text}")

    heading(fourth)
    for n, text in enumerate(notice.limits, 1):
        body(f"{n}. {text}")
    body(notice.closing)
    paragraph(doc, notice.contact, indent=False, size=BODY_SIZE)
    paragraph(doc, f"{notice.organisation}（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, size=BODY_SIZE)
    paragraph(doc, notice.issued_on, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, size=BODY_SIZE)

    if notice.appendix:
        page_break(doc)
        heading("附：本告知书引用的法律条文")
        for article in notice.appendix:
            run(paragraph(doc, indent=False, size=BODY_SIZE), f"《{article.law}》{article.label}", HEADING_FONT)
            for text in article.paragraphs:
                body(text)

    page_break(doc)
    title(doc, "回　执")
    body(f"{notice.organisation}：")
    body(
        f"本人已收到编号为{notice.number}的《{notice.title}》，对其中告知的化解途径、当事人的权利和义务、"
        "需要准备的材料和应当注意的期限已经知悉。"
    )
    body(RECEIPT_CHOICE)
    for party in notice.receipt_parties:
        paragraph(doc, "", indent=False, size=BODY_SIZE)
        labelled(doc, f"{party.role}（签名或按指印）：", f"{party.name}　{SIGN_LINE}")
        labelled(doc, "日期：", "______年____月____日")
    paragraph(doc, "", indent=False, size=BODY_SIZE)
    labelled(doc, "告知人（签名）：", SIGN_LINE)
    return to_bytes(doc)


def _rows(doc, rows: list[tuple[str, str]]) -> None:
    """A two-column table of label and text, the labels in 黑体."""
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, text in rows:
        cells = table.add_row().cells
        run(cells[0].paragraphs[0], label, HEADING_FONT)
        cells[0].width = Pt(72)
        lines = text.split("\n")
        run(cells[1].paragraphs[0], lines[0])
        for line in lines[1:]:
            run(cells[1].add_paragraph(), line)
        cells[1].width = Pt(360)
    paragraph(doc, "", indent=False, size=BODY_SIZE)
