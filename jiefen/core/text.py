"""Text typed into a box, one entry per line."""


def lines(text: str) -> list[str]:
    """The non-blank lines of ``text``, stripped: the entries of a multi-line box (facts, terms, relations)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
