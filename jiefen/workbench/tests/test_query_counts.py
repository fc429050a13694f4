"""The case list and the work queues make as many queries for 500 cases as for 10: no query per row.

The cases are written straight into the table (this is a test of query shape, not of registration), spread
over the villages, states and mediators of the network, each with its two parties.
"""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiefen.cases.models import Case, Party, State

STATIONS = ("320706001001", "320706001002", "320706002001")
STATES = (State.REGISTERED, State.ACCEPTED, State.ASSIGNED, State.IN_MEDIATION, State.FAILED, State.TRANSFERRED)


def add_cases(network, count: int, start: int) -> None:
    today = timezone.localdate()
    rows = []
    for n, station, state in zip(range(start, start + count), itertools.cycle(STATIONS), itertools.cycle(STATES)):
        org = network.orgs[station]
        mediator = next((m for m in network.mediators.values() if m.organisation_id == org.pk), None)
        rows.append(Case(
            number=f"TEST-{n:05d}", state=state, summary=f"纠纷{n}", description="事实", place=org.region,
            handling_org=org, level=org.level, registered_by=network.user("county_intake"), category="邻里",
            mediator=mediator if state not in (State.REGISTERED, State.ACCEPTED) else None,
            deadline=today + datetime.timedelta(days=n % 40 - 5) if n % 3 else None,
        ))
    cases = Case.objects.bulk_create(rows)
    Party.objects.bulk_create(
        Party(case=case, role=role, name=name, phone="13812345678")
        for case in cases
        for role, name in (("applicant", f"张{case.pk}"), ("respondent", f"李{case.pk}"))
    )


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


SCREENS = [
    ("county_coordinator", "case_list", None),
    ("county_coordinator", "case_list", {"q": "纠纷", "state": "assigned", "page": "2"}),
    ("village_a", "case_list", None),
    ("town_intake", "queue", None),
    ("village_a", "queue", None),
    ("county_coordinator", "queue", None),
    ("town_liaison", "queue", None),
    ("city_leader", "queue", None),
]


@pytest.mark.parametrize("persona, screen, params", SCREENS)
def test_the_same_number_of_queries_for_10_cases_as_for_500(network, login, persona, screen, params):
    client = login(persona)
    url = reverse(f"workbench:{screen}")
    add_cases(network, 10, start=0)
    client.get(url, params or {})  # warm the session and content-type caches
    with_10 = queries(client, url, params)

    add_cases(network, 490, start=10)
    with_500 = queries(client, url, params)

    assert with_500 == with_10
    assert with_10 <= 13  # the coordinator's queue: the cases, and one query for each panel (alerts, late urges…)
