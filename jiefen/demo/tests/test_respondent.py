"""The demo shows the respondent's clock at work: a case assigned a week ago whose respondent has not answered has
had the one-time notice texted to them (sent, and delivered once the demo commits) and, after two working days, a
call task on the mediator's queue. (The delivery is tested in test_respondent_delivery: the demo's commit is
rolled back here.)"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiefen.cases.models import Party, State
from jiefen.core.calendar import WorkingDays
from jiefen.documents.models import ServiceRecord
from jiefen.respondent.models import RespondentClock
from jiefen.scheduler.models import Firing


def demo_case():
    firing = Firing.objects.filter(kind=Firing.Kind.RESPONDENT).select_related("case").first()
    return firing.case if firing else None


@pytest.mark.usefixtures("demo")
def test_a_demo_case_has_its_notice_served_on_the_respondent_and_the_call_task_open(db):
    case = demo_case()
    assert case is not None and case.state == State.ASSIGNED and case.summary == "租户退租后拖欠房租和水电费"
    clock = RespondentClock.objects.get(case=case)
    stages = list(Firing.objects.filter(case=case, kind=Firing.Kind.RESPONDENT).order_by("stage")
                  .values_list("stage", flat=True))
    assert stages[0] == 0
    record = ServiceRecord.objects.get(case=case, party__role=Party.Role.RESPONDENT)
    assert record.method == ServiceRecord.Method.PORTAL and record.read_at is None
    assert record.served_at >= clock.started_at

    call_due = WorkingDays().add(clock.started_on, 2) <= timezone.localdate()
    assert stages == ([0, 2] if call_due else [0])
    if call_due:
        mediator = Client()
        mediator.force_login(get_user_model().objects.get(username="village_mediator"))
        queue = mediator.get(reverse("workbench:queue")).content.decode()
        assert 'id="respondent-tasks"' in queue and case.number in queue
