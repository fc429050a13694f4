"""``load_hotline_demo`` on the test network (with a city intake officer added): shifts, calls, and idempotence."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from jiefen.cases.models import Case
from jiefen.hotline import services
from jiefen.hotline.models import DutyShift, State, WorkOrder
from jiefen.orgs.models import Post, Staff


def test_it_asks_for_the_demo_first(network):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_hotline_demo", stdout=StringIO())


def test_it_adds_shifts_and_calls_once(network):
    user = get_user_model().objects.create(username="city_intake", first_name="赵静怡")
    Staff.objects.create(user=user, organisation=network.orgs["3207"], post=Post.INTAKE)
    out = StringIO()

    call_command("load_hotline_demo", stdout=out)

    assert "6 work orders" in out.getvalue()
    states = sorted(WorkOrder.objects.values_list("state", flat=True))
    assert states == sorted([State.CLOSED, State.ANSWERED, State.CONVERTED, State.OPEN, State.OPEN, State.OPEN])
    case = Case.objects.get()
    assert case.channel == "hotline" and WorkOrder.objects.get(state=State.CONVERTED).case == case
    assert WorkOrder.objects.callback_pending().count() == 3
    city = network.orgs["3207"]
    assert services.on_duty(organisation=city).count() == 1  # around the clock
    monday = services.week_start(services.timezone.localdate())
    assert not any(day.gaps for day in services.roster(city, monday))
    assert any(day.gaps for day in services.roster(network.orgs["320706001"], monday))  # office hours only
    shifts = DutyShift.objects.count()

    call_command("load_hotline_demo", stdout=StringIO())

    assert DutyShift.objects.count() == shifts and WorkOrder.objects.count() == 6 and Case.objects.count() == 1
