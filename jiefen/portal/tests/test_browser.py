"""The issue's proof on a phone: a citizen logs in by code, submits a dispute with a photo, gets a tracking code,
checks progress with code and phone, books a visit at the station, agrees to
the suggested method, and rates the case once it is closed.
Screenshots (375 px and 1366 px) land in $JIEFEN_SCREENSHOTS (default: a temporary directory) for a human."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jiefen.cases.models import Case, State
from jiefen.portal.models import Submission
from jiefen.portal.services import open_slots
from jiefen.portal.tests.conftest import PHONE, last_code
from jiefen.testing import make, resident_id

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(os.environ.get("JIEFEN_SCREENSHOTS") or tempfile.mkdtemp(prefix="jiefen-portal-screens-"))
PHONE_SIZE = {"width": 375, "height": 812}
DESKTOP = {"width": 1366, "height": 768}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"portal-{name}.png"), full_page=True)


def fits(page: Page) -> None:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_citizen_brings_a_dispute_follows_it_and_rates_it(page: Page, live_server, live_network, browser):
    base, network = live_server.url, live_network
    page.set_viewport_size(PHONE_SIZE)
    page.goto(f"{base}/portal/")
    expect(page.locator("h1")).to_have_text("遇到纠纷？我们免费帮您化解。")
    fits(page)
    shot(page, "01-home-375")

    # Applying asks for a login by phone and one-time code first.
    page.click("#start-submit")
    expect(page.locator("h1")).to_have_text("手机号码登录")
    page.fill("#id_phone", PHONE)
    page.click("#send-code")
    expect(page.locator(".notice-success")).to_contain_text("验证码已发送")
    page.fill("#id_code", last_code())
    shot(page, "02-login-375")
    page.click("#verify")

    # The dispute in their own words, the other party, and a photo.
    expect(page.locator("h1")).to_have_text("申请调解")
    page.fill("#id_summary", "楼上漏水泡坏我家天花板")
    page.fill("#id_description", "今年十月起楼上卫生间一直漏水，我家天花板发霉脱落，找过楼上三次都不管。")
    page.select_option("#id_township", label="朐阳街道")
    expect(page.locator("#id_place option", has_text="西门社区")).to_have_count(1)  # brought by htmx
    page.select_option("#id_place", label="西门社区")
    page.fill("#id_claims", "修好漏水，赔偿修理费。")
    page.fill("#id_amount", "3000")
    page.fill("#id_applicant_name", "张群众")
    page.fill("#id_applicant_id_number", resident_id())
    page.fill("#id_respondent_name", "李邻居")
    page.fill("#id_respondent_address", "西门社区2号楼301")
    page.set_input_files("#id_files", files=[{"name": "天花板.png", "mimeType": "image/png", "buffer": PNG}])
    fits(page)
    shot(page, "03-submit-375")
    page.click("#submit-dispute")

    # The tracking code, on the case's own page.
    code_box = page.locator("#tracking-code")
    expect(code_box).to_be_visible()
    code = code_box.inner_text().strip()
    submission = Submission.objects.get(tracking_code=code)
    assert submission.case.handling_org.name == "西门社区非诉讼服务站"
    expect(page.locator("#mediation-materials")).to_contain_text("天花板.png")
    expect(page.locator("#progress .step")).to_have_count(1)
    fits(page)
    shot(page, "04-case-375")

    # The station has opened times for visits: the citizen books one.
    open_slots(network.orgs["320706001001"], days=10)
    page.reload()
    page.locator("#appointment input[name=slot]").first.check()
    shot(page, "04b-book-375")
    page.click("#book-submit")
    expect(page.locator("#booked")).to_contain_text("西门社区非诉讼服务站")
    expect(page.locator(".notice-success")).to_contain_text("已预约")
    fits(page)

    # The suggested method, people's mediation, is confirmed with one tap.
    expect(page.locator("#method input[value=peoples_mediation]")).to_be_checked()
    page.click("#method-agree")
    expect(page.locator("#method-answer")).to_contain_text("人民调解")

    # Later, on another phone: code and phone number show the progress.
    network_case = submission.case
    make(network, network_case, "triage")
    other = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE_SIZE)
    visitor = other.new_page()
    visitor.goto(f"{base}/portal/track/")
    visitor.fill("#id_code", code.lower())
    visitor.fill("#id_phone", PHONE)
    visitor.click("#track-submit")
    expect(visitor.locator("#progress .step")).to_have_count(2)
    expect(visitor.locator("#progress")).to_contain_text("已审查，正在安排处理方式")
    shot(visitor, "05-progress-375")
    other.close()

    # The case is mediated and closed by staff; the citizen rates the service once.
    case = Case.objects.get(pk=network_case.pk)
    for move in ["consent", "assign", "record_session", "agree", "close"]:
        case = make(network, Case.objects.get(pk=case.pk), move)
    assert case.state == State.CLOSED
    page.reload()
    expect(page.locator("#case-state")).to_have_text("已办结")
    shot(page, "06-rate-375")
    page.locator(".star-choice input[value='5']").check()
    page.fill("#id_comment", "调解员很耐心，问题解决了。")
    page.click("#rate-submit")
    expect(page.locator("#rated")).to_contain_text("调解员很耐心")
    expect(page.locator("#rate-submit")).to_have_count(0)
    shot(page, "06-rated-375b")

    # Large text, one tap away, remembered.
    page.click("#elder-toggle")
    expect(page.locator("body")).to_have_class(re.compile(r"\belder\b"))
    fits(page)
    shot(page, "07-elder-375")
    page.goto(f"{base}/portal/")
    expect(page.locator("body")).to_have_class(re.compile(r"\belder\b"))
    shot(page, "08-home-elder-375")
    page.click("#elder-toggle")

    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/portal/")
    shot(page, "09-home-1366")
    page.goto(f"{base}/portal/cases/{code}/")
    shot(page, "10-case-1366")
    page.goto(f"{base}/portal/submit/")
    shot(page, "11-submit-1366")
