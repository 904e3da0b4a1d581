"""Time points and durations in months ('at week 24' -> 5.5, 'within one year' -> 12.0)."""

from __future__ import annotations

import re

from evidence.ingest.draft import Found, found
from evidence.ingest.numbers import WORDS, to_int

_DURATION_NUMBER = rf"(?:\d+(?:\.\d+)?|{WORDS}|a)"
_TIME = re.compile(
    rf"\b(?:at|after|within|over|by|for|during|through|to|in)\s+(?:the\s+|a\s+period\s+of\s+)?(?:"
    rf"(?P<n>{_DURATION_NUMBER})[\s-]+(?P<unit>days?|weeks?|months?|years?)"
    rf"|(?P<unit2>week|month|year)\s+(?P<n2>\d+)|(?P<first>first|one)\s+(?P<unit3>year|month|week))\b",
    re.I,
)
FOLLOW_UP = re.compile(
    rf"\bfollow(?:ed|ing)?(?:[- ]?up)?\b[^.;]{{0,40}}?\b(?P<n>{_DURATION_NUMBER})(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?"
    r"\s*(?P<unit>days?|weeks?|months?|years?)\b",
    re.I,
)
_DAYS_PER_MONTH = 30.4375


def months(amount: str, unit: str) -> float | None:
    """A duration in months, to one decimal (12 weeks -> 2.8)."""
    amount = amount.strip().lower()
    value = 1.0 if amount in {"a", "first", "one"} else None
    if value is None:
        value = float(amount) if re.fullmatch(r"\d+(?:\.\d+)?", amount) else to_int(amount)
    if value is None:
        return None
    unit = unit.lower().rstrip("s")
    factor = {"day": 1 / _DAYS_PER_MONTH, "week": 7 / _DAYS_PER_MONTH, "month": 1.0, "year": 12.0}[unit]
    return round(value * factor, 1)


def timepoint(text: str, start: int, end: int) -> Found | None:
    """The first time point in text[start:end] ('at 12 months', 'at week 24', 'within one year'), in months."""
    for m in _TIME.finditer(text, start, end):
        if m.group("n"):
            value = months(m.group("n"), m.group("unit"))
        elif m.group("n2"):
            value = months(m.group("n2"), m.group("unit2"))
        else:
            value = months(m.group("first"), m.group("unit3"))
        if value is not None:
            return found(text, m.start(), m.end(), value, 0.6)
    return None
