"""A mediator's session in the browser: schedule a back-to-back session, record each side's private record, and
the applicant, on a phone, sees their own record on the portal and never the respondent's."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jiefen.cases.models import State
from jiefen.mediation.tests.conftest import APPLICANT_PHONE, APPLICANT_SECRET, RESPONDENT_SECRET
from jiefen.portal.tests.conftest import last_code
from jiefen.testing import PASSWORD, case_in_state

pytestmark = pytest.mark.e2e


def local(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_a_back_to_back_session_keeps_each_sides_record_from_the_other(
    page: Page, live_server, live_network, browser,
):
    network, base = live_network, live_server.url
    case = case_in_state(network, State.ASSIGNED)

    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "village_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.goto(f"{base}/cases/{case.pk}/")

    page.click("#schedule summary")
    page.fill("#id_schedule-starts_at", local(timezone.now() + timezone.timedelta(days=1)))
    page.select_option("#id_schedule-mode", "back_to_back")
    page.fill("#id_schedule-place", "西门社区调解室")
    page.fill("#id_schedule-participants", "张三、李四")
    page.fill("#id_schedule-helpers", "刘老伯，乡贤")
    page.click("#schedule button[type=submit]")
    expect(page.locator("#sessions .plan")).to_contain_text("西门社区调解室")
    expect(page.locator("#sessions .plan")).to_contain_text("刘老伯")

    page.reload()  # the record form now offers the scheduled session, filled in from it
    page.click("#move-record_session summary")
    form = page.locator("#move-record_session form")
    expect(form.locator("#id_record_session-mode")).to_have_value("back_to_back")
    form.locator("#id_record_session-held_at").fill(local(timezone.now()))
    form.locator("#id_record_session-record").fill("分别与双方背对背沟通。")
    form.locator("#id_record_session-applicant_record").fill(APPLICANT_SECRET)
    form.locator("#id_record_session-respondent_record").fill(RESPONDENT_SECRET)
    form.locator("button[type=submit]").click()
    expect(page.locator("#sessions .side-record")).to_have_count(2)
    expect(page.locator("#sessions .plan")).to_contain_text("已举行")

    phone = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                viewport={"width": 375, "height": 812}).new_page()
    phone.goto(f"{base}/portal/mediation/{case.pk}/")
    expect(phone.locator("h1")).to_have_text("手机号码登录")
    phone.fill("#id_phone", APPLICANT_PHONE)
    phone.click("#send-code")
    phone.fill("#id_code", last_code(APPLICANT_PHONE))
    phone.click("#verify")
    expect(phone.locator("#mediation-sessions")).to_contain_text(APPLICANT_SECRET)
    expect(phone.locator("#mediation-sessions")).to_contain_text("刘老伯")
    assert RESPONDENT_SECRET not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.context.close()
