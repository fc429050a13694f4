"""Property-based tests of the API against its own OpenAPI schema (schemathesis), on the test database.

For every operation of /api/schema/, schemathesis sends the schema's own request examples, then generated requests,
valid and invalid, to the WSGI app in-process, as a township intake officer, with cases in every state in the
database. Every answer must be free of server errors, carry a documented status code and content type, and match the
documented response schema. A failure means the API or its schema is wrong: fix those, not the checks.
Bounded: a fixed number of examples per operation, derandomized, no example database.

schemathesis's own pytest integration (``schemathesis.pytest.from_fixture``) does not run on pytest 9: it sets
``Node._nodeid``, which pytest 9 no longer has. So the operations are parametrized here, and each runs a Hypothesis
test over the operation's strategies.
"""

import functools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jiefen.cases.models import Case, State
from jiefen.cases.workflow import TRANSITIONS
from jiefen.testing import case_in_state, register
from jiefen.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
GENERATED_EXAMPLES = 20  # per operation, valid and invalid requests together, on top of the schema's examples
PERSONA = "town_intake"


def operations() -> list[tuple[str, str]]:
    """(method, path) of every operation in the schema, read without a request or the database."""
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    return [(method.upper(), path) for path, item in paths.items() for method in item]


OPERATIONS = operations()


@functools.cache
def api_schema():
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def in_process_requests():
    """Requests through the WSGI app stay inside the test's transaction, as with Django's test client.

    Django closes "old" connections when a request starts and ends; inside a test's transaction that closes the
    test's own connection (on PostgreSQL; SQLite's in-memory database survives it). The test client disconnects
    that handler; schemathesis calls the real WSGI app, so this does the same.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzzed_cases(network, settings, in_process_requests):
    # Schemathesis posts to /api/token/ many times; a fast hasher keeps each failed login cheap.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    cases = [register(network)] + [
        case_in_state(network, state)
        for state in (
            State.TRIAGED, State.ACCEPTED, State.ASSIGNED, State.IN_MEDIATION, State.RESOLVED, State.FAILED,
            State.TERMINATION_REVIEW, State.TRANSFERRED, State.CLOSED,
        )
    ]
    cases.append(register(network, org_code="320706002001", actor="village_c"))  # out of the persona's reach
    return [case.pk for case in cases]


def steer(case, case_ids: list[int]) -> None:
    """Point most generated ids at real cases: at one where the requested move is possible, if there is one."""
    identifier = (case.path_parameters or {}).get("id")
    if not isinstance(identifier, int) or identifier % 4 == 3:
        return  # keep some ids as generated: they must answer 404
    move = case.body.get("move") if isinstance(case.body, dict) else None
    states = {state for state, candidate in TRANSITIONS if candidate == move}
    ready = list(Case.objects.filter(pk__in=case_ids, state__in=states).values_list("pk", flat=True))
    pool = ready or case_ids
    case.path_parameters["id"] = pool[identifier % len(pool)]


def run(strategy, examples: int, check) -> None:
    hypothesis_settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )(given(case=strategy)(check))()


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{method} {path}" for method, path in OPERATIONS])
def test_the_api_keeps_to_its_schema(network, fuzzed_cases, method, path):
    operation = api_schema()[path][method]
    token = Token.objects.create(user=network.user(PERSONA)).key

    def check(case):
        steer(case, fuzzed_cases)
        response = case.call(headers={"Authorization": f"Token {token}"})
        case.validate_response(response, checks=CHECKS)

    documented = api_schema().get_strategies_from_examples(operation)
    if documented:
        run(st.one_of(documented), 3 * len(documented), check)
    generated = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    run(generated, GENERATED_EXAMPLES, check)
