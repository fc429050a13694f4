"""The guidance on the legal paths left (法律途径指引书), given to the parties when non-litigation ends without a
resolution: after the coordinator's termination review (终结评估), the ways still open to the dispute — litigation,
arbitration, administrative adjudication, administrative reconsideration, as fit its category and field — each with
its time limits and their legal basis, taken from the service catalogue (whose limits quote the law library's
articles). Seed 000 §四(三)4 and §四(四)3: no non-litigation procedure ends before the coordinator's review, and the
parties are then told in good time which other legal paths they have. One exception does not wait for the review:
when the respondent could not be reached or refuses (the ``respondent_absent`` outcome), there is nobody to mediate
with, and the applicant is told at once. Either way the guidance carries the undisputed facts mediation recorded.

``guidance_content`` decides what it says; ``guidance_pdf`` (WeasyPrint) and ``guidance_docx`` (house style) lay
it out. Chinese whatever the reader's language, like every official document of the platform.
"""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from jiefen.cases.models import FailureRecord, Party, State
from jiefen.core.numerals import chinese_number
from jiefen.core.taxonomy import Category, Field, Method
from jiefen.core.text import lines
from jiefen.documents.docx_style import (
    HEADING_FONT,
    chinese_date,
    labelled,
    numbered,
    paragraph,
    run,
    set_up_normal_style,
    set_up_page,
    title,
    to_bytes,
)
from jiefen.documents.notice import ROLE_LABEL, with_basis
from jiefen.knowledge import laws
from jiefen.knowledge.catalogue import services_for

TITLE = "法律途径指引书"
# The paths left once non-litigation ends, in the order the guidance gives them.
PATH_METHODS = (
    Method.ARBITRATION, Method.ADMINISTRATIVE_ADJUDICATION, Method.ADMINISTRATIVE_RECONSIDERATION, Method.LITIGATION,
)
ADMINISTRATIVE_LAWS = ("行政诉讼法", "行政复议法")


@dataclass(frozen=True)
class GuidancePath:
    label: str  # （一）劳动人事争议仲裁
    name: str
    summary: str
    handler: str
    conditions: list[str]
    time_limits: list[str]
    basis: str


@dataclass(frozen=True)
class Guidance:
    number: str
    organisation: str
    contact: str
    parties: list[tuple[str, str]]  # (role, name)
    addressees: str
    opening: str
    review: list[str]  # what the termination review found and why
    undisputed: str  # the record of undisputed facts, if mediation kept one
    facts: list[str]  # the undisputed facts themselves, numbered
    paths_intro: str
    paths: list[GuidancePath]
    closing: str
    issued_on: str
    title: str = TITLE


# Why nobody mediates a dispute whose respondent is absent, in the guidance's words.
ABSENCE = {
    FailureRecord.Cause.RESPONDENT_UNREACHABLE: "经多次联系，仍无法与被申请人取得联系",
    FailureRecord.Cause.RESPONDENT_REFUSED: "被申请人明确拒绝调解",
}


def guidance_filename(case, extension: str) -> str:
    return f"{TITLE}-{case.number}.{extension}"


def respondent_absent(case) -> bool:
    """Mediation ended because the respondent could not be reached or refuses, and the case has not moved on: the
    applicant is guided onward at once, without waiting for a termination review."""
    if case.state != State.FAILED:
        return False
    failure = case.current_failure()
    return failure is not None and failure.cause in FailureRecord.RESPONDENT_CAUSES


def fits(item, case) -> bool:
    """Whether a catalogue item of the paths left fits the case: the catalogue's own categories; reconsideration
    only for a dispute with an administrative organ, and administrative adjudication (行政裁决: an organ decides a
    civil dispute the law gives it, such as land and forest ownership or patent infringement) only for one between
    citizens or organisations."""
    if item.method not in PATH_METHODS or not item.applies_to(case.category):
        return False
    if item.method == Method.ADMINISTRATIVE_RECONSIDERATION:
        return case.field in ("", Field.ADMINISTRATIVE)
    if item.method == Method.ADMINISTRATIVE_ADJUDICATION:
        return case.field != Field.ADMINISTRATIVE
    return True


def _limits(item, case) -> list[str]:
    """The item's time limits that concern this dispute: an administrative one reads the limits of administrative
    litigation, a civil one those of civil litigation."""
    administrative = case.field == Field.ADMINISTRATIVE or (not case.field and case.category == Category.ADMINISTRATIVE)
    rows = []
    for limit in item.time_limits:
        about_administration = limit["basis"].startswith(ADMINISTRATIVE_LAWS)
        if item.method == Method.LITIGATION and about_administration != administrative:
            continue
        rows.append(with_basis(limit["text"], laws.cite(limit["basis"])))
    return rows


def guidance_content(case, *, review=None, today: datetime.date | None = None) -> Guidance:
    with translation.override("zh-hans"):
        return _content(case, review, today or timezone.localdate())


def _content(case, review, today) -> Guidance:
    from jiefen.supervision.services import current_review

    review = review or current_review(case)
    parties = sorted(case.parties.all(), key=lambda p: (p.role != Party.Role.APPLICANT, p.pk))
    names = {role: "、".join(p.name for p in parties if p.role == role) for role in ROLE_LABEL}
    between = "与".join(f"{ROLE_LABEL[role]}{who}" for role, who in names.items() if who) or "当事人"
    organisation = case.handling_org
    items = [item for item in services_for(case) if fits(item, case)]
    items.sort(key=lambda item: PATH_METHODS.index(item.method))
    paths = [
        GuidancePath(
            label=f"（{chinese_number(n)}）{item.name}", name=item.name, summary=laws.humanise(item.summary),
            handler=laws.humanise(item.handler), conditions=[laws.humanise(line) for line in item.conditions],
            time_limits=_limits(item, case), basis=item.basis_text,
        )
        for n, item in enumerate(items, 1)
    ]
    if review is not None:
        reviewer, on = review.organisation_name or organisation.name, chinese_date(timezone.localdate(review.at))
        decided = f"经{reviewer}协调督办岗于{on}进行终结评估，决定终结本纠纷的非诉讼化解程序。"
        found = [f"评估意见：{review.findings}", f"终结理由：{'；'.join(review.reason_labels)}。"]
    elif respondent_absent(case):
        decided = (
            f"{ABSENCE[case.current_failure().cause]}，调解无法进行（人民调解遵循当事人自愿原则，"
            "《人民调解法》第三条）。"
        )
        found = []
    else:
        decided = "本纠纷正在进行终结评估，评估后将终结非诉讼化解程序。"
        found = []
    failure = case.current_failure()
    undisputed, facts = "", []
    if failure is not None and failure.undisputed_facts.strip():
        undisputed = (
            "调解过程中确认的无争议事实已记入《无争议事实记载书》，内容如下。在诉讼中，当事人无需对该等事实"
            "另行举证（《人民法院在线调解规则》第十八条、第二十二条）。"
        )
        facts = numbered(lines(failure.undisputed_facts))
    contact = "；".join(part for part in (
        f"告知机构：{organisation.name}",
        f"地址：{organisation.address}" if organisation.address else "",
        f"电话：{organisation.phone}" if organisation.phone else "",
    ) if part) + "。"
    category = f"（{Category(case.category).label}）" if case.category else ""
    return Guidance(
        number=case.number,
        organisation=organisation.name,
        contact=contact,
        parties=[(ROLE_LABEL.get(p.role, "当事人"), p.name) for p in parties],
        addressees="、".join(p.name for p in parties),
        opening=(
            f"{between}之间的纠纷（{case.summary}），编号{case.number}，经{organisation.name}组织化解，未能解决。"
            f"{decided}为依法维护你们的权益，现将仍可选择的法律途径及其期限告知如下："
        ),
        review=found,
        undisputed=undisputed,
        facts=facts,
        paths_intro=f"根据纠纷的类型{category}，你们可以依法选择以下途径：",
        paths=paths,
        closing=(
            "请特别注意上述期限：超过期限的，可能丧失相应的权利。经济困难的，可以向法律援助机构申请法律援助"
            "（《法律援助法》第四十三条）；如有不明，请向承办人员咨询，或者拨打12348公共法律服务热线。"
        ),
        issued_on=chinese_date(today),
    )


def guidance_html(case) -> str:
    return render_to_string("documents/guidance.html", {"guidance": guidance_content(case)})


def guidance_pdf(case) -> bytes:
    from weasyprint import HTML  # imported on first use: it takes most of a second

    return HTML(string=guidance_html(case)).write_pdf()


def guidance_docx(case) -> bytes:
    guidance = guidance_content(case)
    doc = Document()
    set_up_page(doc)
    set_up_normal_style(doc)
    doc.core_properties.title = f"{guidance.title}（{guidance.number}）"
    doc.core_properties.author = guidance.organisation

    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False), guidance.organisation)
    title(doc, guidance.title)
    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False), f"编号：{guidance.number}")
    for role, name in guidance.parties:
        labelled(doc, f"{role}：", name)
    paragraph(doc, f"{guidance.addressees}：", indent=False)
    paragraph(doc, guidance.opening)
    for line in guidance.review:
        paragraph(doc, line)
    if guidance.undisputed:
        paragraph(doc, guidance.undisputed)
    for line in guidance.facts:
        paragraph(doc, line)
    run(paragraph(doc, indent=False), "可以选择的法律途径", HEADING_FONT)
    paragraph(doc, guidance.paths_intro)
    for path in guidance.paths:
        run(paragraph(doc, indent=False), path.label, HEADING_FONT)
        paragraph(doc, path.summary)
        labelled(doc, "办理机构：", path.handler)
        for line in path.conditions:
            labelled(doc, "适用条件：", line)
        for line in path.time_limits:
            labelled(doc, "期限：", line)
        labelled(doc, "法律依据：", path.basis)
    paragraph(doc, guidance.closing)
    paragraph(doc, guidance.contact, indent=False)
    paragraph(doc, f"{guidance.organisation}（盖章）", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(doc, guidance.issued_on, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return to_bytes(doc)
