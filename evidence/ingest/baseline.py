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
    r"|benefit\w*|success\w*|clear\w*|cessation|lower\w*|able\s+to|worsen\w*|deteriorat\w*|progress(?:ed|ion)|flared?"
    r"|relaps\w*|died|deaths?|surviv\w*|alive|adverse|infections?|developed|increas\w*|gain\w*|regress\w*|CR|PR"
    r"|good|favou?rable|effective|stabili[sz]\w*|quiescen\w*|recover\w*|complete|partial)\b",
    re.I,
)
# The state before treatment, or treatment before this study: 'at baseline', 'at diagnosis', 'previously received'.
BASELINE = re.compile(
    r"\b(?:at\s+(?:baseline|diagnosis|presentation|onset|enrol(?:l)?ment|inclusion|(?:study\s+)?entry|the\s+start"
    r"|the\s+time\s+of\s+(?:diagnosis|inclusion|enrol\w*))|baseline\s+characteristics|(?:before|prior\s+to)\s+"
    r"(?:treatment|therapy|starting|initiation|the\s+start|inclusion|enrol\w*|\w+\s+(?:treatment|therapy|initiation))"
    r"|pre-?treatment|previous(?:ly)?|history\s+of|had\s+(?:previously\s+)?(?:received|been\s+(?:treated|given))"
    r"|pre-?treated|prior\s+(?:treatments?|therap(?:y|ies)|use)|presenting|presented\s+with)\b",
    re.I,
)
# A characteristic: '24/25 had rash', 'patients had weakness (41/56), myalgia (6/7)', '11/25 were female', 'ILD was
# present in 8/20'; a list
# of counts after one such verb shares it.
_HAD = re.compile(
    r"\b(?:had|have|has|showed|exhibited|suffered\s+from|were\s+(?:female|male|women|men|girls|boys|[\w-]*positive"
    r"|[\w-]*negative|diagnosed|treatment-naive|naive)|was\s+(?:female|male)"
    r"|(?:was|were|is|are)\s+(?:also\s+)?(?:present|detected|found|noted|[\w-]*positive|[\w-]*negative))\b",
    re.I,
)
# Who took part in a survey: words of a survey anywhere; in a survey also '141/167 (84%) responded' and 'a response
# rate of 84% (141/167)' (in a study of a treatment, '12/20 responded' is a result).
_SURVEY = re.compile(r"\b(?:surveys?|questionnaires?|respondents?|invit\w*|e-?mailed)\b", re.I)
_RESPONSE_RATE = re.compile(r"\bresponse\s+rates?\b", re.I)
_RESPONDED = re.compile(
    r"\s*(?:\(\s*[^()]{0,30}\)\s*)?(?:\w+\s+){0,2}(?:responded|replied|answered|returned|completed\s+the)\b"
    r"(?!\s+(?:to\s+(?:treatment|therapy|the\s+(?:drug|treatment|therapy))|well|favou?rably|partially|completely))",
    re.I,
)
# A count's own words after it run to the next comma, semicolon or conjunction ('present in 8/20 and improved in
# 6/8': 'improved' belongs to 6/8).
_WORD_GAP = re.compile(r"(?:(?!\s+(?:and|or|but|while|whereas|which|of\s+whom)\s)[^,;])*")


def own_words_end(ctx: Context, where: Found, right: int) -> int:
    """Where the words after a count that belong to it end (before right)."""
    after = _WORD_GAP.match(ctx.text, where.end, right)
    return after.end() if after else where.end


def describes_patients(
    ctx: Context, where: Found, left: int, right: int, listed: bool = False, survey: bool = False
) -> bool:
    """A count that states who the patients were (at baseline, before treatment, a characteristic) or how many
    answered a survey, not a result; left/right bound its own words (the neighbouring counts or the clause).
    listed: the count before it in the clause described the patients, so this one does too unless its own words
    name a change ('41/56 had weakness, 6/7 myalgia and 12/15 rash'); survey: the study is a survey."""
    text = ctx.text
    stop = own_words_end(ctx, where, right)
    if _SURVEY.search(text, left, stop):
        return True  # how many took part in a survey
    if survey and (_RESPONDED.match(text, where.end, stop) or _RESPONSE_RATE.search(text, left, stop)):
        return True
    if CHANGE.search(text, left, stop):
        return False
    return listed or bool(BASELINE.search(text, left, stop) or _HAD.search(text, left, stop))


def result_counts(
    ctx: Context, clause: Piece, counts: list[tuple[int, int, Found]], survey: bool = False
) -> list[tuple[int, int, Found]]:
    """The counts of a clause that may be results: those that describe the patients are left out."""
    out = []
    listed = False
    for i, count in enumerate(counts):  # a count's words start where those of the count before it end
        right = counts[i + 1][2].start if i + 1 < len(counts) else clause.end
        left = own_words_end(ctx, counts[i - 1][2], count[2].start) if i else clause.start
        listed = describes_patients(ctx, count[2], left, right, listed, survey)
        if not listed:
            out.append(count)
    return out
