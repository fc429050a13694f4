"""Law search over the whole library: index build time, query latency, and statute recall on cited cases.

    .venv/bin/python benchmarks/law_search.py [--cases ../shared/data/cases/train.jsonl]

No database: the index is built from the shipped articles.jsonl, exactly as ``library_index`` builds it from the
rows loaded from that file. Recall is measured on the rows of the cases file that cite statutes: for each row,
the share of its cited articles found in the top 5 and top 10 of ``rank(text)``, averaged over rows. Citations of
laws the library does not hold are counted as misses (``recall_at_5``) and also left out
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

from jiefen.knowledge import citations, laws, search  # noqa: E402

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
    index = search.Index(rows)
    build_s = time.perf_counter() - started
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
    recall = {5: [], 10: []}
    recall_known = {5: [], 10: []}
    outside = Counter()
    long_latencies = []
    for row in cited:
        gold = set()
        for value in row["statutes"]:
            try:
                gold.add(citations.parse(value))
            except citations.CitationError:
                outside[value] += 1
        outside.update(c.law for c in gold if c.law not in known)
        if not gold:
            continue
        started = time.perf_counter()
        ranked = [laws.Citation(r.law, r.number) for r in index.rank(row["text"], 10)]
        long_latencies.append((time.perf_counter() - started) * 1000)
        in_library = {c for c in gold if c.law in known}
        for k in (5, 10):
            found = len(gold & set(ranked[:k]))
            recall[k].append(found / len(gold))
            if in_library:
                recall_known[k].append(found / len(in_library))
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
        "cases_with_statutes": len(recall[5]),
        "recall_at_5": mean(recall[5]),
        "recall_at_10": mean(recall[10]),
        "recall_at_5_in_library": mean(recall_known[5]),
        "recall_at_10_in_library": mean(recall_known[10]),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
