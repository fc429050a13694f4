"""Triage on the evaluation set: quality of the active model and of the keyword baseline, speed on one core,
load time and memory. The last line printed is one JSON object.

    .venv/bin/python benchmarks/triage.py              # the active model (about 20 s)
    .venv/bin/python benchmarks/triage.py --compare    # also trains and scores every model variant (KINDS)
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

# One core, as the target is stated per core; set before numpy and scikit-learn load their thread pools.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jiefen.triage import classifier  # noqa: E402
from jiefen.triage.dataset import EVAL_PATH, TRAIN_PATH, read_jsonl  # noqa: E402
from jiefen.triage.model import KINDS, TriageModel, evaluate, keyword_predict, scores  # noqa: E402


def compare(evaluation: list[dict]) -> None:
    rows = read_jsonl(TRAIN_PATH)
    texts, gold = [r["text"] for r in evaluation], [r["category"] for r in evaluation]
    print(f"{'variant':<14} {'accuracy':>8} {'macro_f1':>8} {'field':>6} {'train_s':>7}")
    print(f"{'keyword':<14} {scores(gold, keyword_predict(texts))['accuracy']:>8} "
          f"{scores(gold, keyword_predict(texts))['macro_f1']:>8}")
    for kind in KINDS:
        started = time.perf_counter()
        model = TriageModel.train([r["text"] for r in rows], [r["category"] for r in rows],
                                  [r["field"] for r in rows], kind)
        seconds = time.perf_counter() - started
        figures = evaluate(model, evaluation)
        print(f"{kind:<14} {figures['accuracy']:>8} {figures['macro_f1']:>8} {figures['field_accuracy']:>6} "
              f"{seconds:>7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", action="store_true")
    arguments = parser.parse_args()
    evaluation = read_jsonl(EVAL_PATH)
    if arguments.compare:
        compare(evaluation)

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
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
