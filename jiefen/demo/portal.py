"""The demo's citizen on the public portal: a resident of 西门社区 brings a dispute there with a photo of the damage
and, the next day, adds the repairer's quote from the tracking page; the station's mediator adds a photo of their
own visit, then a clearer one as its second version. The workbench's case page shows one list of materials, the
citizen's uploads among them; the citizen (``CITIZEN_PHONE``, code from the SMS outbox) sees their own on the portal.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from jiefen.cases.models import Case
from jiefen.core.calendar import is_working_day
from jiefen.demo.clock import simulated_clock
from jiefen.demo.network import DemoNetwork
from jiefen.demo.people import People
from jiefen.demo.scenarios import XIMEN
from jiefen.mediation import materials
from jiefen.portal import services
from jiefen.triage.models import Proposal
from jiefen.triage.proposals import propose

CITIZEN_PHONE = "13805180001"


def _image(label_colour: str, stains: int, *, pdf: bool = False) -> bytes:
    """A small picture of a stained ceiling (or, as PDF, a page standing for a scanned quote)."""
    picture = Image.new("RGB", (480, 360), "#eeeae2")
    draw = ImageDraw.Draw(picture)
    for n in range(stains):
        x, y = 60 + 110 * (n % 4), 60 + 120 * (n // 4)
        draw.ellipse((x, y, x + 70 + 10 * n, y + 45 + 6 * n), fill="#b8a47a")
    draw.rectangle((0, 330, 480, 360), fill=label_colour)
    out = io.BytesIO()
    picture.save(out, format="PDF" if pdf else "PNG")
    return out.getvalue()


def _evening_before_a_working_day(days_ago: int) -> datetime.datetime:
    """20:15 on a day at least ``days_ago`` days back whose next day the station works."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    while not is_working_day(day + datetime.timedelta(days=1)):
        day -= datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(20, 15)))


def build_portal_case(network: DemoNetwork, seed: int = 606) -> Case:
    people = People(seed)
    citizen = services.citizen_for(CITIZEN_PHONE)
    submitted = _evening_before_a_working_day(days_ago=2)  # at home, after work
    with simulated_clock(submitted) as clock:
        submission = services.submit(
            citizen=citizen, phone=CITIZEN_PHONE, place=network.orgs[XIMEN].region,
            summary="楼上漏水泡坏天花板",
            description="今年十月起楼上卫生间一直漏水，我家卫生间和客厅天花板发霉脱落。找过楼上住户三次，"
            "对方说不是他家的问题，不肯修。",
            claims="修好漏水，赔偿天花板修理费。", amount=None,
            parties=[
                {"role": "applicant", "kind": "person", "name": people.name("f"),
                 "id_number": people.resident_id("320706", "f"), "phone": CITIZEN_PHONE, "address": ""},
                {"role": "respondent", "kind": "person", "name": people.name("m"), "id_number": "",
                 "phone": "", "address": "西门社区5号楼2单元402室"},
            ],
            files=[SimpleUploadedFile("天花板漏水.png", _image("#7a8ca0", 5), content_type="image/png")],
        )
        case = submission.case
        # The proposal the background worker would make a moment later.
        propose(case, actor=citizen, trigger=Proposal.Trigger.REGISTRATION)
        clock.set(submitted + datetime.timedelta(hours=13, minutes=20))
        services.add_evidence(submission, citizen, [
            SimpleUploadedFile("维修报价单.pdf", _image("#a07a7a", 1, pdf=True), content_type="application/pdf"),
        ])
        mediator = network.users["village_mediator"]
        clock.set(submitted + datetime.timedelta(hours=15, minutes=5))
        visit = materials.add_by_staff(
            case, mediator, SimpleUploadedFile("上门查看.png", _image("#6a9a6a", 3)), title="上门查看的照片",
            visibility="shared",
        )
        clock.set(submitted + datetime.timedelta(hours=15, minutes=40))
        materials.add_by_staff(
            case, mediator, SimpleUploadedFile("上门查看-清晰.png", _image("#6a9a6a", 4)),
            material_pk=visit.material_id, note="补拍，光线更好",
        )
    return case
