"""In a real browser: at a follow-up on the portal (375 px wide) the applicant says the agreement is not kept and
marks an item not performed; the mediator then finds the pre-filled judicial confirmation application on the case
page."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from jiefen.agreements.testing import add_courts, confirmed_case, last_code
from jiefen.cases.workflow import Move
from jiefen.followups import services
from jiefen.followups.tests.test_followups import due_now
from jiefen.testing import PASSWORD, make

pytestmark = pytest.mark.e2e


def test_not_kept_at_a_portal_follow_up_prefills_the_application(page: Page, live_server, live_network, browser):
    network, base = live_network, live_server.url
    add_courts(network)
    case = make(network, confirmed_case(network), Move.CLOSE)
    due_now(case)
    applicant, respondent = case.parties.order_by("id")
    item = services.add_item(case, network.user("village_a"), what="赔偿装修噪音损失", amount=Decimal("3000.00"),
                             due_on=datetime.date.today(), obligor=respondent, obligee=applicant)
    follow_up = case.follow_ups.order_by("days_after").first()

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{base}/portal/follow-ups/{follow_up.pk}/")
    expect(page).to_have_url(re.compile(r"/portal/login/"))
    page.fill("#id_phone", "13812345678")
    page.click("#send-code")
    page.fill("#id_code", last_code("13812345678"))
    page.click("#verify")
    expect(page.locator("h1")).to_have_text("回访")
    page.check("input[name=satisfaction][value='2']")
    page.check("input[name=keeping][value=no]")
    page.fill("textarea[name=comment]", "对方一直没有付款。")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.click("#send-follow-up")
    expect(page.locator("#items-owed")).to_contain_text("赔偿装修噪音损失")
    page.click(f"#not-performed-{item.pk}")
    expect(page.locator("#items-owed")).to_contain_text("未履行")

    staff = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    staff.goto(f"{base}/login/")
    staff.fill("input[name=username]", "village_a")
    staff.fill("input[name=password]", PASSWORD)
    staff.click("form[action='/login/'] button[type=submit]")
    staff.goto(f"{base}/cases/{case.pk}/")
    prefilled = staff.locator("#prefilled-applications")
    expect(prefilled).to_contain_text("赔偿装修噪音损失")
    expect(prefilled).to_contain_text("海州区人民法院")
    expect(staff.locator("#follow-up-list")).to_contain_text("未履行")
    with staff.expect_download() as download:
        prefilled.locator("a").first.click()
    assert download.value.suggested_filename.startswith("司法确认申请书")
