"""Which results a summary uses, each rule defined once (the Compare page, its details, charts and the command
line all select through here).

SELECTION_RULE, ROW_RULE and COHORT_RULE are shown to users with the findings; ANTIBODY_RULE says what an
antibody-labelled number is about.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from evidence import vocabulary as vocab
from evidence.synthesis.contributions import Alternative, AntibodyBasis, Contribution

MIXED = "mixed"  # the class of a whole-study result whose arms differ
SELECTION_RULE = (
    "a drug means arms (or whole-study results) whose treatments, leaving out placebo and usual care, are exactly "
    "that drug; a class means arms of that class; placebo and usual-care arms, and whole-study results of arms "
    "that differ, are never summarised as a treatment"
)
ROW_RULE = (
    "one result per study: most patients evaluable, then a whole-study result before an arm's, "
    "then the latest time point, then the first listed"
)
COHORT_RULE = "one record per cohort: most patients evaluable, then the most recent year, then the first study id"
ANTIBODY_RULE = (
    "a result labelled with an antibody is about antibody-positive patients: a subgroup result, or a study in "
    "which every patient was positive; a mixed cohort's whole result is shown apart with how many were positive"
)


def active_therapies(therapy_ids: Sequence[str]) -> frozenset[str]:
    """The treatments of an arm leaving out comparators (placebo, usual care)."""
    return frozenset(t for t in therapy_ids if vocab.therapy_class(t) not in vocab.COMPARATOR_CLASSES)


def selects(selection: str, therapy_ids: Sequence[str], therapy_class: str) -> bool:
    """SELECTION_RULE for one arm or whole-study row."""
    if therapy_class == MIXED or therapy_class in vocab.COMPARATOR_CLASSES:
        return False
    if selection in vocab.THERAPY_CLASSES:
        return therapy_class == selection
    return active_therapies(therapy_ids) == {selection}


def select(table: pd.DataFrame, selection: str) -> pd.DataFrame:
    """Rows of an arm, outcome or safety table chosen by SELECTION_RULE for a drug or class id."""
    if selection not in vocab.THERAPY_CLASSES and selection not in vocab.THERAPIES:
        raise KeyError(selection)
    if selection in vocab.COMPARATOR_CLASSES or (
        selection in vocab.THERAPIES and vocab.therapy_class(selection) in vocab.COMPARATOR_CLASSES
    ):
        raise ValueError(f"{selection!r} is a comparator; comparator arms are not summarised as a treatment")
    mask = [
        selects(selection, ids, cls)
        for ids, cls in zip(
            table["therapy_ids"].to_numpy(dtype=object), table["therapy_class"].to_numpy(dtype=object), strict=True
        )
    ]
    return table[np.array(mask, dtype=bool)] if len(table) else table


def missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def arm_id(value: object) -> str | None:
    return None if missing(value) or value == "" else str(value)


# --- antibodies --------------------------------------------------------------------------------------------------


def antibody_counts(antibodies: pd.DataFrame, antibody: str) -> dict[tuple[str, str | None], AntibodyBasis]:
    """(study, arm or None for the whole cohort) -> positive/tested for one antibody, as the sources state them."""
    rows = antibodies[antibodies["antibody"] == antibody]
    out = {}
    for sid, arm, pos, tested in zip(rows["study_id"], rows["arm_id"], rows["positive"], rows["tested"], strict=True):
        out[(sid, arm_id(arm))] = AntibodyBasis(
            "mixed_cohort", None if missing(pos) else int(pos), None if missing(tested) else int(tested)
        )
    return out


def antibody_basis(
    row: dict, antibody: str, counts: dict[tuple[str, str | None], AntibodyBasis], single_arm: set[str]
) -> AntibodyBasis | None:
    """ANTIBODY_RULE for one result row; None when the row says nothing about this antibody's patients.

    A subgroup result for the antibody is about positive patients. A whole-arm (or whole-study) result uses the
    arm's own count, else the cohort's (study level; for a one-arm study also the arm's): when every patient of
    the arm (or study) was positive it is about positive patients; otherwise it is a mixed cohort's result.
    """
    if not missing(row.get("subgroup")):
        return AntibodyBasis("subgroup") if row.get("subgroup_antibody") == antibody else None
    sid, arm = row["study_id"], arm_id(row.get("arm_id"))
    count = counts.get((sid, arm)) if arm else None
    if count is None:
        count = counts.get((sid, None))
    if count is None and arm is None and sid in single_arm:
        count = next((c for (s, _), c in counts.items() if s == sid), None)
    if count is None or not count.positive:
        return None
    n = row.get("arm_n")
    if not missing(n) and count.positive == int(n):
        return AntibodyBasis("all_positive", count.positive, count.tested)
    return AntibodyBasis("mixed_cohort", count.positive, count.tested)


def row_keys(view, request):
    """A function giving each result row its group key and antibody basis, or None when the row says nothing
    about an asked antibody's patients (ANTIBODY_RULE). Without an antibody, the key is the row's subgroup: its
    antibody, else its own label, None for a whole arm or study."""
    antibody = request.profile.antibody
    if antibody is None:

        def subgroup_key(row: dict):
            if missing(row.get("subgroup")):
                return None, None
            return (row["subgroup"] if missing(row.get("subgroup_antibody")) else row["subgroup_antibody"]), None

        return subgroup_key
    counts = antibody_counts(view.antibodies, antibody)
    arm_counts = view.arms.groupby("study_id")["arm_id"].nunique()
    single_arm = set(arm_counts[arm_counts == 1].index)

    def basis_key(row: dict):
        basis = antibody_basis(row, antibody, counts, single_arm)
        return None if basis is None else (basis.basis, basis)

    return basis_key


def keyed(rows: Iterable[dict], view, request):
    """(row, group key, antibody basis) for each row that a summary for this request can use."""
    key_of = row_keys(view, request)
    for row in rows:
        found = key_of(row)
        if found is not None:
            yield row, found[0], found[1]


# --- one result per study, one record per cohort -----------------------------------------------------------------


def _traits(row: dict) -> dict:
    ties = row.get("industry_ties")
    time = row.get("timepoint_months")
    return {
        "study_id": row["study_id"],
        "short_citation": row["short_citation"],
        "year": int(row["year"]),
        "design": row["design"],
        "age_group": row["age_group"],
        "industry_ties": None if missing(ties) else bool(ties),
        "timepoint_months": None if missing(time) else float(time),
    }


def row_contribution(row: dict, events_key: str, total_key: str, antibody: AntibodyBasis | None) -> Contribution:
    arm = arm_id(row.get("arm_id"))
    basis = row.get("denominator_basis")
    return Contribution(
        **_traits(row),
        arm_ids=() if arm is None else (arm,),
        events=int(row[events_key]),
        total=int(row[total_key]),
        denominator_basis=None if missing(basis) else str(basis),
        antibody=antibody,
    )


def _row_rank(c: Contribution, position: int) -> tuple:
    """Sort key of ROW_RULE (smallest first)."""
    time = c.timepoint_months if c.timepoint_months is not None else -1.0
    return (-c.total, 1 if c.arm_ids else 0, -time, position)


def _alternative(c: Contribution, reason: str) -> Alternative:
    return Alternative(c.study_id, c.arm_ids, c.events, c.total, c.timepoint_months, reason)


def study_contribution(contributions: Sequence[Contribution]) -> Contribution:
    """One study's single result by ROW_RULE; every other result of the study becomes an alternative."""
    order = sorted(range(len(contributions)), key=lambda i: _row_rank(contributions[i], i))
    main = contributions[order[0]]
    alternatives = []
    for i in order[1:]:
        other = contributions[i]
        if not other.arm_ids:
            reason = "the whole-study result"
        elif other.arm_ids == main.arm_ids:
            reason = f"another result for arm {other.arm_ids[0]}"
        else:
            reason = f"another arm ({other.arm_ids[0]})"
        alternatives.append(_alternative(other, f"{reason} ({ROW_RULE})"))
    return replace(main, alternatives=tuple(alternatives))


def once_per_cohort(contributions: Sequence[Contribution], cohorts: dict[str, str]) -> list[Contribution]:
    """COHORT_RULE: one contribution per cohort (same_cohort_as); the others become its alternatives."""
    groups: dict[str, list[Contribution]] = {}
    for c in contributions:
        groups.setdefault(cohorts.get(c.study_id, c.study_id), []).append(c)
    kept = []
    for members in groups.values():
        ranked = sorted(members, key=lambda c: (-c.total, -c.year, c.study_id))
        main, others = ranked[0], ranked[1:]
        extra = tuple(_alternative(o, f"same cohort as {main.study_id}, counted once ({COHORT_RULE})") for o in others)
        kept.append(replace(main, alternatives=main.alternatives + extra))
    return sorted(kept, key=lambda c: (c.year, c.study_id))
