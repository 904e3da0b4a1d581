"""Cues about one count of patients that totals.py reads: a size written '(n = 29)' after a long description of the
patients enrolled, and counts that name a part of the patients already counted (a subgroup, never the total)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from evidence.ingest.numbers import NUMBER

_PATIENTS = (
    r"(?:patients?|children|subjects?|participants?|individuals?|cases?|adults?|adolescents?|girls?|boys?|women|men"
    r"|infants?|pts)"
)
# 'Adult patients with new-onset anti-MDA5-positive DM with ILD (n = 29) were enrolled': a size in brackets after the
# patients' description (which holds no other size), right before the verb of enrolment, is the study total.
_SIZED_ENROLMENT = re.compile(
    rf"\b{_PATIENTS}\b[^.;()]{{0,160}}?\(\s*n\s*[=:]\s*(?P<n>\d{{1,5}})\s*\)\s*(?:(?:were|was|had\s+been)\s+)"
    r"(?:(?:retrospectively|prospectively|consecutively|finally)\s+)?(?:included|enrolled|recruited|studied|analy[sz]ed"
    r"|identified|randomi[sz]ed|evaluated|reviewed)\b",
    re.I,
)


def sized_enrolment(text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(value, start, end) of each '(n = N) were enrolled' size in text[start:end]."""
    for m in _SIZED_ENROLMENT.finditer(text, start, end):
        value = int(m.group("n"))
        if value:
            yield value, m.start("n"), m.end("n")


# 'All 10 patients improved, including 2 patients with residual rash': 'including N' after another count of patients
# in the sentence names a part of those patients.
_INCLUDING = re.compile(r"\bincluding\s+$", re.I)
_EARLIER_COUNT = re.compile(rf"{NUMBER}\s+(?:[\w-]+\s+){{0,3}}?{_PATIENTS}\b", re.I)
# 'Of the 8 patients who had rapidly progressive ILD, 5 survived': patients picked out by a relative clause, then a
# count of them, are a subgroup.
_OF_BEFORE = re.compile(r"\b(?:of|among)\s+(?:the|these|all)\s+$", re.I)
_WHO_AFTER = re.compile(rf"\s*(?:[\w-]+\s+){{0,2}}?{_PATIENTS}\s+(?:who|that|whose)\b[^.;]{{1,160}}?,\s*{NUMBER}", re.I)


def subgroup(text: str, sentence_start: int, start: int, end: int) -> bool:
    """A count (its number at text[start:end]) that names part of the patients: 'including N' after another count
    of patients in the sentence, or 'of the N patients who had X, M ...'."""
    before = text[max(sentence_start, start - 40) : start]
    if _INCLUDING.search(before) and _EARLIER_COUNT.search(text, sentence_start, max(sentence_start, start - 10)):
        return True
    return bool(_OF_BEFORE.search(before) and _WHO_AFTER.match(text, end))
