"""In a real browser: the coordinator opens the supervision list, urges the agency on a transferred case, records
the agency's answer, and closes the loop with the reported result."""

import pytest
from playwright.sync_api import Page, expect

from jiefen.cases.models import Case, State
from jiefen.testing import case_in_state
from jiefen.workbench.tests.test_browser import DESKTOP, log_in, shot

pytestmark = pytest.mark.e2e


def test_a_coordinator_supervises_a_transferred_case_to_its_result(page: Page, live_server, live_network):
    case = case_in_state(live_network, State.TRANSFERRED)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "town_coordinator")

    page.get_by_role("link", name="督办").first.click()
    expect(page.locator("h1")).to_have_text("督办")
    row = page.locator(f"tr[data-case='{case.number}']")
    expect(row).to_contain_text("连云港市劳动人事争议仲裁委员会")
    expect(row).to_contain_text(case.deadline.strftime("%Y-%m-%d"))
    shot(page, "supervision-01-list")
    row.get_by_role("link", name=case.number).click()

    panel = page.locator("#supervision")
    panel.locator("#urge > summary").click()
    form = panel.locator("form[data-form=urge]")
    form.locator("select[name=channel]").select_option("phone")
    form.locator("input[name=contact]").fill("仲裁院立案庭 王书记员")
    form.locator("textarea[name=content]").fill("请告知受理情况和预计结案时间。")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("已记录催办")
    expect(page.locator("#supervision .supervision-record li[data-kind=urge]")).to_contain_text("请告知受理情况")

    page.locator("#answer > summary").click()
    form = page.locator("form[data-form=answer]")
    form.locator("select[name=urge]").select_option(index=1)
    form.locator("select[name=channel]").select_option("phone")
    form.locator("input[name=respondent]").fill("王书记员")
    form.locator("select[name=progress]").select_option("done")
    form.locator("textarea[name=content]").fill("仲裁庭已出具调解书，结果随后送达。")
    form.locator("button[type=submit]").click()
    expect(page.locator("#supervision .supervision-record li[data-kind=answer]")).to_contain_text("已出具调解书")
    shot(page, "supervision-02-urged-and-answered")

    page.locator("#move-report_result > summary").click()
    page.locator("textarea[name=report_result-reason]").fill("劳动人事争议仲裁委员会已出具调解书，双方达成协议。")
    page.locator("#move-report_result button[type=submit]").click()
    expect(page.locator(".case-head .badge-large").first).to_have_text("已达成协议")
    expect(page.locator("form[data-form=urge]")).to_have_count(0)
    expect(page.locator(".timeline .event[data-move=report_result]")).to_have_count(1)
    shot(page, "supervision-03-closed-loop")
    assert Case.objects.get(pk=case.pk).state == State.RESOLVED
