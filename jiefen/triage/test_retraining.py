"""Learning from staff: decisions at the triage move train the next version, which is switched on only when it is
better; versions are listed, switched forwards and back with a log, and running processes follow a switch.

Everything is written to ``tmp_path``: the writable model directory is the test's own, never the package or var/.
"""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiefen.cases.moves import perform_move
from jiefen.cases.workflow import Move
from jiefen.testing import move_data, register
from jiefen.triage import classifier, registry
from jiefen.triage.model import TriageModel
from jiefen.triage.models import Proposal, TriageDecision

# Written for these tests. The shipped model reads this pond dispute as 其他; the staff correct it to 村务管理.
POND = {
    "summary": "鱼塘转包纠纷",
    "description": "村里把鱼塘转包给外村人，原承包户不同意。",
    "claims": "恢复原承包。",
}
POND_TEXT = "\n".join(POND.values())
TINY_TRAIN = [
    {"text": "丈夫出轨要离婚，孩子抚养权归谁", "category": "婚姻家庭", "field": "家事"},
    {"text": "公司拖欠工资三个月不发", "category": "劳动争议", "field": "民事"},
    {"text": "借给朋友五万元到期不还", "category": "民间借贷", "field": "民事"},
    {"text": "楼上邻居夜里吵闹影响休息", "category": "邻里", "field": "民事"},
    {"text": "小区物业费乱收，电梯坏了没人修", "category": "物业", "field": "民事"},
]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


@pytest.fixture
def models_dir(settings, tmp_path):
    settings.JIEFEN_TRIAGE_MODELS_DIR = tmp_path / "triage-models"
    return settings.JIEFEN_TRIAGE_MODELS_DIR


@pytest.fixture
def tiny(tmp_path):
    """A tiny licensed training file and an evaluation file (the pond text and the training rows)."""
    train = _write(tmp_path / "train.jsonl", TINY_TRAIN)
    evaluation = _write(
        tmp_path / "eval.jsonl", [{"text": POND_TEXT, "category": "村务管理", "field": "民事"}, *TINY_TRAIN]
    )
    return train, evaluation


def copy_version(version: str, models_dir: Path, **manifest) -> None:
    """A version in the writable directory without training: the shipped artefact under another name."""
    models_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(registry.SHIPPED_DIR / f"{registry.active_version()}.joblib", models_dir / f"{version}.joblib")
    base = registry.manifest(registry.active_version())
    (models_dir / f"{version}.json").write_text(
        json.dumps({**base, "version": version, **manifest}, ensure_ascii=False), "utf-8"
    )


def run(command: str, **options) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def test_a_staff_correction_is_stored_with_the_model_version_and_trains_the_next_one(
    network, django_capture_on_commit_callbacks, models_dir, tiny
):
    shipped = registry.active_version()
    with django_capture_on_commit_callbacks(execute=True):
        case = register(network, **POND)
    proposal = Proposal.objects.get(case=case)
    assert proposal.model_version == shipped and proposal.category != "村务管理"
    data = move_data(network, case, Move.TRIAGE) | {
        "category": "村务管理",
        "field": proposal.field,
        "complexity": proposal.complexity,
    }
    perform_move(case, Move.TRIAGE, network.user("town_intake"), data)
    decision = TriageDecision.objects.get(case=case)
    assert decision.model_version == shipped and decision.differs == ["category"]
    assert decision.text == POND_TEXT

    train, evaluation = tiny
    out = run("retrain_triage", train=train, eval=evaluation, by="测试员")
    assert "1 staff decisions (1 corrected" in out and f"up to decision #{decision.pk}" in out

    version = registry.active_version()
    assert version != shipped, "better on the evaluation set, so switched on"
    manifest = registry.manifest(version)
    assert manifest["decisions"]["rows"] == 1 and manifest["decisions"]["corrected"] == 1
    assert manifest["decisions"]["max_id"] == decision.pk and len(manifest["decisions"]["sha256"]) == 64
    assert manifest["train"]["rows"] == len(TINY_TRAIN) and manifest["compared_with"]["version"] == shipped
    assert (models_dir / f"{version}.joblib").exists()
    assert not list(registry.SHIPPED_DIR.glob(f"{version}*")), "nothing written into the package"

    learned = registry.load(version).predict([POND_TEXT])[0][0]
    without = TriageModel.train(*zip(*[(r["text"], r["category"], r["field"]) for r in TINY_TRAIN], strict=True))
    assert (learned, without.predict([POND_TEXT])[0][0]) == ("村务管理", "山林土地")
    assert registry.activations()[-1] | {"at": None} == {
        "version": version,
        "previous": shipped,
        "by": "测试员",
        "at": None,
        "reason": f"retrain_triage: better than {shipped} (accuracy and macro-F1 both not lower than the active "
        "model's, at least one higher)",
    }


def test_only_the_latest_decision_of_a_case_trains(network, django_capture_on_commit_callbacks, models_dir, tiny):
    with django_capture_on_commit_callbacks(execute=True):
        case = register(network, **POND)
    actor = network.user("town_intake")
    perform_move(case, Move.TRIAGE, actor, move_data(network, case, Move.TRIAGE) | {"category": "山林土地"})
    perform_move(case, Move.TRIAGE, actor, move_data(network, case, Move.TRIAGE) | {"category": "村务管理"})
    from jiefen.triage.retraining import staff_rows

    staff = staff_rows()
    assert [(row["category"], row["text"]) for row in staff.rows] == [("村务管理", POND_TEXT)]
    assert staff.max_id == TriageDecision.objects.latest("id").pk


def test_a_model_that_is_not_better_is_kept_but_not_switched_on_without_force(db, models_dir, tmp_path):
    shipped = registry.active_version()
    # Every label wrong: the shipped model is better on this evaluation set.
    wrong = [{**row, "category": "其他"} for row in TINY_TRAIN]
    train, evaluation = _write(tmp_path / "wrong.jsonl", wrong), _write(tmp_path / "eval.jsonl", TINY_TRAIN)

    out = run("retrain_triage", train=train, eval=evaluation, dry_run=True)
    assert "better: no" in out and "dry run: nothing written" in out and "0 staff decisions" in out
    assert not models_dir.exists(), "a dry run writes nothing"

    out = run("retrain_triage", train=train, eval=evaluation)
    assert "not activated" in out and registry.active_version() == shipped
    (kept,) = (m for m in registry.versions() if not m["shipped"])
    assert kept["compared_with"] == {
        "version": shipped,
        "figures": kept["compared_with"]["figures"],
        "better": False,
    }
    assert not registry.activations()

    out = run("retrain_triage", train=train, eval=evaluation, force=True, reason="trying it out")
    assert "active model is now" in out and registry.active_version() != shipped
    assert registry.activations()[-1]["reason"] == "trying it out"
    with pytest.raises(CommandError, match="cannot --force"):
        run("retrain_triage", train=train, eval=evaluation, force=True, dry_run=True)


def test_versions_are_listed_switched_and_rolled_back_with_a_log(db, models_dir):
    shipped = registry.active_version()
    copy_version("20270101-000000-aaaaaaaa", models_dir, decisions={"rows": 7, "corrected": 3})
    copy_version("20270201-000000-bbbbbbbb", models_dir)

    listing = run("triage_models")
    lines = listing.splitlines()
    assert [line.split()[1] if line.startswith("*") else line.split()[0] for line in lines[1:4]] == [
        shipped,
        "20270101-000000-aaaaaaaa",
        "20270201-000000-bbbbbbbb",
    ]
    assert lines[1].startswith("*") and "shipped" in lines[1] and "7 (3)" in lines[2]

    run("triage_models", activate="20270201-000000-bbbbbbbb", by="王主任", reason="new model")
    assert registry.active_version() == "20270201-000000-bbbbbbbb"
    assert json.loads((registry.SHIPPED_DIR / registry.ACTIVE).read_text())["version"] == shipped, "package untouched"
    run("triage_models", activate="20270101-000000-aaaaaaaa", by="王主任", reason="worse on cases")
    run("triage_models", activate=shipped, reason="back to the shipped model")
    assert registry.active_version() == shipped

    log = [(e["version"], e["previous"], e["by"], e["reason"]) for e in registry.activations()]
    assert log[:2] == [
        ("20270201-000000-bbbbbbbb", shipped, "王主任", "new model"),
        ("20270101-000000-aaaaaaaa", "20270201-000000-bbbbbbbb", "王主任", "worse on cases"),
    ]
    assert log[2][:2] == (shipped, "20270101-000000-aaaaaaaa") and log[2][2], "the OS user when no --by"
    assert all(e["at"] for e in registry.activations())
    assert "reason='worse on cases'" in run("triage_models", log=True)

    with pytest.raises(
        CommandError, match=r"unknown triage model version .nope.; known versions: .*20270101-000000-aaaaaaaa"
    ):
        run("triage_models", activate="nope")
    assert len(registry.activations()) == 3 and "already active" in run("triage_models", activate=shipped)


def test_a_running_classifier_picks_up_a_switch_within_seconds(db, models_dir, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(classifier, "_now", lambda: clock[0])
    shipped = registry.active_version()
    first = classifier.active_classifier()
    assert first.version == shipped
    copy_version("20270301-000000-cccccccc", models_dir)

    run("triage_models", activate="20270301-000000-cccccccc")
    clock[0] += 1
    assert classifier.active_classifier() is first, "the pointers are looked at only every few seconds"
    clock[0] += classifier.CHECK_SECONDS
    assert classifier.classify("老板拖欠我三个月工资").model_version == "20270301-000000-cccccccc"
    assert 0 < classifier.load_seconds() < 2
    switched = classifier.active_classifier()
    clock[0] += classifier.CHECK_SECONDS
    assert classifier.active_classifier() is switched, "an unchanged pointer loads nothing"

    (models_dir / registry.ACTIVE).write_text('{"version": "gone"}')
    clock[0] += classifier.CHECK_SECONDS
    assert classifier.active_classifier() is switched, "a broken pointer keeps the model in use"

    run("triage_models", activate=shipped)
    clock[0] += classifier.CHECK_SECONDS
    assert classifier.active_classifier().version == shipped


def test_without_django_settings_only_the_shipped_directory_counts(monkeypatch):
    from django.conf import settings

    monkeypatch.setattr(type(settings), "configured", property(lambda self: False))
    assert registry.search_dirs() == [registry.SHIPPED_DIR]
    assert registry.active_version() == json.loads((registry.SHIPPED_DIR / registry.ACTIVE).read_text())["version"]
