"""In a real browser: the notary office's clerk finds the agreement handed to the office on the queue, reads it and
accepts it; the township coordinator sees it in /supervision/, accepted, with the day the certificate is due."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from playwright.sync_api import Page, expect

from jiefen.agreements import services
from jiefen.agreements.models import NotarialRequest
from jiefen.agreements.testing import add_courts, confirmed_case
from jiefen.orgs.models import Post, Staff
from jiefen.testing import PASSWORD
from jiefen.workbench.tests.test_browser import DESKTOP, log_in, log_out, shot

pytestmark = pytest.mark.e2e


def test_the_notary_clerk_accepts_the_agreement_from_the_queue(page: Page, live_server, live_network,
                                                              text_messages_in_memory):
    orgs = add_courts(live_network)
    clerk = get_user_model().objects.create(username="notary_clerk", first_name="宋公证",
                                            password=make_password(PASSWORD))
    Staff.objects.create(user=clerk, organisation=orgs["3207-GZC"], post=Post.LIAISON)
    case = confirmed_case(live_network, amount="5000.00")
    request = services.request_notarisation(case, live_network.user("village_a"), notary=orgs["3207-GZC"],
                                            undertaking=True)
    page.set_viewport_size(DESKTOP)

    log_in(page, live_server.url, "notary_clerk")
    desk = page.locator("#notarial-requests")
    expect(desk).to_contain_text(case.number)
    desk.get_by_role("link", name="查看调解协议").click()
    expect(page.locator("#agreement-text")).to_contain_text("一、李四每日22时后停止施工。")
    expect(page.locator("#party-confirmations li[data-confirmed=yes]")).to_have_count(2)
    form = page.locator("form[data-form=notary-step]")
    form.locator("select[name=status]").select_option("accepted")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("已记录")
    expect(page.locator("#notarial-status")).to_have_text("公证机构已受理")
    shot(page, "notary-01-accepted")
    log_out(page)

    log_in(page, live_server.url, "town_coordinator")
    page.goto(f"{live_server.url}/supervision/")
    row = page.locator(f".supervision-agreements tr[data-case='{case.number}']")
    expect(row).to_contain_text("公证机构已受理")
    expect(row).to_contain_text("《公证法》第三十条")
    shot(page, "notary-02-supervised")
    assert NotarialRequest.objects.get(pk=request.pk).status == NotarialRequest.Status.ACCEPTED
