"""The case page says who referred a case, and leads the staff who may read it to what that sender was told."""

import pytest
from django.test import Client

from jiefen.exchange.services import refer
from jiefen.testing import register, resident_id


@pytest.fixture
def referred(network, court):
    referral, _created = refer(
        actor=network.user("town_liaison"), sender=court, place=network.regions["320706001001"],
        summary="买卖合同纠纷", description="货款未付，法院立案前委派调解。", referral_kind="delegated",
        external_reference="(2026)苏0706民诉前调88号",
        parties=[
            {"role": "applicant", "kind": "person", "name": "张三", "id_number": resident_id(), "phone": ""},
            {"role": "respondent", "kind": "person", "name": "李四", "id_number": "", "phone": ""},
        ],
    )
    return referral.case


def page_for(network, persona: str, case) -> str:
    client = Client()
    client.force_login(network.user(persona))
    return client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


@pytest.mark.parametrize("persona, sees_log", [
    ("town_liaison", True), ("town_coordinator", True), ("county_coordinator", True),
    ("town_intake", False), ("town_mediator", False),
])
def test_the_case_page_shows_who_referred_it(network, referred, persona, sees_log):
    page = page_for(network, persona, referred)
    assert 'id="referred-by"' in page and "海州区人民法院" in page and "(2026)苏0706民诉前调88号" in page
    assert "委派" in page and "法院" in page
    assert (f'href="/referrals/deliveries/?case={referred.pk}"' in page) is sees_log


def test_a_case_from_the_window_shows_no_referral(network, court):
    assert 'id="referred-by"' not in page_for(network, "town_liaison", register(network))


def test_a_coordinator_reads_the_delivery_log_but_does_not_replay(network, referred):
    client = Client()
    client.force_login(network.user("town_coordinator"))
    response = client.get(f"/referrals/deliveries/?case={referred.pk}")
    assert response.status_code == 200 and "/replay/" not in response.content.decode()
