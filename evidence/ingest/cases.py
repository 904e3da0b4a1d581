"""A single case presented as such: 'Our case was a 6 year old girl', 'the case of a patient with ...', 'We describe a
45-year-old man', 'A 10-year-old boy presented with ...'. Such a text is a case report of one patient, unless it
counts two patients or more anywhere in the study's sentences (a case series may well mention 'one patient')."""

from __future__ import annotations

import re

from evidence.ingest.context import STUDY, Context
from evidence.ingest.draft import Found, found
from evidence.ingest.totals import Count

_PERSON = r"(?:girl|boy|woman|man|female|male|patient|child|adolescent|infant|toddler|lady|gentleman)"
_AGED = r"(?:\d{1,2}|[a-z]+(?:-[a-z]+)?)[- ](?:year|month)s?[- ]old"
# One patient named as the case: 'our case was a ...', 'the case of a ...', 'we describe a 45-year-old man'.
_SINGLE = re.compile(
    rf"\b(?:our|this|the\s+present)\s+(?:case|patient)\s+(?:was|is)\s+(?:a|an)\s+(?:\S+\s+){{0,4}}?{_PERSON}\b"
    rf"|\bthe\s+case\s+of\s+(?:a|an|one)\s+(?:\S+\s+){{0,4}}?{_PERSON}\b"
    rf"|\bwe\s+(?:report|describe|present)\s+(?:the\s+case\s+of\s+)?(?:a|an)\s+(?:{_AGED}\s+|\S+\s+){{0,3}}?{_PERSON}\b",
    re.I,
)
# A sentence that opens on one aged person presenting: 'A 10-year-old boy presented with ...'.
_OPENING = re.compile(
    rf"(?:A|An)\s+{_AGED}\s+(?:\S+\s+){{0,2}}?{_PERSON}\s+(?:\([^()]{{0,30}}\)\s+)?(?:with\s+[^.]{{1,80}}?\s+)?"
    r"(?:presented|was\s+(?:admitted|referred|diagnosed|hospitali[sz]ed|seen)|developed|came)\b",
    re.I,
)


# Words of more than one patient: 'a second patient', 'both patients', 'a case series'.
_MORE = re.compile(
    r"\b(?:second|third|another|both|other)\s+(?:patients?|cases?|children|child|girls?|boys?|siblings?)\b"
    r"|\bcase\s+series\b|\bseries\s+of\b|\b(?:two|three|four|five|several|\d+)\s+cases\b",
    re.I,
)


def single_case(ctx: Context, counts: list[Count]) -> Found | None:
    """Where the text presents its one patient, or None (no such words, or words or a count of two patients or
    more)."""
    if any(c.value >= 2 for c in counts) or any(_MORE.search(ctx.text, s.start, s.end) for s in ctx.sentences()):
        return None
    for sentence in ctx.sentences(STUDY - {"registration"}):
        m = _OPENING.match(ctx.text, sentence.start, sentence.end) or _SINGLE.search(
            ctx.text, sentence.start, sentence.end
        )
        if m:
            return found(ctx.text, m.start(), m.end(), 1, 0.65, "a single case is presented")
    return None
