"""The status lines by text message: one per applicant with a mobile number, on registration and on each change of
state that a party would notice; every attempt recorded, a refusal of the gateway never breaking the move."""

import re

import pytest
from django.http import Http404

from jiefen.cases.models import Case, State
from jiefen.portal.models import StatusMessage
from jiefen.portal.notifications import resend
from jiefen.portal.sms import MemorySender, SmsError
from jiefen.testing import make, register, register_group, resident_id

APPLICANT, RESPONDENT = "13812345678", "13912345678"  # the phones ``register`` gives the two parties


class RefusingSender:
    def send(self, phone: str, text: str) -> None:
        raise SmsError("gateway busy (E503)")


@pytest.fixture
def told(django_capture_on_commit_callbacks):
    """Runs the case event handlers at the end of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def texts() -> list[str]:
    return [text for _phone, text in MemorySender.outbox]


def test_registration_and_each_change_of_state_send_one_plain_line_to_the_applicant(network, told):
    with told():
        case = register(network)
    assert MemorySender.outbox == [
        (APPLICANT, f"【解纷】您的纠纷（{case.number}）已受理，由西门社区非诉讼服务站办理。可拨打12348查询进度。")
    ]
    for move in ["triage", "consent", "assign", "record_session", "agree", "close"]:
        with told():
            case = make(network, Case.objects.get(pk=case.pk), move)
    assert case.state == State.CLOSED
    assert [phone for phone, _text in MemorySender.outbox] == [APPLICANT] * 7  # never the other side
    lines = texts()
    assert "正在安排处理方式" in lines[1] and "正在安排调解员" in lines[2]
    assert f"调解员{case.mediator.name}负责调解" in lines[3]
    assert "已开始调解" in lines[4] and "已达成调解协议" in lines[5] and "已办结" in lines[6]
    for line in lines:
        assert "李四" not in line and RESPONDENT not in line and not re.search(r"\d{17}[\dX]", line)
        assert len(line) <= 72  # one text message, give or take the length of the organisation's name
    assert StatusMessage.objects.filter(case=case, sent_at__isnull=False, error="").count() == 7


def test_a_move_that_changes_nothing_the_party_sees_sends_nothing(network, told):
    with told():
        case = make(network, make(network, register(network), "triage"), "consent")
        case = make(network, make(network, case, "assign"), "record_session")
    before = len(MemorySender.outbox)
    with told():
        make(network, Case.objects.get(pk=case.pk), "record_session")  # a second session: still in mediation
    assert len(MemorySender.outbox) == before
    assert StatusMessage.objects.count() == before


def test_a_second_triage_sends_nothing(network, told):
    with told():
        case = make(network, register(network), "triage")
    with told():
        make(network, Case.objects.get(pk=case.pk), "triage")
    assert len(MemorySender.outbox) == 2  # registration and the first triage


def test_landlines_get_no_text_and_every_applicant_with_a_mobile_gets_one(network, told):
    parties = [
        {"role": "applicant", "kind": "person", "name": "王一", "id_number": resident_id(), "phone": "0518-85821234"},
        {"role": "applicant", "kind": "person", "name": "王二", "id_number": resident_id("19900101", "111"),
         "phone": "13700000001"},
        {"role": "applicant", "kind": "person", "name": "王三", "id_number": "", "phone": "13700000002"},
        {"role": "respondent", "kind": "person", "name": "赵老板", "id_number": "", "phone": "13700000009"},
    ]
    with told():
        case = register(network, parties=parties)
    assert sorted(phone for phone, _text in MemorySender.outbox) == ["13700000001", "13700000002"]
    assert StatusMessage.objects.filter(case=case).count() == 2
    assert not StatusMessage.objects.filter(party__name__in=["王一", "赵老板"]).exists()


def test_a_refusing_gateway_is_recorded_the_move_stands_and_staff_send_it_again(network, told, settings, client):
    case = register(network)
    settings.JIEFEN_SMS_SENDER = "jiefen.portal.tests.test_notifications.RefusingSender"
    with told():
        case = make(network, case, "triage")
    assert Case.objects.get(pk=case.pk).state == State.TRIAGED
    failed = StatusMessage.objects.get(case=case)
    assert failed.sent_at is None and failed.error == "gateway busy (E503)"

    client.force_login(network.user("town_intake"))
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "发给当事人的短信" in page and "未发出：gateway busy (E503)" in page and "再次发送" in page

    settings.JIEFEN_SMS_SENDER = "jiefen.portal.sms.MemorySender"
    response = client.post(f"/cases/{case.pk}/messages/{failed.pk}/resend/")
    assert response.status_code == 302
    assert MemorySender.outbox == [(APPLICANT, failed.text)]
    again = StatusMessage.objects.latest("pk")
    assert again.sent_at is not None and again.resent_by_name == network.user("town_intake").get_full_name()
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "再次发送" not in page  # it went out: nothing left to resend

    client.post(f"/cases/{case.pk}/messages/{failed.pk}/resend/")
    assert len(MemorySender.outbox) == 1 and StatusMessage.objects.count() == 2


def test_only_staff_whose_jurisdiction_covers_the_case_resend(network, told, settings):
    settings.JIEFEN_SMS_SENDER = "jiefen.portal.tests.test_notifications.RefusingSender"
    with told():
        case = register(network)
    failed = StatusMessage.objects.get(case=case)
    with pytest.raises(Http404):
        resend(network.user("village_b"), case, failed.pk)
    assert StatusMessage.objects.count() == 1


def test_in_a_group_dispute_only_the_representative_is_texted(network, told):
    with told():
        case = register_group(network, claimants=4)
    representative = case.parties.get(is_representative=True)

    assert [phone for phone, _text in MemorySender.outbox] == [representative.phone]
