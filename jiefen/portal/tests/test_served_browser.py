"""On a phone: the party opens the link of a document served online, logs in with the code sent to the case's
number, reads the one-time notice; the staff case page then shows it read."""

import re

import pytest
from playwright.sync_api import Page, expect

from jiefen.documents.models import ServiceRecord
from jiefen.documents.services import serve_document
from jiefen.portal.sms import MemorySender
from jiefen.portal.tests.conftest import last_code
from jiefen.testing import PASSWORD, register

pytestmark = pytest.mark.e2e

APPLICANT = "13812345678"  # the applicant's phone in ``register``


def test_the_party_opens_the_link_logs_in_and_staff_see_it_read(page: Page, live_server, live_network, browser):
    network, base = live_network, live_server.url
    case = register(network)
    applicant = case.parties.get(role="applicant")
    serve_document(case, ServiceRecord.Document.NOTICE, applicant, ServiceRecord.Method.PORTAL,
                   network.user("town_intake"))
    link = next(text for phone, text in MemorySender.outbox if phone == APPLICANT and "/portal/served/" in text)
    path = re.search(r"/portal/served/[0-9a-f]+/", link).group(0)

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{base}{path}")
    expect(page.locator("h1")).to_have_text("手机号码登录")
    page.fill("#id_phone", APPLICANT)
    page.click("#send-code")
    page.fill("#id_code", last_code(APPLICANT))
    page.click("#verify")
    expect(page.locator("h1")).to_have_text("一次性告知书")
    expect(page.locator("#served-summary")).to_contain_text("当事人的权利和义务")
    expect(page.locator("#served-download")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    staff = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    staff.goto(f"{base}/login/")
    staff.fill("input[name=username]", "town_intake")
    staff.fill("input[name=password]", PASSWORD)
    staff.click("form[action='/login/'] button[type=submit]")
    staff.goto(f"{base}/cases/{case.pk}/")
    records = staff.locator("#service-records li[data-method=portal]")
    expect(records).to_contain_text("已读")
    staff.context.close()
