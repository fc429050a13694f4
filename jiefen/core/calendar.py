"""Working days under China's statutory holiday calendar (weekends, holidays and adjusted working days)."""

import csv
import datetime
from pathlib import Path

from jiefen.core.models import CalendarDay

SHIPPED_HOLIDAYS = Path(__file__).resolve().parent / "data" / "holidays.csv"


def load_holidays(path: Path = SHIPPED_HOLIDAYS) -> int:
    """Insert or update the days listed in a holidays CSV (columns date, kind, name). Returns rows read."""
    count = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            CalendarDay.objects.update_or_create(
                date=datetime.date.fromisoformat(row["date"]),
                defaults={"kind": row["kind"], "name": row["name"]},
            )
            count += 1
    return count


def calendar_known_until() -> int:
    """The last year whose holiday notice is in the calendar (0 when it is empty)."""
    last = CalendarDay.objects.order_by("-date").values_list("date", flat=True).first()
    return last.year if last else 0


def _special_days(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def is_working_day(day: datetime.date, special: dict[datetime.date, str] | None = None) -> bool:
    if special is None:
        special = _special_days(day, day)
    kind = special.get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.WORKDAY
    return day.weekday() < 5


def add_days(start: datetime.date, days: int, *, working: bool) -> datetime.date:
    """The date ``days`` calendar or working days after ``start`` (the start day itself not counted)."""
    if not working:
        return start + datetime.timedelta(days=days)
    # A generous window: even the longest holiday block cannot stretch N working days past 3N + 14 days.
    special = _special_days(start, start + datetime.timedelta(days=3 * days + 14))
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, special):
            counted += 1
    return day


def first_working_day_from(day: datetime.date) -> datetime.date:
    """``day`` if it is a working day, else the first working day after it."""
    special = _special_days(day, day + datetime.timedelta(days=30))  # no run of days off lasts a month
    while not is_working_day(day, special):
        day += datetime.timedelta(days=1)
    return day


def holidays_between(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, str]]:
    """The public holidays of the calendar from ``start`` to ``end`` (inclusive), each with its name, in order."""
    return list(
        CalendarDay.objects.filter(date__range=(start, end), kind=CalendarDay.Kind.HOLIDAY)
        .order_by("date")
        .values_list("date", "name")
    )


class WorkingDays:
    """The working-day calendar for code that asks many questions of the same days (the deadline scheduler):
    each year's holidays and adjusted working days are read once, in one query, when first needed."""

    def __init__(self):
        self._years: dict[int, dict[datetime.date, str]] = {}

    def _special(self, year: int) -> dict[datetime.date, str]:
        if year not in self._years:
            self._years[year] = _special_days(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        return self._years[year]

    def is_working(self, day: datetime.date) -> bool:
        return is_working_day(day, self._special(day.year))

    def add(self, start: datetime.date, days: int) -> datetime.date:
        """``days`` working days after ``start``, like ``add_days(start, days, working=True)``."""
        day, counted = start, 0
        while counted < days:
            day += datetime.timedelta(days=1)
            if self.is_working(day):
                counted += 1
        return day

    def latest_start_passed(self, today: datetime.date, days: int) -> datetime.date:
        """The latest date ``start`` such that ``days`` working days after it lie before ``today``, that is
        ``add(start, days) < today``: for a deadline, the last one that is ``days`` working days overdue today."""
        day, counted = today - datetime.timedelta(days=1), 0
        while counted < days:
            if self.is_working(day):
                counted += 1
            day -= datetime.timedelta(days=1)
        return day
