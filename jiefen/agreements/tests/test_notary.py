"""The notary office on the platform: its staff see the requests addressed to their office (and no other), open the
agreement, and record the office's steps on their queue, on the request's page and through the API; the mediators
record them only for an office off the platform."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jiefen.agreements import notary, services
from jiefen.agreements.models import CourtApplication, NotarialRequest
from jiefen.agreements.testing import add_courts, confirmed_case
from jiefen.agreements.text import agreement_hash
from jiefen.agreements.waiting import answer_due
from jiefen.cases.models import CaseEvent
from jiefen.cases.services import IllegalMove
from jiefen.orgs.models import Organisation, Post, Staff

S = NotarialRequest.Status
NUMBER = "（2026）苏连证字第88号"


@pytest.fixture
def orgs(network):
    orgs = add_courts(network)
    orgs["320706-GZC"] = Organisation.objects.create(
        code="320706-GZC", name="连云港市海州公证处", kind=Organisation.Kind.NOTARY, level="county",
        region=network.regions["320706000000"], parent=orgs["320706"],
    )
    return orgs


def staff_member(network, username, org, post=Post.LIAISON):
    user = get_user_model().objects.create(username=username, first_name=username)
    Staff.objects.create(user=user, organisation=org, post=post)
    network.users[username] = user
    return user


@pytest.fixture
def clerk(network, orgs):
    """The clerk of 连云港公证处, which thereby works on the platform."""
    return staff_member(network, "notary_clerk", orgs["3207-GZC"])


@pytest.fixture
def other_clerk(network, orgs):
    return staff_member(network, "other_notary_clerk", orgs["320706-GZC"])


@pytest.fixture
def requested(network, orgs):
    case = confirmed_case(network, amount="5000.00")
    return services.request_notarisation(case, network.user("village_a"), notary=orgs["3207-GZC"], undertaking=True)


def notarial_events(case):
    return list(CaseEvent.objects.filter(case=case, move="notarial_enforcement").order_by("at", "id"))


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


# ---- services ----


def test_the_office_on_the_platform_records_its_steps_under_its_clerks_name(network, clerk, requested):
    today = timezone.localdate()
    assert list(notary.requests_to(clerk)) == [requested]
    with pytest.raises(IllegalMove, match="连云港市连云港公证处"):
        services.record_notary_result(requested, network.user("village_a"), S.ACCEPTED, on=today)

    notary.record_step(clerk, requested.pk, S.ACCEPTED, on=today)
    with pytest.raises(IllegalMove):
        notary.record_step(clerk, requested.pk, S.ACCEPTED, on=today)  # accepted once
    with pytest.raises(ValidationError) as no_number:
        notary.record_step(clerk, requested.pk, S.NOTARISED, on=today)
    assert set(no_number.value.message_dict) == {"certificate_number"}
    with pytest.raises(ValidationError):
        notary.record_step(clerk, requested.pk, S.NOTARISED, on=today - datetime.timedelta(days=1),
                           certificate_number=NUMBER)  # before it was accepted
    row = notary.record_step(clerk, requested.pk, S.NOTARISED, on=today, certificate_number=NUMBER)

    assert (row.status, row.accepted_on, row.decided_on, row.certificate_number) == (S.NOTARISED, today, today, NUMBER)
    assert list(notary.requests_to(clerk)) == []
    events = notarial_events(requested.case)
    assert [e.payload["notarial_status"] for e in events] == ["requested", "accepted", "notarised"]
    assert {(e.actor_name, e.actor_organisation) for e in events[1:]} == {("notary_clerk", "连云港市连云港公证处")}
    assert NUMBER in events[-1].reason


def test_the_office_refuses_with_its_reason(clerk, requested):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as no_reason:
        notary.record_step(clerk, requested.pk, S.REFUSED, on=today)
    assert set(no_reason.value.message_dict) == {"note"}
    row = notary.record_step(clerk, requested.pk, S.REFUSED, on=today, note="借款利率超过法定上限，不予办理。")
    assert row.status == S.REFUSED and row.note == "借款利率超过法定上限，不予办理。"
    assert "借款利率超过法定上限" in notarial_events(requested.case)[-1].reason
    assert services.live_notarisation(requested.agreement) is None  # the mediator may hand it over again


def test_for_an_office_off_the_platform_the_mediator_records_each_step(network, requested):
    mediator, today = network.user("village_a"), timezone.localdate()
    services.record_notary_result(requested, mediator, S.ACCEPTED, on=today)
    services.record_notary_result(requested, mediator, S.NOTARISED, on=today, certificate_number=NUMBER)
    assert NotarialRequest.objects.get().status == S.NOTARISED
    assert notarial_events(requested.case)[-1].actor == mediator


def test_a_request_addressed_to_another_office_is_not_found(network, clerk, other_clerk, requested):
    from django.http import Http404

    assert list(notary.requests_to(other_clerk)) == []
    for user in (other_clerk, network.user("village_a"), network.user("city_coordinator")):
        with pytest.raises(Http404):
            notary.record_step(user, requested.pk, S.ACCEPTED, on=timezone.localdate())
    assert NotarialRequest.objects.get().status == S.REQUESTED


@pytest.mark.django_db
def test_the_time_the_law_gives_counts_working_days_for_a_notary_and_moves_a_court_past_holidays():
    accepted = NotarialRequest(status=S.ACCEPTED, accepted_on=datetime.date(2026, 9, 28))
    # 15 working days: the National Day week off, the Saturday of 10 October worked.
    assert answer_due(accepted).on == datetime.date(2026, 10, 23)
    assert answer_due(accepted).basis == "公证法:第30条"
    assert answer_due(NotarialRequest(status=S.REQUESTED)) is None  # no time to accept
    filed = CourtApplication(status=CourtApplication.Status.FILED, filed_on=datetime.date(2026, 9, 30))
    assert answer_due(filed).on == datetime.date(2026, 10, 8)  # 3 days end on a holiday: the next working day
    ruled = CourtApplication(status=CourtApplication.Status.ACCEPTED, accepted_on=datetime.date(2026, 10, 5))
    assert answer_due(ruled).on == datetime.date(2026, 10, 20)
    assert answer_due(ruled).basis.endswith(":第5条")


# ---- screens ----


def test_the_clerk_sees_the_request_on_the_queue_opens_the_agreement_and_accepts_it(network, login, clerk,
                                                                                   requested):
    browser = login("notary_clerk")
    queue = browser.get("/").content.decode()
    assert 'id="notarial-requests"' in queue and requested.case.number in queue
    assert f"/notary/requests/{requested.pk}/" in queue

    page = browser.get(f"/notary/requests/{requested.pk}/").content.decode()
    assert "张三" in page and "李四" in page and agreement_hash(requested.agreement) in page
    assert "一、李四每日22时后停止施工。" in page and 'data-form="notary-step"' in page
    pdf = browser.get(f"/notary/requests/{requested.pk}/agreement.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert browser.get(f"/cases/{requested.case.pk}/").status_code == 404  # not the case itself

    response = browser.post(f"/notary/requests/{requested.pk}/steps/", {
        "status": "accepted", "on": timezone.localdate().isoformat(), "next": "queue",
    })
    assert response.status_code == 302 and response.url.endswith("#notarial-requests")
    assert NotarialRequest.objects.get().status == S.ACCEPTED
    assert notarial_events(requested.case)[-1].actor == clerk


def test_only_the_office_addressed_opens_the_request(network, login, client, clerk, other_clerk, requested):
    for url in (f"/notary/requests/{requested.pk}/", f"/notary/requests/{requested.pk}/agreement.pdf"):
        for persona in ("other_notary_clerk", "village_a", "city_coordinator"):
            assert login(persona).get(url).status_code == 404, (persona, url)
        assert client.get(url).status_code == 302  # log in first
    assert login("other_notary_clerk").post(f"/notary/requests/{requested.pk}/steps/", {
        "status": "accepted", "on": timezone.localdate().isoformat(),
    }).status_code == 404
    assert requested.case.number not in login("other_notary_clerk").get("/").content.decode()
    assert 'id="notarial-requests"' not in login("village_a").get("/").content.decode()
    assert NotarialRequest.objects.get().status == S.REQUESTED


def test_the_case_page_leaves_the_steps_to_an_office_on_the_platform(network, login, clerk, requested):
    panel = login("village_a").get(f"/cases/{requested.case.pk}/enforceability/").content.decode()
    assert 'id="notary-on-platform"' in panel and f"/notarial-requests/{requested.pk}/result/" not in panel
    refused = login("village_a").post(f"/cases/{requested.case.pk}/notarial-requests/{requested.pk}/result/", {
        "status": "accepted", "on": timezone.localdate().isoformat(),
    }, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409 and NotarialRequest.objects.get().status == S.REQUESTED


# ---- API ----


def test_the_clerk_lists_reads_and_answers_through_the_api(network, clerk, other_clerk, requested):
    api = api_client(clerk)
    listed = api.get("/api/notary/requests/").json()
    assert [row["id"] for row in listed["results"]] == [requested.pk]
    assert listed["results"][0]["case_number"] == requested.case.number
    detail = api.get(f"/api/notary/requests/{requested.pk}/").json()
    assert [(p["name"], p["role"]) for p in detail["parties"]] == [("张三", "applicant"), ("李四", "respondent")]
    assert all(p["confirmed_at"] for p in detail["parties"]) and "人民调解协议书" in detail["text"]
    assert "phone" not in str(detail) and "id_number" not in str(detail)

    today = timezone.localdate().isoformat()
    step = api.post(f"/api/notary/requests/{requested.pk}/steps/", {"status": "notarised", "on": today},
                    format="json")
    assert step.status_code == 400 and "certificate_number" in str(step.json())
    done = api.post(f"/api/notary/requests/{requested.pk}/steps/",
                    {"status": "notarised", "on": today, "certificate_number": NUMBER}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "notarised"
    again = api.post(f"/api/notary/requests/{requested.pk}/steps/",
                     {"status": "refused", "on": today, "note": "x"}, format="json")
    assert again.status_code == 409

    stranger = api_client(other_clerk)
    assert stranger.get("/api/notary/requests/").json()["results"] == []
    assert stranger.get(f"/api/notary/requests/{requested.pk}/").status_code == 404
    assert stranger.post(f"/api/notary/requests/{requested.pk}/steps/", {"status": "accepted", "on": today},
                         format="json").status_code == 404
    assert api_client(network.user("village_a")).get(f"/api/notary/requests/{requested.pk}/").status_code == 404


def test_the_mediators_api_refuses_steps_for_an_office_on_the_platform(network, clerk, requested):
    response = api_client(network.user("village_a")).post(
        f"/api/cases/{requested.case.pk}/notarial-requests/{requested.pk}/result/",
        {"status": "accepted", "on": timezone.localdate().isoformat()}, format="json",
    )
    assert response.status_code == 409
