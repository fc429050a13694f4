import datetime

from django.test import Client
from rest_framework.test import APIClient

from jiefen.agreements.models import CourtApplication
from jiefen.agreements.testing import add_courts
from jiefen.cases.models import State
from jiefen.followups.models import PerformanceMark, Visit
from jiefen.followups.tests.test_followups import closed, due_now, item_of
from jiefen.portal.services import citizen_for
from jiefen.testing import case_in_state

TODAY = datetime.date.today()


def portal(phone):
    client = Client()
    client.force_login(citizen_for(phone))
    return client


def test_the_case_page_shows_the_panel_and_staff_record_a_visit_and_items(network, login):
    case = closed(network)
    due_now(case)
    client = login("village_a")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="followups"' in page and 'id="follow-up-list"' in page
    follow_up = case.follow_ups.order_by("days_after").first()
    response = client.post(f"/cases/{case.pk}/follow-ups/{follow_up.pk}/visit/", {
        "method": "phone", "satisfaction": "4", "keeping": "yes", "comment": "已按约定停止夜间施工"})
    assert response.status_code == 302
    assert Visit.objects.get(follow_up=follow_up).method == "phone"
    applicant, respondent = case.parties.order_by("id")
    response = client.post(f"/cases/{case.pk}/performance/items/", {
        "item-what": "赔偿损失", "item-amount": "800", "item-due_on": TODAY.isoformat(),
        "item-obligor": respondent.pk, "item-obligee": applicant.pk})
    assert response.status_code == 302 and case.performance_items.count() == 1
    assert 'id="performance-items"' in client.get(f"/cases/{case.pk}/").content.decode()
    assert login("other_county_coordinator").post(f"/cases/{case.pk}/performance/items/", {}).status_code == 404


def test_the_portal_form_and_the_one_tap_not_performed(network):
    add_courts(network)
    case = closed(network)
    due_now(case)
    item = item_of(network, case)
    client = portal("13812345678")
    listing = client.get("/portal/follow-ups/").content.decode()
    assert "/portal/follow-ups/" in listing and f'id="not-performed-{item.pk}"' in listing
    follow_up = case.follow_ups.order_by("days_after").first()
    assert client.post(f"/portal/follow-ups/{follow_up.pk}/", {"satisfaction": "9"}).status_code == 400
    response = client.post(f"/portal/follow-ups/{follow_up.pk}/", {
        "satisfaction": "2", "keeping": "no", "comment": "没有付款"})
    assert response.status_code == 302
    assert Visit.objects.get(follow_up=follow_up).method == "portal"
    # The debtor sees no button and cannot tap it.
    assert f"not-performed-{item.pk}" not in portal("13912345678").get("/portal/follow-ups/").content.decode()
    assert portal("13912345678").post(f"/portal/follow-ups/items/{item.pk}/not-performed/").status_code == 404
    assert portal("13700000000").get(f"/portal/follow-ups/{follow_up.pk}/").status_code == 404
    assert client.post(f"/portal/follow-ups/items/{item.pk}/not-performed/").status_code == 302
    assert PerformanceMark.objects.get(item=item).status == "not_performed"
    assert CourtApplication.objects.filter(case=case, status="prepared").exists()


def test_figures_for_coordinators_only(network, login):
    case = closed(network)
    item_of(network, case, due_on=TODAY - datetime.timedelta(days=1))
    page = login("county_coordinator").get("/follow-ups/figures/")
    assert page.status_code == 200 and "王调解" in page.content.decode()
    assert login("village_a").get("/follow-ups/figures/").status_code == 403
    # The navigation offers the figures to those who may read them, and the portal's home its follow-ups.
    assert 'href="/follow-ups/figures/"' in login("county_coordinator").get("/").content.decode()
    assert 'href="/follow-ups/figures/"' not in login("village_a").get("/").content.decode()
    assert 'id="my-follow-ups"' in portal("13812345678").get("/portal/").content.decode()


def test_the_api(network):
    add_courts(network)
    case = closed(network)
    due_now(case)
    api = APIClient()
    api.force_authenticate(network.user("village_a"))
    follow_ups = api.get(f"/api/cases/{case.pk}/follow-ups/").json()
    assert [f["days_after"] for f in follow_ups] == [7, 30, 90]
    response = api.post(f"/api/cases/{case.pk}/follow-ups/{follow_ups[0]['id']}/visits/", {
        "method": "home", "satisfaction": 3, "keeping": "partly"}, format="json")
    assert response.status_code == 201, response.json()
    assert api.post(f"/api/cases/{case.pk}/follow-ups/{follow_ups[0]['id']}/visits/", {
        "method": "home", "satisfaction": 3, "keeping": "partly"}, format="json").status_code == 400
    applicant, respondent = case.parties.order_by("id")
    response = api.post(f"/api/cases/{case.pk}/performance/", {
        "what": "支付赔偿款", "amount": "1200.00", "due_on": TODAY.isoformat(), "obligor": respondent.pk,
        "obligee": applicant.pk}, format="json")
    assert response.status_code == 201, response.json()
    item = response.json()["id"]
    response = api.post(f"/api/cases/{case.pk}/performance/{item}/marks/", {"status": "not_performed"},
                        format="json")
    assert response.status_code == 201 and response.json()["court_application"]
    performance = api.get(f"/api/cases/{case.pk}/performance/").json()
    assert performance["items"][0]["status"] == "not_performed"
    visit = Visit.objects.get(case=case)
    coordinator = APIClient()
    coordinator.force_authenticate(network.user("town_coordinator"))
    response = coordinator.post(f"/api/cases/{case.pk}/visits/{visit.pk}/recurrence/", {
        "action": "reopen", "reason": "未按协议履行"}, format="json")
    assert response.status_code == 201, response.json()
    case.refresh_from_db()
    assert case.state == State.TRIAGED
    other = APIClient()
    other.force_authenticate(network.user("other_county_coordinator"))
    assert other.get(f"/api/cases/{case.pk}/follow-ups/").status_code == 404
    assert api.get("/api/cases/x/performance/").status_code == 404


def test_a_terminated_case_has_no_agreement_but_is_followed_up(network, login):
    case = case_in_state(network, State.TERMINATED)
    assert case.follow_ups.count() == 3
    assert 'id="follow-up-list"' in login("town_coordinator").get(f"/cases/{case.pk}/").content.decode()
