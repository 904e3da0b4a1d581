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


# A number inside a dose is never a count of patients: a flattened power of ten ('1 × 106 cells/kg' for 10⁶,
# '10^6'), a number with its unit ('2 g/kg', '1,000 mg/m2', '5 mg', '2 doses') or a number of cells per kilogram
# ('106 CAR T cells/kg').
_POWER_BEFORE = re.compile(r"(?:\d\s*[x×*]\s*|10\s*\^\s*|\^\s*)$", re.I)
_UNIT_AFTER = re.compile(
    r"\s*(?:mg|g|µg|mcg|ug|ng|kg|ml|IU|units?|cells?|doses?|×|x\s*10|\^)(?![a-z])|[^\s,;.()]*\s*(?:/|per\s+)(?:kg|m2|m²"
    r"|kilogram|square\s+met)|(?:\s+(?!patients?\b|children\b|subjects?\b)[A-Za-z-]+){1,3}?\s+cells?\s*(?:/|per\s+)"
    r"(?:kg|kilogram)\b",
    re.I,
)


def in_dose(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is part of a dose (see above), not a count."""
    return bool(_POWER_BEFORE.search(text, max(0, start - 8), start) or _UNIT_AFTER.match(text, end))
