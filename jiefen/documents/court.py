"""Documents of the court and notary link: the mediation agreement as PDF (with the fingerprint of its text and
the parties' online confirmations), and the joint application for judicial confirmation (司法确认申请书) as DOCX
and PDF, after the courts' model form: the applicants, the request, the facts and reasons with the agreed terms,
the applicants' undertaking, the addressee court, the enclosures (SPC interpretation of the Civil Procedure Law
art. 354), the signatures, and the articles cited, in the text the law library holds.

Everything here is in Chinese, whatever language the staff member reads: it is a document for a court.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from jiefen.agreements.services import LEGAL_BASIS, confirmation_status
from jiefen.agreements.text import agreement_hash, ordered_parties
from jiefen.core.text import lines
from jiefen.documents.agreement import ROLE_LABEL, party_details
from jiefen.documents.docx_style import (
    SIGN_LINE,
    chinese_date,
    labelled,
    numbered,
    page_break,
    paragraph,
    run,
    section,
    set_up_normal_style,
    set_up_page,
    title,
    to_bytes,
)
from jiefen.knowledge import laws


@dataclass
class Confirmed:
    role: str
    name: str
    at: str  # "2026年5月1日 10:12", or "" when not confirmed


@dataclass
class AgreementDoc:
    number: str
    organisation: str
    mediator: str
    signed_on: str
    parties: list[tuple[str, str]]
    facts: list[str]
    terms: list[str]
    performance: list[str]
    sha256: str
    confirmations: list[Confirmed]


@dataclass
class ApplicationDoc:
    court: str
    number: str
    applicants: list[tuple[str, str]]  # (label, details)
    request: str
    facts: list[str]
    terms: list[str]
    performance: list[str]
    reasons: str
    undertaking: list[str]
    enclosures: list[str]
    signatures: list[str]
    sha256: str
    confirmations: list[Confirmed]
    prepared_on: str
    appendix: list = field(default_factory=list)


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def _confirmations(agreement) -> list[Confirmed]:
    return [
        Confirmed(ROLE_LABEL.get(s.party.role, "当事人"), s.party.name, _when(s.confirmation.confirmed_at)
                  if s.confirmation else "")
        for s in confirmation_status(agreement)
    ]


def agreement_content(case, agreement=None) -> AgreementDoc:
    """The case's current agreement, or ``agreement`` (one handed to a notary office, which a later revision does
    not change)."""
    agreement = agreement or case.current_agreement()
    if agreement is None:
        raise ValueError(f"案件 {case.number} 尚未达成调解协议。")
    parties = ordered_parties(case)
    return AgreementDoc(
        number=case.number, organisation=agreement.organisation_name, mediator=agreement.mediator_name,
        signed_on=chinese_date(agreement.signed_on),
        parties=[(ROLE_LABEL.get(p.role, "当事人"), p.name) for p in parties],
        facts=lines(agreement.facts), terms=numbered(lines(agreement.terms)), performance=lines(agreement.performance),
        sha256=agreement_hash(agreement, parties), confirmations=_confirmations(agreement),
    )


def agreement_pdf_filename(case) -> str:
    return f"调解协议书-{case.number}.pdf"


def agreement_pdf(case, agreement=None) -> bytes:
    from weasyprint import HTML  # imported on first use: it takes most of a second

    html = render_to_string("documents/agreement.html", {"doc": agreement_content(case, agreement)})
    return HTML(string=html).write_pdf()


def application_content(application) -> ApplicationDoc:
    case, agreement = application.case, application.agreement
    parties = ordered_parties(case)
    names = "、".join(p.name for p in parties)
    signed = chinese_date(agreement.signed_on)
    cited = [laws.article(citation) for citation in LEGAL_BASIS["judicial"]]
    cited = [article for article in cited if article is not None]  # only what the library holds
    basis = "、".join(laws.cite(article.citation) for article in cited[:3])
    return ApplicationDoc(
        court=application.court_name,
        number=case.number,
        applicants=[(f"申请人（{ROLE_LABEL.get(p.role, '当事人')}）：", party_details(p)) for p in parties],
        request=f"请求确认申请人{names}于{signed}经{agreement.organisation_name}主持调解达成的人民调解协议有效。",
        facts=[
            f"申请人{names}因{case.summary}，经{agreement.organisation_name}（人民调解员{agreement.mediator_name}）"
            f"主持调解，于{signed}自愿达成调解协议。纠纷的主要事实和争议事项如下：",
            *lines(agreement.facts),
        ],
        terms=numbered(lines(agreement.terms)),
        performance=lines(agreement.performance),
        reasons=(
            "上述调解协议是申请人在平等自愿的基础上达成的，是双方的真实意思表示，不违反法律、行政法规的强制性"
            "规定，不损害国家利益、社会公共利益和他人的合法权益。"
            + (f"为此，申请人依照{basis}的规定，" if basis else "为此，申请人")
            + "自调解协议生效之日起三十日内共同向贵院申请司法确认。"
        ),
        undertaking=[
            "申请人出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的行为；",
            "申请人提交的证明材料真实、合法，如因虚假陈述、隐瞒事实给他人造成损失的，愿意承担相应的法律责任；",
            "申请人知悉司法确认程序不收取费用；法院确认调解协议有效后，一方拒绝履行或者未全部履行的，"
            "对方可以向人民法院申请强制执行。",
        ],
        enclosures=[
            "调解协议书一份；",
            f"{agreement.organisation_name}主持调解的证明一份；",
            "申请人的身份证明、资格证明各一份；",
            "与调解协议相关的财产权利证明等材料（如有）。",
        ],
        signatures=[f"申请人（{ROLE_LABEL.get(p.role, '当事人')}，签名、盖章或按指印）：{p.name}" for p in parties],
        sha256=application.text_sha256,
        confirmations=_confirmations(agreement),
        prepared_on=chinese_date(timezone.localdate(application.prepared_at)),
        appendix=cited,
    )


def application_filename(application, extension: str) -> str:
    return f"司法确认申请书-{application.case.number}.{extension}"


def application_pdf(application) -> bytes:
    from weasyprint import HTML

    html = render_to_string("documents/application.html", {"doc": application_content(application)})
    return HTML(string=html).write_pdf()


def application_docx(application) -> bytes:
    doc_content = application_content(application)
    doc = Document()
    set_up_page(doc)
    set_up_normal_style(doc)
    doc.core_properties.title = f"司法确认申请书（{doc_content.number}）"
    title(doc, "司法确认申请书")
    for label, details in doc_content.applicants:
        labelled(doc, label, details)
    section(doc, "请求事项：", [doc_content.request])
    section(doc, "事实和理由：", doc_content.facts)
    section(doc, "调解协议的内容：", doc_content.terms)
    section(doc, "履行方式、时限：", doc_content.performance)
    paragraph(doc, doc_content.reasons)
    section(doc, "申请人承诺：", doc_content.undertaking)
    paragraph(doc, "此致", indent=True)
    run(paragraph(doc, indent=False), doc_content.court)
    section(doc, "附：", doc_content.enclosures)
    paragraph(doc, "", indent=False)
    for line in doc_content.signatures:
        paragraph(doc, f"{line}　{SIGN_LINE}", indent=False)
    paragraph(doc, doc_content.prepared_on, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    labelled(doc, "调解案件编号：", doc_content.number)
    section(doc, "调解协议文本指纹（SHA-256）：", [doc_content.sha256])
    section(doc, "当事人网上确认情况：", [
        f"{c.role}{c.name}：{c.at + '确认' if c.at else '尚未确认'}" for c in doc_content.confirmations
    ])
    if doc_content.appendix:
        page_break(doc)
        title(doc, "附：引用的法律条文")
        for article in doc_content.appendix:
            labelled(doc, f"{laws.book_title(article.short)}{article.label}", "")
            for text in article.paragraphs:
                paragraph(doc, text)
    return to_bytes(doc)
