"""A simulated clock for building the demo: the cases seem to have come in over the past weeks.

Inside ``simulated_clock`` Django's ``timezone.now`` returns the clock's time, so ``register_case`` and
``perform_move`` stamp registrations, events, sessions and deadlines as if each move had been made then.
The real services do all the work; only the time they read is set. Used by ``load_demo`` alone.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock


class SimulatedClock:
    def __init__(self, start: datetime.datetime):
        self.current = start

    def now(self) -> datetime.datetime:
        return self.current

    def set(self, moment: datetime.datetime) -> None:
        self.current = moment


@contextmanager
def simulated_clock(start: datetime.datetime) -> Iterator[SimulatedClock]:
    clock = SimulatedClock(start)
    with mock.patch("django.utils.timezone.now", clock.now):
        yield clock
