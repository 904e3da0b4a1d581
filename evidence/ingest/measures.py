"""Outcome measures named in a clause: vocabulary measures, ACR/EULAR total improvement score categories in words,
changes in the use of other therapies (steroid tapering), and the one primary outcome the methods name."""

from __future__ import annotations

import re
from dataclasses import replace

from evidence import vocabulary as vocab
from evidence.ingest.context import Context
from evidence.ingest.draft import Found, found
from evidence.ingest.roles import USE
from evidence.ingest.sections import Piece
from evidence.ingest.terms import CLASS, MEASURE, THERAPY

_OTHER_USE = re.compile(
    r"\btaper\w*\s+(?:other|concomitant|immunosuppressive|background)\s+(?:therapies|medications|drugs|treatments"
    r"|immunosuppressants)|\bdiscontinu\w*\s+(?:of\s+)?(?:other|concomitant)\s+\w+",
    re.I,
)
DOMAIN_WORDS = [
    ("skin", re.compile(r"\b(?:skin|cutaneous|rash|derm\w*)\b", re.I)),
    ("muscle", re.compile(r"\b(?:muscle|strength|weakness|myositis|myalgias?)\b", re.I)),
    ("lung", re.compile(r"\b(?:lung|pulmonary|ILD)\b", re.I)),
    ("calcinosis", re.compile(r"\bcalcinosis\b", re.I)),
]
_STEROID = {"glucocorticoids", "glucocorticoid"}
# ACR/EULAR total improvement score categories, named in words next to the criteria they belong to.
_TIS_LEVEL = re.compile(
    r"\b(?P<level>minimal|moderate|major)\s+(?:(?:clinical\s+)?(?:improvement|response)|improvers|responders?)\b",
    re.I,
)
_TIS_CRITERIA = re.compile(
    r"\bACR\s*/\s*EULAR\b|\bAmerican\s+College\s+of\s+Rheumatology\b[^.;]{0,60}\bEuropean\s+(?:League|Alliance)\b"
    r"|\bTIS\b|\btotal\s+improvement\s+scores?\b|\bmyositis\s+response\s+criteria\b",
)
# The juvenile DM criteria (TIS >= 30/45/70) and the adult criteria (>= 20/40/60) are different definitions.
TIS_MEASURES = {
    (juvenile, level): f"tis_{'juvenile' if juvenile else 'adult'}_{level}"
    for juvenile in (True, False)
    for level in ("minimal", "moderate", "major")
}
_JUVENILE = re.compile(r"\bjuvenile\b|\bJDM\b|\bchild(?:ren|hood)?\b|\bpa?ediatric\b", re.I)
PRIMARY = re.compile(
    r"\bprimary\s+(?:efficacy\s+)?(?:outcomes?|end\s*-?\s*points?|objectives?)(?:\s+measures?)?\b", re.I
)


def domain_of(ctx: Context, clause: Piece) -> str:
    for name, pattern in DOMAIN_WORDS:
        if pattern.search(ctx.text, clause.start, clause.end):
            return name
    return "global"


def _tis_levels(ctx: Context, clause: Piece, sentence: Piece | None) -> list[tuple[str, Found]]:
    """'moderate improvement ... according to the 2016 ACR/EULAR myositis response criteria': the TIS category,
    when its sentence names the ACR/EULAR criteria (or the TIS), or the methods say responses were graded by
    them (a lower confidence); 'moderate improvement' in an abstract that never names the criteria is not one."""
    text = ctx.text
    levels = list(_TIS_LEVEL.finditer(text, clause.start, clause.end))
    if not levels:
        return []
    where = sentence or clause
    if _TIS_CRITERIA.search(text, where.start, where.end):
        confidence, note = 0.7, "a category of the ACR/EULAR criteria named in the sentence"
    elif any(_TIS_CRITERIA.search(text, s.start, s.end) for s in ctx.sentences(frozenset({"methods", "objective"}))):
        confidence, note = 0.55, "a category of the ACR/EULAR criteria the methods name"
    else:
        return []
    out = []
    juvenile = bool(_JUVENILE.search(text))
    for m in levels:
        measure = TIS_MEASURES[juvenile, m.group("level").lower()]
        out.append((measure, found(text, m.start(), m.end(), measure, confidence, note)))
    return out


# Events written as verbs: 'died or underwent lung transplantation' (one composite), 'died', 'survived'.
_EVENTS = (
    (
        "death_or_transplant",
        re.compile(
            r"\b(?:died|deaths?)\s+or\s+(?:underwent|had|received|required|needed)?\s*(?:an?\s+)?lung\s+transplant\w*",
            re.I,
        ),
    ),
    ("mortality", re.compile(r"\bdied\b", re.I)),
    # 'the 6-month survival was 22/26', '22/26 survived' (not event-free survival, nor a survival analysis)
    (
        "survival",
        re.compile(
            r"(?<!free-)(?<!free )(?<!Meier )(?<!analysed )(?<!analyzed )\bsurviv(?:al|ed|ors?)\b"
            r"(?!\s+(?:analys[ie]s|curves?|models?|with\s+Kaplan))|\b(?:were|was|remained)\s+alive\b",
            re.I,
        ),
    ),
)


def measures_in(
    ctx: Context, clause: Piece, study_drugs: frozenset[str] = frozenset(), sentence: Piece | None = None
) -> list[tuple[str, Found]]:
    """Measures named in a clause, including steroid tapering and other-therapy tapering written as actions
    (a study drug being stopped is a safety matter, not a change in other therapies), and TIS categories in words."""
    text = ctx.text
    levels = _tis_levels(ctx, clause, sentence)
    out: list[tuple[str, Found]] = list(levels)
    for m in ctx.mentions(clause.start, clause.end, {MEASURE, THERAPY, CLASS}):
        if m.kind == MEASURE:
            out.append((m.key, found(text, m.start, m.end, m.key, 0.75)))
        elif m.key not in study_drugs and ctx.role(clause, m) == USE:
            measure = "glucocorticoid_dose" if m.key in _STEROID else "concomitant_therapy_use"
            out.append((measure, found(text, m.start, m.end, measure, 0.6, "a change in use of this therapy")))
    for measure, pattern in _EVENTS:
        event = pattern.search(text, clause.start, clause.end)
        if event:
            out.append((measure, found(text, event.start(), event.end(), measure, 0.6, "an event written as a verb")))
            break  # the composite includes the deaths
    other = _OTHER_USE.search(text, clause.start, clause.end)
    if other:
        out.append(("concomitant_therapy_use", found(text, other.start(), other.end(), "concomitant_therapy_use", 0.6)))
    seen: dict[str, Found] = {}
    for measure, where in out:
        if measure in vocab.MEASURES and not (levels and measure == "acr_eular_tis"):
            seen.setdefault(measure, where)  # with its categories named, the score itself is no separate result
    return list(seen.items())


def primary_measure(ctx: Context, study_drugs: frozenset[str]) -> tuple[str, Found] | None:
    """The one measure a methods or objective sentence names as the primary outcome ('The primary outcome
    measure was ... the IMACS definition of improvement'); None when no sentence or several measures do."""
    named: dict[str, Found] = {}
    for sentence in ctx.sentences(frozenset({"methods", "objective"})):
        primary = PRIMARY.search(ctx.text, sentence.start, sentence.end)
        if not primary:
            continue
        after = Piece(primary.end(), sentence.end, sentence.section)  # 'secondary outcomes were X' comes after
        secondary = re.search(r"\bsecondary\b", ctx.text[after.start : after.end], re.I)
        if secondary:
            after = Piece(after.start, after.start + secondary.start(), sentence.section)
        for measure, where in measures_in(ctx, after, study_drugs, sentence):
            named.setdefault(measure, where)
    if len(named) != 1:
        return None
    measure, where = next(iter(named.items()))
    note = "the primary outcome, named in the methods"
    return measure, replace(where, confidence=min(where.confidence, 0.6), note=note)
