"""Counts for the home page: studies, patients (each cohort once), therapies, designs, age groups."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evidence import vocabulary as vocab
from evidence.cohorts import patient_count


@dataclass(frozen=True)
class Overview:
    studies: int
    arms: int
    patients: int
    therapies: int
    designs: dict[str, int]
    age_groups: dict[str, int]
    last_checked: str | None
    populations: dict[str, tuple[int, int]]  # age group -> (studies, patients each cohort once), vocabulary order


def overview(studies: pd.DataFrame, arms: pd.DataFrame, cohorts: dict[str, str]) -> Overview:
    """Counts for the home page from the study and arm tables; patients counted once per cohort."""
    therapies = {
        t for ids in arms["therapy_ids"] for t in ids if vocab.therapy_class(t) not in vocab.COMPARATOR_CLASSES
    }
    per_study = arms.drop_duplicates("study_id")
    populations = {}
    for group in vocab.AGE_GROUPS:
        mine = arms[arms["age_group"] == group]
        if len(mine):
            populations[group] = (int(mine["study_id"].nunique()), patient_count(mine, cohorts))
    return Overview(
        studies=len(studies),
        arms=len(arms),
        patients=patient_count(arms, cohorts),
        therapies=len(therapies),
        designs=per_study["design"].value_counts().to_dict(),
        age_groups=per_study["age_group"].value_counts().to_dict(),
        last_checked=str(studies["last_checked"].max()) if len(studies) else None,
        populations=populations,
    )


def class_summary(arms: pd.DataFrame, cohorts: dict[str, str]) -> pd.DataFrame:
    """Per therapy class: studies, arms, patients (each cohort once) and best evidence level."""
    rows = []
    for cls, group in arms.groupby("therapy_class"):
        rows.append(
            {
                "Therapy class": vocab.class_label(cls),
                "Studies": group["study_id"].nunique(),
                "Arms": len(group),
                "Patients": patient_count(group, cohorts),
                "Best evidence level": int(group["evidence_level"].min()),
            }
        )
    table = pd.DataFrame(rows, columns=["Therapy class", "Studies", "Arms", "Patients", "Best evidence level"])
    return table.sort_values(["Studies", "Patients"], ascending=False).reset_index(drop=True)
