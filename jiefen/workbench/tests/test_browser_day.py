"""A mediator's day in a real browser (issue 6's proof): the work queue, a session planned and rescheduled, a
back-to-back session with each side's private record, the agreement confirmed by both parties on their phones, and
the application for judicial confirmation generated and downloaded."""

import io

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jiefen.agreements.testing import add_courts
from jiefen.agreements.tests.test_browser import confirm_on_phone
from jiefen.cases.models import State
from jiefen.mediation.tests.conftest import APPLICANT_PHONE, APPLICANT_SECRET, RESPONDENT_PHONE, RESPONDENT_SECRET
from jiefen.testing import case_in_state
from jiefen.workbench.tests.test_browser import DESKTOP, log_in, shot

pytestmark = pytest.mark.e2e


def local(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def move(page: Page, name: str, fill) -> None:
    """Open the move's form on the case page, fill it, confirm, and wait for its event on the timeline."""
    page.click(f"#move-{name} > summary")
    form = page.locator(f"#move-{name} form")
    fill(form)
    form.locator("button[type=submit]").click()
    expect(page.locator(f".timeline .event[data-move={name}]")).to_have_count(1)
    expect(page.locator(".messages .notice-success")).to_be_visible()


def test_a_mediators_day_from_the_queue_to_the_judicial_confirmation_application(
    page: Page, live_server, live_network, browser
):
    network, base = live_network, live_server.url
    add_courts(network)
    case = case_in_state(network, State.ASSIGNED)

    # The queue: the case assigned to 王调解 of 西门社区 is waiting on her.
    page.set_viewport_size(DESKTOP)
    log_in(page, base, "village_a")
    expect(page.locator("table.cases")).to_contain_text(case.number)
    page.goto(f"{base}/cases/{case.pk}/")

    # A session planned by video, then moved to the mediation room: each form asks for what its mode needs.
    page.click("#schedule > summary")
    schedule = page.locator("#schedule form")
    schedule.locator("[name=schedule-mode]").select_option("video")
    expect(schedule.locator("[name=schedule-place]")).to_be_hidden()
    schedule.locator("[name=schedule-starts_at]").fill(local(timezone.now() + timezone.timedelta(days=2)))
    schedule.locator("[name=schedule-video_link]").fill("https://meet.example.cn/day")
    schedule.locator("[name=schedule-participants]").fill("张三、李四")
    schedule.locator("button[type=submit]").click()
    planned = page.locator("#sessions .plan[data-status=scheduled]")
    expect(planned).to_contain_text("meet.example.cn/day")
    planned.locator("details.reschedule > summary").click()
    moving = planned.locator("form.reschedule-form")
    expect(moving.locator("input[name$=-place]")).to_be_hidden()
    moving.locator("select[name$=-mode]").select_option("on_site")
    expect(moving.locator("input[name$=-video_link]")).to_be_hidden()
    moving.locator("input[name$=-place]").fill("西门社区调解室")
    moving.locator("input[name$=-reason]").fill("被申请人不会用视频")
    moving.locator("button[type=submit]").click()
    expect(page.locator("#sessions .plan[data-status=rescheduled]")).to_contain_text("被申请人不会用视频")
    expect(page.locator("#sessions .plan[data-status=scheduled]")).to_contain_text("西门社区调解室")

    # A back-to-back session: what each side said alone is kept apart.
    move(page, "record_session", lambda form: (
        form.locator("[name=record_session-held_at]").fill(local(timezone.now())),
        form.locator("[name=record_session-mode]").select_option("back_to_back"),
        form.locator("[name=record_session-place]").fill("西门社区调解室"),
        form.locator("[name=record_session-participants]").fill("张三、李四"),
        form.locator("[name=record_session-record]").fill("分别与双方背对背沟通，双方同意调低施工时间。"),
        form.locator("[name=record_session-applicant_record]").fill(APPLICANT_SECRET),
        form.locator("[name=record_session-respondent_record]").fill(RESPONDENT_SECRET),
    ))
    expect(page.locator("#sessions .side-record")).to_have_count(2)

    # The agreement, drafted from the case and completed by the mediator.
    move(page, "agree", lambda form: (
        form.locator("[name=agree-terms]").fill("一、李四每日22时后停止施工。\n二、李四向张三赔礼道歉。"),
        form.locator("[name=agree-performance]").fill("自签订之日起立即履行。"),
    ))
    case.refresh_from_db()
    assert case.state == State.RESOLVED
    agreement = case.current_agreement()
    shot(page, "day-1-agreement")

    # Both parties confirm it on their phones with a one-time code.
    for phone in (APPLICANT_PHONE, RESPONDENT_PHONE):
        party = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
        confirm_on_phone(party, base, agreement, phone)
        assert RESPONDENT_SECRET not in party.content() or phone == RESPONDENT_PHONE
        party.context.close()

    # Back at the desk: the application for judicial confirmation to the basic court.
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.locator("#party-confirmations li[data-confirmed=yes]")).to_have_count(2)
    page.click("#generate-application")
    expect(page.locator("#court-application-status")).to_have_text("申请书已生成")
    with page.expect_download() as download:
        page.click("#application-docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.value.path().read_bytes())).paragraphs)
    assert "海州区人民法院" in text and "李四每日22时后停止施工" in text and "第三十三条" in text
    assert APPLICANT_SECRET not in text and RESPONDENT_SECRET not in text
    shot(page, "day-2-application")
