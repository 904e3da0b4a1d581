"""One single-arm finding (a proportion of responders, or of patients with a harm) from its result rows: one
result per study, one record per cohort, the pool, each study's exact interval, the certainty and the sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from evidence import vocabulary as vocab
from evidence.profile import CompareRequest
from evidence.synthesis.certainty import Question, StudyTraits, grade
from evidence.synthesis.contributions import AntibodyBasis, Contribution, Excluded, StudyResult
from evidence.synthesis.exact import exact_interval
from evidence.synthesis.labels import subgroup_label
from evidence.synthesis.pooling import pool_proportions
from evidence.synthesis.presentation import sentence
from evidence.synthesis.results import Finding
from evidence.synthesis.selection import missing, once_per_cohort, study_contribution


def excluded_rows(rows: Sequence[dict], events_key: str, total_key: str, what: str) -> list[Excluded]:
    """Matching results that cannot enter a summary, each with the reason (nothing is guessed)."""
    out = []
    for row in rows:
        if missing(row[events_key]) and missing(row[total_key]):
            reason = f"no counts of {what} stated"
        elif missing(row[total_key]):
            reason = "no denominator stated"
        else:
            reason = f"no count of {what} stated"
        arm = row.get("arm_id")
        out.append(Excluded(row["study_id"], None if missing(arm) else str(arm), reason))
    return out


def group_antibody(contributions: Sequence[Contribution], basis: str | None) -> AntibodyBasis | None:
    """The antibody basis of a group: its kind, and for mixed cohorts the positives and tested added up."""
    if basis is None:
        return None
    if basis != "mixed_cohort":
        return AntibodyBasis(basis)
    counts = [c.antibody for c in contributions if c.antibody is not None]
    positive = sum(a.positive or 0 for a in counts)
    tested = sum(a.tested for a in counts) if all(a.tested is not None for a in counts) else None
    return AntibodyBasis("mixed_cohort", positive, tested)


def single_arm_finding(
    kind: str,
    selection: str,
    outcome: str,
    population: str,
    key: str | None,
    contributions: Sequence[Contribution],
    excluded: Sequence[Excluded],
    cohorts: dict[str, str],
    request: CompareRequest,
) -> Finding | None:
    """A proportion or harm finding; None when no study states both counts.

    key: the antibody basis when an antibody is asked, else the subgroup key (antibody id or own label) or None.
    """
    if not contributions:
        return None
    by_study: dict[str, list[Contribution]] = {}
    for c in contributions:
        by_study.setdefault(c.study_id, []).append(c)
    chosen = once_per_cohort([study_contribution(group) for group in by_study.values()], cohorts)
    pooled = pool_proportions([c.events for c in chosen], [c.total for c in chosen], request.method)
    studies = tuple(
        StudyResult(c, c.proportion, *exact_interval(c.events, c.total), weight)
        for c, weight in zip(chosen, pooled.weights, strict=True)
    )
    antibody_asked = request.profile.antibody
    antibody = group_antibody(chosen, key) if antibody_asked else None
    question = Question(
        comparative=False,
        population=population,
        asked=request.profile.age,
        antibody=antibody,
        antibody_label=f"{vocab.antibody_label(antibody_asked)}-positive" if antibody_asked else None,
    )
    traits = [StudyTraits(c.study_id, c.design, c.total, c.industry_ties) for c in chosen]
    finding = Finding(
        kind=kind,
        therapy=selection,
        outcome=outcome,
        population=population,
        indirect=not request.profile.is_direct(population),
        pooled=pooled,
        certainty=grade(traits, pooled, question),
        studies=studies,
        subgroup=None if antibody_asked else key,
        subgroup_label=None if antibody_asked else subgroup_label(key),
        antibody=antibody,
        excluded=tuple(excluded),
    )
    return replace(finding, sentence=sentence(finding, request.profile))
