import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jiefen.agreements.models import CourtApplication
from jiefen.agreements.testing import add_courts, confirmed_case
from jiefen.cases.models import CaseEvent, CaseLink, State
from jiefen.cases.workflow import FOLLOW_UP_DUE, Move
from jiefen.followups import services
from jiefen.followups.models import FollowUp, FollowUpPlan, Keeping, PerformanceMark, Recurrence, Visit
from jiefen.portal.services import citizen_for
from jiefen.scheduler.models import Cursor, Firing
from jiefen.scheduler.services import SWEEP, notices_for, run_pass
from jiefen.testing import case_in_state, make

TODAY = datetime.date.today()


def closed(network, **kwargs):
    case = confirmed_case(network, **kwargs)
    return make(network, case, Move.CLOSE)


def due_now(case):
    """Move the case's follow-ups into the past, as if the days had gone by: the scheduler's sweep too, so that its
    passes then were before those days."""
    for follow_up in FollowUp.objects.filter(case=case):
        FollowUp.objects.filter(pk=follow_up.pk).update(
            due_on=TODAY - datetime.timedelta(days=100 - follow_up.days_after))
    Cursor.objects.filter(name=SWEEP).update(swept_through=TODAY - datetime.timedelta(days=101))


def item_of(network, case, *, due_on=None, amount="5000.00"):
    applicant, respondent = case.parties.order_by("id")
    return services.add_item(case, network.user("village_a"), what="支付修缮费用", amount=Decimal(amount),
                             due_on=due_on or TODAY + datetime.timedelta(days=10), obligor=respondent,
                             obligee=applicant)


def test_the_shipped_plans_and_the_most_specific_one_applies(network):
    assert FollowUpPlan.objects.get(category="", risk="").offsets() == [7, 30, 90]
    case = case_in_state(network, State.RESOLVED)
    assert services.plan_for(case).offsets() == [7, 30, 90]
    case.risk = "红"
    assert services.plan_for(case).offsets() == [3, 7, 15, 30, 60, 90]
    FollowUpPlan.objects.create(category="邻里", risk="红", days="1, 5")
    case.category = "邻里"
    assert services.plan_for(case).offsets() == [1, 5]
    with pytest.raises(ValidationError):
        FollowUpPlan(days="7,abc").full_clean()


def test_closing_and_terminating_schedule_the_follow_ups(network):
    case = case_in_state(network, State.CLOSED)
    assert sorted(case.follow_ups.values_list("days_after", flat=True)) == [7, 30, 90]
    assert case.follow_ups.get(days_after=7).due_on == TODAY + datetime.timedelta(days=7)
    terminated = case_in_state(network, State.TERMINATED)
    assert terminated.follow_ups.count() == 3


def test_the_scheduler_fires_a_follow_up_due_once_and_it_stays_on_the_queue_until_the_visit(network):
    case = case_in_state(network, State.CLOSED)
    assert run_pass().fired[Firing.Kind.FOLLOW_UP] == 0
    due_now(case)
    assert run_pass().fired[Firing.Kind.FOLLOW_UP] == 3
    assert run_pass().fired[Firing.Kind.FOLLOW_UP] == 0
    assert CaseEvent.objects.filter(case=case, move=FOLLOW_UP_DUE).count() == 3
    mediator = network.user("village_a")
    assert [n.kind for n in notices_for(mediator)].count(Firing.Kind.FOLLOW_UP) == 3
    follow_up = case.follow_ups.get(days_after=7)
    services.record_visit(follow_up, mediator, method=Visit.Method.PHONE, satisfaction=5, keeping=Keeping.YES)
    assert [n.kind for n in notices_for(mediator)].count(Firing.Kind.FOLLOW_UP) == 2
    assert not notices_for(network.user("village_b")).filter(kind=Firing.Kind.FOLLOW_UP).exists()


def test_a_visit_is_recorded_once_and_checks_who_and_when(network):
    case = case_in_state(network, State.CLOSED)
    follow_up = case.follow_ups.get(days_after=7)
    mediator = network.user("village_a")
    with pytest.raises(ValidationError, match="尚未到回访日期"):
        services.record_visit(follow_up, mediator, method="phone", satisfaction=4, keeping="yes")
    due_now(case)
    follow_up.refresh_from_db()
    with pytest.raises(ValidationError):
        services.record_visit(follow_up, mediator, method="phone", satisfaction=9, keeping="yes")
    with pytest.raises(Http404):
        services.record_visit(follow_up, citizen_for("13700000000"), method="portal", satisfaction=4, keeping="yes")
    visit = services.record_visit(follow_up, citizen_for("13812345678"), method="portal", satisfaction=2,
                                  keeping="no", comment="对方没有按时付款")
    assert visit.party.name == "张三" and visit.by_name
    with pytest.raises(ValidationError, match="已有记录"):
        services.record_visit(follow_up, mediator, method="phone", satisfaction=4, keeping="yes")
    with pytest.raises(TypeError):
        visit.save()


def test_a_broken_agreement_reopens_the_case_or_opens_a_linked_one(network):
    case = case_in_state(network, State.CLOSED)
    due_now(case)
    first, second = case.follow_ups.order_by("days_after")[:2]
    visit = services.record_visit(first, network.user("village_a"), method="home", satisfaction=2,
                                  keeping="partly")
    assert services.visits_awaiting_decision(case) == [visit]
    recurrence = services.decide_recurrence(visit, network.user("town_coordinator"), Recurrence.Action.LINKED,
                                            reason="回访发现双方又因漏水起争执")
    new_case = recurrence.new_case
    assert new_case.state == State.REGISTERED and new_case.parties.count() == 2
    assert CaseLink.objects.filter(case=new_case, other=case, kind="related").exists()
    assert services.visits_awaiting_decision(case) == []

    other = case_in_state(network, State.CLOSED)
    due_now(other)
    visit = services.record_visit(other.follow_ups.first(), network.user("village_a"), method="phone",
                                  satisfaction=1, keeping="no", renewed_dispute=True)
    services.decide_recurrence(visit, network.user("town_coordinator"), Recurrence.Action.REOPEN,
                               reason="协议未履行，重新调解")
    other.refresh_from_db()
    assert other.state == State.TRIAGED
    # A reopened case's follow-ups are no longer due.
    assert not services.follow_ups_due(TODAY).filter(case_id=other.pk).exists()
    assert second.case_id == case.pk


def test_items_and_the_performance_rate(network):
    case = closed(network)
    village_a = network.user("village_a")
    on_time = item_of(network, case, due_on=TODAY - datetime.timedelta(days=5))
    late = item_of(network, case, due_on=TODAY - datetime.timedelta(days=3))
    item_of(network, case)  # not due yet
    assert services.performance_rate(case) == services.Rate(0, 2)
    services.mark_item(on_time, village_a, "performed", performed_on=TODAY - datetime.timedelta(days=6))
    services.mark_item(late, village_a, "performed", performed_on=TODAY)
    rate = services.performance_rate(case)
    assert (rate.on_time, rate.due, rate.percent) == (1, 2, 50)
    figures = services.figures(network.user("county_coordinator"))
    assert figures["mediators"] == [("王调解", services.Rate(1, 2), None)]
    assert figures["organisations"][0][1] == services.Rate(1, 2)
    assert services.figures(network.user("other_county_coordinator")) == {"organisations": [], "mediators": []}
    with pytest.raises(ValidationError):
        services.add_item(case, village_a, what="x", due_on=TODAY, obligor=on_time.obligor, obligee=on_time.obligor)


def test_not_performed_prefills_the_judicial_confirmation_application(network):
    add_courts(network)
    case = closed(network)
    item = item_of(network, case)
    citizen = citizen_for("13812345678")  # 张三, the party owed
    with pytest.raises(Http404):
        services.mark_item(item, citizen_for("13912345678"), "not_performed")  # the debtor cannot
    mark, prefilled = services.mark_item(item, citizen, "not_performed")
    assert prefilled.kind == "judicial"
    application = CourtApplication.objects.get(case=case)
    assert application.court_name == "海州区人民法院" and application.status == "prepared"
    assert mark.court_application == application and mark.via == PerformanceMark.Via.PORTAL
    # Named as the party they are on the case, not by their user's digest, on the mark and on the timeline.
    event = case.events.filter(actor=citizen).latest("id")
    assert mark.by_name == event.actor_name == "张三（当事人）"
    # A second report points at the same application.
    _mark, again = services.mark_item(item, citizen, "not_performed")
    assert again.court_application == application


def test_not_performed_after_a_court_confirmed_prepares_an_enforcement_application(network):
    from jiefen.agreements import services as agreements
    from jiefen.documents.enforcement import enforcement_docx

    add_courts(network)
    case = closed(network)
    mediator = network.user("village_a")
    application = agreements.prepare_application(case, mediator)
    for status, extra in (("filed", {}), ("accepted", {"court_case_number": "(2026)苏0706民特1号"}),
                          ("confirmed", {"ruling_number": "(2026)苏0706民特1号"})):
        agreements.record_court_step(application, mediator, status, on=TODAY, **extra)
    item = item_of(network, case)
    mark, prefilled = services.mark_item(item, mediator, "not_performed")
    assert prefilled.kind == "enforcement"
    enforcement = mark.enforcement_application
    assert enforcement.court_name == "海州区人民法院" and enforcement.applicant.name == "张三"
    assert len(enforcement_docx(enforcement)) > 1000


def test_no_application_when_the_window_has_closed(network):
    add_courts(network)
    case = closed(network)
    item = item_of(network, case)
    _mark, prefilled = services.mark_item(item, network.user("village_a"), "not_performed",
                                          today=TODAY + datetime.timedelta(days=60))
    assert prefilled.kind == "" and "第三十二条" in prefilled.explanation
    assert not CourtApplication.objects.filter(case=case).exists()
