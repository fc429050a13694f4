"""Law citations as people read them: ``人民调解法:第17条`` → 《人民调解法》第十七条."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from jiefen.knowledge import laws

register = template.Library()


@register.filter
def cite_text(text: str) -> str:
    """Prose with its citations written out (the result is escaped like any other text)."""
    return laws.humanise(text)


@register.filter
def cite(citation: str) -> str:
    try:
        return laws.cite(citation)
    except ValueError:
        return citation


@register.filter
def book_title(law: str) -> str:
    return laws.book_title(law)


@register.filter
def paragraphs(text: str) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


@register.filter
def highlight(text: str, words) -> str:
    """The text, escaped, with each of the words that matched a search marked (longest first, never nested)."""
    words = sorted({word for word in words or () if word}, key=len, reverse=True)
    if not words:
        return conditional_escape(text)
    pattern = re.compile("|".join(re.escape(word) for word in words))
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [conditional_escape(text[last:match.start()]), format_html("<mark>{}</mark>", match[0])]
        last = match.end()
    out.append(conditional_escape(text[last:]))
    return mark_safe("".join(out))  # every piece escaped above
