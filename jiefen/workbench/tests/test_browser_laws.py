"""The law library in a real browser: a search in a citizen's words, then the article it found."""

import re

import pytest
from playwright.sync_api import Page, expect

from jiefen.knowledge import laws
from jiefen.knowledge.library import load_library
from jiefen.workbench.tests.test_browser import log_in, shot

pytestmark = pytest.mark.e2e


def test_an_officer_finds_the_neighbour_articles_by_everyday_words(page: Page, live_server, live_network):
    load_library(row for row in laws.read_articles() if row.short in {"民法典", "物业管理条例"})
    log_in(page, live_server.url, "town_intake")
    page.get_by_role("link", name="法律法规库").click()
    page.fill("input[name=q]", "邻居装修太吵")
    page.get_by_role("button", name="搜索").click()
    first = page.locator(".law-hit").first
    expect(first.locator("h2")).to_contain_text(re.compile(r"《民法典》第二百(八十[八九]|九十)"))
    expect(first.locator("mark").first).to_be_visible()
    shot(page, "law-search")
    first.locator("h2 a").click()
    expect(page.locator(".law-article .citation")).to_have_text(re.compile(r"^民法典:第2(8[89]|9\d)条$"))
