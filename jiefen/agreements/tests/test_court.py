"""Judicial confirmation and notarial enforcement: the application, its steps, the window and its warnings."""

import datetime
import io
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from docx import Document

from jiefen.agreements import services
from jiefen.agreements.models import CourtApplication, NotarialRequest
from jiefen.agreements.testing import add_courts, confirmed_case
from jiefen.cases.models import Agreement, CaseEvent, State
from jiefen.cases.services import IllegalMove
from jiefen.documents.court import agreement_pdf, application_content, application_docx, application_pdf
from jiefen.scheduler.models import Firing
from jiefen.scheduler.services import notices_for, run_pass
from jiefen.testing import case_in_state

S = CourtApplication.Status


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def orgs(network):
    return add_courts(network)


def test_the_competent_court_is_where_the_mediating_organisation_is(network, orgs):
    court, basis = services.competent_court(case_in_state(network, State.RESOLVED))
    assert court == orgs["320706-FY"] and "205" in basis  # 西门社区 lies in 海州区
    city_case = case_in_state(network, State.REGISTERED, org_code="3207", actor="city_coordinator")
    assert services.competent_court(city_case) == (None, "")  # staff choose


def test_an_application_needs_every_party_to_have_confirmed(network, orgs):
    case = case_in_state(network, State.RESOLVED)
    with pytest.raises(ValidationError, match="confirm"):
        services.prepare_application(case, network.user("village_a"))


def test_the_application_goes_through_its_steps_each_on_the_timeline(network, orgs):
    case = confirmed_case(network)
    mediator = network.user("village_a")
    application = services.prepare_application(case, mediator)
    assert application.court_name == "海州区人民法院" and application.status == S.PREPARED
    assert application.window_closes_on == services.window_closes_on(case.current_agreement())
    with pytest.raises(IllegalMove):
        services.prepare_application(case, mediator)  # one application in play per agreement
    with pytest.raises(IllegalMove):
        services.record_court_step(application, mediator, S.CONFIRMED, on=timezone.localdate(), ruling_number="x")

    today = timezone.localdate()
    services.record_court_step(application, mediator, S.FILED, on=today)
    services.record_court_step(application, mediator, S.ACCEPTED, on=today, court_case_number="（2026）苏0706民特12号")
    with pytest.raises(ValidationError):
        services.record_court_step(application, mediator, S.CONFIRMED, on=today)  # no ruling number
    services.record_court_step(application, network.user("town_coordinator"), S.CONFIRMED, on=today,
                               ruling_number="（2026）苏0706民特12号", ruling_text="确认调解协议有效。")
    application.refresh_from_db()
    assert (application.status, application.decided_on) == (S.CONFIRMED, today)
    steps = [e.payload["status"] for e in CaseEvent.objects.filter(case=case, move="judicial_confirmation")]
    assert steps == ["prepared", "filed", "accepted", "confirmed"]


def test_a_refusal_allows_a_new_application_and_another_court_needs_a_reason(network, orgs):
    case = confirmed_case(network)
    mediator, today = network.user("village_a"), timezone.localdate()
    with pytest.raises(ValidationError, match="why"):
        services.prepare_application(case, mediator, court=orgs["320703-FY"])
    application = services.prepare_application(case, mediator, court=orgs["320703-FY"], basis="被申请人住所地")
    services.record_court_step(application, mediator, S.FILED, on=today)
    with pytest.raises(ValidationError):
        services.record_court_step(application, mediator, S.REFUSED, on=today, ruling_number="（2026）苏0703民特1号")
    services.record_court_step(application, mediator, S.REFUSED, on=today, ruling_number="（2026）苏0703民特1号",
                               ruling_text="不属于本院管辖，裁定不予受理。")
    assert services.prepare_application(case, mediator).court_name == "海州区人民法院"


def test_a_grid_worker_or_another_jurisdiction_cannot_apply(network, orgs):
    from django.http import Http404

    case = confirmed_case(network)
    with pytest.raises(PermissionDenied):
        services.prepare_application(case, network.user("town_assessor"))
    with pytest.raises(Http404):
        services.prepare_application(case, network.user("other_county_coordinator"))


def test_no_application_after_the_window(network, orgs):
    case = confirmed_case(network)
    late = services.window_closes_on(case.current_agreement()) + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="closed"):
        services.prepare_application(case, network.user("village_a"), today=late)


def test_notarial_enforcement_of_a_debt_agreement(network, orgs):
    case = confirmed_case(network, amount="5000.00")
    mediator = network.user("village_a")
    with pytest.raises(ValidationError, match="compulsory"):
        services.request_notarisation(case, mediator, notary=orgs["3207-GZC"], undertaking=False)
    with pytest.raises(ValidationError):
        services.request_notarisation(case, mediator, notary=orgs["320706-FY"], undertaking=True)  # a court
    request = services.request_notarisation(case, mediator, notary=orgs["3207-GZC"], undertaking=True)
    with pytest.raises(ValidationError):
        services.record_notary_result(request, mediator, NotarialRequest.Status.NOTARISED, on=timezone.localdate())
    services.record_notary_result(request, mediator, NotarialRequest.Status.NOTARISED, on=timezone.localdate(),
                                  certificate_number="（2026）苏连证字第88号")
    with pytest.raises(IllegalMove):
        services.record_notary_result(request, mediator, NotarialRequest.Status.REFUSED, on=timezone.localdate(),
                                      note="x")
    steps = [e.payload["notarial_status"] for e in CaseEvent.objects.filter(case=case, move="notarial_enforcement")]
    assert steps == ["requested", "notarised"]


def test_a_case_without_money_is_not_a_debt_agreement(network, orgs):
    case = confirmed_case(network)
    with pytest.raises(ValidationError):
        services.request_notarisation(case, network.user("village_a"), notary=orgs["3207-GZC"], undertaking=True)


def test_the_window_warnings_fire_once_at_seven_and_two_days(network, orgs):
    case = confirmed_case(network)
    last = services.window_closes_on(case.current_agreement())
    at = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))  # noqa: E731

    run_pass(at(last - datetime.timedelta(days=9)))
    assert not Firing.objects.filter(kind=Firing.Kind.CONFIRMATION_WINDOW).exists()
    first = run_pass(at(last - datetime.timedelta(days=7)))
    again = run_pass(at(last - datetime.timedelta(days=6)))
    assert first.fired[Firing.Kind.CONFIRMATION_WINDOW] == 1 and again.fired[Firing.Kind.CONFIRMATION_WINDOW] == 0
    run_pass(at(last - datetime.timedelta(days=1)))
    stages = sorted(Firing.objects.filter(kind=Firing.Kind.CONFIRMATION_WINDOW).values_list("stage", flat=True))
    assert stages == [2, 7]
    notes = CaseEvent.objects.filter(case=case, move="confirmation_window")
    assert notes.count() == 2 and "三十日期限" in notes[0].reason  # in the language of the record
    assert [n.id for n in notices_for(network.user("village_a"))]  # on the mediator's desk
    assert notices_for(network.user("town_coordinator")).count() == 0  # the case is the village station's


def test_a_filed_application_silences_the_warnings(network, orgs):
    case = confirmed_case(network)
    mediator = network.user("village_a")
    services.record_court_step(services.prepare_application(case, mediator), mediator, S.FILED,
                               on=timezone.localdate())
    last = services.window_closes_on(case.current_agreement())
    run_pass(timezone.make_aware(datetime.datetime.combine(last - datetime.timedelta(days=3), datetime.time(9))))
    assert not Firing.objects.filter(kind=Firing.Kind.CONFIRMATION_WINDOW).exists()


def signed_on(network, day: str):
    """A resolved case whose latest agreement was signed on ``day``."""
    case = case_in_state(network, State.RESOLVED)
    Agreement.objects.create(case=case, facts="事实", terms="条款", performance="履行", signed_on=day,
                             mediator_name="王调解", organisation_name="西门社区非诉讼服务站",
                             recorded_by=network.user("village_a"))
    return case


def test_the_warnings_read_only_the_windows_still_open_and_closing_soon_in_a_few_queries(
    network, orgs, django_assert_max_num_queries
):
    """Thursday 2026-10-08, the first working day after the National Day holiday (10-01 to 10-07): the windows
    whose 30th day fell in the holiday close today; one whose 30th day was the last working day before it has
    closed; one closing in 8 days is not warned yet."""
    closed = signed_on(network, "2026-08-31")  # 09-30
    holiday_first, holiday_third = signed_on(network, "2026-09-01"), signed_on(network, "2026-09-03")  # 10-08
    in_a_week, later = signed_on(network, "2026-09-15"), signed_on(network, "2026-09-16")  # 10-15, 10-16

    with django_assert_max_num_queries(4):  # warnings, the year's holidays, agreements, firings
        due = services.window_warnings_due(datetime.date(2026, 10, 8))

    assert sorted(due) == sorted([
        (holiday_first.pk, datetime.date(2026, 10, 8), 2, holiday_first.handling_org_id),
        (holiday_third.pk, datetime.date(2026, 10, 8), 2, holiday_third.handling_org_id),
        (in_a_week.pk, datetime.date(2026, 10, 15), 7, in_a_week.handling_org_id),
    ])
    assert closed.pk not in {d[0] for d in due} and later.pk not in {d[0] for d in due}


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_the_application_docx_cites_the_library_and_prints_the_hash(network, orgs):
    case = confirmed_case(network)
    application = services.prepare_application(case, network.user("village_a"))
    text = docx_text(application_docx(application))
    for expected in ("司法确认申请书", "张三", "李四", "海州区人民法院", application.text_sha256, "请求事项",
                     "《人民调解法》第三十三条", "《民事诉讼法》第二百零五条", "此致"):
        assert expected in text, expected
    content = application_content(application)
    assert {a.citation.law for a in content.appendix} >= {"人民调解法", "民事诉讼法"}


@pytest.mark.slow
def test_the_pdfs_render_chinese_and_the_hash(network, orgs, tmp_path):
    case = confirmed_case(network)
    application = services.prepare_application(case, network.user("village_a"))
    for name, data in (("agreement.pdf", agreement_pdf(case)), ("application.pdf", application_pdf(application))):
        path = tmp_path / name
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
        text = text.stdout.decode("utf-8").replace(" ", "").replace("\n", "")
        for expected in ("张三", "李四", case.number, application.text_sha256):
            assert expected in text, (name, expected)
        assert ("人民调解协议书" if name == "agreement.pdf" else "司法确认申请书") in text


def test_the_parties_withdraw_a_filed_application_and_the_warnings_stop(network, orgs):
    case = confirmed_case(network)
    mediator, today = network.user("village_a"), timezone.localdate()
    last = services.window_closes_on(case.current_agreement())
    at = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))  # noqa: E731
    application = services.prepare_application(case, mediator)
    with pytest.raises(IllegalMove):  # not filed yet: nothing to withdraw from the court
        services.record_court_step(application, mediator, S.WITHDRAWN, on=today, reason="双方已自行履行")
    run_pass(at(last - datetime.timedelta(days=7)))  # prepared, not filed: the parties are warned
    assert notices_for(mediator).filter(kind=Firing.Kind.CONFIRMATION_WINDOW).count() == 1
    services.record_court_step(application, mediator, S.FILED, on=today)
    with pytest.raises(ValidationError) as refused:
        services.record_court_step(application, mediator, S.WITHDRAWN, on=today)
    assert list(refused.value.message_dict) == ["reason"]
    services.record_court_step(application, mediator, S.WITHDRAWN, on=today, reason="被申请人已全部履行，双方撤回申请")
    application.refresh_from_db()
    assert (application.status, application.withdrawn_on) == (S.WITHDRAWN, today) and not application.is_open
    assert "撤回" in CaseEvent.objects.filter(case=case, move="judicial_confirmation").last().reason
    with pytest.raises(IllegalMove):
        services.record_court_step(application, mediator, S.CONFIRMED, on=today, ruling_number="x")
    # No warning any more, nor the earlier one on the desk.
    run_pass(at(last - datetime.timedelta(days=2)))
    assert list(Firing.objects.filter(kind=Firing.Kind.CONFIRMATION_WINDOW).values_list("stage", flat=True)) == [7]
    assert not notices_for(mediator).filter(kind=Firing.Kind.CONFIRMATION_WINDOW).exists()
    # The window stays theirs: a new application may be made while it is open.
    assert services.prepare_application(case, mediator).status == S.PREPARED


def test_a_withdrawal_through_the_case_page_and_the_api(network, orgs, login):
    from rest_framework.test import APIClient

    case = confirmed_case(network)
    mediator, today = network.user("village_a"), timezone.localdate()
    application = services.prepare_application(case, mediator)
    services.record_court_step(application, mediator, S.FILED, on=today)
    api = APIClient()
    api.force_authenticate(mediator)
    url = f"/api/cases/{case.pk}/court-applications/{application.pk}/steps/"
    assert api.post(url, {"status": "withdrawn", "on": today.isoformat()}, format="json").status_code == 400
    response = api.post(url, {"status": "withdrawn", "on": today.isoformat(), "reason": "双方和解"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["withdrawal_reason"]) == ("withdrawn", "双方和解")
    panel = login("village_a").get(f"/cases/{case.pk}/enforceability/").content.decode()
    assert 'data-status="withdrawn"' in panel and "双方和解" in panel


def test_the_warning_days_are_data_an_administrator_edits(network, orgs):
    from jiefen.agreements.models import WindowWarning

    assert list(WindowWarning.objects.values_list("days_before", flat=True)) == [7, 2]  # as shipped
    WindowWarning.objects.filter(days_before=7).update(is_active=False)
    WindowWarning.objects.create(days_before=10)
    case = confirmed_case(network)
    last = services.window_closes_on(case.current_agreement())
    at = lambda day: timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))  # noqa: E731
    for days_left in (10, 7, 2):
        run_pass(at(last - datetime.timedelta(days=days_left)))
    stages = sorted(Firing.objects.filter(case=case, kind=Firing.Kind.CONFIRMATION_WINDOW).values_list(
        "stage", flat=True))
    assert stages == [2, 10]
    with pytest.raises(ValidationError):
        WindowWarning(days_before=30).full_clean()  # the window is 30 days
    WindowWarning.objects.update(is_active=False)
    assert services.window_warnings_due(last) == []


def test_a_dispute_of_the_intermediate_court_is_addressed_to_it_with_the_rule(network, orgs):
    from jiefen.testing import resident_id

    big = confirmed_case(network, amount="600000000.00")
    court, basis = services.competent_court(big)
    assert court == orgs["3207-FY"]  # 连云港市中级人民法院, over 海州区
    assert "205" in basis and "法发〔2021〕27号" in basis and "第一条" in basis
    application = services.prepare_application(big, network.user("village_a"))
    assert (application.court_name, application.court_basis) == ("连云港市中级人民法院", basis)

    # 150 million: at the basic court while both parties live in the province, at the intermediate court when one
    # lives in another (a Shanghai ID number).
    resolved = lambda **kwargs: case_in_state(network, State.RESOLVED, **kwargs)  # noqa: E731
    assert services.competent_court(resolved(amount="150000000.00"))[0] == orgs["320706-FY"]
    shanghai = [
        {"role": "applicant", "kind": "person", "name": "张三", "id_number": resident_id(),
         "phone": "13812345678"},
        {"role": "respondent", "kind": "person", "name": "李四", "id_number": _id_of("310101"),
         "phone": "13912345678"},
    ]
    court, basis = services.competent_court(resolved(amount="150000000.00", parties=shanghai))
    assert court == orgs["3207-FY"] and "第二条" in basis
    # The thresholds are data: an administrator follows the SPC's next notice.
    from jiefen.agreements.models import IntermediateCourtThreshold

    IntermediateCourtThreshold.objects.filter(party_outside_province=False).update(amount="100000000.00")
    assert services.competent_court(resolved(amount="150000000.00"))[0] == orgs["3207-FY"]


def test_no_intermediate_court_for_intellectual_property_or_small_sums(network, orgs):
    case = case_in_state(network, State.RESOLVED, amount="600000000.00")
    case.category = "知识产权"
    assert services.competent_court(case)[0] == orgs["320706-FY"]
    assert services.competent_court(case_in_state(network, State.RESOLVED, amount="5000.00"))[0] == orgs["320706-FY"]


def _id_of(area: str) -> str:
    from jiefen.core.validators import resident_id_check_char

    first17 = area + "19850505" + "246"
    return first17 + resident_id_check_char(first17)
