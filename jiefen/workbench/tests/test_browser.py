"""The workbench in a real browser: a case from the window to closure, and the pages on a phone.

Screenshots land in $JIEFEN_SCREENSHOTS (default: a temporary directory) for a human to look at.
"""

import datetime
import io
import os
import re
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from jiefen.cases.models import Case, State
from jiefen.cases.moves import perform_move
from jiefen.testing import PASSWORD, case_in_state, resident_id

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(os.environ.get("JIEFEN_SCREENSHOTS") or tempfile.mkdtemp(prefix="jiefen-screens-"))
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    expect(page.locator("h1")).to_have_text("我的待办")


def log_out(page: Page) -> None:
    page.click("form[action='/logout/'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/login/"))


def make_move(page: Page, move: str, fill=None) -> None:
    """Open the move's form on the case page, fill it, confirm, and wait for the page to show the new event."""
    # The case page must be there before its events are counted (the previous click may still be navigating).
    expect(page.locator(f"#move-{move} > summary")).to_be_visible()
    events = page.locator(".timeline .event")
    before = events.count()
    page.click(f"#move-{move} > summary")
    form = page.locator(f"#move-{move} form")
    if fill:
        fill(form)
    form.locator("button[type=submit]").click()
    expect(events).to_have_count(before + 1)
    expect(events.last).to_have_attribute("data-move", move)
    expect(page.locator(".messages .notice-success")).to_be_visible()


def test_a_case_goes_from_the_window_to_closure(page: Page, live_server, live_network):
    base = live_server.url
    page.set_viewport_size(DESKTOP)

    # The intake officer of 朐阳街道 registers a dispute brought to the window.
    log_in(page, base, "town_intake")
    shot(page, "01-queue-town-intake")
    page.click("nav.nav >> text=纠纷登记")
    page.fill("[name=summary]", "楼上漏水损坏天花板纠纷")
    page.select_option("[name=place]", label="西门社区")
    expect(page.locator("[name=handling_org] option:checked")).to_have_text("朐阳街道非诉讼服务中心")
    page.fill("[name=description]", "楼上住户卫生间漏水，致楼下天花板霉变脱落，双方多次协商未果。")
    page.fill("[name=claims]", "修复漏水点，赔偿天花板维修费用。")
    page.fill("[name=amount]", "3200")
    page.fill("[name=applicant-name]", "赵大明")
    page.fill("[name=applicant-id_number]", resident_id("19700304", "135"))
    page.fill("[name=applicant-phone]", "13800001111")
    page.fill("[name=applicant-address]", "海州区西门社区5号楼101室")
    page.fill("[name=respondent-name]", "钱小红")
    page.fill("[name=respondent-id_number]", resident_id("19820715", "246"))
    page.fill("[name=respondent-phone]", "13900002222")
    page.fill("[name=respondent-address]", "海州区西门社区5号楼201室")
    shot(page, "02-register-form")
    page.click("#register-submit")
    expect(page.locator(".messages .notice-success")).to_contain_text("已登记")
    case = Case.objects.get(summary="楼上漏水损坏天花板纠纷")
    expect(page.locator(".case-head .badge-large")).to_have_text(zh(State.REGISTERED.label))

    # Triage, consent, assignment to the station of 西门社区 and its mediator 王调解.
    make_move(page, "triage", lambda form: (
        form.locator("[name=triage-category]").select_option("邻里"),
        form.locator("[name=triage-field]").select_option("民事"),
        form.locator("[name=triage-complexity]").select_option("简单"),
    ))
    make_move(page, "consent", lambda form: form.locator("[name=consent-method]").select_option("peoples_mediation"))
    make_move(page, "assign", lambda form: (
        form.locator("[name=assign-organisation]").select_option(label="西门社区非诉讼服务站"),
        form.locator("[name=assign-mediator]").select_option(label="王调解"),
    ))
    expect(page.locator(".case-side dl.facts")).to_contain_text("王调解")
    shot(page, "03-case-assigned")
    log_out(page)

    # The mediator finds it in the queue, records a session and the agreement.
    log_in(page, base, "village_a")
    expect(page.locator("table.cases")).to_contain_text(case.number)
    shot(page, "04-queue-village-a")
    page.click(f"text={case.number}")
    held_at = datetime.datetime.now(SHANGHAI).strftime("%Y-%m-%dT%H:%M")
    make_move(page, "record_session", lambda form: (
        form.locator("[name=record_session-held_at]").fill(held_at),
        form.locator("[name=record_session-mode]").select_option("on_site"),
        form.locator("[name=record_session-place]").fill("西门社区调解室"),
        form.locator("[name=record_session-participants]").fill("赵大明、钱小红、王调解"),
        form.locator("[name=record_session-record]").fill("双方到场陈述，调解员释法明理，双方同意协商解决。"),
    ))
    today = datetime.datetime.now(SHANGHAI).date().isoformat()
    make_move(page, "agree", lambda form: (
        form.locator("[name=agree-facts]").fill("钱小红家卫生间漏水致赵大明家天花板损坏。"),
        form.locator("[name=agree-terms]").fill("一、钱小红于七日内修复漏水点。\n二、钱小红赔偿赵大明维修费用二千元。"),
        form.locator("[name=agree-performance]").fill("签订之日起七日内履行完毕。"),
        form.locator("[name=agree-signed_on]").fill(today),
    ))

    # The agreement downloads as a DOCX naming both parties.
    with page.expect_download() as download_info:
        page.locator(".case-side a[href$='agreement.docx']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as file:
        document = docx.Document(io.BytesIO(file.read()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "赵大明" in text and "钱小红" in text

    make_move(page, "close")
    expect(page.locator(".case-head .badge-large")).to_have_text(zh(State.CLOSED.label))
    moves = page.locator(".timeline .event").evaluate_all("events => events.map(e => e.dataset.move)")
    assert moves == ["register", "triage", "consent", "assign", "record_session", "agree", "close"]
    shot(page, "05-case-closed")
    case.refresh_from_db()
    assert case.state == State.CLOSED


def assert_fits(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 2, f"{page.url} overflows: {scroll_width}px wide on a {width}px screen"


def test_the_pages_fit_a_phone(page: Page, live_server, live_network):
    case = case_in_state(live_network, State.RESOLVED)
    case_in_state(
        live_network, State.ASSIGNED, summary="相邻通行纠纷：院墙占用公共通道，影响邻居车辆出入",
        parties=[
            {"role": "applicant", "kind": "person", "name": "欧阳明"},
            {"role": "respondent", "kind": "organisation", "name": "连云港市海州区西门社区居民委员会物业管理服务站"},
        ],
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "village_a")
    assert_fits(page, PHONE["width"])
    shot(page, "10-phone-queue")

    expect(page.locator("nav.nav")).to_be_hidden()
    page.click(".nav-toggle")
    expect(page.locator("nav.nav")).to_be_visible()
    shot(page, "11-phone-menu")

    for name, path in [
        ("12-phone-case", f"/cases/{case.pk}/"),
        ("13-phone-list", "/cases/"),
        ("14-phone-register", "/cases/new/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_fits(page, PHONE["width"])
        shot(page, name)


def test_desktop_pages_for_a_leader(page: Page, live_server, live_network):
    for state in (State.REGISTERED, State.ASSIGNED, State.IN_MEDIATION, State.FAILED):
        case_in_state(live_network, state)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "city_leader")
    expect(page.locator(".summary .counts li")).to_have_count(4)
    assert_fits(page, DESKTOP["width"])
    shot(page, "20-desktop-leader-queue")
    page.goto(f"{live_server.url}/cases/")
    assert_fits(page, DESKTOP["width"])
    shot(page, "21-desktop-list")


def test_a_refused_or_invalid_move_is_told_in_place(page: Page, live_server, live_network):
    case = case_in_state(live_network, State.TRIAGED)
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "town_intake")
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    # A refusal needs its reason: blank after trimming, the form comes back with the error, the page stays.
    page.click("#move-refuse > summary")
    page.fill("[name=refuse-reason]", "   ")
    page.click("#move-refuse button[type=submit]")
    expect(page.locator("#id_refuse-reason_error")).to_be_visible()
    expect(page.locator("#move-refuse")).to_have_attribute("open", "")
    shot(page, "30-move-error-in-place")

    # Meanwhile someone else records the consent; this page still offers the refusal: a clear 409 notice.
    perform_move(case, "consent", live_network.user("town_coordinator"), {"method": "peoples_mediation"})
    page.fill("[name=refuse-reason]", "当事人拒绝调解，引导诉讼。")
    page.click("#move-refuse button[type=submit]")
    expect(page.locator("#move-refuse .move-refused")).to_contain_text("待指派")
    shot(page, "31-move-refused-409")


def test_enter_in_the_registration_form_registers_and_add_party_adds_one(page: Page, live_server, live_network):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, "town_intake")
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("[name=summary]", "遗产继承纠纷")
    page.click("button[name=add_party]")
    expect(page.locator("fieldset.party-form")).to_have_count(3)
    expect(page.locator("[name=summary]")).to_have_value("遗产继承纠纷")
    expect(page.locator(".field-error")).to_have_count(0)

    page.press("[name=summary]", "Enter")
    expect(page.locator(".notice-error")).to_contain_text("案件尚未登记")
    expect(page.locator("fieldset.party-form")).to_have_count(3)
    expect(page.locator("#id_description_error")).to_be_visible()
