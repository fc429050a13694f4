"""The duty roster: who is on the seat now, the week around the clock with its gaps, and the rules of a shift."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from jiefen.hotline import services
from jiefen.hotline.models import DutyShift

ROSTER = reverse("hotline:roster")
MONDAY = datetime.date(2026, 11, 23)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def staff(network, persona):
    return network.user(persona).staff


def plan(network, persona, start, end, seat="12348专席一", planner="town_coordinator"):
    return services.plan_shift(
        actor=network.user(planner), staff=staff(network, persona), starts_at=start, ends_at=end, seat=seat
    )


def test_who_is_on_duty_now(network, login):
    now = timezone.now()
    plan(network, "town_intake", now - datetime.timedelta(hours=2), now + datetime.timedelta(hours=6))
    plan(network, "town_coordinator", now + datetime.timedelta(hours=6), now + datetime.timedelta(hours=18))

    on_duty = list(services.on_duty(organisation=network.orgs["320706001"]))

    assert [shift.staff_name for shift in on_duty] == ["陈引导"]
    assert not services.on_duty(now, organisation=network.orgs["320706002"]).exists()
    page = login("town_intake").get(ROSTER).content.decode()
    assert "当前值班" in page and "陈引导" in page
    desk = login("town_intake").get(reverse("hotline:desk")).content.decode()
    assert "当前值班：" in desk and "陈引导" in desk


def test_nobody_on_duty_is_said_plainly(network, login):
    page = login("town_coordinator").get(ROSTER).content.decode()

    assert "此刻专席无人值守" in page


def test_a_gap_in_the_week_is_found_and_shown(network, login):
    # Around the clock all week, except Wednesday 20:00 to Thursday 08:00.
    for offset in range(7):
        day = MONDAY + datetime.timedelta(days=offset)
        plan(network, "town_intake", at(day, 8), at(day, 20))
        if offset != 2:
            plan(network, "town_coordinator", at(day, 20), at(day + datetime.timedelta(days=1), 8))
    plan(network, "town_coordinator", at(MONDAY, 0), at(MONDAY, 8))

    week_start, week_end = at(MONDAY, 0), at(MONDAY + datetime.timedelta(days=7), 0)
    assert services.gaps(network.orgs["320706001"], week_start, week_end) == [
        (at(MONDAY, 20) + datetime.timedelta(days=2), at(MONDAY, 8) + datetime.timedelta(days=3))
    ]
    days = services.roster(network.orgs["320706001"], MONDAY)
    assert [len(day.gaps) for day in days] == [0, 0, 1, 1, 0, 0, 0]
    assert days[2].gaps == [(at(MONDAY + datetime.timedelta(days=2), 20), at(MONDAY + datetime.timedelta(days=3), 0))]

    page = login("town_intake").get(ROSTER, {"week": "2026-11-25"}).content.decode()  # any day picks its week
    assert "2026-11-23 起的一周" in page
    assert "本周有 1 处空档，共 12.0 小时无人值守。" in page
    assert page.count('class="piece-gap"') == 2
    assert "20:00–24:00" in page and "00:00–08:00" in page


def test_a_week_without_gaps_says_so(network, login):
    plan(network, "town_intake", at(MONDAY, 0), at(MONDAY, 0) + datetime.timedelta(hours=24))
    for offset in range(1, 7):
        start = at(MONDAY + datetime.timedelta(days=offset), 0)
        persona = "town_coordinator" if offset % 2 else "town_intake"
        plan(network, persona, start, start + datetime.timedelta(hours=24))

    assert services.gaps(network.orgs["320706001"], at(MONDAY, 0), at(MONDAY, 0) + datetime.timedelta(days=7)) == []
    page = login("town_intake").get(ROSTER, {"week": MONDAY.isoformat()}).content.decode()
    assert "本周专席全天24小时有人值守。" in page


@pytest.mark.parametrize(
    ("persona", "start", "end", "field"),
    [
        ("town_intake", at(MONDAY, 8), at(MONDAY, 8), "ends_at"),  # ends as it starts
        ("town_intake", at(MONDAY, 8), at(MONDAY, 9) + datetime.timedelta(days=1), "ends_at"),  # 25 hours
        ("town_mediator", at(MONDAY, 8), at(MONDAY, 16), "staff"),  # a mediator does not sit the seat
        ("town_intake", at(MONDAY, 12), at(MONDAY, 14), "starts_at"),  # already on a shift then
    ],
)
def test_a_shift_that_breaks_a_rule_is_refused_in_chinese(network, persona, start, end, field):
    plan(network, "town_intake", at(MONDAY, 8), at(MONDAY, 16), seat="12348专席二")

    with pytest.raises(ValidationError) as error:
        plan(network, persona, start, end)

    assert field in error.value.message_dict
    assert DutyShift.objects.count() == 1


def test_two_people_cannot_sit_one_seat_at_once(network):
    plan(network, "town_intake", at(MONDAY, 8), at(MONDAY, 16))

    with pytest.raises(ValidationError) as error:
        plan(network, "town_coordinator", at(MONDAY, 15), at(MONDAY, 23))
    assert "seat" in error.value.message_dict
    plan(network, "town_coordinator", at(MONDAY, 15), at(MONDAY, 23), seat="12348专席二")


def test_only_a_coordinator_of_the_centre_or_above_plans_shifts(network, hongmen_intake):
    with pytest.raises(PermissionDenied):
        plan(network, "town_intake", at(MONDAY, 8), at(MONDAY, 16), planner="town_intake")
    with pytest.raises(PermissionDenied):
        plan(network, "hongmen_intake", at(MONDAY, 8), at(MONDAY, 16), planner="town_coordinator")
    assert plan(network, "hongmen_intake", at(MONDAY, 8), at(MONDAY, 16), planner="county_coordinator").pk


def test_a_coordinator_adds_and_cancels_shifts_on_the_roster_page(network, login):
    client = login("town_coordinator")
    start = timezone.localtime() + datetime.timedelta(days=1)
    data = {
        "org": network.orgs["320706001"].pk, "shift-staff": staff(network, "town_intake").pk,
        "shift-seat": "12348专席一", "shift-starts_at": start.strftime("%Y-%m-%dT08:00"),
        "shift-ends_at": start.strftime("%Y-%m-%dT20:00"),
    }

    assert login("town_intake").post(reverse("hotline:plan_shift"), data).status_code == 403
    response = client.post(reverse("hotline:plan_shift"), data)
    assert response.status_code == 302
    shift = DutyShift.objects.get()
    assert shift.planned_by == network.user("town_coordinator") and shift.organisation == network.orgs["320706001"]
    assert client.post(reverse("hotline:plan_shift"), data).status_code == 422  # the same person, the same time

    assert login("town_intake").post(reverse("hotline:cancel_shift", args=[shift.pk])).status_code == 403
    assert client.post(reverse("hotline:cancel_shift", args=[shift.pk])).status_code == 302
    shift.refresh_from_db()
    assert shift.cancelled and shift.cancelled_by == network.user("town_coordinator")
    assert not DutyShift.objects.planned().exists()


def test_a_shift_that_is_over_cannot_be_cancelled(network):
    now = timezone.now()
    shift = plan(network, "town_intake", now - datetime.timedelta(hours=10), now - datetime.timedelta(hours=2))

    with pytest.raises(services.Conflict):
        services.cancel_shift(shift, actor=network.user("town_coordinator"))


def test_the_roster_offers_the_centres_under_the_user(network, login):
    plan(network, "town_intake", at(MONDAY, 8), at(MONDAY, 16))
    client = login("county_coordinator")

    page = client.get(ROSTER, {"week": MONDAY.isoformat()}).content.decode()
    assert "朐阳街道非诉讼服务中心" in page and "陈引导" not in page  # the county's own roster first
    page = client.get(ROSTER, {"week": MONDAY.isoformat(), "org": network.orgs["320706001"].pk}).content.decode()
    assert "陈引导" in page
    # A centre outside the user's subtree is not offered: the user's own roster is shown instead.
    other = login("town_intake").get(ROSTER, {"org": network.orgs["320706002"].pk}).content.decode()
    assert "朐阳街道非诉讼服务中心 12348" in other
