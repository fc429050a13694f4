"""Citations of library articles: written ``民法典:第1079条``, read back however people write them.

``format_citation`` writes the house form (short name, ASCII colon, Arabic digits). ``parse`` also reads the forms
citizens and sources use: ``《民法典》第一千零七十九条``, ``民法典第1079条``, ``《中华人民共和国民法典》第1079条``,
with a trailing 第N款/第N项 ignored. ``resolve`` finds the article in the version of the law in force and says
plainly what is wrong when it cannot.
"""

import re

from django.utils.translation import gettext as _

from jiefen.core.numerals import arabic_number
from jiefen.knowledge.laws import Citation
from jiefen.knowledge.models import Article, Law

_NUMERAL = "零〇一二两三四五六七八九十百千"
_FORM = re.compile(
    rf"(?P<law>.+?)\s*[:：]?\s*第\s*(?P<n>\d+|[{_NUMERAL}]+)\s*条(?:第(?:\d+|[{_NUMERAL}]+)[款项])*[。.]?"
)
_PREFIX = "中华人民共和国"


class CitationError(ValueError):
    pass


def format_citation(short: str, number: int) -> str:
    return str(Citation(short, number))


def parse(value: str) -> Citation:
    """A citation as anyone writes it → Citation(short name as written, number); CitationError when unreadable."""
    match = _FORM.fullmatch((value or "").strip())
    if not match:
        raise CitationError(_("“%(value)s” is not a citation such as 民法典:第1079条.") % {"value": value})
    name = match["law"].strip()
    if name.startswith("《") and name.endswith("》"):
        name = name[1:-1]
    # A quoted law inside a title is written 〈〉 within 《》; the short names of the library write it 《》.
    name = name.replace("〈", "《").replace("〉", "》").replace(_PREFIX, "")
    number = arabic_number(match["n"])
    if not name or number < 1:
        raise CitationError(_("“%(value)s” is not a citation such as 民法典:第1079条.") % {"value": value})
    return Citation(name, number)


def resolve(value: str | Citation, on=None) -> Article:
    """The library article a citation names, in the version of its law in force (today, or ``on`` a day)."""
    citation = value if isinstance(value, Citation) else parse(value)
    law = Law.objects.in_force(on).filter(short=citation.law).first()
    if law is None:
        raise CitationError(_("The law library holds no law called “%(law)s”.") % {"law": citation.law})
    article = law.articles.filter(number=citation.number).select_related("law").first()
    if article is None:
        last = law.articles.order_by("-number").values_list("number", flat=True).first() or 0
        raise CitationError(
            _("%(law)s has no article %(number)d (it has %(count)d).")
            % {"law": law.short, "number": citation.number, "count": last}
        )
    return article
