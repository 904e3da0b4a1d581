"""Whole numbers written in digits or words ("23", "1,204", "Twenty-three", "one hundred and four")."""

from __future__ import annotations

import re

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_VALUE = {w: i for i, w in enumerate(_ONES)} | {w: 10 + i for i, w in enumerate(_TEENS)}
_VALUE |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}

_one_to_nine = "|".join(_ONES[:0:-1])
_below_100 = rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{_one_to_nine}))?|{'|'.join(_TEENS[::-1])}|{'|'.join(_ONES[::-1])})"
WORDS = rf"(?:(?:{_one_to_nine}|a)\s+hundred(?:(?:\s+and)?[\s-]+{_below_100})?|{_below_100})"
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,6})"
# A count: digits not part of a decimal, range, date or identifier; or number words.
NUMBER = rf"(?:(?<![\w.,/-]){DIGITS}(?![\w%]|[.,]\d|/\d)|(?<![\w-])(?i:{WORDS})(?![\w-]))"
NUMBER_RE = re.compile(NUMBER)


def to_int(token: str) -> int | None:
    """The value of a number token in digits or words; None when it is not one."""
    token = token.strip()
    if re.fullmatch(DIGITS, token):
        return int(token.replace(",", ""))
    words = [w for w in re.split(r"[\s-]+", token.casefold()) if w and w != "and"]
    if not words:
        return None
    total = 0
    current = 0
    for word in words:
        if word == "hundred":
            current = (current or 1) * 100
        elif word == "a":
            current = 1 if current == 0 else current
        elif word in _VALUE:
            current += _VALUE[word]
        else:
            return None
    total += current
    return total
