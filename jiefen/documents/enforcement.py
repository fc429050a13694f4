"""The application for compulsory enforcement (申请执行书) of a mediation agreement a court has confirmed, when the
other side does not perform it (People's Mediation Law art. 33 para. 2; Civil Procedure Law art. 247). DOCX and PDF
(in the house style of the judicial confirmation application), in Chinese whatever language the staff member reads:
it is a document for a court."""

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document

from jiefen.documents.agreement import party_details
from jiefen.documents.docx_style import (
    SIGN_LINE,
    chinese_date,
    labelled,
    paragraph,
    section,
    set_up_normal_style,
    set_up_page,
    title,
    to_bytes,
)


def enforcement_filename(application, extension: str = "docx") -> str:
    return f"申请执行书-{application.case.number}.{extension}"


def enforcement_content(application) -> dict:
    item, confirmed = application.item, application.court_application
    terms = item.terms  # as corrected, if it was
    amount = f"人民币{terms.amount}元" if terms.amount is not None else ""
    ruling = confirmed.ruling_number or "（确认决定书文号）"
    decided = chinese_date(confirmed.decided_on) if confirmed.decided_on else ""
    return {
        "court": application.court_name,
        "applicant": party_details(application.applicant),
        "respondent": party_details(application.respondent),
        "request": [
            f"请求依法强制执行{ruling}民事裁定书所确认的调解协议中被申请人应当履行的义务：{terms.what}"
            + (f"，{amount}" if amount else "") + "。",
            "本案执行费用由被申请人负担。",
        ],
        "facts": [
            f"申请人与被申请人因{application.case.summary}经{item.agreement.organisation_name}主持调解，于"
            f"{chinese_date(item.agreement.signed_on)}达成调解协议，并经{confirmed.court_name}于{decided}作出"
            f"{ruling}民事裁定，确认该调解协议有效。",
            f"依照调解协议，被申请人应于{chinese_date(terms.due_on)}前{terms.what}"
            + (f"（{amount}）" if amount else "") + "，但被申请人至今未履行。",
            "依照《中华人民共和国人民调解法》第三十三条第二款、《中华人民共和国民事诉讼法》第二百四十七条的规定，"
            "特向贵院申请强制执行。",
        ],
        "enclosures": ["民事裁定书（确认调解协议效力）一份；", "调解协议书一份；", "申请人身份证明一份。"],
        "prepared_on": chinese_date(timezone.localdate(application.prepared_at)),
        "number": application.case.number,
    }


def enforcement_docx(application) -> bytes:
    content = enforcement_content(application)
    doc = Document()
    set_up_page(doc)
    set_up_normal_style(doc)
    doc.core_properties.title = f"申请执行书（{content['number']}）"
    title(doc, "申请执行书")
    labelled(doc, "申请执行人：", content["applicant"])
    labelled(doc, "被执行人：", content["respondent"])
    section(doc, "请求事项：", content["request"])
    section(doc, "事实和理由：", content["facts"])
    paragraph(doc, "此致", indent=True)
    paragraph(doc, content["court"], indent=False)
    section(doc, "附：", content["enclosures"])
    paragraph(doc, f"申请执行人（签名或盖章）：{SIGN_LINE}", indent=False)
    paragraph(doc, content["prepared_on"], indent=False)
    return to_bytes(doc)


def enforcement_pdf(application) -> bytes:
    from weasyprint import HTML  # imported on first use: it takes most of a second

    html = render_to_string("documents/enforcement.html", {"doc": enforcement_content(application)})
    return HTML(string=html).write_pdf()
