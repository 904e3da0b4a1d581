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
from evidence.ingest.arm_refs import arms_named
from evidence.ingest.arms import ArmDraft
from evidence.ingest.context import RESULTS, Context
from evidence.ingest.counts import EACH, ratios_in
from evidence.ingest.draft import Found, found
from evidence.ingest.groups import group_counts
from evidence.ingest.measures import PRIMARY, TIS_MEASURES, domain_of, measures_in, primary_measure
from evidence.ingest.neighbours import neighbour_ratio
from evidence.ingest.pairing import Counted, clause_counts, nearest_measure, respectively_shares
from evidence.ingest.sections import Piece
from evidence.ingest.terms import ANTIBODY

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


@dataclass
class Stub:
    """An outcome being drafted: field values, and where each came from."""

    values: dict[str, Any]
    sources: dict[str, Found] = field(default_factory=dict)

    def key(self) -> tuple[Any, ...]:
        """Two stubs with the same arm, measure and counts say the same thing."""
        v = self.values
        return (v["arm"], v["measure"], v["responders"], v["evaluable"])


def outcome_stubs(
    ctx: Context, arms: list[ArmDraft], n_total: int | None, pubmed: bool, survey: bool = False
) -> list[Stub]:
    """One stub per (result clause, measure, arm); measures named only in the methods get an empty stub (survey:
    the study is a survey, whose response rate is no result)."""
    text = ctx.text
    stubs: list[Stub] = []
    seen: set[tuple[Any, ...]] = set()
    study_drugs = frozenset(t for a in arms for t in [a.key, *a.therapy_ids])
    primary = primary_measure(ctx, study_drugs)
    for clause, sentence in ctx.clauses(RESULTS):
        measures = measures_in(ctx, clause, study_drugs, sentence)
        if not measures and primary and PRIMARY.search(text, clause.start, clause.end):
            measures = [primary]  # 'the primary outcome was met in all 10': the measure the methods named
        ratios = ratios_in(ctx, clause)
        in_group = group_counts(ctx, clause, arms)  # out of a group's size, written where the group was sized
        tied = {**in_group, **respectively_shares(ctx, clause, arms)}
        neighbour = None if ratios or tied else neighbour_ratio(ctx, clause, sentence)
        if neighbour:  # 'N patients were given X. M patients survived': M of N
            named_before = arms_named(ctx, Piece(neighbour[2].start, clause.start, clause.section), arms)
            tied[named_before[0] if len(named_before) == 1 else (0 if len(arms) == 1 else None)] = neighbour
        if not measures and ratios:  # '24 of 47 patients assigned X, 32 of 46 ... achieved PRINTO 20': the
            whole = measures_in(ctx, sentence, study_drugs, sentence)  # one measure the sentence names
            measures = whole if len(whole) == 1 else []
        each = EACH.search(text, clause.start, clause.end)
        response = _RESPONSE.search(text, clause.start, clause.end)
        if not measures and not ((ratios or each or tied) and response):
            continue
        if not measures and response is not None:
            where = found(
                text, response.start(), response.end(), "clinical_response", 0.5, "a response without a named measure"
            )
            measures = [("clinical_response", where)]
        named = arms_named(ctx, clause, arms)
        targets: list[int | None] = list(named) or ([0] if len(arms) == 1 else [None])
        facts = _clause_facts(ctx, clause, sentence)
        counts: dict[tuple[int | None, str], tuple[int, int, Found]] = {}
        domains: dict[tuple[int | None, str], Counted] = {}
        own: list[Counted] = []  # further counts whose own words say what they count
        for c in clause_counts(ctx, clause, arms, measures, targets, survey):
            if (c.arm, c.measure) not in counts:
                counts[(c.arm, c.measure)] = (c.responders, c.evaluable, c.where)
                domains[(c.arm, c.measure)] = c
            elif c.own is not None:
                own.append(c)
        sized_at: dict[tuple[int | None, str], Found] = {}
        for arm, (r, e, where) in tied.items():
            key = (arm, nearest_measure(where, measures))
            if key not in counts:
                counts[key] = (r, e, where)
                if arm in in_group and arms[arm].n is not None:
                    sized_at[key] = arms[arm].n
        for measure, measure_at in measures:
            for target in targets:
                stub = _stub(ctx, clause, measure, measure_at, target, arms, pubmed, facts)
                if (target, measure) in counts:
                    r, e, where = counts[(target, measure)]
                    _put(stub, "responders", r, where)
                    _put(stub, "evaluable", e, sized_at.get((target, measure), where))
                    _put(stub, "denominator_basis", "stated", where)
                    _own_domain(stub, domains.get((target, measure)))
                elif each and response:
                    size = arms[target].n.value if target is not None and arms[target].n else None
                    size = size or (n_total if len(arms) <= 1 else None)
                    if size:
                        where = found(
                            text, each.start(), each.end(), size, 0.45, "'each/all patients' read as all of them"
                        )
                        _put(stub, "responders", size, where)
                        _put(stub, "evaluable", size, where)
                        _put(stub, "denominator_basis", "all_treated", where)
                same = [s for s in stubs if s.values["arm"] == stub.values["arm"] and s.values["measure"] == measure]
                if stub.values["responders"] is None and same:
                    continue  # a later mention (often the conclusion) adds nothing to the first
                if stub.key() not in seen:
                    seen.add(stub.key())
                    stubs.append(stub)
        for c in own:
            stub = _own_stub(ctx, clause, c, arms, pubmed, facts)
            if stub.key() not in seen:
                seen.add(stub.key())
                stubs.append(stub)
    counted = {(s.values["arm"], s.values["measure"]) for s in stubs if s.values["responders"] is not None}
    stubs = [
        s for s in stubs if s.values["responders"] is not None or (s.values["arm"], s.values["measure"]) not in counted
    ]
    levels = {s.values["measure"] for s in stubs} & set(TIS_MEASURES.values())
    for clause, sentence in ctx.clauses(frozenset({"methods", "objective"})):
        for measure, measure_at in measures_in(ctx, clause, study_drugs, sentence):
            if any(s.values["measure"] == measure for s in stubs) or (measure == "acr_eular_tis" and levels):
                continue
            stub = _stub(ctx, clause, measure, measure_at, None, arms, pubmed)
            stubs.append(stub)
    return stubs


def _own_stub(
    ctx: Context, clause: Piece, c: Counted, arms: list[ArmDraft], pubmed: bool, facts: dict[str, Found]
) -> Stub:
    """A count that names what it counts, as a stub of its own; its time point is the one written right after it."""
    facts = dict(facts)
    when = ctx.timepoint(c.where.end, c.after)
    if when is not None:
        facts["timepoint_months"] = when
    assert c.own is not None
    stub = _stub(ctx, clause, c.measure, replace(c.own, value=c.measure), c.arm, arms, pubmed, facts)
    _put(stub, "responders", c.responders, c.where)
    _put(stub, "evaluable", c.evaluable, c.where)
    _put(stub, "denominator_basis", "stated", c.where)
    _own_domain(stub, c)
    return stub


def _own_domain(stub: Stub, c: Counted | None) -> None:
    """A response without a named measure takes the disease domain its count's own words name."""
    if c is not None and c.domain and c.own is not None and stub.values["measure"] == "clinical_response":
        _put(stub, "domain", c.domain, c.own)


def _put(stub: Stub, name: str, value: Any, where: Found) -> None:
    stub.values[name] = value
    stub.sources[name] = where if where.value == value else replace(where, value=value)


def _subgroup(ctx: Context, clause: Piece, stub: Stub) -> None:
    """'in the anti-MDA5 patients', 'MDA5+ children': a result for the patients positive for one antibody."""
    named = {
        m.key: m
        for m in ctx.mentions(clause.start, clause.end, {ANTIBODY})
        if _SUBGROUP.match(ctx.text, m.end) and not re.match(r"[\s-]*negative", ctx.text[m.end : m.end + 12], re.I)
    }
    if len(named) == 1:
        key, m = next(iter(named.items()))
        value = {"label": f"{vocab.antibody_label(key)}-positive patients", "antibody": key}
        stub.values["subgroup"] = value
        for name in ("label", "antibody"):
            stub.sources[f"subgroup.{name}"] = found(ctx.text, m.start, m.end, value[name], 0.6, "antibody subgroup")


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
    for name, pattern in (("fell", _FELL), ("rose", _ROSE)):
        change = pattern.search(text, clause.start, clause.end)
        if change:
            facts[name] = found(text, change.start(), change.end(), name, 0.5)
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


# A fall in a disease-activity score, an enzyme level or a steroid dose is an improvement; a rise in strength or
# function scores is one too (and the opposite changes are worsening).
_LOWER_IS_BETTER = frozenset(
    {"das_total", "das_muscle", "das_skin", "cdasi", "cat_bm", "muscle_enzymes", "physician_global", "myoact",
     "mitax", "ifn_signature", "glucocorticoid_dose", "chaq"}
)  # fmt: skip
_HIGHER_IS_BETTER = frozenset({"cmas", "mmt8", "mmt", "pulmonary_function"})
_FELL = re.compile(r"\b(?:decreas\w*|reduc\w*|dropped|declin\w*|fell|lower\w*)\b", re.I)
_ROSE = re.compile(r"\b(?:increas\w*|rose|gain\w*|higher)\b", re.I)
_SUBGROUP = re.compile(r"[\s-]*(?:\+|positive|antibody[\s-]*positive|patients|children|cases|subgroup|group)\b", re.I)
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
        "denominator_basis": None,
        "response_definition": None,
        "direction": None,
        "significant": None,
        "p_value": None,
        "summary": None,
        "source_section": ctx.section_label(clause.section, pubmed),
    }
    stub = Stub(values)
    _put(stub, "measure", measure, measure_at)
    domain = domain_of(ctx, clause) if measure == "clinical_response" else vocab.MEASURES[measure].group
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
    elif "direction" not in facts and ("fell" in facts) != ("rose" in facts):
        change = facts.get("fell") or facts["rose"]
        better = (change.value == "fell") == (measure in _LOWER_IS_BETTER)
        if measure in _LOWER_IS_BETTER | _HIGHER_IS_BETTER:
            direction = "improved" if better else "worsened"
            _put(stub, "direction", direction, replace(change, note=f"a score that {change.value}"))
    _subgroup(ctx, clause, stub)
    return stub
