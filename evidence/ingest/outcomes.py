"""Outcome stubs: the measures a result clause names, with responders/evaluable where it states them.

A stub never has a summary (records hold our own words, never the source's); direction and significance are
filled only from explicit words ("improved", "not statistically significant"). "9 of 10", "9/10" and "all 3"
fill responders/evaluable; "each patient" does so from the arm size, with a low confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from evidence import vocabulary as vocab
from evidence.ingest.arms import USE, ArmDraft, arms_named
from evidence.ingest.context import RESULTS, Context
from evidence.ingest.draft import Found, found
from evidence.ingest.numbers import NUMBER, to_int
from evidence.ingest.sections import Piece
from evidence.ingest.terms import CLASS, CONTROL, MEASURE, THERAPY

_RATIO = re.compile(
    rf"(?P<r>{NUMBER})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:out\s+)?of\s+(?:the\s+|all\s+|these\s+)?(?P<e>{NUMBER})"
    r"|(?<![\d/.])(?P<r2>\d{1,4})\s*/\s*(?P<e2>\d{1,4})(?![\d/.])"
    rf"|\ball\s+(?:of\s+the\s+)?(?P<a>{NUMBER})\b(?!\s*(?:%|years?|months?|weeks?|days?|groups?|arms?))",
    re.I,
)
_EACH = re.compile(
    r"\b(?:each|every)\s+(?:patient|child|participant|subject|case)\b|\ball\s+(?:patients|children|participants|subjects|cases)\b",
    re.I,
)
_RESPONSE = re.compile(
    r"\b(?:improv\w*|respon\w*|achiev\w*|met|meet\w*|reach\w*|attain\w*|remission|inactive|resolv\w*|resolution"
    r"|reduc\w*|decreas\w*|taper\w*|discontinu\w*|stopp\w*|normali[sz]\w*|better|benefit\w*|success\w*|clear\w*"
    r"|cessation|lower\w*|able\s+to)\b",
    re.I,
)
_IMPROVED = re.compile(
    r"\b(?:improv\w*|better|resolv\w*|resolution|remission|inactive|normali[sz]\w*|benefit\w*|cleared)\b", re.I
)
_WORSENED = re.compile(r"\b(?:worsen\w*|deteriorat\w*|progress(?:ed|ion)|flared?)\b", re.I)
_NOT_SIGNIFICANT = re.compile(
    r"\bnot\s+(?:statistically\s+)?significant|\bnon-?significant|\bdid\s+not\s+reach\s+(?:statistical\s+)?significance"
    r"|\bno\s+(?:statistically\s+)?significant",
    re.I,
)
_SIGNIFICANT = re.compile(r"\b(?:statistically\s+)?significant(?:ly)?\b|\bp\s*(?:<|=|≤)\s*0?\.0[0-4]\d*", re.I)
_P_VALUE = re.compile(r"\bp\s*(?P<op><=|<|=|≤|>)\s*(?P<v>0?\.\d+)", re.I)
_OTHER_USE = re.compile(
    r"\btaper\w*\s+(?:other|concomitant|immunosuppressive|background)\s+(?:therapies|medications|drugs|treatments"
    r"|immunosuppressants)|\bdiscontinu\w*\s+(?:of\s+)?(?:other|concomitant)\s+\w+",
    re.I,
)
_DOMAIN_WORDS = [
    ("skin", re.compile(r"\b(?:skin|cutaneous|rash|derm\w*)\b", re.I)),
    ("muscle", re.compile(r"\b(?:muscle|strength|weakness|myositis)\b", re.I)),
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
_TIS_MEASURES = {
    (juvenile, level): f"tis_{'juvenile' if juvenile else 'adult'}_{level}"
    for juvenile in (True, False)
    for level in ("minimal", "moderate", "major")
}
_JUVENILE = re.compile(r"\bjuvenile\b|\bJDM\b|\bchild(?:ren|hood)?\b|\bpa?ediatric\b", re.I)
_PRIMARY = re.compile(
    r"\bprimary\s+(?:efficacy\s+)?(?:outcomes?|end\s*-?\s*points?|objectives?)(?:\s+measures?)?\b", re.I
)


@dataclass
class Stub:
    """An outcome being drafted: field values, and where each came from."""

    values: dict[str, Any]
    sources: dict[str, Found] = field(default_factory=dict)

    def key(self) -> tuple[Any, ...]:
        """Two stubs with the same arm, measure and counts say the same thing."""
        v = self.values
        return (v["arm"], v["measure"], v["responders"], v["evaluable"])


def _domain(ctx: Context, clause: Piece) -> str:
    for name, pattern in _DOMAIN_WORDS:
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
        measure = _TIS_MEASURES[juvenile, m.group("level").lower()]
        out.append((measure, found(text, m.start(), m.end(), measure, confidence, note)))
    return out


def _measures(
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
    other = _OTHER_USE.search(text, clause.start, clause.end)
    if other:
        out.append(("concomitant_therapy_use", found(text, other.start(), other.end(), "concomitant_therapy_use", 0.6)))
    seen: dict[str, Found] = {}
    for measure, where in out:
        if measure in vocab.MEASURES and not (levels and measure == "acr_eular_tis"):
            seen.setdefault(measure, where)  # with its categories named, the score itself is no separate result
    return list(seen.items())


def _primary_measure(ctx: Context, study_drugs: frozenset[str]) -> tuple[str, Found] | None:
    """The one measure a methods or objective sentence names as the primary outcome ('The primary outcome
    measure was ... the IMACS definition of improvement'); None when no sentence or several measures do."""
    named: dict[str, Found] = {}
    for sentence in ctx.sentences(frozenset({"methods", "objective"})):
        primary = _PRIMARY.search(ctx.text, sentence.start, sentence.end)
        if not primary:
            continue
        after = Piece(primary.end(), sentence.end, sentence.section)  # 'secondary outcomes were X' comes after
        secondary = re.search(r"\bsecondary\b", ctx.text[after.start : after.end], re.I)
        if secondary:
            after = Piece(after.start, after.start + secondary.start(), sentence.section)
        for measure, where in _measures(ctx, after, study_drugs, sentence):
            named.setdefault(measure, where)
    if len(named) != 1:
        return None
    measure, where = next(iter(named.items()))
    note = "the primary outcome, named in the methods"
    return measure, replace(where, confidence=min(where.confidence, 0.6), note=note)


def _ratios(ctx: Context, clause: Piece) -> list[tuple[int, int, Found]]:
    out = []
    for m in _RATIO.finditer(ctx.text, clause.start, clause.end):
        if m.group("a"):
            r = e = to_int(m.group("a"))
        elif m.group("r"):
            r, e = to_int(m.group("r")), to_int(m.group("e"))
        else:
            r, e = int(m.group("r2")), int(m.group("e2"))
        if r is None or e is None or e < 1 or r > e or e > 100_000:
            continue
        out.append((r, e, found(ctx.text, m.start(), m.end(), (r, e), 0.75)))
    return out


def _arm_positions(ctx: Context, clause: Piece, arms: list[ArmDraft]) -> list[tuple[int, int]]:
    """(offset, arm index) for each therapy/control word in a clause that names one arm."""
    out = []
    for m in ctx.mentions(clause.start, clause.end, {THERAPY, CLASS, CONTROL}):
        named = [
            i
            for i, a in enumerate(arms)
            if m.key == a.key or m.key in a.therapy_ids or (m.kind == CLASS and a.therapy_class == m.key)
        ]
        if len(named) == 1:
            out.append((m.start, named[0]))
    return out


def _nearest_measure(ratio: Found, measures: list[tuple[str, Found]]) -> str:
    """The measure a '10/14' counts: the measure named nearest to it in the clause."""

    def distance(item: tuple[str, Found]) -> int:
        at = item[1]
        return max(at.start - ratio.end, ratio.start - at.end, 0)

    return min(measures, key=distance)[0]


def _pair(ratio: Found, positions: list[tuple[int, int]], targets: list[int | None]) -> int | None:
    """The arm a '9 of 12' belongs to: the arm word right after it ('9 of 12 tofacitinib-treated'), else before."""
    after = [(pos - ratio.end, arm) for pos, arm in positions if 0 <= pos - ratio.end <= 40]
    if after:
        return min(after)[1]
    before = [(ratio.start - pos, arm) for pos, arm in positions if pos < ratio.start]
    if before:
        return min(before)[1]
    return targets[0] if len(targets) == 1 else None


def outcome_stubs(ctx: Context, arms: list[ArmDraft], n_total: int | None, pubmed: bool) -> list[Stub]:
    """One stub per (result clause, measure, arm); measures named only in the methods get an empty stub."""
    text = ctx.text
    stubs: list[Stub] = []
    seen: set[tuple[Any, ...]] = set()
    study_drugs = frozenset(t for a in arms for t in [a.key, *a.therapy_ids])
    primary = _primary_measure(ctx, study_drugs)
    for clause, sentence in ctx.clauses(RESULTS):
        measures = _measures(ctx, clause, study_drugs, sentence)
        if not measures and primary and _PRIMARY.search(text, clause.start, clause.end):
            measures = [primary]  # 'the primary outcome was met in all 10': the measure the methods named
        ratios = _ratios(ctx, clause)
        each = _EACH.search(text, clause.start, clause.end)
        response = _RESPONSE.search(text, clause.start, clause.end)
        if not measures and not ((ratios or each) and response):
            continue
        if not measures and response is not None:
            where = found(
                text, response.start(), response.end(), "clinical_response", 0.5, "a response without a named measure"
            )
            measures = [("clinical_response", where)]
        named = arms_named(ctx, clause, arms)
        targets: list[int | None] = list(named) or ([0] if len(arms) == 1 else [None])
        positions = _arm_positions(ctx, clause, arms)
        facts = _clause_facts(ctx, clause, sentence)
        counts: dict[tuple[int | None, str], tuple[int, int, Found]] = {}
        for r, e, where in ratios:
            measure = _nearest_measure(where, measures)
            counts.setdefault((_pair(where, positions, targets), measure), (r, e, where))
        for measure, measure_at in measures:
            for target in targets:
                stub = _stub(ctx, clause, measure, measure_at, target, arms, pubmed, facts)
                if (target, measure) in counts:
                    r, e, where = counts[(target, measure)]
                    _put(stub, "responders", r, where)
                    _put(stub, "evaluable", e, where)
                elif each and response:
                    size = arms[target].n.value if target is not None and arms[target].n else None
                    size = size or (n_total if len(arms) <= 1 else None)
                    if size:
                        where = found(
                            text, each.start(), each.end(), size, 0.45, "'each/all patients' read as all of them"
                        )
                        _put(stub, "responders", size, where)
                        _put(stub, "evaluable", size, where)
                same = [s for s in stubs if s.values["arm"] == stub.values["arm"] and s.values["measure"] == measure]
                if stub.values["responders"] is None and same:
                    continue  # a later mention (often the conclusion) adds nothing to the first
                if stub.key() not in seen:
                    seen.add(stub.key())
                    stubs.append(stub)
    levels = {s.values["measure"] for s in stubs} & set(_TIS_MEASURES.values())
    for clause, sentence in ctx.clauses(frozenset({"methods", "objective"})):
        for measure, measure_at in _measures(ctx, clause, study_drugs, sentence):
            if any(s.values["measure"] == measure for s in stubs) or (measure == "acr_eular_tis" and levels):
                continue
            stub = _stub(ctx, clause, measure, measure_at, None, arms, pubmed)
            stubs.append(stub)
    return stubs


def _put(stub: Stub, name: str, value: Any, where: Found) -> None:
    stub.values[name] = value
    stub.sources[name] = where if where.value == value else replace(where, value=value)


def _clause_facts(ctx: Context, clause: Piece, sentence: Piece) -> dict[str, Found]:
    """Time point, direction, significance and p value stated in a clause (read once for all its stubs)."""
    text = ctx.text
    facts: dict[str, Found] = {}
    when = ctx.timepoint(clause.start, clause.end) or ctx.timepoint(sentence.start, sentence.end)
    if when is not None:
        facts["timepoint_months"] = when
    improved = _IMPROVED.search(text, clause.start, clause.end)
    worsened = _WORSENED.search(text, clause.start, clause.end)
    if improved and not worsened:
        facts["direction"] = found(text, improved.start(), improved.end(), "improved", 0.6)
    elif worsened and not improved:
        facts["direction"] = found(text, worsened.start(), worsened.end(), "worsened", 0.6)
    elif not worsened:
        cut = _LESS_USE.search(text, clause.start, clause.end)
        if cut:
            facts["less_use"] = found(text, cut.start(), cut.end(), "improved", 0.5, "less use of other therapies")
    negative = _NOT_SIGNIFICANT.search(text, clause.start, clause.end)
    positive = _SIGNIFICANT.search(text, clause.start, clause.end)
    if negative:
        facts["significant"] = found(text, negative.start(), negative.end(), False, 0.75)
    elif positive:
        facts["significant"] = found(text, positive.start(), positive.end(), True, 0.7)
    p = _P_VALUE.search(text, clause.start, clause.end)
    if p:
        number = p.group("v") if p.group("v").startswith("0") else "0" + p.group("v")
        op = {"=": "", "≤": "<= ", "<=": "<= "}.get(p.group("op"), p.group("op") + " ")
        facts["p_value"] = found(text, p.start(), p.end(), f"{op}{number}", 0.8)
    return facts


_LESS_USE = re.compile(r"\b(?:reduc\w*|taper\w*|cessation|discontinu\w*|stopp\w*|lower\w*|declin\w*|decreas\w*)", re.I)


def _stub(
    ctx: Context,
    clause: Piece,
    measure: str,
    measure_at: Found,
    target: int | None,
    arms: list[ArmDraft],
    pubmed: bool,
    facts: dict[str, Found] | None = None,
) -> Stub:
    """A stub for one measure and arm; facts None for a measure only named in the methods."""
    text = ctx.text
    values: dict[str, Any] = {
        "arm": None,
        "subgroup": None,
        "measure": measure,
        "domain": None,
        "timepoint_months": None,
        "responders": None,
        "evaluable": None,
        "response_definition": None,
        "direction": None,
        "significant": None,
        "p_value": None,
        "summary": None,
        "source_section": ctx.section_label(clause.section, pubmed),
    }
    stub = Stub(values)
    _put(stub, "measure", measure, measure_at)
    domain = _domain(ctx, clause) if measure == "clinical_response" else vocab.MEASURES[measure].group
    _put(stub, "domain", domain, found(text, measure_at.start, measure_at.end, domain, measure_at.confidence))
    heading = found(text, clause.start, clause.end, values["source_section"], 0.9, "the section this clause is in")
    _put(stub, "source_section", values["source_section"], heading)
    if facts is None:
        return stub
    if target is not None and target < len(arms):
        arm = arms[target]
        note = "arm named in (or implied by) the clause"
        _put(stub, "arm", arm.key, found(text, clause.start, clause.end, arm.key, 0.6, note))
    for name in ("timepoint_months", "direction", "significant", "p_value"):
        if name in facts:
            _put(stub, name, facts[name].value, facts[name])
    if "direction" not in facts and "less_use" in facts and domain == "steroid_sparing":
        _put(stub, "direction", "improved", facts["less_use"])
    return stub
