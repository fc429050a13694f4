"""Search of the law library in Chinese, by the words a citizen would use.

jieba segments (search mode, so 劳动合同法 also yields 劳动合同 and 合同); a BM25 model ranks the articles, over the
article's text plus, with a boost, its law's short name and chapter path (the heading 借款合同 says more about
an article than any word in it), and, with a smaller weight, the licensed questions whose lawyers cited the
article (``priors``: the words citizens use for what the article decides); ``lexicon.COLLOQUIAL`` adds the legal
terms for citizens' words (工资 → 劳动报酬, 老公 → 夫妻), a little lighter than the words the query said. The index
covers the versions in force, is built once per process on first use, and is rebuilt when the library's rows
change.

BM25 finds the chapter; which article of it decides is what lawyers' citations tell (``priors``). A candidate's
relevance is its BM25 score divided by the best candidate's (so 1 at most). Candidates at least ``PRIOR_GATE``
relevant add ``CATEGORY_WEIGHT`` × n / (n + 1), n the times the article was cited for the text's predicted
category (``jiefen.triage.classifier``: saturating, so one much-cited article does not stand above the whole
chapter), ``BOOK_WEIGHT`` when the article lies in the part of 民法典 that the category covers
(``dataset.CIVIL_CODE_RANGES``, the team's written map) and most of the text's ten best BM25 candidates lie there
too (a dog bite told by a neighbour, classified 邻里, keeps 饲养动物 above 相邻关系), and ``LAW_WEIGHT`` × ln(its
law's citations / the most cited law's), smoothed, so ≤ 0. A text of no particular category (其他, or none) takes
the part of 民法典 where most of its best candidates lie. Only articles sharing a word with the text (or with a
question that cited it) are candidates, so every result says which words it matched (``matched``: in the article or its
headings; ``asked``: only in the questions that cited it), and the gate keeps a much-cited article that shares one
stray word (民法典 1062, 夫妻共同财产, for a noise complaint) from being lifted. The weights were chosen by 5-fold
cross-validation of recall@5 on the licensed training rows that cite statutes (priors and questions counted from
the other folds), with the research-only evaluation rows looked at too, never learnt from
(docs/decisions/0003-law-search.md; benchmarks/law_search.py measures).
"""

import logging
import re
import threading
from dataclasses import dataclass

import jieba
import numpy as np
from django.db import connections, router
from django.db.models import F
from django.utils import timezone
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from jiefen.knowledge import laws, priors
from jiefen.knowledge.lexicon import COLLOQUIAL
from jiefen.knowledge.models import Article, Law
from jiefen.triage.classifier import classify
from jiefen.triage.dataset import CIVIL_CODE_RANGES

jieba.setLogLevel(logging.WARNING)

K1, B = 1.5, 0.75
TITLE_BOOST = 0.6  # weight of the law-name-and-chapter field beside the text's
QUESTION_BOOST = 0.5  # weight of the field of licensed questions that cited the article
LEXICON_WEIGHT = 0.6  # weight of a term the lexicon added, beside a word the query said
CATEGORY_WEIGHT, BOOK_WEIGHT, LAW_WEIGHT, PRIOR_GATE = 0.4, 0.6, 0.02, 0.2
GENERAL_CATEGORIES = frozenset({None, "", "其他"})  # texts whose part of 民法典 the candidates decide
BOOK_VOTERS = 10  # how many of the best candidates decide it
CIVIL_CODE = "民法典"
LAW_SMOOTHING = 0.1  # pseudo-citations of every law, so that a law nobody cited is rarer, not impossible
STOPWORDS = frozenset(
    "的 了 和 与 或 及 以及 是 在 有 我 我们 你 他 她 他们 这 那 这个 那个 一个 什么 怎么 怎么办 如何 可以 能 能否 "
    "应当 应该 是否 还是 就是 没有 不 也 都 又 被 把 对 给 向 从 由 为 因 因为 所以 但是 如果 其 之 等 该 本 "
    "请问 请 问 谢谢 律师 法律 规定 依法 依照 按照 根据 有关 相关 情况 问题 现在 已经 时候 一下 多少 哪些".split()
)
_CJK_OR_WORD = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
_HEADING_NUMBER = re.compile(r"第[一二三四五六七八九十百零]+[编分章节]+|[一二三四五六七八九十]+、")


def _tokenizer() -> jieba.Tokenizer:
    # A private dictionary: the law names and lexicon terms added here must not change how the rest of the
    # process (the triage classifier) segments.
    tokenizer = jieba.Tokenizer()
    for word in {row.short for row in laws.shipped_articles().values()} | {
        term for terms in COLLOQUIAL.values() for term in terms
    }:
        tokenizer.add_word(word)
    return tokenizer


_segmenter = None
_segmenter_lock = threading.Lock()


def segment(text: str) -> list[str]:
    """The words of a text that carry meaning: jieba's search-mode words of two or more characters, no stopwords."""
    global _segmenter
    if _segmenter is None:
        with _segmenter_lock:
            if _segmenter is None:
                _segmenter = _tokenizer()
    return [
        word
        for word in _segmenter.lcut_for_search(text or "")
        if len(word) > 1 and word not in STOPWORDS and _CJK_OR_WORD.search(word)
    ]


def expand(query: str) -> dict[str, float]:
    """The query's terms with their weights, and for each the citizen's words it came from (for explanations)."""
    weights: dict[str, float] = {word: 1.0 for word in segment(query)}
    for phrase, terms in COLLOQUIAL.items():
        if phrase in query:
            for term in terms:
                for word in segment(term) or [term]:
                    weights.setdefault(word, LEXICON_WEIGHT)
    return weights


@dataclass(frozen=True)
class RankedArticle:
    citation: str  # 民法典:第1079条
    article_id: int | None
    law: str  # short name
    number: int
    label: str
    chapter: str
    text: str
    score: float
    matched: tuple[str, ...]  # the query's terms that the article (text or headings) holds, strongest first
    asked: tuple[str, ...] = ()  # terms found only in the licensed questions that cited the article


def _bm25(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    norm = K1 * (1 - B + B * lengths / max(lengths.mean(), 1.0))
    counts = counts.tocoo()
    tf = counts.data.astype(np.float64)
    data = idf[counts.col] * tf * (K1 + 1) / (tf + norm[counts.row])
    return sparse.csr_matrix((data, (counts.row, counts.col)), shape=counts.shape)


class Index:
    """BM25 weights of every (article, term), built from article rows; scoring a query is one sparse product.

    With ``citation_priors`` the citation counts are added to BM25 and the questions that cited an article are one
    more field of it (module docstring); without, BM25 alone (the parts of 民法典 per category still count).
    ``law_prior`` is per article (its law's term), ``category_prior`` and ``book_prior`` per category, all weighted.
    """

    def __init__(self, rows: list[dict], citation_priors: priors.Priors | None = None):
        self.rows = rows
        self.vocabulary: dict[str, int] = {}
        self.priors = citation_priors or priors.Priors()
        self.law_prior, self.category_prior, self.book_prior = np.zeros(len(rows)), {}, {}
        if not rows:
            return  # an empty library (a fresh database before load_laws) finds nothing
        self._prior_vectors()
        texts = [segment(row["text"]) for row in rows]
        titles = [segment(row["short"] + " " + _HEADING_NUMBER.sub(" ", row["chapter"])) for row in rows]
        position = {laws.Citation(row["short"], row["number"]): n for n, row in enumerate(rows)}
        questions: list[list[str]] = [[] for _row in rows]
        for citation, asked in self.priors.questions.items():
            if (n := position.get(laws.parse_citation(citation))) is not None:
                questions[n] = [word for text in asked for word in segment(text)]
        vectorizer = CountVectorizer(analyzer=lambda words: words)
        vectorizer.fit(texts + titles + questions)
        self.vocabulary = vectorizer.vocabulary_
        text_counts = vectorizer.transform(texts)
        document_frequency = np.bincount(text_counts.indices, minlength=len(self.vocabulary))
        n = len(rows)
        idf = np.log(1 + (n - document_frequency + 0.5) / (document_frequency + 0.5))
        weights = _bm25(text_counts, idf) + TITLE_BOOST * _bm25(vectorizer.transform(titles), idf)
        self.weights = weights.tocsc()  # columns are sliced per query
        self.asked_weights = (QUESTION_BOOST * _bm25(vectorizer.transform(questions), idf)).tocsc()

    def _prior_vectors(self) -> None:
        position = {laws.Citation(row["short"], row["number"]): n for n, row in enumerate(self.rows)}

        def counts(cited: dict[str, int]) -> np.ndarray:
            vector = np.zeros(len(self.rows))
            for citation, times in cited.items():
                if (n := position.get(laws.parse_citation(citation))) is not None:
                    vector[n] = times
            return vector / (vector + 1)

        self.category_prior = {
            category: CATEGORY_WEIGHT * counts(cited) for category, cited in self.priors.by_category.items()
        }
        if self.priors.laws:
            shorts = [row["short"] for row in self.rows]
            cited = np.array([self.priors.laws.get(short, 0) + LAW_SMOOTHING for short in shorts])
            self.law_prior = LAW_WEIGHT * np.log(cited / cited.max())
        numbers = np.array([row["number"] for row in self.rows])
        civil_code = np.array([row["short"] == CIVIL_CODE for row in self.rows])
        self.book_of = np.full(len(self.rows), "", dtype=object)  # the category whose part of 民法典 holds it
        for low, high, category in reversed(CIVIL_CODE_RANGES):  # the first range listed wins, as in dataset
            inside = civil_code & (numbers >= low) & (numbers <= high)
            self.book_of[inside] = str(category)
            self.book_prior.setdefault(str(category), np.zeros(len(self.rows)))[inside] = BOOK_WEIGHT

    def _book(self, relevance: np.ndarray, candidates: np.ndarray) -> str | None:
        """The category whose part of 民法典 holds most of the best candidates' relevance, or None."""
        best = candidates[np.argsort(-relevance[candidates], kind="stable")[:BOOK_VOTERS]]
        votes: dict[str, float] = {}
        for position in best:
            if book := self.book_of[position]:
                votes[book] = votes.get(book, 0.0) + relevance[position]
        return max(votes, key=votes.get) if votes else None

    def _book_for(self, relevance: np.ndarray, candidates: np.ndarray, category: str | None) -> str | None:
        """The part of 民法典 to lift: where the best candidates lie, when the category is general or agrees."""
        voted = self._book(relevance, candidates)
        return voted if category in GENERAL_CATEGORIES or voted == category else None

    def rank(self, query: str, limit: int = 10, category: str | None = None) -> list[RankedArticle]:
        """The best articles for ``query``; ``category`` (the text's predicted dispute category) selects its prior."""
        terms = [(term, weight) for term, weight in expand(query).items() if term in self.vocabulary]
        if not terms or not self.rows:
            return []
        indices = [self.vocabulary[term] for term, _weight in terms]
        columns = self.weights[:, indices].tocsr()
        asked = self.asked_weights[:, indices].tocsr()
        query_weights = np.array([weight for _term, weight in terms])
        relevance = columns @ query_weights + asked @ query_weights
        candidates = np.flatnonzero(relevance)
        if not len(candidates):
            return []
        scores = relevance / relevance.max()
        book = self._book_for(scores, candidates, category)
        prior = self.law_prior + self.category_prior.get(category, 0.0) + self.book_prior.get(book, 0.0)
        scores += np.where(scores >= PRIOR_GATE, prior, 0.0)
        top = candidates[np.argsort(-scores[candidates], kind="stable")[:limit]]
        # The top rows' term weights, dense, in one slice each: a sparse row taken one at a time costs more than
        # the whole ranking.
        own_weights, asked_weights = columns[top].toarray(), asked[top].toarray()
        results = []
        for n, position in enumerate(top):
            row = self.rows[position]
            own = _strongest(terms, own_weights[n])
            results.append(
                RankedArticle(
                    citation=str(laws.Citation(row["short"], row["number"])),
                    article_id=row["id"],
                    law=row["short"],
                    number=row["number"],
                    label=row["label"],
                    chapter=row["chapter"],
                    text=row["text"],
                    score=round(float(scores[position]), 3),
                    matched=own,
                    asked=tuple(
                        word
                        for word in _strongest(terms, asked_weights[n])
                        if not any(word in other for other in own)
                    ),
                )
            )
        return results


def _strongest(terms: list[tuple[str, float]], contribution: np.ndarray) -> tuple[str, ...]:
    """The terms that contributed, strongest first; a word, not also its pieces (劳动报酬, not 劳动 and 报酬: search
    mode yields both)."""
    words = [terms[i][0] for i in np.argsort(-contribution, kind="stable") if contribution[i] > 0]
    return tuple(word for word in words if not any(word != other and word in other for other in words))


_index: tuple[tuple, Index] | None = None
_index_lock = threading.Lock()


_stamp_query: tuple | None = None  # (day, database alias, SQL, parameters) of the stamp's query


def _library_stamp(on) -> tuple:
    """How many articles are in force on ``on``, the last one's id and how many laws they belong to: the index is
    built again when these change. The query runs for every proposal; compiling it through the ORM cost several
    times more than running it, so its SQL is compiled once a day (the versions in force depend on the day)."""
    global _stamp_query
    alias = router.db_for_read(Article)
    if _stamp_query is None or _stamp_query[:2] != (on, alias):
        laws_sql, params = Law.objects.in_force(on).order_by().values("pk").query.sql_with_params()
        sql = (
            f"SELECT COUNT(*), MAX(id), COUNT(DISTINCT law_id) FROM {Article._meta.db_table} "
            f"WHERE law_id IN ({laws_sql})"
        )
        _stamp_query = (on, alias, sql, params)
    with connections[alias].cursor() as cursor:
        cursor.execute(_stamp_query[2], _stamp_query[3])
        return tuple(cursor.fetchone())


def library_index() -> Index:
    """The index of the articles in force, built on first use and again whenever the library's rows change."""
    global _index
    today = timezone.localdate()
    key = (today, *_library_stamp(today))
    if _index is None or _index[0] != key:
        with _index_lock:
            if _index is None or _index[0] != key:
                in_force = Article.objects.filter(law__in=Law.objects.in_force(today))
                rows = in_force.order_by("law__order", "number").values(
                    "id", "number", "label", "chapter", "text", short=F("law__short")
                )
                _index = (key, Index(list(rows), priors.load()))
    return _index[1]


def reset() -> None:
    """Forget the index (the library was just loaded); the next search builds it again."""
    global _index
    _index = None


def rank_statutes(text: str, limit: int = 10, category: str | None = None) -> list[RankedArticle]:
    """The library's articles most relevant to a text (a citizen's query or a dispute's facts), best first.

    ``category`` is the text's dispute category when the caller already has it (a triage proposal); otherwise the
    triage classifier predicts it.
    """
    index = library_index()
    if category is None and index.category_prior and (text or "").strip():
        category = classify(text).category
    return index.rank(text, limit, category)
