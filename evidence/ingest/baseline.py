"""Counts that describe the patients rather than a result: characteristics at baseline, earlier treatments, and a
survey's response rate. A count is judged by its own words: those between it and the count or clause start before
it, and those after it up to the next count or comma.
"""

from __future__ import annotations

import re

from evidence.ingest.context import Context
from evidence.ingest.draft import Found
from evidence.ingest.sections import Piece

# A change or an event: the words of a result ('improved', 'achieved remission', 'relapsed', 'died').
CHANGE = re.compile(
    r"\b(?:improv\w*|respon(?:se|ses|ders?|ded\s+to|ding\s+to)|achiev\w*|met|meet\w*|reach\w*|attain\w*|remission"
    r"|inactive|resolv\w*|resolution|reduc\w*|decreas\w*|taper\w*|discontinu\w*|stopp\w*|normali[sz]\w*|better"
    r"|benefit\w*|success\w*|clear\w*|cessation|lower\w*|able\s+to|worsen\w*|deteriorat\w*|progress\w*|flared?"
    r"|relaps\w*|died|deaths?|adverse|infections?|developed|increas\w*|gain\w*|regress\w*|CR|PR)\b",
    re.I,
)
# The state before treatment, or treatment before this study: 'at baseline', 'at diagnosis', 'previously received'.
BASELINE = re.compile(
    r"\b(?:at\s+(?:baseline|diagnosis|presentation|onset|enrol(?:l)?ment|inclusion|(?:study\s+)?entry|the\s+start"
    r"|the\s+time\s+of\s+(?:diagnosis|inclusion|enrol\w*))|baseline\s+characteristics|(?:before|prior\s+to)\s+"
    r"(?:treatment|therapy|starting|initiation|the\s+start|inclusion|enrol\w*|\w+\s+(?:treatment|therapy|initiation))"
    r"|pre-?treatment|previous(?:ly)?|history\s+of|had\s+(?:previously\s+)?(?:received|been\s+(?:treated|given))"
    r"|pre-?treated|prior\s+(?:treatments?|therap(?:y|ies)|use))\b",
    re.I,
)
# A characteristic stated right after a count: '24/25 had rash', '11/25 were female', '8/20 were anti-MDA5 positive'.
_HAD = re.compile(
    r"\s*(?:\(\s*[^()]{0,30}\)\s*)?(?:(?:patients|children|cases|subjects|participants|adults)\s+)?(?:\([^()]{0,30}\)\s*)?"
    r"(?:had|have|has|presented\s+with|showed|exhibited|were\s+(?:female|male|women|men|girls|boys|[\w-]*positive"
    r"|[\w-]*negative|diagnosed|treatment-naive|naive)|was\s+(?:female|male))\b",
    re.I,
)
# A survey's response rate: '141/167 (84%) responded', 'a response rate of 84% (141/167)'.
_SURVEY = re.compile(r"\b(?:surveys?|questionnaires?|respondents?|response\s+rate|invit\w*|e-?mailed)\b", re.I)
_RESPONDED = re.compile(
    r"\s*(?:\(\s*[^()]{0,30}\)\s*)?(?:\w+\s+){0,2}(?:responded|replied|answered|returned|completed\s+the)\b"
    r"(?!\s+(?:to\s+(?:treatment|therapy|the\s+(?:drug|treatment|therapy))|well|favou?rably|partially|completely))",
    re.I,
)
_WORD_GAP = re.compile(r"[^,;]*")


def describes_patients(ctx: Context, clause: Piece, where: Found, left: int, right: int) -> bool:
    """A count that states who the patients were (at baseline, before treatment, a characteristic) or how many
    answered a survey, not a result; left/right bound its own words (the neighbouring counts or the clause)."""
    text = ctx.text
    after = _WORD_GAP.match(text, where.end, right)
    stop = after.end() if after else where.end
    if _RESPONDED.match(text, where.end, stop) or _SURVEY.search(text, left, stop):
        return True  # how many took part in a survey
    words = (left, stop)
    if CHANGE.search(text, *words):
        return False
    return bool(BASELINE.search(text, *words) or _HAD.match(text, where.end, stop))
