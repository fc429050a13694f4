"""Classify a dispute's free text into a category and a field, with the evidence an intake officer can check.

The active model is loaded once per process, on first use; `load_seconds()` tells how long that took. A running
process (a web worker, the background worker) notices when another version is switched on (`manage.py
triage_models --activate`, `retrain_triage`): at most every ``CHECK_SECONDS`` it looks at the active pointers'
file stamps (one ``stat`` each), and loads the newly named version when they changed; until that load succeeds
it goes on with the model it has.
No ORM here: the batch CLI and the benchmark run without a database.
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from jiefen.triage import registry
from jiefen.triage.lexicon import matches

EVIDENCE_SIZE = 6
CHECK_SECONDS = 5.0

log = logging.getLogger(__name__)


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
    def __init__(self, model, version: str, directory: Path | None = None):
        self.model = model
        self.version = version
        self.directory = directory
        self.names = model.features.get_feature_names_out()

    @classmethod
    def active(cls, models_dir: Path | None = None) -> "Classifier":
        return cls.of(registry.active_version(models_dir), models_dir)

    @classmethod
    def of(cls, version: str, models_dir: Path | None = None) -> "Classifier":
        directory = registry.locate(version, models_dir)
        return cls(registry.load(version, directory), version, directory)

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
_stamp: tuple | None = None  # the pointers' stamp when last read
_next_check = 0.0
_now = time.monotonic


def _load(version: str) -> Classifier:
    global _load_seconds
    started = time.perf_counter()
    loaded = Classifier.of(version)
    _load_seconds = time.perf_counter() - started
    return loaded


def active_classifier() -> Classifier:
    """The active version's classifier, loaded on first use and again after a switch (checked at most every
    ``CHECK_SECONDS``, and at once when the pointer files themselves are others, as when settings change)."""
    global _active, _stamp, _next_check
    with _lock:
        now = _now()
        paths = tuple(str(path) for path in registry.pointer_files())
        if _active is None or now >= _next_check or tuple(entry[0] for entry in _stamp or ()) != paths:
            stamp = registry.pointer_stamp()
            if _active is None:
                _active = _load(registry.active_version())
            elif stamp != _stamp:
                try:
                    version = registry.active_version()
                    if (version, registry.locate(version)) != (_active.version, _active.directory):
                        _active = _load(version)
                        log.info("triage model %s loaded in %.2f s", version, _load_seconds)
                except Exception:  # a bad pointer or artefact must not stop proposals: keep the model in use
                    log.exception("could not switch the triage model; %s stays in use", _active.version)
            _stamp, _next_check = stamp, now + CHECK_SECONDS
    return _active


def load_seconds() -> float | None:
    """Seconds the model in use took to load in this process (None before the first classification)."""
    return _load_seconds


def classify(text: str) -> Classification:
    return active_classifier().classify(text)


def classify_many(texts: list[str]) -> list[Classification]:
    return active_classifier().classify_many(texts)
