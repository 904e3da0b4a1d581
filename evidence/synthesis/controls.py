"""Effects against a control: for every study with a treated arm and a control arm (placebo, usual care,
delayed start, historical or concurrent control) that report the same outcome definition, the risk ratio and
risk difference with 95% CIs, pooled by random effects (REML) where k >= 2.

PAIR_RULE says which arms are compared and which drug the comparison is about; deaths are compared as deaths
(a risk ratio below 1 favours the treatment), every other outcome as the favourable result (above 1 favours it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from evidence import vocabulary as vocab
from evidence.synthesis.certainty import Question, StudyTraits, grade
from evidence.synthesis.contributions import AntibodyBasis, Comparison, StudyEffect
from evidence.synthesis.pooling import pool_effects, study_effect
from evidence.synthesis.presentation import sentence
from evidence.synthesis.results import Finding
from evidence.synthesis.selection import active_therapies, missing, row_keys

PAIR_RULE = (
    "a treated arm is compared with a control arm of the same study reporting the same definition at the same time "
    "point; the comparison is about what the treated arm received beyond the control arm (e.g. methotrexate added to "
    "prednisone, or tofacitinib instead of a calcineurin inhibitor); one comparison per study and per cohort, the "
    "one with most patients"
)
MEASURES = ("RR", "RD")
_DEATHS = {t.pool_as: k for k, t in vocab.MEASURES.items() if t.inverse and t.pool_as}  # survival -> mortality


def _orientation(measure: str) -> tuple[str, bool]:
    """(definition compared, whether the row's responders must be complemented to count that definition)."""
    definition = vocab.definition_of(measure)
    if definition in _DEATHS:  # survival family: deaths are compared, as the literature reports them
        return _DEATHS[definition], not vocab.MEASURES[measure].inverse
    return definition, False


def _about(selection: str, added: frozenset[str]) -> bool:
    if not added:
        return False
    if selection in vocab.THERAPY_CLASSES:
        return all(vocab.therapy_class(t) == selection for t in added)
    return added == {selection}


def _comparator(control: dict, treated: dict) -> tuple[str, str]:
    """(kind, label) of the control arm: placebo or usual care (nothing beyond what the treated arm also got)."""
    ours, theirs = active_therapies(treated["therapy_ids"]), active_therapies(control["therapy_ids"])
    label = " / ".join(vocab.therapy_label(t) for t in control["therapy_ids"]) or "control"
    kind = "placebo_or_usual_care" if theirs <= ours else "active_control"
    return kind, label.lower() if kind == "active_control" else label


def _pairs(rows: pd.DataFrame, basis_of) -> list[tuple[dict, dict, object]]:
    """(treated row, control row, antibody basis) for every pair of arms of one study with the same definition."""
    rows = rows[rows["arm_id"].notna() & rows["subgroup"].isna()]
    rows = rows[rows["responders"].notna() & rows["evaluable"].notna()]
    rows = rows[rows["study_id"].isin(set(rows.loc[rows["control"].astype(bool), "study_id"]))]  # with a control
    by_study: dict[str, list[dict]] = {}
    for record in rows.to_dict("records"):  # converted once: per-group pandas access is slow at 10,000 studies
        by_study.setdefault(record["study_id"], []).append(record)
    out = []
    for records in by_study.values():
        controls = [r for r in records if r["control"]]
        treated = [r for r in records if not r["control"] and r["therapy_class"] not in vocab.COMPARATOR_CLASSES]
        for t in treated:
            for c in controls:
                same_time = (missing(t["timepoint_months"]) and missing(c["timepoint_months"])) or (
                    t["timepoint_months"] == c["timepoint_months"]
                )
                if _orientation(t["measure"])[0] == _orientation(c["measure"])[0] and same_time:
                    basis = basis_of(t)
                    if basis is not False:
                        out.append((t, c, basis))
    return out


def _comparison(t: dict, c: dict) -> Comparison:
    _, flip_t = _orientation(t["measure"])
    _, flip_c = _orientation(c["measure"])
    et, nt, ec, nc = int(t["responders"]), int(t["evaluable"]), int(c["responders"]), int(c["evaluable"])
    ties = t.get("industry_ties")
    time = t.get("timepoint_months")
    return Comparison(
        study_id=t["study_id"], short_citation=t["short_citation"], year=int(t["year"]), design=t["design"],
        age_group=t["age_group"], industry_ties=None if missing(ties) else bool(ties), treated_arm=t["arm_id"],
        control_arm=c["arm_id"], comparator=_comparator(c, t)[1], events_treated=nt - et if flip_t else et,
        n_treated=nt, events_control=nc - ec if flip_c else ec, n_control=nc,
        timepoint_months=None if missing(time) else float(time),
    )  # fmt: skip


def _one_per_cohort(comparisons: Sequence[Comparison], cohorts: dict[str, str]) -> list[Comparison]:
    best: dict[str, Comparison] = {}
    for c in sorted(comparisons, key=lambda c: (-c.total, -c.year, c.study_id)):
        best.setdefault(cohorts.get(c.study_id, c.study_id), c)
    return sorted(best.values(), key=lambda c: (c.year, c.study_id))


def comparative_findings(rows: pd.DataFrame, view, request) -> list[Finding]:
    """Risk ratio and risk difference findings for every drug or class asked about (PAIR_RULE)."""
    key_of = row_keys(view, request)

    def basis_of(row: dict):
        found = key_of(row)
        return False if found is None else found[1]

    pairs = _pairs(rows, basis_of)
    found = []
    for selection in request.selections:
        groups: dict[tuple, list[Comparison]] = {}
        bases: dict[tuple, list] = {}
        for t, c, basis in pairs:
            added = active_therapies(t["therapy_ids"]) - active_therapies(c["therapy_ids"])
            if not _about(selection, added):
                continue
            definition = _orientation(t["measure"])[0]
            key = (definition, t["age_group"], _comparator(c, t)[0], basis.basis if basis else None)
            groups.setdefault(key, []).append(_comparison(t, c))
            bases.setdefault(key, []).append(basis)
        for (definition, population, comparator, basis), comparisons in sorted(groups.items(), key=lambda i: str(i[0])):
            chosen = _one_per_cohort(
                [max(g, key=lambda c: c.total) for g in _by_study(comparisons).values()], view.cohorts
            )
            antibody = _antibody(basis, bases[(definition, population, comparator, basis)])
            for measure in MEASURES:
                found.append(
                    _finding(selection, definition, population, comparator, antibody, measure, chosen, request)
                )
    return found


def _by_study(comparisons: Sequence[Comparison]) -> dict[str, list[Comparison]]:
    out: dict[str, list[Comparison]] = {}
    for c in comparisons:
        out.setdefault(c.study_id, []).append(c)
    return out


def _antibody(basis: str | None, found: list) -> AntibodyBasis | None:
    if basis is None:
        return None
    if basis != "mixed_cohort":
        return AntibodyBasis(basis)
    tested = [b.tested for b in found]
    return AntibodyBasis(basis, sum(b.positive or 0 for b in found), sum(tested) if None not in tested else None)


def _finding(selection, definition, population, comparator, antibody, measure, chosen, request) -> Finding:
    pooled = pool_effects(
        measure, [c.events_treated for c in chosen], [c.n_treated for c in chosen],
        [c.events_control for c in chosen], [c.n_control for c in chosen],
    )  # fmt: skip
    studies = tuple(
        StudyEffect(c, *study_effect(measure, c.events_treated, c.n_treated, c.events_control, c.n_control), w)
        for c, w in zip(chosen, pooled.weights, strict=True)
    )
    question = Question(comparative=True, population=population, asked=request.profile.age, antibody=antibody)
    traits = [StudyTraits(c.study_id, c.design, c.total, c.industry_ties) for c in chosen]
    finding = Finding(
        kind="comparative", therapy=selection, outcome=definition, population=population,
        indirect=not request.profile.is_direct(population), pooled=pooled, certainty=grade(traits, pooled, question),
        studies=studies, antibody=antibody, measure=measure, comparator=comparator,
    )  # fmt: skip
    return replace(finding, sentence=sentence(finding, request.profile))
