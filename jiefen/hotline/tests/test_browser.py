"""The hotline desk in a real browser: a call typed while talking becomes a case; the screens fit a phone.

Screenshots land in $JIEFEN_SCREENSHOTS (default: a temporary directory) for a human to look at.
"""

import datetime
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jiefen.cases.models import Case
from jiefen.hotline import services
from jiefen.hotline.models import State, WorkOrder
from jiefen.testing import PASSWORD, resident_id

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(os.environ.get("JIEFEN_SCREENSHOTS") or tempfile.mkdtemp(prefix="jiefen-screens-"))
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"hotline-{name}.png"), full_page=True)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    expect(page.locator("h1")).to_have_text("我的待办")


def assert_fits(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 2, f"{page.url} overflows: {scroll_width}px wide on a {width}px screen"


def on_duty_now(network, persona="town_intake"):
    now = timezone.now()
    services.plan_shift(
        actor=network.user("town_coordinator"), staff=network.user(persona).staff, seat="12348专席一",
        starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=7),
    )


def test_the_hotline_desk_turns_a_call_into_a_case(page: Page, live_server, live_network):
    base = live_server.url
    on_duty_now(live_network)
    page.set_viewport_size(DESKTOP)
    log_in(page, base, "town_intake")

    # The call-taker opens the desk from the navigation; the caller's name field has the focus.
    page.click("nav.nav >> text=12348热线")
    expect(page.locator("h1")).to_have_text("12348热线接听台")
    expect(page.locator(".on-duty-line")).to_contain_text("陈引导")
    expect(page.locator("[name=caller_name]")).to_be_focused()

    # Typed while talking: name, Tab, number, Tab, what it is about; urgency; Enter saves.
    page.keyboard.type("钱秀兰")
    page.keyboard.press("Tab")
    page.keyboard.type("13912345678")
    page.keyboard.press("Tab")
    page.keyboard.type("楼上邻居装修噪音扰民，晚上十点后仍施工，多次沟通无果，要求调解。")
    page.check("[name=urgency][value=pressing]")
    page.focus("[name=summary]")
    shot(page, "01-desk-typed")
    page.keyboard.press("Enter")

    expect(page.locator(".messages .notice-success")).to_contain_text("已保存")
    order = WorkOrder.objects.get()
    row = page.locator(f"tr[data-number='{order.number}']")
    expect(row).to_contain_text("较急")
    expect(row).to_contain_text("139****5678")
    expect(page.locator("[name=caller_name]")).to_have_value("")  # ready for the next call
    shot(page, "02-desk-saved")

    # Opened, it is turned into a case with the compact form, pre-filled from the call.
    row.locator(f"text={order.number}").click()
    expect(page.locator(".case-head h1")).to_contain_text("楼上邻居装修噪音扰民")
    page.click("#action-convert > summary")
    form = page.locator("#action-convert form")
    expect(form.locator("[name=applicant-name]")).to_have_value("钱秀兰")
    expect(form.locator("[name=description]")).to_have_value(re.compile("楼上邻居装修噪音扰民"))
    form.locator("[name=summary]").fill("装修噪音纠纷")
    form.locator("[name=place]").select_option(label="西门社区")
    expect(form.locator("[name=handling_org] option:checked")).to_have_text("朐阳街道非诉讼服务中心")
    form.locator("[name=applicant-id_number]").fill(resident_id("19680512", "224"))
    form.locator("[name=respondent-name]").fill("孙建国")
    form.locator("[name=respondent-phone]").fill("13700001234")
    form.locator("[name=claims]").fill("晚十点后停止施工。")
    shot(page, "03-convert-form")
    form.locator("#convert-submit").click()

    # It lands on the new case; the timeline shows the registration through the 12348 hotline.
    case = Case.objects.get()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.locator(".messages .notice-success")).to_contain_text(case.number)
    expect(page.locator(".case-head h1")).to_have_text("装修噪音纠纷")
    registration = page.locator(".timeline .event[data-move=register]")
    expect(registration).to_have_count(1)
    expect(registration.locator("dl.payload")).to_contain_text("12348热线")
    shot(page, "04-case-registered")
    order.refresh_from_db()
    assert order.state == State.CONVERTED and order.case == case
    assert case.channel == "hotline" and case.parties.get(role="applicant").phone == "13912345678"


def test_the_hotline_screens_fit_a_phone(page: Page, live_server, live_network):
    base = live_server.url
    on_duty_now(live_network, "town_coordinator")
    order = services.take_call(
        actor=live_network.user("town_intake"), caller_name="李桂兰", callback_number="0518-85821234",
        summary="咨询赡养费如何计算，子女不愿支付。", urgency="urgent",
    )
    services.schedule_callback(
        order, actor=live_network.user("town_intake"), due_at=timezone.now() + datetime.timedelta(minutes=20)
    )
    page.set_viewport_size(PHONE)
    log_in(page, base, "town_coordinator")

    page.goto(f"{base}/hotline/")
    expect(page.locator(f"tr[data-number='{order.number}']")).to_have_class(re.compile("callback-due"))
    assert_fits(page, PHONE["width"])
    shot(page, "05-phone-desk")

    page.goto(f"{base}/hotline/orders/{order.pk}/")
    page.click("#callback-number button")  # the full number, on request
    expect(page.locator("#callback-number a.callback-number")).to_have_text("0518-85821234")
    page.click("#action-convert > summary")
    assert_fits(page, PHONE["width"])
    shot(page, "06-phone-work-order")

    page.goto(f"{base}/hotline/roster/")
    expect(page.locator(".on-duty-list")).to_contain_text("吴协调")
    expect(page.locator(".roster-gaps")).to_be_visible()
    assert_fits(page, PHONE["width"])
    shot(page, "07-phone-roster")

    page.set_viewport_size(DESKTOP)
    page.reload()
    assert_fits(page, DESKTOP["width"])
    shot(page, "08-desktop-roster")
