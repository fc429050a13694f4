"""In a real browser: an intake officer finds a dispute registered twice and merges the second into the first."""

import pytest
from playwright.sync_api import Page, expect

from jiefen.cases.tests.test_duplicates import NOISE, NOISE_RETOLD
from jiefen.core.taxonomy import Channel
from jiefen.testing import register
from jiefen.workbench.tests.test_browser import DESKTOP, log_in, shot

pytestmark = pytest.mark.e2e


def test_an_officer_merges_a_likely_duplicate_from_the_case_page(page: Page, live_server, live_network):
    target = register(live_network, description=NOISE)
    duplicate = register(live_network, description=NOISE_RETOLD, channel=Channel.HOTLINE)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "town_intake")

    page.goto(f"{live_server.url}/cases/{duplicate.pk}/")
    panel = page.locator("#duplicates")
    expect(panel).to_contain_text("可能重复")
    suggestion = panel.locator(f"article[data-case='{target.number}']")
    expect(suggestion).to_contain_text("与申请人张三证件号码相同")
    shot(page, "duplicates-01-suggestion")
    suggestion.locator(f"#merge-into-{target.pk} > summary").click()
    suggestion.locator("textarea[name=merge-reason]").fill("同一装修噪音纠纷经热线重复登记")
    suggestion.locator(f"#merge-into-{target.pk} button[type=submit]").click()

    expect(page.locator(".case-head .badge-large")).to_have_text("已并案")
    expect(page.locator("#case-links .merged-into")).to_have_text(f"已并入 {target.number}")
    expect(page.locator("#duplicates")).to_have_count(0)
    shot(page, "duplicates-02-merged")

    page.locator("#case-links .merged-into a").click()
    expect(page.locator("#case-links .merged-cases")).to_contain_text(duplicate.number)
    expect(page.locator(".timeline .event").last).to_have_attribute("data-move", "merged_in")
