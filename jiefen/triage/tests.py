"""Triage: the shipped classifier, the data rules, training into a scratch directory, and the batch CLI.

The texts here are written for the tests; they prove behaviour and are never counted as evaluation.
"""

import io
import json
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

from jiefen.cli import main as cli_main
from jiefen.core.numerals import arabic_number
from jiefen.core.taxonomy import Category, Field
from jiefen.triage import classifier, registry
from jiefen.triage.dataset import Overlap, citations_agree, relabel
from jiefen.triage.lexicon import keyword_category

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "category", "field"),
    [
        ("我和丈夫结婚十年，他经常家暴，我想离婚并争取孩子的抚养权", Category.MARRIAGE_FAMILY, Field.FAMILY),
        ("老板拖欠了我三个月工资不给，还把我辞退了", Category.LABOUR, Field.CIVIL),
        ("楼上邻居每天深夜噪音很大，协商不成", Category.NEIGHBOURS, Field.CIVIL),
        ("工厂排放废水污染了我家鱼塘", Category.POLLUTION, Field.CIVIL),
        ("朋友借了我五万元写了借条，到期不还", Category.PRIVATE_LENDING, Field.CIVIL),
        ("骑电动车被汽车撞了，交警认定对方全责", Category.TRAFFIC, Field.CIVIL),
    ],
)
def test_the_shipped_model_puts_plain_disputes_in_their_category(text, category, field):
    result = classifier.classify(text)
    assert (result.category, result.field) == (category, field)
    assert result.evidence, "staff must see what drove the proposal"
    assert result.category in result.explanation()
    assert 0 < result.category_probability <= 1


def test_the_batch_form_answers_in_order_and_the_model_loads_once():
    texts = ["小区物业费涨价，物业公司服务很差", "村委会把集体收益分红不分给外嫁女"]
    first = classifier.active_classifier()
    results = classifier.classify_many(texts)
    assert [r.category for r in results] == [Category.PROPERTY_MANAGEMENT, Category.VILLAGE_AFFAIRS]
    assert classifier.active_classifier() is first
    assert classifier.load_seconds() < 2


def test_the_shipped_artefact_is_the_one_the_manifest_marks_active():
    version = registry.active_version()
    shipped = sorted(path.name for path in registry.SHIPPED_DIR.glob("*.joblib"))
    assert shipped == [f"{version}.joblib"], "exactly one model ships: the active one"
    manifest = registry.manifest(version)
    assert manifest["version"] == version
    assert {"accuracy", "macro_f1", "baseline_accuracy"} <= set(manifest["figures"])
    assert classifier.active_classifier().version == version


def test_relabel_rules_fix_catch_all_labels_and_leave_real_ones():
    row = {"text": "我想起诉离婚，对方在外地可以在我这里起诉吗", "category": "其他", "field": "民事",
           "source_label": "民事诉讼法:第二十二条"}
    assert relabel(row)["category"] == Category.MARRIAGE_FAMILY
    criminal = {**row, "text": "我弟弟被判刑了，在看守所能不能离婚", "source_label": "刑事辩护"}
    assert relabel(criminal)["category"] == Category.OTHER
    labelled = {**row, "category": "劳动争议", "source_label": "劳动纠纷"}
    assert relabel(labelled)["category"] == "劳动争议"
    assert relabel({**row, "text": "离婚"}) is None


def test_evaluation_checks_numbers_citations_and_near_duplicates():
    assert arabic_number("一千零七十九") == 1079
    assert arabic_number("二百零九") == 209
    assert citations_agree({"source_label": "民法典:第一千零七十九条；民法典:第一千零八十七条"})
    assert not citations_agree({"source_label": "民法典:第六百五十七条；民法典:第一千一百七十九条"})
    overlap = Overlap(["原告与被告于二零一五年登记结婚，婚后感情不和，原告诉请离婚并分割共同财产"])
    assert overlap.hits("原告与被告于二零一五年登记结婚，婚后感情不和，原告诉请离婚")
    assert not overlap.hits("楼上漏水淹了我家的天花板，物业不管")


def test_the_keyword_baseline_falls_back_to_other():
    assert keyword_category("今天天气很好") == Category.OTHER
    assert keyword_category("物业费") == Category.PROPERTY_MANAGEMENT


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


def test_training_writes_a_version_and_switches_only_when_told(tmp_path):
    rows = [
        {"text": "丈夫出轨要离婚", "category": "婚姻家庭", "field": "家事"},
        {"text": "公司拖欠工资三个月", "category": "劳动争议", "field": "民事"},
        {"text": "借给朋友的钱不还", "category": "民间借贷", "field": "民事"},
    ]
    train, evaluation = _write(tmp_path / "train.jsonl", rows), _write(tmp_path / "eval.jsonl", rows)
    models = tmp_path / "models"
    out = io.StringIO()

    call_command("train_triage", train=train, eval=evaluation, models_dir=models, stdout=out)
    (first,) = models.glob("*.json")
    manifest = json.loads(first.read_text("utf-8"))
    assert (models / f"{manifest['version']}.joblib").exists()
    assert manifest["train"]["rows"] == 3 and len(manifest["train"]["sha256"]) == 64
    assert not (models / registry.ACTIVE).exists()
    assert "not activated" in out.getvalue()

    call_command("train_triage", train=train, eval=evaluation, models_dir=models, activate=True, stdout=out)
    assert registry.active_version(models) in {path.stem for path in models.glob("*.joblib")}
    assert classifier.Classifier.active(models).classify("老公要和我离婚").category == "婚姻家庭"


def test_the_cli_reports_bad_lines_with_their_number_and_goes_on(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a1", "facts": "老板拖欠我三个月工资"}\n'
        "this is not json\n"
        '{"id": "a3"}\n'
        '{"id": "a4", "facts": "楼上邻居深夜噪音太大"}\n',
        "utf-8",
    )
    assert cli_main(["triage", str(source)]) == 0
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["id"] for line in lines] == ["a1", "a4"]
    assert [line["category"] for line in lines] == ["劳动争议", "邻里"]
    assert all(line["field"] in Field.values and line["explanation"] for line in lines)
    assert "line 2:" in captured.err and "line 3:" in captured.err


def test_the_console_script_is_declared():
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["scripts"]["jiefen"] == "jiefen.cli:main"
