"""Proposals on registration and on demand, red alerts, staff decisions at the triage move, and the batch CLI."""

import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import RISK_ALERT, Move
from jiefen.cli import main as cli_main
from jiefen.core.taxonomy import Risk
from jiefen.testing import case_in_state, move_data, register, register_group
from jiefen.triage import registry
from jiefen.triage.hooks import alerts_for
from jiefen.triage.models import Alert, Proposal, TriageDecision
from jiefen.triage.proposals import NO_LIBRARY_NOTE, propose

RED_TEXT = "对方多次上门辱骂，昨天扬言要拿刀砍死我全家，我母亲吓得说不想活了。"


def registered(network, capture, **overrides):
    with capture(execute=True):
        return register(network, **overrides)


def test_a_proposal_is_stored_with_the_model_version_on_registration(network, django_capture_on_commit_callbacks):
    case = registered(network, django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get(case=case)
    assert proposal.trigger == Proposal.Trigger.REGISTRATION
    assert proposal.model_version == registry.active_version()
    assert proposal.category == "邻里" and proposal.complexity and proposal.risk and proposal.method
    assert proposal.organisation == network.orgs["320706001001"]
    assert set(proposal.reasons) >= {"classification", "risk", "complexity", "route", "statutes"}
    assert proposal.statutes == [] and proposal.reasons["statutes"] == NO_LIBRARY_NOTE
    case.refresh_from_db()
    assert case.category == "", "the proposal changes nothing on the case: staff decide at triage"


def test_a_registration_whose_proposal_fails_still_stands(network, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("jiefen.triage.proposals.classifier.classify", lambda text: 1 / 0)
    case = registered(network, django_capture_on_commit_callbacks)
    assert case.pk and not Proposal.objects.filter(case=case).exists()


def test_a_red_signal_makes_the_proposal_red_and_alerts_coordinator_and_assessor(
    network, django_capture_on_commit_callbacks
):
    case = registered(network, django_capture_on_commit_callbacks, description=RED_TEXT)
    proposal = Proposal.objects.get(case=case)
    assert proposal.risk == Risk.RED and "violence_threat" in proposal.risk_signals
    alert = Alert.objects.get(case=case)
    assert {r.user for r in alert.recipients.all()} == {
        network.user("town_coordinator"), network.user("town_assessor"),
    }
    event = case.events.get(move=RISK_ALERT)
    assert "砍死" in event.reason and event.payload["recipients"] == ["吴协调", "冯研判"]
    assert list(alerts_for(network.user("town_coordinator"))) == [alert]
    assert not alerts_for(network.user("town_intake")).exists()


def test_the_alert_shows_in_the_queue_of_those_alerted(network, client, django_capture_on_commit_callbacks):
    case = registered(network, django_capture_on_commit_callbacks, description=RED_TEXT)
    client.force_login(network.user("town_assessor"))
    page = client.get(reverse("workbench:queue")).content.decode()
    assert case.number in page and 'id="risk-alert-count"' in page
    client.force_login(network.user("town_intake"))
    assert 'id="risk-alert-count"' not in client.get(reverse("workbench:queue")).content.decode()


def test_a_negated_threat_raises_no_alert(network, django_capture_on_commit_callbacks):
    case = registered(
        network, django_capture_on_commit_callbacks, description="对方没有威胁过我，也没有扬言要砍人，只是装修太吵。"
    )
    assert Proposal.objects.get(case=case).risk != Risk.RED
    assert not Alert.objects.filter(case=case).exists()


def test_a_group_case_is_proposed_at_least_orange(network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = register_group(network)
    proposal = Proposal.objects.get(case=case)
    assert proposal.risk in (Risk.ORANGE, Risk.RED) and "group_case" in proposal.risk_signals
    assert proposal.complexity == "复杂"


def test_similar_closed_cases_and_statutes_are_proposed_on_demand(network, law_library):
    closed = case_in_state(network, "closed")
    case = register(network, description="楼上住户夜间装修噪音，多次协商未果。")
    proposal = propose(case, actor=network.user("town_intake"))
    assert proposal.trigger == Proposal.Trigger.ON_DEMAND and proposal.requested_by == network.user("town_intake")
    assert proposal.similar_cases[0]["number"] == closed.number
    assert 0 < len(proposal.statutes) <= 10
    assert all(re.fullmatch(r"\S+:第\d+条", s["citation"]) and s["text"] for s in proposal.statutes)


def test_a_staff_correction_at_triage_is_stored_with_what_differs(network, django_capture_on_commit_callbacks):
    case = registered(network, django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get(case=case)
    data = move_data(network, case, Move.TRIAGE) | {"category": "物业", "field": proposal.field,
                                                    "complexity": proposal.complexity}
    perform_move(case, Move.TRIAGE, network.user("town_intake"), data)
    decision = TriageDecision.objects.get(case=case)
    assert decision.proposal == proposal and decision.model_version == proposal.model_version
    assert decision.differs == ["category"] and decision.category == "物业" and not decision.accepted
    assert "装修噪音" in decision.text and decision.decided_by == network.user("town_intake")


def test_an_accepted_proposal_is_stored_as_accepted(network, django_capture_on_commit_callbacks):
    case = registered(network, django_capture_on_commit_callbacks)
    proposal = Proposal.objects.get(case=case)
    data = move_data(network, case, Move.TRIAGE) | {
        "category": proposal.category, "field": proposal.field, "complexity": proposal.complexity,
        "risk": proposal.risk,
    }
    perform_move(case, Move.TRIAGE, network.user("town_intake"), data)
    assert TriageDecision.objects.get(case=case).accepted


def _run_cli(tmp_path, capsys, rows):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows) + "not json\n", "utf-8")
    assert cli_main(["triage", str(source)]) == 0
    captured = capsys.readouterr()
    return [json.loads(line) for line in captured.out.splitlines()], captured.err


CLI_ROWS = [
    {"id": "w1", "facts": "包工头拖欠三十多名农民工工资共计15万元，工人扬言要去北京上访", "date": "2027-01-10"},
    {"id": "n1", "facts": "楼上邻居深夜噪音太大，协商不成"},
]
FIELDS = ["id", "category", "subcategory", "field", "complexity", "risk", "risk_signals", "method", "statutes",
          "explanation"]


def test_the_cli_outputs_every_field_with_statutes_from_the_law_library(law_library, tmp_path, capsys):
    lines, err = _run_cli(tmp_path, capsys, CLI_ROWS)
    assert [list(line) for line in lines] == [FIELDS, FIELDS]
    wages, noise = lines
    assert wages["category"] == "劳动争议" and wages["subcategory"] == ""
    assert wages["risk"] == Risk.ORANGE and {"petition", "many_people", "wage_before_holiday"} <= set(
        wages["risk_signals"]
    )
    assert wages["complexity"] == "复杂" and wages["method"] == "peoples_mediation"
    assert 0 < len(wages["statutes"]) <= 10 and all(re.fullmatch(r"\S+:第\d+条", s) for s in wages["statutes"])
    assert noise["risk"] == Risk.BLUE and noise["complexity"] == "简单"
    assert "line 3:" in err and "statutes" not in err


def test_the_cli_without_a_law_library_says_so_once(db, tmp_path, capsys):
    lines, err = _run_cli(tmp_path, capsys, CLI_ROWS)
    assert [line["statutes"] for line in lines] == [[], []]
    assert err.count("statutes: left empty") == 1


@pytest.mark.django_db(transaction=True)
def test_in_production_the_proposal_is_queued_and_made_by_the_background_worker(network, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    case = register(network)  # committed: the handler queued the task instead of proposing in the request

    assert not Proposal.objects.filter(case=case).exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert Proposal.objects.get(case=case).trigger == Proposal.Trigger.REGISTRATION


def test_a_registration_task_run_again_makes_no_second_proposal(network, django_capture_on_commit_callbacks):
    from jiefen.triage.tasks import make_proposal

    case = registered(network, django_capture_on_commit_callbacks)
    make_proposal.enqueue(case.pk, network.user("town_intake").pk, Proposal.Trigger.REGISTRATION)
    assert Proposal.objects.filter(case=case).count() == 1
