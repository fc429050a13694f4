"""The OpenAPI schema is valid 3.1 and complete enough for a generated client."""

import pytest
from drf_spectacular.validation import validate_schema
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.test import APIClient

from jiefen.api.serializers import AMOUNT_IN, AmountInput

ERROR_COMPONENTS = {"Error", "ValidationError", "IllegalMoveError"}


@pytest.fixture
def schema(db):
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    return [(method, path, operation) for path, item in schema["paths"].items() for method, operation in item.items()]


def test_the_schema_is_valid_openapi_3_1_with_both_security_schemes(schema):
    validate_schema(schema)

    assert schema["openapi"] == "3.1.0"
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"] == {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": schemes["tokenAuth"]["description"],
    }
    assert schemes["cookieAuth"]["in"] == "cookie"


def test_every_operation_has_an_id_and_documents_its_errors_with_an_error_component(schema):
    ids = [operation["operationId"] for _method, _path, operation in operations(schema)]
    assert sorted(ids) == sorted([
        "obtain_token", "list_cases", "register_case", "get_case", "list_case_events", "list_case_moves",
        "make_case_move", "reveal_personal_data", "list_referrals", "get_referral", "create_referral",
        "list_case_duplicates", "link_cases",
        "list_field_reports", "create_field_report",
        "list_claimant_outcomes", "record_claimant_outcome",
        "search_laws", "get_law_article",
        "get_case_proposal", "request_case_proposal",
        "list_mediator_candidates", "list_session_plans", "schedule_session", "cancel_session_plan",
        "reschedule_session_plan",
        "list_case_sessions", "list_case_materials", "add_case_material", "download_material_version",
        "list_supervised_cases", "list_case_urges", "urge_agency", "list_agency_answers", "record_agency_answer",
        "extend_case_deadline", "list_case_grades", "grade_case", "list_urges_to_my_agency",
        "answer_urge_as_agency", "list_cases_awaiting_grade",
        "get_agreement_status", "create_court_application", "record_court_step", "create_notarial_request",
        "record_notary_result", "list_notarial_requests_to_my_office", "get_notarial_request_as_notary",
        "record_step_as_notary", "list_supervised_agreements", "get_respondent_clock", "record_respondent_contact",
        "list_follow_ups", "record_follow_up_visit", "decide_recurrence", "get_performance", "add_performance_item",
        "mark_performance_item", "correct_performance_item", "withdraw_performance_mark",
        "list_enforcement_applications", "record_enforcement_step",
    ])
    for method, path, operation in operations(schema):
        errors = {code: response for code, response in operation["responses"].items() if code >= "400"}
        if operation["operationId"] != "obtain_token":
            assert {"401", "403"} <= set(errors), (method, path)
            assert operation["security"] == [{"tokenAuth": []}, {"cookieAuth": []}]
        if "{id}" in path:
            assert "404" in errors, (method, path)
        if "requestBody" in operation:
            assert "400" in errors, (method, path)
        for response in errors.values():
            reference = response["content"]["application/json"]["schema"]["$ref"]
            assert reference.rsplit("/", 1)[-1] in ERROR_COMPONENTS
    assert "409" in schema["paths"]["/api/cases/{id}/moves/"]["post"]["responses"]


@given(st.from_regex(AMOUNT_IN, fullmatch=True))
def test_every_amount_the_schema_admits_the_api_accepts(amount):
    # drf-spectacular's own pattern for a DecimalField admits "." and "", which DRF rejects (STACK-NOTES §9).
    AmountInput().run_validation(amount)
