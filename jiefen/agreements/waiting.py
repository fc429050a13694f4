"""What the parties wait for once their agreement is with a notary office or a court, and by when the law expects
the answer:

- a court decides within 3 days of receiving the application whether to accept it (SPC rules on judicial
  confirmation art. 4), and within 15 days of accepting it whether to confirm the agreement (art. 5; 10 days more
  with the court president's approval, which only the court can tell);
- a notary office issues the certificate within 15 working days of accepting the request (Notarisation Law art. 30;
  time spent supplementing or verifying materials is not counted); the law sets it no time to accept.

A court's period whose last day is a rest day or holiday ends on the next working day (Civil Procedure Law art. 85).
"""

import datetime
from dataclasses import dataclass

from jiefen.agreements.models import CourtApplication, NotarialRequest
from jiefen.core.calendar import WorkingDays

COURT_ACCEPTS_IN = 3
COURT_RULES_IN = 15
NOTARY_ISSUES_IN = 15  # working days
CONFIRMATION_RULES = "最高人民法院关于人民调解协议司法确认程序的若干规定"


@dataclass(frozen=True)
class Due:
    on: datetime.date
    basis: str  # 法名:第N条


def _court_period(start: datetime.date, days: int, calendar: WorkingDays) -> datetime.date:
    day = start + datetime.timedelta(days=days)
    while not calendar.is_working(day):
        day += datetime.timedelta(days=1)
    return day


def answer_due(row: NotarialRequest | CourtApplication, calendar: WorkingDays | None = None) -> Due | None:
    """By when the notary office or the court should answer at the row's present step; None when the law sets no
    time (a notary office yet to accept) or nothing is awaited. ``calendar``: one shared by a caller computing
    many."""
    calendar = calendar or WorkingDays()
    if isinstance(row, NotarialRequest):
        if row.status == NotarialRequest.Status.ACCEPTED and row.accepted_on:
            return Due(calendar.add(row.accepted_on, NOTARY_ISSUES_IN), "公证法:第30条")
        return None
    if row.status == CourtApplication.Status.FILED and row.filed_on:
        return Due(_court_period(row.filed_on, COURT_ACCEPTS_IN, calendar), f"{CONFIRMATION_RULES}:第4条")
    if row.status == CourtApplication.Status.ACCEPTED and row.accepted_on:
        return Due(_court_period(row.accepted_on, COURT_RULES_IN, calendar), f"{CONFIRMATION_RULES}:第5条")
    return None


def handed_over_on(row: NotarialRequest | CourtApplication) -> datetime.date | None:
    """The day the agreement went to the notary office, or the application to the court."""
    return row.requested_on if isinstance(row, NotarialRequest) else row.filed_on


def last_step_on(row: NotarialRequest | CourtApplication) -> datetime.date | None:
    """The day of the latest step the office or court took (or of the hand-over)."""
    if isinstance(row, NotarialRequest):
        return row.decided_on or row.accepted_on or row.requested_on
    return row.withdrawn_on or row.decided_on or row.accepted_on or row.filed_on
