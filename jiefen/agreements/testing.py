"""Builders for the agreements tests: courts and a notary office in the test network, a resolved case whose
parties have confirmed its agreement on the portal."""

import re

from jiefen.agreements import services
from jiefen.agreements.text import agreement_hash
from jiefen.cases.models import State
from jiefen.orgs.models import Organisation
from jiefen.portal.services import citizen_for
from jiefen.portal.sms import MemorySender
from jiefen.testing import case_in_state

# Six digits standing alone: not part of a case number (320706001001-2026-00001) or of a text's fingerprint.
CODE = re.compile(r"(?<![0-9A-Za-z-])\d{6}(?![0-9A-Za-z-])")

COURTS = [
    # code, name, level, region code, parent org code
    ("320706-FY", "海州区人民法院", "county", "320706000000", "320706"),
    ("320703-FY", "连云区人民法院", "county", "320703000000", "320703"),
    ("3207-FY", "连云港市中级人民法院", "city", "320700000000", "3207"),
]


def add_courts(network) -> dict[str, Organisation]:
    for code, name, level, region, parent in COURTS:
        network.orgs[code] = Organisation.objects.create(
            code=code, name=name, kind=Organisation.Kind.COURT, level=level, region=network.regions[region],
            parent=network.orgs[parent],
        )
    network.orgs["3207-GZC"] = Organisation.objects.create(
        code="3207-GZC", name="连云港市连云港公证处", kind=Organisation.Kind.NOTARY, level="city",
        region=network.regions["320700000000"], parent=network.orgs["3207"],
    )
    return network.orgs


def last_code(phone: str) -> str:
    """The code in the latest text message to ``phone``."""
    text = next(text for to, text in reversed(MemorySender.outbox) if to == phone)
    return CODE.findall(text)[-1]


def confirm_as(phone: str, agreement, now=None):
    citizen = citizen_for(phone)
    services.request_code(citizen, agreement.pk, now=now)
    return services.confirm(citizen, agreement.pk, last_code(phone), agreement_hash(agreement))


def confirmed_case(network, **register_kwargs):
    """A resolved case of 西门社区 (张三 13812345678, 李四 13912345678) whose agreement both have confirmed."""
    case = case_in_state(network, State.RESOLVED, **register_kwargs)
    agreement = case.current_agreement()
    for phone in ("13812345678", "13912345678"):
        confirm_as(phone, agreement)
    return case
