"""Tables with one row per study and per antibody count: what lists, pickers, cohort links and the antibody
filter need without decoding whole records (the arm, outcome and safety tables are in table.py)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from evidence.schema import Study

STUDY_COLUMNS = [
    "study_id",
    "citation",
    "short_citation",
    "title",
    "year",
    "design",
    "age_group",
    "n_total",
    "last_checked",
    "same_cohort_as",
]
ANTIBODY_COLUMNS = ["study_id", "arm_id", "short_citation", "antibody", "positive", "tested"]


def study_table(studies: Iterable[Study]) -> pd.DataFrame:
    """One row per study: what lists, pickers and cohort links need without decoding whole records."""
    rows = [
        {
            "study_id": s.id,
            "citation": s.citation,
            "short_citation": s.short_citation,
            "title": s.title,
            "year": s.year,
            "design": s.design,
            "age_group": s.population.age_group,
            "n_total": s.n_total,
            "last_checked": s.last_checked.isoformat(),
            "same_cohort_as": tuple(s.same_cohort_as),
        }
        for s in studies
    ]
    return pd.DataFrame(rows, columns=STUDY_COLUMNS).astype({"n_total": "Int64", "year": "int64"})


def antibody_table(studies: Iterable[Study]) -> pd.DataFrame:
    """One row per arm x antibody the source reports, and per whole cohort x antibody (arm empty) where the source
    gives the cohort's counts without splitting them by arm: positive/tested as stated (None: not stated)."""
    rows = [
        {
            "study_id": s.id,
            "arm_id": arm_id,
            "short_citation": s.short_citation,
            "antibody": antibody,
            "positive": count.positive,
            "tested": count.tested,
        }
        for s in studies
        for arm_id, counts in [*((a.id, a.antibodies) for a in s.arms), (None, s.antibodies)]
        for antibody, count in counts.items()
    ]
    return pd.DataFrame(rows, columns=ANTIBODY_COLUMNS).astype({"positive": "Int64", "tested": "Int64"})
