"""In a real browser: both parties confirm the agreement on their phones (375 px wide), and the mediator then
generates the joint application for judicial confirmation from the case page."""

import re

import pytest
from playwright.sync_api import Page, expect

from jiefen.agreements.models import CourtApplication
from jiefen.agreements.testing import add_courts, last_code
from jiefen.agreements.text import agreement_hash
from jiefen.cases.models import State
from jiefen.testing import PASSWORD, case_in_state

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


def confirm_on_phone(page: Page, base: str, agreement, phone: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/portal/agreements/{agreement.pk}/")
    expect(page).to_have_url(re.compile(r"/portal/login/"))
    page.fill("#id_phone", phone)
    page.click("#send-code")
    page.fill("#id_code", last_code(phone))
    page.click("#verify")
    expect(page.locator("h1")).to_have_text("确认调解协议")
    expect(page.locator("#agreement-text")).to_contain_text("一、李四每日22时后停止施工。")
    expect(page.locator("#agreement-sha")).to_have_text(agreement_hash(agreement))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # nothing too wide
    page.click("#send-confirm-code")
    page.fill("#id_code", last_code(phone))
    page.click("#confirm-agreement")
    expect(page.locator("#confirmed-by-me")).to_have_text("您已确认本调解协议。")


def test_both_parties_confirm_and_the_mediator_generates_the_application(page: Page, live_server, live_network,
                                                                         browser):
    network, base = live_network, live_server.url
    add_courts(network)
    case = case_in_state(network, State.RESOLVED)
    agreement = case.current_agreement()

    confirm_on_phone(page, base, agreement, "13812345678")
    respondent = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    confirm_on_phone(respondent, base, agreement, "13912345678")
    expect(respondent.locator("#confirmations li[data-confirmed=yes]")).to_have_count(2)
    respondent.context.close()

    staff = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    staff.set_viewport_size({"width": 1366, "height": 768})
    staff.goto(f"{base}/login/")
    staff.fill("input[name=username]", "village_a")
    staff.fill("input[name=password]", PASSWORD)
    staff.click("form[action='/login/'] button[type=submit]")
    staff.goto(f"{base}/cases/{case.pk}/")
    expect(staff.locator("#party-confirmations li[data-confirmed=yes]")).to_have_count(2)
    expect(staff.locator("#prepare-application")).to_contain_text("海州区人民法院")
    staff.click("#generate-application")
    expect(staff.locator("#court-application")).to_contain_text("海州区人民法院")
    expect(staff.locator("#court-application-status")).to_have_text("申请书已生成")
    with staff.expect_download() as download:
        staff.click("#application-docx")
    assert download.value.suggested_filename == f"司法确认申请书-{case.number}.docx"
    assert CourtApplication.objects.get().court_name == "海州区人民法院"
    staff.context.close()
