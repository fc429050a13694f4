"""Law search over the whole library: index build time, query latency, and statute recall on cited cases.

    .venv/bin/python benchmarks/law_search.py [--cases ../shared/data/cases/train.jsonl]

No database: the index is built from the shipped articles.jsonl and statute_priors.json, exactly as
``library_index`` builds it from the rows loaded from those files. Recall is measured on the rows of the cases file
that cite statutes and whose source is research-only, so that the priors (counted from the licensed rows only) never
saw them: for each row, the share of its cited articles found in the top 5 and top 10 of ``rank_statutes``
(BM25 plus the priors of the text's predicted category), averaged over rows; the same for BM25 alone
(``bm25_recall_at_5``) and, in-sample, for the licensed rows the priors were counted from (``licensed_``).
Citations of laws the library does not hold are counted as misses (``recall_at_5``) and also left out
(``recall_at_5_in_library``); the names are printed. The labels are noisy (see that file's README). Last line:
one JSON object.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiefen.settings")
os.environ.setdefault("JIEFEN_SECRET_KEY", "benchmark-only")
os.environ.setdefault("JIEFEN_PII_KEY", "benchmark-only-personal-data-key-000000")

import django  # noqa: E402

django.setup()

from jiefen.knowledge import citations, laws, priors, search  # noqa: E402
from jiefen.triage.classifier import classify_many  # noqa: E402
from jiefen.triage.dataset import SHIPPABLE_SOURCES  # noqa: E402

QUERIES = ["邻居装修太吵", "老板拖欠工资不给", "借钱不还", "离婚后孩子归谁", "被狗咬了", "物业费", "子女不赡养老人"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=Path, default=ROOT.parent / "shared" / "data" / "cases" / "train.jsonl")
    args = parser.parse_args()

    articles = laws.read_articles()
    rows = [
        {"id": n, "short": a.short, "number": a.article, "label": a.label, "chapter": a.chapter, "text": a.text}
        for n, a in enumerate(articles)
    ]
    started = time.perf_counter()
    search.segment("预热")  # jieba's dictionary, loaded once per process, timed apart
    segmenter_s = time.perf_counter() - started
    started = time.perf_counter()
    index = search.Index(rows, priors.load())
    build_s = time.perf_counter() - started
    bm25_alone = search.Index(rows)
    print(f"jieba dictionary {segmenter_s:.2f} s; index of {len(rows)} articles, {len(index.vocabulary)} terms: "
          f"{build_s:.2f} s", file=sys.stderr)

    latencies = []
    for _round in range(20):
        for query in QUERIES:
            started = time.perf_counter()
            index.rank(query, 10)
            latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    short_p50, short_p99 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]

    known = {a.short for a in articles}
    cited = [json.loads(line) for line in args.cases.open(encoding="utf-8")] if args.cases.exists() else []
    cited = [row for row in cited if row.get("statutes")]
    categories = [c.category for c in classify_many([row["text"] for row in cited])]
    outside = Counter()
    long_latencies = []

    def recall(index, licensed: bool, timed: bool = False):
        """Mean recall@5/@10 over the rows, all cited laws and only the library's."""
        found = {(k, in_library): [] for k in (5, 10) for in_library in (False, True)}
        for row, category in zip(cited, categories, strict=True):
            if row["source"].startswith(SHIPPABLE_SOURCES) != licensed:
                continue
            gold = set()
            for value in row["statutes"]:
                try:
                    gold.add(citations.parse(value))
                except citations.CitationError:
                    if timed:
                        outside[value] += 1
            if timed:
                outside.update(c.law for c in gold if c.law not in known)
            if not gold:
                continue
            started = time.perf_counter()
            ranked = [laws.Citation(r.law, r.number) for r in index.rank(row["text"], 10, category)]
            if timed:
                long_latencies.append((time.perf_counter() - started) * 1000)
            in_library = {c for c in gold if c.law in known}
            for k in (5, 10):
                hits = len(gold & set(ranked[:k]))
                found[k, False].append(hits / len(gold))
                if in_library:
                    found[k, True].append(hits / len(in_library))
        return found

    held_out = recall(index, licensed=False, timed=True)
    before = recall(bm25_alone, licensed=False)
    in_sample = recall(index, licensed=True)
    long_latencies.sort()

    def mean(values):
        return round(statistics.fmean(values), 3) if values else None

    print("Laws cited by the cases but not in the library: "
          + "、".join(f"{name} ({n})" for name, n in outside.most_common()), file=sys.stderr)
    print(json.dumps({
        "articles": len(rows),
        "terms": len(index.vocabulary),
        "jieba_load_s": round(segmenter_s, 2),
        "build_s": round(build_s, 2),
        "query_p50_ms": round(short_p50, 2),
        "query_p99_ms": round(short_p99, 2),
        "case_p50_ms": round(long_latencies[len(long_latencies) // 2], 2) if long_latencies else None,
        "case_p99_ms": round(long_latencies[int(len(long_latencies) * 0.99)], 2) if long_latencies else None,
        "cases_with_statutes": len(held_out[5, False]),
        "recall_at_5": mean(held_out[5, False]),
        "recall_at_10": mean(held_out[10, False]),
        "recall_at_5_in_library": mean(held_out[5, True]),
        "recall_at_10_in_library": mean(held_out[10, True]),
        "bm25_recall_at_5": mean(before[5, False]),
        "bm25_recall_at_10": mean(before[10, False]),
        "licensed_cases": len(in_sample[5, False]),
        "licensed_recall_at_5": mean(in_sample[5, False]),
        "licensed_recall_at_10": mean(in_sample[10, False]),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
