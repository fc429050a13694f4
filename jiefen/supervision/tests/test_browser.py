"""In a real browser: the coordinator urges the arbitration commission through the platform and extends the deadline
with the parties' signed consent attached; the commission's clerk answers on the queue; the coordinator reads the
answer and opens the consent from the timeline."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from playwright.sync_api import Page, expect

from jiefen.cases.models import State
from jiefen.orgs.models import Post, Staff
from jiefen.supervision.models import AgencyAnswer, ExtensionConsent
from jiefen.supervision.tests.conftest import PNG
from jiefen.testing import PASSWORD, case_in_state
from jiefen.workbench.tests.test_browser import DESKTOP, log_in, log_out, shot

pytestmark = pytest.mark.e2e


def test_an_urge_answered_on_the_agencys_queue_and_an_extension_with_its_signed_consent(
    page: Page, live_server, live_network, tmp_path
):
    case = case_in_state(live_network, State.TRANSFERRED)
    clerk = get_user_model().objects.create(username="arbitration_clerk", first_name="钱仲裁",
                                            password=make_password(PASSWORD))
    Staff.objects.create(user=clerk, organisation=live_network.orgs["3207-LDZC"], post=Post.LIAISON)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "town_coordinator")
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    page.locator("#urge > summary").click()
    form = page.locator("form[data-form=urge]")
    expect(form.locator("select[name=channel]")).to_have_value("platform")
    form.locator("textarea[name=content]").fill("请告知受理情况和开庭安排。")
    form.locator("button[type=submit]").click()
    expect(page.locator("#supervision .supervision-record li[data-kind=urge]")).to_contain_text("等待答复")

    page.locator("#move-extend_deadline > summary").click()
    extend = page.locator("form[data-move=extend_deadline]")
    extend.locator("input[name=extend_deadline-deadline]").fill(case.deadline.replace(day=1).replace(
        year=case.deadline.year + 1).isoformat())
    extend.locator("input[name=extend_deadline-consenting]").first.check()
    extend.locator("select[name=extend_deadline-consent_how]").select_option("in_writing")
    consent = tmp_path / "同意延期.png"
    consent.write_bytes(PNG)
    extend.locator("input[name=extend_deadline-consent_file]").set_input_files(str(consent))
    extend.locator("textarea[name=extend_deadline-reason]").fill("仲裁委员会委托鉴定，双方书面同意延长。")
    extend.locator("button[type=submit]").click()
    link = page.locator(".timeline .event[data-move=extend_deadline] a[data-consent-file]")
    expect(link).to_have_count(1)
    shot(page, "supervision-04-urged-and-extended-with-consent")
    log_out(page)

    log_in(page, live_server.url, "arbitration_clerk")
    urges = page.locator("#agency-urges")
    expect(urges).to_contain_text("请告知受理情况和开庭安排。")
    urges.locator("details.move > summary").first.click()
    answer = urges.locator("form[data-form=agency-answer]").first
    answer.locator("select[name=progress]").select_option("accepted")
    answer.locator("textarea[name=content]").fill("已立案受理，定于下周三开庭。")
    answer.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("您的答复已送达协调督办岗")
    expect(page.locator("#agency-urges")).not_to_contain_text("请告知受理情况和开庭安排。")
    shot(page, "supervision-05-agency-answered")
    log_out(page)

    log_in(page, live_server.url, "town_coordinator")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.locator("#supervision .supervision-record li[data-kind=answer]")).to_contain_text("定于下周三开庭")
    href = page.locator(".timeline .event[data-move=extend_deadline] a[data-consent-file]").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "image/png" and response.body() == PNG
    assert AgencyAnswer.objects.get().respondent == "钱仲裁"
    assert ExtensionConsent.objects.get(case=case).original_name == "同意延期.png"
