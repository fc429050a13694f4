"""Chinese numerals, both ways: article numbers as printed (第十七条) and counts in free text (二十六人).

Plain Python, no Django: the batch CLI's risk rules read counts before (or without) Django being set up.
``knowledge.laws`` re-exports both functions, where callers have long imported them from.
"""

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000}
# The characters a Chinese numeral up to 9,999 is written with; a regex character class for free text.
NUMERAL_CHARS = DIGITS + "〇两" + "".join(_UNIT_VALUE)


def chinese_number(n: int) -> str:
    """Article numbers as printed: 4 → 四, 17 → 十七, 205 → 二百零五, 1260 → 一千二百六十."""
    if n == 0:
        return DIGITS[0]
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out, zero = "", False
    for value, unit in units:
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += DIGITS[0]
            out += ("" if (unit == "十" and digit == 1 and not out) else DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


def arabic_number(numeral: str) -> int:
    """The other way (十七 → 17, 二百零五 → 205, 一千零七十九 → 1079); digits pass through."""
    if numeral.isdigit():
        return int(numeral)
    total, digit = 0, None
    for char in numeral:
        if char in _DIGIT_VALUE:
            digit = _DIGIT_VALUE[char]
        else:
            total += (1 if digit is None else digit) * _UNIT_VALUE[char]
            digit = None
    return total + (digit or 0)
