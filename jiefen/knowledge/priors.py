"""Which articles lawyers cite, counted from licensed consultations: the prior that ranks the deciding article first.

BM25 ranks every article of a chapter that shares the query's words alike; a lawyer answering cites the one that
decides (民法典 1079 for a divorce, 劳动合同法 47 for severance pay). The counts here come from the ``statutes`` of
the triage training rows whose source licence allows shipping (``jiefen/triage/data/train.jsonl``), per article and
dispute category, and per law; and, per cited article, the questions that cited it (the words citizens use for
what that article decides: ``search.Index`` indexes them as one more field of the article). ``statute_priors.json``
ships them; ``manage.py build_statute_priors`` rebuilds it. ``search.Index`` adds them to BM25 (see there for the
weights and how they were chosen).
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from jiefen.knowledge import citations
from jiefen.triage.dataset import SHIPPABLE_SOURCES, file_sha256, read_jsonl

PRIORS_PATH = Path(__file__).resolve().parent / "data" / "statute_priors.json"


@dataclass(frozen=True)
class Priors:
    by_category: dict[str, dict[str, int]] = field(default_factory=dict)  # category → "民法典:第1079条" → times
    laws: dict[str, int] = field(default_factory=dict)  # short name → citations of any of its articles
    questions: dict[str, list[str]] = field(default_factory=dict)  # "民法典:第1079条" → texts of rows citing it


def count(rows: list[dict], known: set[str] | None = None) -> Priors:
    """The citation counts of the shippable rows; unreadable citations and laws not in ``known`` are skipped."""
    by_category: dict[str, Counter] = defaultdict(Counter)
    laws: Counter = Counter()
    questions: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if not row["source"].startswith(SHIPPABLE_SOURCES):
            continue  # research-only rows may measure the ranking, never feed what ships
        for value in row.get("statutes") or []:
            try:
                cited = citations.parse(value)
            except citations.CitationError:
                continue
            if known is not None and cited.law not in known:
                continue
            key = citations.format_citation(cited.law, cited.number)
            by_category[row["category"]][key] += 1
            laws[cited.law] += 1
            if row["text"] not in questions[key]:
                questions[key].append(row["text"])
    return Priors(
        by_category={category: dict(counts.most_common()) for category, counts in sorted(by_category.items())},
        laws=dict(laws.most_common()),
        questions={key: questions[key] for key in sorted(questions)},
    )


def build(source: Path, target: Path = PRIORS_PATH, known: set[str] | None = None) -> Priors:
    """Count the citations of ``source`` (triage training rows) and write them, with their provenance, to ``target``."""
    priors = count(read_jsonl(source), known)
    document = {
        "source": source.name,
        "source_sha256": file_sha256(source),
        "by_category": priors.by_category,
        "laws": priors.laws,
        "questions": priors.questions,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return priors


def load(path: Path = PRIORS_PATH) -> Priors:
    """The shipped counts; empty (BM25 alone) when the file is missing."""
    if not path.exists():
        return Priors()
    document = json.loads(path.read_text(encoding="utf-8"))
    return Priors(
        by_category=document["by_category"], laws=document["laws"], questions=document.get("questions", {})
    )
