"""In a real browser: a coordinator clears their queue page in one click each, a red alert acknowledged (知悉) and a
deadline notice marked seen (已阅), the counts following without a reload; the seen notice listed again on asking;
the case's timeline naming who has acknowledged the alert."""

import pytest
from playwright.sync_api import Page, expect

from jiefen.cases.models import State
from jiefen.scheduler.tests.test_seen import notice, with_deadline
from jiefen.testing import case_in_state
from jiefen.triage.test_alerts import red_alert
from jiefen.workbench.tests.test_browser import DESKTOP, log_in, shot

pytestmark = pytest.mark.e2e


def test_a_coordinator_acknowledges_an_alert_and_marks_a_notice_seen(page: Page, live_server, live_network):
    alert = red_alert(live_network)
    reminder = notice(with_deadline(case_in_state(live_network, State.ASSIGNED, org_code="320706001")))
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "town_coordinator")
    expect(page.locator("#risk-alert-count")).to_have_text("1")
    expect(page.locator("#deadline-notice-count")).to_have_text("1")
    shot(page, "desk-01-queue")

    page.locator(f"#risk-alerts li[data-alert='{alert.pk}'] button").click()
    expect(page.locator("#risk-alerts")).to_have_count(0)
    expect(page.locator("#risk-alert-count")).to_have_text("0")
    expect(page.locator(".messages")).to_have_count(0)  # answered in place by htmx, not by a new page

    page.locator(f"#deadline-notices li[data-notice='{reminder.pk}'] button").click()
    expect(page.locator("#deadline-notice-count")).to_have_text("0")
    expect(page.locator(f"#deadline-notices li[data-notice='{reminder.pk}']")).to_have_count(0)
    page.get_by_role("link", name="显示我已阅的提醒").click()
    expect(page.locator(f"#deadline-notices li[data-notice='{reminder.pk}'] .badge-seen")).to_have_text("已阅")
    shot(page, "desk-02-seen-listed")

    page.goto(f"{live_server.url}/cases/{alert.case_id}/")
    acknowledgements = page.locator(f"#alert-{alert.pk}-acknowledgements")
    expect(acknowledgements).to_contain_text("已知悉")
    expect(acknowledgements).to_contain_text("吴协调")
    expect(acknowledgements).to_contain_text("尚未知悉冯研判")
    acknowledgements.scroll_into_view_if_needed()
    shot(page, "desk-03-case-timeline")
