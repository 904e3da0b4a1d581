"""Cohort identity: records linked by same_cohort_as are one set of patients, counted once."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from evidence.schema import Study


def cohort_groups(studies: Iterable[Study]) -> dict[str, str]:
    """Map each study id to a cohort key shared by every record linked through same_cohort_as."""
    return cohort_links((s.id, s.same_cohort_as) for s in studies)


def cohort_links(links: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Cohort keys from (study id, same_cohort_as ids) pairs: union-find, the smallest id names each cohort."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for study_id, others in links:
        find(study_id)
        for other in others:
            a, b = find(study_id), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {sid: find(sid) for sid in parent}


def patient_count(arms: pd.DataFrame, cohorts: dict[str, str]) -> int:
    """Patients in the given arm rows, counting a cohort reported by several records once.

    Within a record, arm n values are summed; across records of one cohort the largest record
    count is kept. Arms with unknown n (and survey arms) add nothing.
    """
    if arms.empty:
        return 0
    per_study = arms.groupby("study_id")["n"].sum(min_count=1).fillna(0).astype(int)
    cohort = per_study.groupby(per_study.index.map(lambda s: cohorts.get(s, s))).max()
    return int(cohort.sum())
