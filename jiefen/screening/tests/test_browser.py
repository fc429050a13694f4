"""On a phone (375×812): the grid worker reports a dispute with a photo; the town's intake officer finds the lead."""

import re

import pytest
from playwright.sync_api import Page, expect

from jiefen.screening.models import FieldReport
from jiefen.screening.tests.conftest import JPEG
from jiefen.testing import PASSWORD

pytestmark = pytest.mark.e2e


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")


def test_a_grid_worker_reports_from_a_phone_and_the_intake_officer_sees_the_lead(live_server, live_network, page):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "village_grid")
    expect(page).to_have_url(re.compile(r"/field/$"))
    page.click("text=上报纠纷 >> nth=-1")
    page.fill("input[name=location]", "3号楼东侧")
    page.fill("input[name=summary]", "两户因排水沟堵塞争吵")
    page.fill("textarea[name=description]", "3号楼东侧排水沟被堵，两户在楼下争吵。")
    page.check("input[name=urgency][value=urgent]")
    page.set_input_files("input[name=photos]", files=[{"name": "drain.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    submit = page.locator("#report-submit")
    box = submit.bounding_box()
    assert box["width"] <= 375 and box["height"] >= 44  # a thumb-sized button inside the phone's width
    submit.click()
    expect(page.locator(".messages")).to_contain_text("作为线索送交西门社区非诉讼服务站")
    expect(page.locator(".field-reports")).to_contain_text("待核实线索")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.context.clear_cookies()
    log_in(page, live_server.url, "town_intake")
    page.click(".nav-toggle")
    expect(page.locator("#open-lead-count")).to_have_text("1")
    lead = FieldReport.objects.get()
    page.goto(f"{live_server.url}/leads/{lead.pk}/")
    expect(page.locator("h1")).to_have_text("两户因排水沟堵塞争吵")
    expect(page.locator(".field-photos img")).to_have_count(1)
