"""Counts with their denominators in a result clause: '9 of 10', '7/12 (58%)', '24 (51%) of 47', 'all 10 subjects',
'both patients', 'none of the 6', 'of the 20 patients, 15 ...'."""

from __future__ import annotations

import re

from evidence.ingest.context import Context
from evidence.ingest.draft import Found, found
from evidence.ingest.numbers import NUMBER, to_int
from evidence.ingest.sections import Piece

_RATIO = re.compile(
    # '9 of 10', '5 (50%) of 10', '12 (8 DM, 4 PM) of 20': a bracket between the count and 'of' breaks it down
    rf"(?P<r>{NUMBER})\s*(?:\([^()]{{1,40}}\)\s*)?(?:out\s+)?of\s+(?:the\s+|all\s+|these\s+)?(?P<e>{NUMBER})"
    r"|(?<![\d/.])(?P<r2>\d{1,4})\s*/\s*(?P<e2>\d{1,4})(?![\d/]|\.\d)"
    rf"|\ball\s+(?:of\s+the\s+)?(?P<a>{NUMBER})\b(?!\s*(?:%|years?|months?|weeks?|days?|groups?|arms?))"
    # 'in both patients': two of two; 'none of the 6', 'did not improve in the 6 affected patients': none of N
    r"|\b(?P<both>both)\s+(?:of\s+the\s+)?(?:patients|children|cases|subjects|participants)\b"
    rf"|\bnone\s+of\s+(?:the\s+|these\s+)?(?P<none>{NUMBER})"
    rf"|\bdid\s+not\s+(?:improve|respond|resolve)\s+in\s+(?:the\s+|all\s+|any\s+of\s+the\s+)?(?P<not>{NUMBER})"
    # 'Of the 20 patients, 15 improved': the denominator first, the count right after the comma
    rf"|\b(?:of|among)\s+(?:the\s+|these\s+|all\s+)?(?P<e3>{NUMBER})\s+(?:[\w-]+\s+){{0,3}}?(?:patients|children|subjects"
    rf"|participants|cases|adults)\s*(?:\([^()]{{0,30}}\)\s*)?,\s*(?P<r3>{NUMBER})(?!\s*(?:%|/|years?|months?|weeks?|days?"
    r"|mg|of\b))",
    re.I,
)
# 'Assessment at 6 months in 10 of the 12 patients': a count of patients assessed, not of patients who responded.
_ASSESSED = re.compile(
    r"\b(?:assess(?:ment|ed)|evaluat(?:ion|ed)|data\s+(?:were\s+)?available|follow(?:ed)?[- ]?up)\b[^.;]{0,40}"
    r"\b(?:in|for|of)\s+$",
    re.I,
)
# Counts of things that are not patients ('all three PFTs', '2 of 4 biopsies', '3 of 5 domains') are no outcome of
# patients, unless the text says the things come from the patients ('3 of 9 skin biopsy samples from subjects').
_THING = re.compile(
    r"\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:(?!(?:patients?|children|cases|subjects|participants|with|who|had|have"
    r"|has|in|of|at|were|was|showed|and|or)\b)[\w-]+\s+){0,2}?(?:tests?|PFTs?|biops(?:y|ies)|samples?|specimens?"
    r"|domains?|criteria|criterion|items?|measures?|measurements?|parameters?|scores?|variables?|visits?|lesions?"
    r"|sites?|muscles?|joints?|organs?|infusions?|doses?|cycles?|courses?|episodes?|admissions?|scans?|images?|MRIs?"
    r"|studies|trials?|articles?|publications?|reports?|cent(?:er|re)s?|hospitals?|questions?|features?|components?"
    r"|assessments?|evaluations?|time\s*points?|occasions?|nails?|capillar(?:y|ies)|genes?|markers?|cytokines?|CSMs?"
    r"|core\s+set\s+measures?|sessions?|segments?|regions?|areas?|fields?)\b",
    re.I,
)
_FROM_PATIENTS = re.compile(
    r"(?:\s+[\w-]+){0,2}?\s+(?:taken\s+|obtained\s+|collected\s+)?(?:from|of)\s+(?:\w+\s+)?(?:patients|subjects|participants|children|cases)\b",
    re.I,
)
EACH = re.compile(
    r"\b(?:each|every)\s+(?:patient|child|participant|subject|case)\b|\ball\s+(?:patients|children|participants|subjects|cases)\b",
    re.I,
)


def ratios_in(ctx: Context, clause: Piece) -> list[tuple[int, int, Found]]:
    """(responders, evaluable, where) for each count with its denominator in the clause."""
    out = []
    for m in _RATIO.finditer(ctx.text, clause.start, clause.end):
        if _ASSESSED.search(ctx.text, clause.start, m.start()):
            continue
        thing = _THING.match(ctx.text, m.end(), clause.end)
        if thing and not _FROM_PATIENTS.match(ctx.text, thing.end(), clause.end):
            continue
        if m.group("a"):
            r = e = to_int(m.group("a"))
        elif m.group("both"):
            r = e = 2
        elif m.group("none") or m.group("not"):
            r, e = 0, to_int(m.group("none") or m.group("not"))
        elif m.group("r3"):
            r, e = to_int(m.group("r3")), to_int(m.group("e3"))
        elif m.group("r"):
            r, e = to_int(m.group("r")), to_int(m.group("e"))
        else:
            r, e = int(m.group("r2")), int(m.group("e2"))
            if r <= 12 and 1900 <= e <= 2100:
                continue  # '12/2019' is a month and a year
        if r is None or e is None or e < 1 or r > e or e > 100_000:
            continue
        out.append((r, e, found(ctx.text, m.start(), m.end(), (r, e), 0.75)))
    return out


_SHARE = re.compile(rf"(?P<k>{NUMBER})\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)(?!\s*(?:out\s+)?of\b)")


def shares_in(ctx: Context, piece: Piece) -> list[tuple[int, Found]]:
    """Counts written with their percentage but no denominator ('94 (32.4%) and 105 (46.7%) patients')."""
    out = []
    for m in _SHARE.finditer(ctx.text, piece.start, piece.end):
        value = to_int(m.group("k"))
        if value is not None:
            out.append((value, found(ctx.text, m.start(), m.end(), value, 0.6)))
    return out
