"""The evidence (validated records and their tables) and a view of it narrowed by one Filters value.

Shared by the CLI and the pages. Everything per data version (tables, cohort identity) is computed once here;
a view costs vectorised filtering only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from evidence.cohorts import cohort_links, patient_count
from evidence.filters import Filters, apply_filters, isin, restrict
from evidence.records import StudyCollection
from evidence.store import LoadResult
from evidence.study_tables import antibody_table, study_table
from evidence.table import evidence_table, outcomes_table, safety_table


@dataclass(frozen=True)
class Evidence:
    """All valid studies and their tables (study, arm, outcome, safety, arm x antibody), built once per version."""

    studies: StudyCollection
    arms: pd.DataFrame
    outcomes: pd.DataFrame
    safety: pd.DataFrame
    version: str
    study_rows: pd.DataFrame
    antibodies: pd.DataFrame

    @classmethod
    def from_result(cls, result: LoadResult) -> Evidence:
        studies = result.studies if isinstance(result.studies, StudyCollection) else StudyCollection.of(result.studies)
        return cls(
            studies,
            evidence_table(studies),
            outcomes_table(studies),
            safety_table(studies),
            result.version,
            study_table(studies),
            antibody_table(studies),
        )

    @cached_property
    def cohorts(self) -> dict[str, str]:
        """Study id -> cohort key: records linked by same_cohort_as are one set of patients."""
        return cohort_links(zip(self.study_rows["study_id"], self.study_rows["same_cohort_as"], strict=True))

    def cohort_members(self, study_id: str) -> list[str]:
        """The other records of a study's cohort: linked by same_cohort_as in either direction, or through others."""
        key = self.cohorts.get(study_id, study_id)
        return sorted(s for s, k in self.cohorts.items() if k == key and s != study_id)

    def view(self, filters: Filters) -> EvidenceView:
        arms = apply_filters(self.arms, filters)
        if len(arms) == len(self.arms):  # nothing filtered out (the usual first view): no narrowing needed
            return EvidenceView(
                filters=filters,
                version=self.version,
                arms=self.arms,
                outcomes=self.outcomes,
                safety=self.safety,
                antibodies=self.antibodies,
                studies=self.studies,
                patients=patient_count(self.arms, self.cohorts),
                cohorts=self.cohorts,
            )
        ids = pd.unique(arms["study_id"])
        return EvidenceView(
            filters=filters,
            version=self.version,
            arms=arms,
            outcomes=restrict(self.outcomes, arms),
            safety=restrict(self.safety, arms),
            antibodies=self.antibodies[isin(self.antibodies["study_id"], ids)],
            studies=self.studies.subset(ids),
            patients=patient_count(arms, self.cohorts),
            cohorts=self.cohorts,
        )


@dataclass(frozen=True)
class EvidenceView:
    """The filtered rows a clinician sees, with the filters and data version that produced them."""

    filters: Filters
    version: str
    arms: pd.DataFrame
    outcomes: pd.DataFrame
    safety: pd.DataFrame
    antibodies: pd.DataFrame
    studies: StudyCollection
    patients: int
    cohorts: dict[str, str]
