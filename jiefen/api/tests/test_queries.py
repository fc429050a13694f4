"""The case list costs the same number of queries whatever the number of cases: no N+1."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiefen.cases.models import Case, Party, State
from jiefen.testing import resident_id


def bulk_cases(network, start: int, count: int) -> None:
    """``count`` cases of 西门社区 written directly (no services: this is about reading them back)."""
    org, place = network.orgs["320706001001"], network.regions["320706001001"]
    mediator = network.mediators["village_a"]
    user = network.user("town_intake")
    cases = Case.objects.bulk_create(
        Case(
            number=f"BULK-{index:05d}", summary=f"批量案件{index}", description="事实", place=place, handling_org=org,
            level=org.level, registered_by=user,
            # Every other case has a mediator and an agency, so that every related row is read.
            state=State.ASSIGNED if index % 2 else State.REGISTERED,
            mediator=mediator if index % 2 else None,
            transferred_to=network.orgs["3207-LDZC"] if index % 2 else None,
        )
        for index in range(start, start + count)
    )
    if any(case.pk is None for case in cases):  # a database that does not return ids from bulk inserts
        cases = list(Case.objects.filter(number__startswith="BULK-").order_by("id")[start:])
    Party.objects.bulk_create(
        Party(case=case, role=role, name=f"当事人{case.pk}{role}", id_number=resident_id(), phone="13812345678")
        for case in cases
        for role in (Party.Role.APPLICANT, Party.Role.RESPONDENT)
    )


def queries_for_the_list(client) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/api/cases/")
    assert response.status_code == 200
    return len(context.captured_queries), response.json()


def test_the_case_list_makes_as_many_queries_for_500_cases_as_for_10(api, network):
    client = api("county_coordinator")
    bulk_cases(network, 0, 10)
    few, page_of_10 = queries_for_the_list(client)

    bulk_cases(network, 10, 490)
    many, page_of_500 = queries_for_the_list(client)

    assert (page_of_10["count"], len(page_of_10["results"])) == (10, 10)
    assert (page_of_500["count"], len(page_of_500["results"])) == (500, 25)
    assert any(row["mediator"] for row in page_of_500["results"])
    assert all(len(row["parties"]) == 2 for row in page_of_500["results"])
    assert many == few
    # token + user, staff + organisation, count, page, parties: a change here is a deliberate decision.
    assert few <= 6, few


def test_a_registration_answers_from_what_it_wrote_in_few_queries(api, network):
    """Token, place and organisation read; number, case, parties, event and key written, the key once. Nothing
    written is read back (the handlers after commit, which tests do not run, read the parties from memory too),
    and the answer is the one a later read gives."""
    client = api("town_intake")
    body = {
        "summary": "宅基地边界纠纷", "description": "两户因宅基地边界围墙位置发生争执。", "claims": "拆除越界围墙。",
        "amount": "12000.5", "place": "320706001001", "handling_org": "320706001001",
        "parties": [
            {"role": "respondent", "name": "赵六", "phone": "0518-85821234", "address": "西门社区6号"},
            {"role": "applicant", "name": "王五", "id_number": resident_id(), "phone": " 13800001111 ",
             "address": "西门社区5号"},
        ],
    }
    with CaptureQueriesContext(connection) as context:
        response = client.post("/api/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="window-1")
    assert response.status_code == 201, response.content
    writes_and_reads = [q["sql"] for q in context.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(writes_and_reads) <= 8, "\n".join(writes_and_reads)
    assert sum('FROM "cases_party"' in sql for sql in writes_and_reads) == 0
    assert response.json() == client.get(f"/api/cases/{response.json()['id']}/").json()
