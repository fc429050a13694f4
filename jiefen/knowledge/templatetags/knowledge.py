"""Law citations as people read them: ``人民调解法:第17条`` → 《人民调解法》第十七条."""

from django import template

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
