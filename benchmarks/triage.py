"""Triage on the evaluation set: quality of the active model and of the keyword baseline, speed on one core,
load time and memory; risk precision and recall for red and orange against the team's gold colours
(``data/eval/risk_labels.jsonl``, joined onto the rows by ``dataset.with_risk_labels``: 682 rows read by hand,
every row a broad keyword search matched plus a random 200 of the others, see ``data/eval/RISK-LABELS.md``; the
figures are over those rows only, null where a colour has no gold or no prediction, and a line before the JSON
shows, per gold colour, the colours the rules gave); the same as ``holdout_*`` on ``data/eval/risk_holdout.jsonl``,
400 consultations read after the rules were revised on the rows above, so not tuned on (``dataset.risk_holdout``);
statute recall@5 on the rows whose label cites articles,
ranked by the law library's index built from the shipped ``knowledge/data/laws/articles.jsonl`` (no database,
exactly as ``knowledge.search.library_index`` builds it from the loaded rows). The last line printed is one JSON
object.

    .venv/bin/python benchmarks/triage.py              # the active model (about 20 s)
    .venv/bin/python benchmarks/triage.py --compare    # also trains and scores every model variant (KINDS)
    .venv/bin/python benchmarks/triage.py --licensed-cv  # also the model against the keyword baseline, and the two
                                                         # combined, on the licensed rows (5-fold cross-validation;
                                                         # the memory figure then includes that training)
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

# One core, as the target is stated per core; set before numpy and scikit-learn load their thread pools.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiefen.settings")
os.environ.setdefault("JIEFEN_SECRET_KEY", "benchmark-only")
os.environ.setdefault("JIEFEN_PII_KEY", "benchmark-only-personal-data-key-000000")

import django  # noqa: E402
from sklearn.model_selection import KFold  # noqa: E402

django.setup()  # the law index's module reads the knowledge models; no query is made

from jiefen.core.taxonomy import Risk  # noqa: E402
from jiefen.knowledge import citations, laws, priors, search  # noqa: E402
from jiefen.triage import classifier, complexity, risk  # noqa: E402
from jiefen.triage.dataset import EVAL_PATH, TRAIN_PATH, read_jsonl, risk_holdout, with_risk_labels  # noqa: E402
from jiefen.triage.lexicon import keyword_category, matches  # noqa: E402
from jiefen.triage.model import KINDS, TriageModel, evaluate, keyword_predict, scores  # noqa: E402


def compare(evaluation: list[dict]) -> None:
    rows = read_jsonl(TRAIN_PATH)
    texts, gold = [r["text"] for r in evaluation], [r["category"] for r in evaluation]
    print(f"{'variant':<14} {'accuracy':>8} {'macro_f1':>8} {'field':>6} {'train_s':>7}")
    keyword = scores(gold, keyword_predict(texts))
    print(f"{'keyword':<14} {keyword['accuracy']:>8} {keyword['macro_f1']:>8}")
    for kind in KINDS:
        started = time.perf_counter()
        model = TriageModel.train([r["text"] for r in rows], [r["category"] for r in rows],
                                  [r["field"] for r in rows], kind)
        seconds = time.perf_counter() - started
        figures = evaluate(model, evaluation)
        print(f"{kind:<14} {figures['accuracy']:>8} {figures['macro_f1']:>8} {figures['field_accuracy']:>6} "
              f"{seconds:>7.1f}")


# "Keyword when the model is unsure": below this probability of its best category, take the keyword category
# (when the text has a lexicon word at all). 1.01 means always the keyword baseline; 0 means always the model.
UNSURE_BELOW = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def combined(model_categories, model_probabilities, texts, below: float) -> list[str]:
    return [
        keyword_category(text) if probability < below and matches(text) else category
        for category, probability, text in zip(model_categories, model_probabilities, texts, strict=True)
    ]


def licensed_cv(evaluation: list[dict]) -> None:
    """Which to ship, the model, the keyword baseline or the two combined, decided on licensed rows the model did
    not see (5-fold cross-validation over the training set), not on the research-only evaluation set; the
    evaluation figures are printed beside them to show how far the two sets disagree."""
    rows = read_jsonl(TRAIN_PATH)
    texts, gold = [r["text"] for r in rows], [r["category"] for r in rows]
    categories, probabilities = [""] * len(rows), [0.0] * len(rows)
    for train, held in KFold(5, shuffle=True, random_state=0).split(rows):
        model = TriageModel.train(
            [texts[i] for i in train], [gold[i] for i in train], [rows[i]["field"] for i in train]
        )
        matrix = model.features.transform([texts[i] for i in held])
        for i, row in zip(held, model.category.predict_proba(matrix), strict=True):
            categories[i], probabilities[i] = str(model.category.classes_[row.argmax()]), float(row.max())
    shipped = classifier.classify_many([r["text"] for r in evaluation])
    eval_texts, eval_gold = [r["text"] for r in evaluation], [r["category"] for r in evaluation]
    eval_categories = [p.category for p in shipped]
    eval_probabilities = [p.category_probability for p in shipped]
    print(f"{'licensed rows, 5-fold':<28} {'accuracy':>8} {'macro_f1':>8}   evaluation set: accuracy macro_f1")
    variants = [("model", 0.0)] + [(f"keyword when p < {below}", below) for below in UNSURE_BELOW]
    for name, below in [*variants, ("keyword baseline", 1.01)]:
        cv = scores(gold, combined(categories, probabilities, texts, below))
        ev = scores(eval_gold, combined(eval_categories, eval_probabilities, eval_texts, below))
        print(f"{name:<28} {cv['accuracy']:>8} {cv['macro_f1']:>8}   {ev['accuracy']:>24} {ev['macro_f1']:>8}")


RISK_LABEL = "risk"  # the field a row carries its gold colour in (dataset.with_risk_labels)


def risk_figures(evaluation: list[dict], texts: list[str], predictions, heading: str = "risk") -> dict:
    """Precision and recall of red and orange against gold colours, over the labelled rows only; None when the set
    has no risk labels. Also prints the gold colours and what the rules said for each, after ``heading``."""
    labelled = [i for i, row in enumerate(evaluation) if row.get(RISK_LABEL) in Risk.values]
    graded = {i: risk.assess(texts[i]).colour for i in labelled}
    figures = {}
    for colour, name in ((Risk.RED, "red"), (Risk.ORANGE, "orange")):
        precision = recall = None
        if labelled:
            predicted = {i for i in labelled if graded[i] == colour}
            gold = {i for i in labelled if evaluation[i][RISK_LABEL] == colour}
            precision = round(len(predicted & gold) / len(predicted), 4) if predicted else None
            recall = round(len(predicted & gold) / len(gold), 4) if gold else None
        figures[f"{name}_precision"], figures[f"{name}_recall"] = precision, recall
    figures["risk_labelled_rows"] = len(labelled)
    if labelled:
        cells = Counter((evaluation[i][RISK_LABEL], graded[i]) for i in labelled)
        colours = list(Risk.values)
        print(f"{heading} gold → rules: " + "; ".join(
            f"{gold} {sum(cells[gold, c] for c in colours)} → " + " ".join(f"{c}{cells[gold, c]}" for c in colours)
            for gold in colours))
    return figures


def statute_recall(evaluation: list[dict], categories: list[str]) -> tuple[float | None, int, float]:
    """Mean share of a row's cited articles found in the top 5, over the rows citing any; and the build time."""
    started = time.perf_counter()
    articles = laws.read_articles()
    index = search.Index([
        {"id": n, "short": a.short, "number": a.article, "label": a.label, "chapter": a.chapter, "text": a.text}
        for n, a in enumerate(articles)
    ], priors.load())
    build_s = time.perf_counter() - started
    recalls = []
    for row, category in zip(evaluation, categories, strict=True):
        gold = set()
        for value in (row.get("source_label") or "").split("；"):
            try:
                gold.add(citations.parse(value))
            except citations.CitationError:
                continue
        if gold:
            top = {laws.Citation(r.law, r.number) for r in index.rank(row["text"], 5, category)}
            recalls.append(len(gold & top) / len(gold))
    return (round(statistics.fmean(recalls), 4) if recalls else None), len(recalls), build_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--licensed-cv", action="store_true")
    arguments = parser.parse_args()
    evaluation = with_risk_labels(read_jsonl(EVAL_PATH))
    if arguments.compare:
        compare(evaluation)
    if arguments.licensed_cv:
        licensed_cv(evaluation)

    texts = [row["text"] for row in evaluation]
    gold = [row["category"] for row in evaluation]
    classifier.classify("预热")  # the first call loads the model; load_seconds() measures that alone
    load_s = classifier.load_seconds()

    latencies, predictions = [], []
    started = time.perf_counter()
    for text in texts:
        began = time.perf_counter()
        predictions.append(classifier.classify(text))
        latencies.append((time.perf_counter() - began) * 1000)
    elapsed = time.perf_counter() - started
    latencies.sort()

    rule_latencies = []
    for text, prediction in zip(texts, predictions, strict=True):
        began = time.perf_counter()
        graded = risk.assess(text)
        complexity.grade(prediction.category, text, risk=graded.colour)
        rule_latencies.append((time.perf_counter() - began) * 1000)
    rule_latencies.sort()
    risks = risk_figures(evaluation, texts, predictions)
    if not risks["risk_labelled_rows"]:
        print("risk: the evaluation set carries no risk labels (see data/eval/README.md); red/orange figures are null")
    # The same figures on the held-out rows, read after the rules were revised on the rows above (not tuned on them).
    holdout = risk_holdout()
    held = risk_figures(holdout, [row["text"] for row in holdout], None, heading="held-out risk")
    held_out = {f"holdout_{key}": held[key] for key in ("red_precision", "red_recall", "orange_precision",
                                                        "orange_recall")}
    held_out["holdout_rows"] = held["risk_labelled_rows"]
    # The memory of the classifier and the rules, before the law index is built.
    rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    recall_at_5, cited_rows, index_s = statute_recall(evaluation, [p.category for p in predictions])
    print(f"statutes: recall@5 {recall_at_5} on {cited_rows} rows citing articles (index built in {index_s:.1f} s)")
    quality = scores(gold, [p.category for p in predictions])
    baseline = scores(gold, keyword_predict(texts))
    field_accuracy = scores([row["field"] for row in evaluation], [p.field for p in predictions])["accuracy"]
    for source in ("CAIL2019", "lawyer-llama"):
        picked = [i for i, row in enumerate(evaluation) if source in row["source"]]
        part = scores([gold[i] for i in picked], [predictions[i].category for i in picked])
        print(f"{source}: {len(picked)} rows, accuracy {part['accuracy']}, macro_f1 {part['macro_f1']}")
    print(f"model {classifier.active_classifier().version}: accuracy {quality['accuracy']} macro_f1 "
          f"{quality['macro_f1']} field {field_accuracy}; keyword baseline accuracy {baseline['accuracy']} "
          f"macro_f1 {baseline['macro_f1']}")
    print(json.dumps({
        "rows": len(evaluation),
        "accuracy": quality["accuracy"],
        "macro_f1": quality["macro_f1"],
        "field_accuracy": field_accuracy,
        "baseline_accuracy": baseline["accuracy"],
        "baseline_macro_f1": baseline["macro_f1"],
        "cases_per_s": round(len(texts) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 2),
        "load_s": round(load_s, 3),
        "rss_mb": rss_mb,
        "statute_recall_at_5": recall_at_5,
        "statute_rows": cited_rows,
        **risks,
        **held_out,
        "rules_p99_ms": round(rule_latencies[int(0.99 * (len(rule_latencies) - 1))], 2),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
