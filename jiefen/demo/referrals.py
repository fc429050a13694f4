"""The demo's referral: a court sends one dispute for mediation before filing (委派), through the exchange services
as a liaison would, so that the case page shows who referred it and the webhook log has deliveries to show."""

import datetime
import secrets
from decimal import Decimal

from django.utils import timezone

from jiefen.cases.models import Case, ReferralKind
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import Move
from jiefen.core.calendar import is_working_day
from jiefen.demo.clock import simulated_clock
from jiefen.demo.network import DemoNetwork
from jiefen.demo.people import People
from jiefen.demo.scenarios import XIMEN
from jiefen.exchange.models import Sender
from jiefen.exchange.services import refer

COURT_CENTRE = "320706-FY"  # 海州区人民法院非诉讼服务分中心, where the county liaison takes the court's referrals in
# Nobody answers at this address in a demo (.invalid never resolves): the log shows the retries and the replay.
WEBHOOK_URL = "https://court.example.invalid/jiefen/webhooks"


def build_referrals(network: DemoNetwork, seed: int = 118) -> list[Case]:
    people = People(seed)
    court = Sender.objects.create(
        code="hzfy", name="海州区人民法院", kind=Sender.Kind.COURT, organisation=network.orgs[COURT_CENTRE],
        webhook_url=WEBHOOK_URL, secret=secrets.token_hex(32),
    )
    received = _office_morning(days_ago=3)
    with simulated_clock(received) as clock:
        referral, _created = refer(
            actor=network.users["county_liaison"], sender=court, place=network.orgs[XIMEN].region,
            summary="装修工程款纠纷",
            description="申请人为被申请人装修住房，工程已于今年八月完工验收，被申请人尚欠工程款四万八千元未付。"
            "申请人向法院起诉，法院立案前征得双方同意，委派调解。",
            claims="支付剩余工程款48000元。", amount=Decimal("48000"), referral_kind=ReferralKind.DELEGATED,
            external_reference=f"（{timezone.localdate().year}）苏0706民诉前调118号",
            parties=[
                {"role": "applicant", "kind": "person", "name": people.name("m"),
                 "id_number": people.resident_id("320706", "m"), "phone": people.mobile(), "address": ""},
                {"role": "respondent", "kind": "person", "name": people.name("f"),
                 "id_number": people.resident_id("320706", "f"), "phone": people.mobile(), "address": ""},
            ],
        )
        clock.set(received + datetime.timedelta(hours=1, minutes=35))
        case = perform_move(referral.case, Move.TRIAGE, network.users["county_coordinator"], {
            "category": "合同", "field": "民事", "complexity": "简单", "reason": "法院委派的装修合同纠纷，事实清楚。",
        })
    return [case]


def _office_morning(days_ago: int) -> datetime.datetime:
    """9:40 on the last working day at least ``days_ago`` days back: the court's referral came in office hours."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 40)))
