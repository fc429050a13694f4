"""The record of undisputed facts (无争议事实记载书) as a DOCX, built from a failed case's failure record: the facts
both sides confirmed during mediation, the points still in dispute and why mediation failed, for the court the
dispute goes to next. 人民法院在线调解规则 art. 22 has the mediator confirm the undisputed facts in writing; art. 18
keeps what a party conceded only to reach agreement out of the litigation, except the undisputed facts both
confirmed. House style from ``docx_style``."""

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from jiefen.cases.models import Party
from jiefen.core.text import lines
from jiefen.documents.agreement import ROLE_LABEL, party_details
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
from jiefen.exchange.models import Referral


def undisputed_filename(case) -> str:
    return f"无争议事实记载书-{case.number}.docx"


def undisputed_docx(case) -> bytes:
    """The case's latest failure record as DOCX bytes; the case must have one."""
    failure = case.current_failure()
    if failure is None:
        raise ValueError(f"案件 {case.number} 没有调解不成的记录，无法生成无争议事实记载书。")
    parties = sorted(case.parties.all(), key=lambda p: (p.role != Party.Role.APPLICANT, p.pk))
    referral = Referral.objects.filter(case=case).select_related("sender").first()

    doc = Document()
    set_up_page(doc)
    set_up_normal_style(doc)
    doc.core_properties.title = f"无争议事实记载书（{case.number}）"
    doc.core_properties.author = failure.organisation_name

    title(doc, "无争议事实记载书")
    run(paragraph(doc, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False), f"编号：{case.number}")
    if referral is not None:
        reference = f"（{referral.external_reference}）" if referral.external_reference else ""
        labelled(doc, "委派（委托）单位：", f"{referral.sender.name}{reference}")
    for party in parties:
        labelled(doc, f"{ROLE_LABEL.get(party.role, '当事人')}：", party_details(party))
    labelled(doc, "纠纷简述：", case.summary)

    section(doc, "经调解，各方当事人对以下事实没有争议：", numbered(lines(failure.undisputed_facts)) or ["（无）"])
    section(doc, "各方当事人仍有争议的事项：", numbered(lines(failure.disputed_points)) or ["（无）"])
    section(doc, "调解未能达成协议的原因：", [str(failure.get_cause_display()), *lines(failure.reason)])

    paragraph(
        doc,
        "以上无争议事实经各方当事人确认。当事人为达成调解协议作出妥协而认可的事实、证据等，不得在诉讼程序中作为"
        "对其不利的依据或者证据，但共同确认的无争议事实除外（《人民法院在线调解规则》第十八条、第二十二条）。",
    )

    paragraph(doc, "", indent=False)
    for party in parties:
        labelled(doc, f"{ROLE_LABEL.get(party.role, '当事人')}（签名或按指印）：", f"{party.name}　{SIGN_LINE}")
    labelled(doc, "调解员（签名）：", f"{failure.mediator_name}　{SIGN_LINE}")
    labelled(doc, "调解组织（盖章）：", failure.organisation_name)
    paragraph(doc, chinese_date(timezone.localdate(failure.recorded_at)), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return to_bytes(doc)
