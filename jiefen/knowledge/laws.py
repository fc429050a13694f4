"""Citations of law articles, and the shipped texts of the articles jiefen cites.

A citation is written ``法名:第N条``: the law's short title as in the shared law texts (the ``short`` key of
``articles.jsonl``, e.g. ``人民调解法``, ``民法典``), an ASCII colon, and the article number in Arabic digits:
``人民调解法:第17条``. Several citations are separated by ``；`` or ``、``; inside prose they stand in brackets,
``……不收取任何费用（人民调解法:第4条）``.

``data/laws/articles.jsonl`` is the law library as shipped: every article of the 65 documents of the shared law
texts, one JSON object per line (see ``data/laws/README.md``). Documents quote it straight from the file, so that
rendering a notice never queries the database; ``manage.py load_laws`` loads the same file into the ``Law`` and
``Article`` models that search, citations and pages use.
"""

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.conf import settings

from jiefen.core.numerals import chinese_number

LIBRARY = Path(__file__).resolve().parent / "data" / "laws" / "articles.jsonl"
# The shared law texts (../shared/data/laws/ beside the repository) the library was copied from.
SOURCE = Path(settings.BASE_DIR).parent / "shared" / "data" / "laws" / "articles.jsonl"

# A law name runs up to the colon; it may hold 《》 (最高人民法院关于适用《民事诉讼法》的解释) and end in a
# bracketed ordinal (…的解释（一）), but not punctuation that separates clauses.
_NAME = r"[^\s:：，,。；;、（）()\[\]【】]+(?:（[一二三四五六七八九十]+）)?"
CITATION = re.compile(rf"({_NAME}):第(\d+)条")
_STRICT = re.compile(rf"({_NAME}):第([1-9]\d*)条")


class Citation(NamedTuple):
    law: str
    number: int

    def __str__(self):
        return f"{self.law}:第{self.number}条"


@dataclass(frozen=True)
class Article:
    law: str  # full title, 中华人民共和国人民调解法
    short: str  # short title, 人民调解法
    article: int
    label: str  # 第三十三条
    chapter: str
    text: str
    effective: str

    @property
    def citation(self) -> Citation:
        return Citation(self.short, self.article)

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.text.split("\n") if line.strip()]


def parse_citation(value: str) -> Citation:
    """``人民调解法:第17条`` → Citation("人民调解法", 17); ValueError for anything else."""
    match = _STRICT.fullmatch((value or "").strip())
    if not match:
        raise ValueError(f"not a citation of the form 法名:第N条: {value!r}")
    return Citation(match[1], int(match[2]))


def find_citations(text: str, laws: Iterable[str] | None = None) -> list[Citation]:
    """Every citation in a piece of prose, in order.

    Text written before the convention may run words into the law's name (``参照人民法院在线调解规则:第24条``):
    the name is then the longest tail of those words that is a known law (``laws``, by default those of the
    shipped slice). A name that matches no known law is returned as written, so that checks can report it.
    """
    known = set(laws) if laws is not None else known_laws()
    return [Citation(_split_name(match[1], known)[1], int(match[2])) for match in CITATION.finditer(text or "")]


def _split_name(words: str, known) -> tuple[str, str]:
    """(words before the law's name, the law's name): the longest known tail, or all the words."""
    for i in range(len(words)):
        if words[i:] in known:
            return words[:i], words[i:]
    return "", words


def strict_citations(text: str) -> list[tuple[str, Citation]]:
    """(as written, citation) for every citation in the text, without guessing where the law's name starts."""
    return [(match[0], Citation(match[1], int(match[2]))) for match in CITATION.finditer(text or "")]


# The shipped library


def read_articles(path: Path = LIBRARY) -> list[Article]:
    """The rows of an ``articles.jsonl`` file (by default the shipped library), in file order."""
    fields = Article.__dataclass_fields__
    with open(path, encoding="utf-8") as source:
        return [
            Article(**{key: value for key, value in json.loads(line).items() if key in fields})
            for line in source
            if line.strip()
        ]


@functools.cache
def shipped_articles() -> dict[Citation, Article]:
    return {row.citation: row for row in read_articles()}


@functools.cache
def known_laws() -> frozenset[str]:
    return frozenset(citation.law for citation in shipped_articles())


def article(citation: str | Citation) -> Article | None:
    """The shipped text of a cited article, or None when the library does not hold it."""
    if isinstance(citation, str):
        try:
            citation = parse_citation(citation)
        except ValueError:
            return None
    return shipped_articles().get(citation)


def citation_error(value: str) -> str | None:
    """Why ``value`` is not a usable citation (in Chinese, for administrators), or None when it is."""
    try:
        citation = parse_citation(value)
    except ValueError:
        return f"“{value}”不是“法名:第N条”格式的条文引用（例如“人民调解法:第17条”）。"
    if article(citation) is None:
        return (
            f"“{value}”不在法律法规库中：请核对法名（简称）和条号。"
        )
    return None


# How citations read in documents


def book_title(law: str) -> str:
    """《人民调解法》; a title that itself quotes a law gets the inner marks 〈〉."""
    return "《" + law.replace("《", "〈").replace("》", "〉") + "》"


def cite(citation: str | Citation) -> str:
    """``人民调解法:第17条`` → 《人民调解法》第十七条."""
    if isinstance(citation, str):
        citation = parse_citation(citation)
    return f"{book_title(citation.law)}第{chinese_number(citation.number)}条"


def cite_all(citations: Iterable[str | Citation]) -> str:
    """Several citations, each law named once: 《人民调解法》第十七条、第二十三条；《民法典》第一百八十八条."""
    groups: list[tuple[str, list[int]]] = []
    for value in citations:
        citation = parse_citation(value) if isinstance(value, str) else value
        if groups and groups[-1][0] == citation.law:
            groups[-1][1].append(citation.number)
        else:
            groups.append((citation.law, [citation.number]))
    return "；".join(
        book_title(law) + "、".join(f"第{chinese_number(n)}条" for n in numbers) for law, numbers in groups
    )


def humanise(text: str) -> str:
    """Prose with its ``法名:第N条`` citations written the way documents write them (《法名》第N条)."""

    known = known_laws()

    def replace(match):
        before, law = _split_name(match[1], known)
        return before + cite(Citation(law, int(match[2])))

    return CITATION.sub(replace, text or "")
