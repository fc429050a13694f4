"""The trainable triage model: shared text features, one linear head for the category and one for the field.

Kept free of the ORM so that the batch CLI and the benchmark classify without a database.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

from jiefen.triage.lexicon import LexiconCounts, keyword_category, seed_rows

# The variants compared in docs/decisions/0002-triage-classifier.md; DEFAULT_KIND is the one that won.
KINDS = ("char", "char+lexicon", "word", "char-svm")
DEFAULT_KIND = "char+lexicon"


def jieba_words(text: str) -> list[str]:
    import jieba  # loaded only by the word variant: its dictionary costs about a second at first use

    return [word for word in jieba.lcut(text) if word.strip()]


def _features(kind: str) -> FeatureUnion:
    if kind == "word":
        parts = [("words", TfidfVectorizer(analyzer=jieba_words, sublinear_tf=True, min_df=1))]
    else:
        parts = [("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True))]
    if kind == "char+lexicon":
        parts.append(("lexicon", LexiconCounts()))
    return FeatureUnion(parts)


def _head(kind: str):
    if kind == "char-svm":
        return LinearSVC(C=0.5, class_weight="balanced")
    # Balanced class weights are the reweighting of rare categories (劳动争议 has 148 rows, 山林土地 one).
    return LogisticRegression(C=1.0 if kind == "char+lexicon" else 10.0, class_weight="balanced", max_iter=2000)


@dataclass
class TriageModel:
    kind: str
    features: FeatureUnion
    category: object
    field: object

    @classmethod
    def train(cls, texts: list[str], categories: list[str], fields: list[str], kind: str = DEFAULT_KIND):
        if kind == "char+lexicon":
            # The lexicon's words join as one-word rows, so that categories without licensed rows exist at all.
            seeds = seed_rows()
            texts = [*texts, *(text for text, _, _ in seeds)]
            categories = [*categories, *(category for _, category, _ in seeds)]
            fields = [*fields, *(field for _, _, field in seeds)]
        # One BLAS thread: the heads are small, and on a busy two-core machine (web workers, the background worker)
        # OpenBLAS's threads fight over the cores: 11 s instead of 2 s for the 575 licensed rows.
        with threadpool_limits(limits=1, user_api="blas"):
            features = _features(kind)
            matrix = features.fit_transform(texts)
            category = _head(kind).fit(matrix, categories)
            field = _head(kind).fit(matrix, fields)
        return cls(kind, features, category, field)

    def predict(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        matrix = self.features.transform(texts)
        return self.category.predict(matrix), self.field.predict(matrix)


def keyword_predict(texts: list[str]) -> list[str]:
    return [keyword_category(text) for text in texts]


def scores(gold: list[str], predicted) -> dict[str, float]:
    """Accuracy and macro-F1 over the categories present in the gold labels."""
    labels = sorted(set(gold))
    return {
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4),
    }


def evaluate(model: "TriageModel", rows: list[dict]) -> dict[str, float]:
    """The model's category scores and field accuracy on labelled rows, with the keyword baseline beside them."""
    texts = [row["text"] for row in rows]
    gold = [row["category"] for row in rows]
    categories, fields = model.predict(texts)
    figures = scores(gold, categories)
    figures["field_accuracy"] = scores([row["field"] for row in rows], fields)["accuracy"]
    baseline = scores(gold, keyword_predict(texts))
    figures["baseline_accuracy"] = baseline["accuracy"]
    figures["baseline_macro_f1"] = baseline["macro_f1"]
    return figures
