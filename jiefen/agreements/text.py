"""The canonical text of an agreement: what a party reads on the portal and confirms, and what its hash covers.

One string, built the same way everywhere (the portal page, the confirmation code's text message, the PDF, the
court application): the case number, each party by role and name, the three matters of People's Mediation Law
art. 29, the signing date, the mediator and the organisation. No ID or phone numbers: each party reads the text on
their own phone, and the other side's numbers are not theirs to see. Normalised (Unix line ends, no trailing
blanks) so that the same words always give the same SHA-256.
"""

import hashlib

from jiefen.cases.models import Party

ROLE = {Party.Role.APPLICANT: "申请人", Party.Role.RESPONDENT: "被申请人"}


def _clean(value: str) -> str:
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def ordered_parties(case) -> list:
    return sorted(case.parties.all(), key=lambda p: (p.role != Party.Role.APPLICANT, p.pk))


def canonical_text(agreement, parties=None) -> str:
    case = agreement.case
    parties = parties if parties is not None else ordered_parties(case)
    signed = agreement.signed_on
    lines = [
        "人民调解协议书",
        f"案件编号：{case.number}",
        *(f"{ROLE.get(p.role, '当事人')}：{_clean(p.name)}" for p in parties),
        "一、纠纷主要事实、争议事项：",
        _clean(agreement.facts),
        "二、经调解，自愿达成如下协议：",
        _clean(agreement.terms),
        "三、履行方式、时限：",
        _clean(agreement.performance),
        f"签订日期：{signed.year}年{signed.month}月{signed.day}日",
        f"人民调解员：{_clean(agreement.mediator_name)}",
        f"调解组织：{_clean(agreement.organisation_name)}",
    ]
    return "\n".join(lines) + "\n"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def agreement_hash(agreement, parties=None) -> str:
    return text_hash(canonical_text(agreement, parties))
