"""An evidence view: the loaded tables narrowed by one Filters value (shared by CLI and pages)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from evidence.filters import Filters, apply_filters, restrict
from evidence.schema import Study
from evidence.store import LoadResult
from evidence.synthesis.cohorts import cohort_groups, patient_count
from evidence.table import evidence_table, outcomes_table, safety_table


@dataclass(frozen=True)
class Evidence:
    """All valid studies and their three tables, built once per data version."""

    studies: tuple[Study, ...]
    arms: pd.DataFrame
    outcomes: pd.DataFrame
    safety: pd.DataFrame
    version: str

    @classmethod
    def from_result(cls, result: LoadResult) -> Evidence:
        return cls(
            result.studies,
            evidence_table(result.studies),
            outcomes_table(result.studies),
            safety_table(result.studies),
            result.version,
        )

    @cached_property
    def cohorts(self) -> dict[str, str]:
        return cohort_groups(self.studies)

    def view(self, filters: Filters) -> EvidenceView:
        arms = apply_filters(self.arms, filters)
        ids = set(arms["study_id"])
        return EvidenceView(
            filters=filters,
            version=self.version,
            arms=arms,
            outcomes=restrict(self.outcomes, arms),
            safety=restrict(self.safety, arms),
            studies=tuple(s for s in self.studies if s.id in ids),
            patients=patient_count(arms, self.cohorts),
        )


@dataclass(frozen=True)
class EvidenceView:
    """The filtered rows a clinician sees, with the filters and data version that produced them."""

    filters: Filters
    version: str
    arms: pd.DataFrame
    outcomes: pd.DataFrame
    safety: pd.DataFrame
    studies: tuple[Study, ...]
    patients: int
