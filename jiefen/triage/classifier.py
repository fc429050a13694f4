"""Classify a dispute's free text into a category and a field, with the evidence an intake officer can check.

The active model is loaded once per process, on first use; `load_seconds()` tells how long that took.
No ORM here: the batch CLI and the benchmark run without a database.
"""

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from jiefen.triage import registry
from jiefen.triage.lexicon import matches

EVIDENCE_SIZE = 6


@dataclass(frozen=True)
class Classification:
    category: str
    category_probability: float
    field: str
    field_probability: float
    evidence: list[str] = field(default_factory=list)
    model_version: str = ""

    def explanation(self) -> str:
        words = "、".join(self.evidence) or "无明显特征词"
        return (
            f"类型「{self.category}」（概率{self.category_probability:.0%}）、领域「{self.field}」"
            f"（概率{self.field_probability:.0%}）；依据：{words}"
        )


class Classifier:
    def __init__(self, model, version: str):
        self.model = model
        self.version = version
        self.names = model.features.get_feature_names_out()

    @classmethod
    def active(cls, models_dir: Path = registry.MODELS_DIR) -> "Classifier":
        version = registry.active_version(models_dir)
        return cls(registry.load(version, models_dir), version)

    def classify_many(self, texts: list[str]) -> list[Classification]:
        matrix = self.model.features.transform(texts)
        category_probabilities = self.model.category.predict_proba(matrix)
        field_probabilities = self.model.field.predict_proba(matrix)
        results = []
        for row, text in enumerate(texts):
            best = int(np.argmax(category_probabilities[row]))
            best_field = int(np.argmax(field_probabilities[row]))
            category = str(self.model.category.classes_[best])
            results.append(
                Classification(
                    category=category,
                    category_probability=round(float(category_probabilities[row, best]), 4),
                    field=str(self.model.field.classes_[best_field]),
                    field_probability=round(float(field_probabilities[row, best_field]), 4),
                    evidence=self._evidence(matrix[row], best, category, text),
                    model_version=self.version,
                )
            )
        return results

    def classify(self, text: str) -> Classification:
        return self.classify_many([text])[0]

    def _evidence(self, features, class_index: int, category: str, text: str) -> list[str]:
        """The features that pushed most towards the chosen category: n-grams, and the lexicon words behind a
        lexicon column (a column name alone would tell staff nothing)."""
        features = features.tocsr()
        weights = self.model.category.coef_[class_index]
        contributions = features.data * weights[features.indices]
        evidence: list[str] = []
        for position in np.argsort(-contributions):
            if contributions[position] <= 0 or len(evidence) >= EVIDENCE_SIZE:
                break
            name = str(self.names[features.indices[position]])
            if name.startswith("lexicon__"):
                words = matches(text).get(name.rsplit(":", 1)[1], [])
                evidence.extend(word for word in words if word not in evidence)
            else:
                gram = name.split("__", 1)[1].strip()
                # A single character or one inside a longer n-gram already shown explains nothing more.
                if len(gram) > 1 and gram.isalnum() and not any(gram in shown for shown in evidence):
                    evidence.append(gram)
        return evidence[:EVIDENCE_SIZE]


_lock = threading.Lock()
_active: Classifier | None = None
_load_seconds: float | None = None


def active_classifier() -> Classifier:
    global _active, _load_seconds
    with _lock:
        if _active is None:
            started = time.perf_counter()
            _active = Classifier.active()
            _load_seconds = time.perf_counter() - started
    return _active


def load_seconds() -> float | None:
    """Seconds the active model took to load in this process (None before the first classification)."""
    return _load_seconds


def classify(text: str) -> Classification:
    return active_classifier().classify(text)


def classify_many(texts: list[str]) -> list[Classification]:
    return active_classifier().classify_many(texts)
