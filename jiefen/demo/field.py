"""The demo grid worker's reports, through the real services: one lead waiting at the Ximen station, and one
registered as a case at once because the reporter could name both sides. Both came in a few minutes ago, after
every demo case, so that case numbers still follow time."""

import datetime

from django.utils import timezone

from jiefen.demo.clock import simulated_clock
from jiefen.demo.network import DemoNetwork
from jiefen.regions.models import Region
from jiefen.screening.models import FieldReport
from jiefen.screening.services import report_from_field


def build_field_reports(network: DemoNetwork) -> list[FieldReport]:
    reporter = network.users["village_grid"]
    place = Region.objects.get(code=network.villages[0])
    now = timezone.now()
    with simulated_clock(now - datetime.timedelta(minutes=4)) as clock:
        return _reports(reporter, place, clock, now)


def _reports(reporter, place, clock, now) -> list[FieldReport]:
    lead = report_from_field(
        reporter=reporter, place=place, location="6号楼东侧绿化带", urgency=FieldReport.Urgency.URGENT,
        summary="两户因占用绿化带种菜发生争吵",
        description="6号楼一楼住户在楼东侧绿化带种菜，二楼住户认为影响通行和卫生，双方在楼下争吵，经劝开后仍有情绪。",
    )
    clock.set(now - datetime.timedelta(minutes=3))
    case = report_from_field(
        reporter=reporter, place=place, location="菜市场北门", reporter_kind=FieldReport.ReporterKind.INFORMANT,
        summary="摊位转让费纠纷",
        description="菜市场北门两名摊主就摊位转让费是否退还发生争执，双方同意由社区调解。",
        parties=[
            {"role": "applicant", "kind": "person", "name": "马红英", "id_number": "", "phone": "", "address": ""},
            {"role": "respondent", "kind": "person", "name": "顾长林", "id_number": "", "phone": "", "address": ""},
        ],
    )
    return [lead, case]
