"""The triage step in a real browser: the system's proposal with its reasons, changed by the officer, and the
change on the timeline."""

import pytest
from playwright.sync_api import Page, expect

from jiefen.cases.workflow import Move
from jiefen.core.taxonomy import Category
from jiefen.testing import register
from jiefen.triage.models import Proposal, TriageDecision
from jiefen.workbench.tests.test_browser import DESKTOP, log_in, shot, zh

pytestmark = pytest.mark.e2e


def test_the_officer_sees_the_proposal_changes_the_category_and_the_timeline_keeps_both(
    page: Page, live_server, live_network
):
    case = register(live_network, description="小区物业公司不修电梯，还要涨物业费，业主拒交物业费。")
    proposal = Proposal.objects.get(case=case)  # made by the registration handler (tasks run at once in tests)
    changed_to = Category.CONTRACT if proposal.category != Category.CONTRACT else Category.CONSUMER
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "town_intake")
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    panel = page.locator("#proposal")
    expect(panel.locator("[data-proposed=category] strong")).to_have_text(proposal.get_category_display())
    expect(panel).to_contain_text("依据的词语")
    expect(panel.locator("[data-proposed=risk]")).to_contain_text(proposal.reasons["risk"]["explanation"])
    expect(panel.locator("[data-proposed=route]")).to_contain_text(proposal.organisation.name)
    shot(page, "triage-proposal")

    page.click("#change-proposal")
    form = page.locator("#move-triage form")
    expect(form).to_be_visible()
    expect(form.locator("[name=triage-category]")).to_have_value(proposal.category)
    form.locator("[name=triage-category]").select_option(changed_to)
    form.locator("[name=triage-reason]").fill("物业服务合同纠纷，按合同处理。")
    form.locator("button[type=submit]").click()

    event = page.locator(".timeline .event").last
    expect(event).to_have_attribute("data-move", Move.TRIAGE)
    expect(event).to_contain_text(zh(changed_to.label))
    expect(event).to_contain_text(f"系统建议纠纷类型 {proposal.get_category_display()}")
    shot(page, "triage-changed")
    decision = TriageDecision.objects.get(case=case)
    assert decision.differs == ["category"] and decision.model_version == proposal.model_version
