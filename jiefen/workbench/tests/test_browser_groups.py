"""A group dispute registered at the window in a real browser: three pasted claimants, the orange badge and the
claimants table."""

import pytest
from playwright.sync_api import Page, expect

from jiefen.testing import resident_id
from jiefen.workbench.tests.test_browser import DESKTOP, log_in, shot

pytestmark = pytest.mark.e2e


def test_a_window_officer_registers_a_group_of_pasted_claimants(page: Page, live_server, live_network):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "town_intake")
    page.click("nav.nav >> text=纠纷登记")

    page.fill("[name=summary]", "小区保洁员讨要拖欠工资")
    page.select_option("[name=place]", label="西门社区")
    page.fill("[name=description]", "三名保洁员被物业公司拖欠三个月工资。")
    page.click("#group-dispute > summary")
    page.check("[name=is_group]")
    page.fill("[name=claims]", "支付拖欠工资。")
    page.fill("[name=claimants]", "\n".join([
        f"周秀英，{resident_id('19700304', '124')}，13800001111，7200",
        f"吴桂兰，{resident_id('19710405', '226')}，13800002222，6900",
        f"郑玉兰，{resident_id('19720506', '328')}，13800003333，6600",
    ]))
    page.fill("[name=applicant-name]", "周秀英")
    page.fill("[name=applicant-id_number]", resident_id("19700304", "124"))
    page.fill("[name=applicant-phone]", "13800001111")
    page.select_option("[name=respondent-kind]", "organisation")
    page.fill("[name=respondent-name]", "连云港恒泰物业服务有限公司")
    page.click("#register-submit")

    expect(page.locator(".messages .notice-success")).to_contain_text("已登记")
    expect(page.locator(".case-head .risk")).to_have_text("橙色预警")
    rows = page.locator("#claimants tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("周秀英")
    expect(rows.first).to_contain_text("代表人")
    expect(page.locator("#claimants .group-summary")).to_contain_text("¥20700")
    shot(page, "group-case")
