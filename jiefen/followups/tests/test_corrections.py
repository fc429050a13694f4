"""An item's terms corrected with a reason, the earlier terms kept; a wrong “not performed” withdrawn with a reason,
on the case page, the portal and the API."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from rest_framework.test import APIClient

from jiefen.cases.models import CaseEvent
from jiefen.cases.workflow import PERFORMANCE
from jiefen.followups import corrections, enforcement, services
from jiefen.followups.models import ItemCorrection, MarkWithdrawal, PerformanceItem, PerformanceMark, Terms
from jiefen.followups.tests.test_enforcement import prepared
from jiefen.followups.tests.test_followups import closed, item_of
from jiefen.followups.tests.test_views import portal
from jiefen.portal.services import citizen_for

TODAY = datetime.date.today()
LATER = TODAY + datetime.timedelta(days=20)


def test_a_correction_keeps_the_earlier_terms_and_counts_from_then_on(network):
    case = closed(network)
    mediator = network.user("village_a")
    item = item_of(network, case, due_on=TODAY - datetime.timedelta(days=5))
    services.mark_item(item, mediator, "performed", performed_on=TODAY - datetime.timedelta(days=2))
    assert services.performance_rate(case) == services.Rate(0, 1)  # paid three days late
    with pytest.raises(ValidationError) as refused:
        corrections.correct_item(item, mediator, what="支付修缮费用", amount=Decimal("5000.00"),
                                 due_on=TODAY, reason="")
    assert list(refused.value.message_dict) == ["reason"]
    corrections.correct_item(item, mediator, what="支付修缮费用", amount=Decimal("5000.00"), due_on=TODAY,
                             reason="协议约定的履行期限录入错误")
    corrections.correct_item(item, network.user("town_coordinator"), what="支付修缮费用及材料费",
                             amount=Decimal("5600.00"), due_on=TODAY, reason="补录协议第二项的材料费")
    item = PerformanceItem.objects.get(pk=item.pk)
    assert item.terms == services.items_of(case)[0].terms == Terms("支付修缮费用及材料费", Decimal("5600.00"), TODAY)
    assert (item.what, item.amount) == ("支付修缮费用", Decimal("5000.00"))  # as first entered, kept
    assert ItemCorrection.objects.filter(item=item).count() == 2
    assert services.performance_rate(case) == services.Rate(1, 1)  # on time by the corrected day
    figures = services.figures(network.user("county_coordinator"))
    assert figures["mediators"][0].performance == services.Rate(1, 1)
    notes = CaseEvent.objects.filter(case=case, move=PERFORMANCE, payload__status="corrected")
    assert notes.count() == 2 and "补录协议第二项的材料费" in notes.last().reason
    with pytest.raises(ValidationError):  # nothing changed
        corrections.correct_item(item, mediator, what="支付修缮费用及材料费", amount=Decimal("5600.00"),
                                 due_on=TODAY, reason="再次确认")
    with pytest.raises(PermissionDenied):
        corrections.correct_item(item, network.user("town_assessor"), what="x", amount=None, due_on=TODAY,
                                 reason="x")
    with pytest.raises(TypeError):
        ItemCorrection.objects.filter(item=item).update(reason="x")


def test_a_wrong_report_is_withdrawn_and_no_longer_counts(network):
    case = closed(network)
    item = item_of(network, case, due_on=TODAY - datetime.timedelta(days=1))
    owed, debtor = citizen_for("13812345678"), citizen_for("13912345678")
    services.mark_item(item, network.user("village_a"), "performed", performed_on=TODAY - datetime.timedelta(days=3))
    mark, _prefilled = services.mark_item(item, owed, "not_performed")
    assert services.latest_mark(PerformanceItem.objects.get(pk=item.pk)) == mark
    assert services.performance_rate(case) == services.Rate(0, 1)
    with pytest.raises(Http404):
        corrections.withdraw_mark(mark, debtor, reason="不是我报的")
    with pytest.raises(ValidationError):
        corrections.withdraw_mark(mark, owed, reason=" ")
    corrections.withdraw_mark(mark, owed, reason="对方已按期转账，我看错了账户")
    item = PerformanceItem.objects.get(pk=item.pk)
    assert services.latest_mark(item).status == "performed"  # the earlier mark stands again
    assert services.performance_rate(case) == services.Rate(1, 1)
    assert services.figures(network.user("county_coordinator"))["mediators"][0].performance == services.Rate(1, 1)
    assert PerformanceMark.objects.filter(item=item).count() == 2  # the withdrawn mark stays on the record
    with pytest.raises(ValidationError):
        corrections.withdraw_mark(mark, network.user("village_a"), reason="again")
    performed = services.latest_mark(item)
    with pytest.raises(PermissionDenied):
        corrections.withdraw_mark(performed, network.user("village_a"), reason="x")
    assert CaseEvent.objects.filter(case=case, move=PERFORMANCE, payload__status="mark_withdrawn").exists()


def test_once_the_enforcement_application_is_filed_the_court_governs(network):
    application = prepared(network)
    mediator = network.user("village_a")
    mark = PerformanceMark.objects.get(enforcement_application=application)
    assert corrections.withdrawable(application.item, mark)
    enforcement.record_step(application, mediator, "filed", on=TODAY)
    assert not corrections.withdrawable(application.item, mark)
    with pytest.raises(ValidationError):
        corrections.withdraw_mark(mark, mediator, reason="误报")
    with pytest.raises(ValidationError):
        corrections.correct_item(application.item, mediator, what="支付修缮费用", amount=Decimal("4000.00"),
                                 due_on=LATER, reason="金额录错")
    assert not MarkWithdrawal.objects.exists() and not ItemCorrection.objects.exists()


def test_the_case_page_corrects_and_withdraws(network, login):
    case = closed(network)
    item = item_of(network, case)
    mark, _prefilled = services.mark_item(item, network.user("village_a"), "not_performed")
    client = login("village_a")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'id="correct-{item.pk}"' in page and f'id="withdraw-{mark.pk}"' in page
    response = client.post(f"/cases/{case.pk}/performance/items/{item.pk}/correct/", {
        f"correct-{item.pk}-what": "支付修缮费用", f"correct-{item.pk}-amount": "4500",
        f"correct-{item.pk}-due_on": LATER.isoformat(), f"correct-{item.pk}-reason": "金额录入错误"})
    assert response.status_code == 302
    assert PerformanceItem.objects.get(pk=item.pk).terms.amount == Decimal("4500")
    response = client.post(f"/cases/{case.pk}/performance/items/{item.pk}/marks/{mark.pk}/withdraw/", {
        "reason": "当事人确认已收到款项"})
    assert response.status_code == 302 and MarkWithdrawal.objects.filter(mark=mark).exists()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-corrected="1"' in page and "金额录入错误" in page and f'id="withdraw-{mark.pk}"' not in page


def test_the_portal_withdraws_the_citizens_own_report(network):
    case = closed(network)
    item = item_of(network, case)
    client = portal("13812345678")
    response = client.post(f"/portal/follow-ups/items/{item.pk}/not-performed/", {"next": "https://evil.example/"})
    assert response["Location"] == "/portal/follow-ups/"  # back to the portal, never to another site
    listing = client.get("/portal/follow-ups/").content.decode()
    assert f'id="withdraw-report-{item.pk}"' in listing
    assert portal("13912345678").post(f"/portal/follow-ups/items/{item.pk}/withdraw/",
                                      {"reason": "x"}).status_code == 404
    response = client.post(f"/portal/follow-ups/items/{item.pk}/withdraw/", {
        "reason": "按错了", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/portal/follow-ups/"
    assert MarkWithdrawal.objects.get().by_name
    assert f'id="not-performed-{item.pk}"' in client.get("/portal/follow-ups/").content.decode()


def test_the_api_corrects_and_withdraws(network):
    case = closed(network)
    item = item_of(network, case)
    mark, _prefilled = services.mark_item(item, network.user("village_a"), "not_performed")
    api = APIClient()
    api.force_authenticate(network.user("village_a"))
    response = api.post(f"/api/cases/{case.pk}/performance/{item.pk}/corrections/", {
        "what": "支付修缮费用", "amount": "4800.00", "due_on": LATER.isoformat(), "reason": "金额录错"},
        format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["amount"], body["due_on"], len(body["corrections"])) == ("4800.00", LATER.isoformat(), 1)
    response = api.post(f"/api/cases/{case.pk}/performance/{item.pk}/marks/{mark.pk}/withdrawal/",
                        {"reason": "误报"}, format="json")
    assert response.status_code == 201, response.json()
    performance = api.get(f"/api/cases/{case.pk}/performance/").json()
    assert performance["items"][0]["status"] == "open" and performance["items"][0]["amount"] == "4800.00"
    assert api.post(f"/api/cases/{case.pk}/performance/{item.pk}/marks/{mark.pk}/withdrawal/",
                    {"reason": "again"}, format="json").status_code == 400
    assert api.post(f"/api/cases/{case.pk}/performance/x/corrections/", {}, format="json").status_code == 404
