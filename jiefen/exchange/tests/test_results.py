"""The result goes back to the court: an agreement, or a failure with the record of undisputed facts, by the
signed webhook and in the API, in the documented, versioned shape (jiefen/exchange/schemas/)."""

import io
import json
from pathlib import Path

import docx
import jsonschema
import pytest
from django.urls import reverse
from referencing import Registry, Resource

from jiefen.cases.models import FailureRecord, State
from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import Move
from jiefen.exchange.services import deliver_due
from jiefen.testing import make, move_data

from .test_referrals import referred  # noqa: F401  (the fixture)

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schemas = {path.name: json.loads(path.read_text("utf-8")) for path in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )
    schema = schemas[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker())


def mediated(network, case, capture):
    with capture(execute=True):
        for move in (Move.TRIAGE, Move.CONSENT, Move.ASSIGN):
            case = make(network, case, move)
        case = make(network, case, Move.RECORD_SESSION, mediator_of(network, case))
    return case


def mediator_of(network, case) -> str:
    """The persona who mediates ``case`` (the township centre's mediator takes the court's referrals)."""
    return next(persona for persona, mediator in network.mediators.items() if mediator == case.mediator)


def test_a_failed_court_case_returns_the_undisputed_facts_to_the_court(
    network, referred, receiver, api, django_capture_on_commit_callbacks  # noqa: F811
):
    case = mediated(network, referred.case, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        case = make(network, case, Move.FAIL, mediator_of(network, case))
    assert case.state == State.FAILED

    deliver_due()
    events = [json.loads(body) for body in receiver.bodies()]
    failed = events[-1]
    assert failed["move"] == Move.FAIL and failed["external_reference"] == "(2026)苏0706民初1234号"
    result = failed["result"]
    assert result["outcome"] == "failure" and result["mediator"] == case.mediator.name
    assert result["failure"]["undisputed_facts"] == ["李四自本年3月起在其住房内装修。", "装修期间曾在22时后施工。"]
    assert result["failure"]["cause"] == "no_agreement"
    events_schema = validator("case-event-1.json")
    for event in events:
        events_schema.validate(event)
    assert all("result" not in event for event in events[:-1])

    referral = api("town_liaison").get(f"/api/referrals/{referred.pk}/").json()
    assert referral["result"] == result


def test_an_agreement_goes_back_to_the_court_as_the_result(
    network, referred, receiver, django_capture_on_commit_callbacks  # noqa: F811
):
    case = mediated(network, referred.case, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        make(network, case, Move.AGREE, mediator_of(network, case))
    deliver_due()
    agreed = json.loads(receiver.bodies()[-1])
    validator("mediation-result-1.json").validate(agreed["result"])
    assert agreed["result"]["outcome"] == "agreement"
    assert agreed["result"]["agreement"]["terms"] == ["一、李四每日22时后停止施工。", "二、李四向张三赔礼道歉。"]


def test_a_court_case_cannot_fail_without_its_undisputed_facts(network, referred, django_capture_on_commit_callbacks):  # noqa: F811
    case = mediated(network, referred.case, django_capture_on_commit_callbacks)
    data = move_data(network, case, Move.FAIL) | {"undisputed_facts": ""}
    with pytest.raises(Exception) as refused:
        perform_move(case, Move.FAIL, network.user(mediator_of(network, case)), data)
    assert "undisputed_facts" in refused.value.message_dict
    assert not FailureRecord.objects.exists()


def test_the_mediator_downloads_the_record_of_undisputed_facts(
    network, referred, client, django_capture_on_commit_callbacks  # noqa: F811
):
    case = mediated(network, referred.case, django_capture_on_commit_callbacks)
    mediator = mediator_of(network, case)
    case = make(network, case, Move.FAIL, mediator)
    client.force_login(network.user(mediator))
    page = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert "李四自本年3月起在其住房内装修。" in page and "噪音是否超过标准" in page

    response = client.get(reverse("workbench:undisputed_facts", args=[case.pk]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "无争议事实记载书" in text and "海州区人民法院（(2026)苏0706民初1234号）" in text
    assert "李四自本年3月起在其住房内装修。" in text and "噪音是否超过标准；赔偿数额。" in text
    assert "人民法院在线调解规则》第十八条、第二十二条" in text


def test_a_respondent_who_cannot_be_reached_returns_the_undisputed_facts_to_the_court(
    network, referred, receiver, django_capture_on_commit_callbacks  # noqa: F811
):
    case = mediated(network, referred.case, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        make(network, case, Move.RESPONDENT_ABSENT, mediator_of(network, case))
    deliver_due()
    absent = next(json.loads(body) for body in receiver.bodies() if json.loads(body)["move"] == Move.RESPONDENT_ABSENT)
    validator("case-event-1.json").validate(absent)
    assert absent["result"]["failure"]["cause"] == "respondent_unreachable"
    assert absent["result"]["failure"]["undisputed_facts"] == ["张三与李四系上下楼邻居。"]
