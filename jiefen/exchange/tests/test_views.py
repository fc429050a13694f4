"""The liaison's screens: take a referral in, see it listed, read the delivery log and replay a delivery."""

import pytest

from jiefen.exchange.models import Delivery, Referral, Replay
from jiefen.exchange.services import deliver_due
from jiefen.testing import resident_id


@pytest.fixture
def liaison(client, network):
    client.force_login(network.user("town_liaison"))
    return client


def form_data(court, network, **overrides):
    data = {
        "sender": court.pk, "referral_kind": "delegated", "external_reference": "(2026)苏0706民诉前调88号",
        "summary": "买卖合同纠纷", "description": "货款未付，法院立案前委派调解。", "claims": "", "amount": "3500",
        "place": network.regions["320706001001"].pk,
        "applicant-kind": "person", "applicant-name": "张三", "applicant-id_number": resident_id(),
        "applicant-phone": "13812345678", "applicant-address": "",
        "respondent-kind": "person", "respondent-name": "李四", "respondent-id_number": "",
        "respondent-phone": "", "respondent-address": "",
    }
    data.update(overrides)
    return data


def test_a_liaison_takes_a_court_referral_in_and_finds_it_in_the_list(liaison, court, network):
    page = liaison.get("/referrals/new/")
    assert page.status_code == 200 and "海州区人民法院" in page.content.decode()
    response = liaison.post("/referrals/new/", form_data(court, network))
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{referral.case_id}/"
    assert (referral.through, referral.case.channel, referral.case.referral_kind) == ("ui", "court", "delegated")
    listing = liaison.get("/referrals/").content.decode()
    assert referral.case.number in listing and "(2026)苏0706民诉前调88号" in listing
    assert 'href="/referrals/"' in liaison.get("/").content.decode()  # the navigation offers it


def test_a_court_referral_without_its_case_number_is_refused_and_keeps_what_was_typed(liaison, court, network):
    response = liaison.post("/referrals/new/", form_data(court, network, external_reference=""))
    assert response.status_code == 422
    body = response.content.decode()
    assert "买卖合同纠纷" in body and "field-error" in body
    assert body.count("请填写法院案号") == 1  # beside its field only (it was also shown above the form)
    assert Referral.objects.count() == 0


def test_the_delivery_log_shows_attempts_and_a_replay_queues_the_delivery_again(
    liaison, court, network, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        liaison.post("/referrals/new/", form_data(court, network))
    receiver.statuses = [500]
    deliver_due()
    delivery = Delivery.objects.get()
    page = liaison.get(f"/referrals/deliveries/?sender=hzfy&case={delivery.case_id}").content.decode()
    assert "HTTP 500" in page and delivery.case.number in page
    assert "登记" in page and "registered" not in page  # the move and the states in words, not codes
    response = liaison.post(f"/referrals/deliveries/{delivery.pk}/replay/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/referrals/deliveries/"
    assert Replay.objects.get().by_name == "郑综合"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and delivery.failures == 0
    receiver.statuses = [200]
    assert deliver_due() == 1
    assert "郑综合" in liaison.get("/referrals/deliveries/").content.decode()


def test_other_posts_do_not_reach_the_liaison_screens(client, network, court):
    client.force_login(network.user("town_intake"))
    assert client.get("/referrals/").status_code == 403
    assert client.get("/referrals/new/").status_code == 403
    assert client.get("/referrals/deliveries/").status_code == 403
    assert 'href="/referrals/"' not in client.get("/").content.decode()


def test_the_screens_speak_chinese(liaison, court):
    page = liaison.get("/referrals/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "受理转办" in page and "回调推送记录" in page
