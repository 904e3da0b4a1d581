"""Long tables behind the comparison charts (patients by design, evidence map, antibody coverage)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence import vocabulary as vocab
from evidence.cohorts import patient_count
from evidence.schema import AntibodyCount
from evidence.synthesis.comparison import arm_antibody_counts
from evidence.synthesis.labels import selection_label
from evidence.synthesis.selection import select


def patients_by_design(selections: Sequence[str], arms: pd.DataFrame, cohorts: dict[str, str]) -> pd.DataFrame:
    """Long table: therapy selection x design -> patients (each cohort once), for a bar chart."""
    rows = []
    for sel in selections:
        a = select(arms, sel)
        for design, group in a.groupby("design"):
            rows.append(
                {
                    "therapy": selection_label(sel),
                    "design": vocab.design_label(design),
                    "patients": patient_count(group, cohorts),
                    "studies": group["study_id"].nunique(),
                }
            )
    return pd.DataFrame(rows, columns=["therapy", "design", "patients", "studies"])


def evidence_map(selections: Sequence[str], outcomes: pd.DataFrame) -> pd.DataFrame:
    """Long table: therapy x outcome domain -> studies, patients in reporting arms, prevailing direction."""
    rows = []
    for sel in selections:
        o = select(outcomes, sel)
        for domain, group in o.groupby("domain"):
            arms = group.drop_duplicates(["study_id", "arm_id"])
            directions = group["direction"].value_counts()
            rows.append(
                {
                    "therapy": selection_label(sel),
                    "domain": vocab.OUTCOME_DOMAINS.label(domain),
                    "studies": group["study_id"].nunique(),
                    "patients": int(arms["arm_n"].fillna(0).sum()),
                    "direction": vocab.DIRECTIONS.label(directions.index[0] if len(directions) == 1 else "mixed"),
                    "results": len(group),
                }
            )
    return pd.DataFrame(rows, columns=["therapy", "domain", "studies", "patients", "direction", "results"])


def antibody_map(selections: Sequence[str], arms: pd.DataFrame, antibodies: pd.DataFrame) -> pd.DataFrame:
    """Long table: therapy x antibody -> stated positives and tested summed, and arms that give no count."""
    rows = []
    for sel in selections:
        grouped: dict[str, list[AntibodyCount]] = {}
        for ab, _, count in arm_antibody_counts(select(arms, sel), antibodies):
            grouped.setdefault(ab, []).append(count)
        for ab, counts in grouped.items():
            stated = [c for c in counts if c.positive is not None]
            rows.append(
                {
                    "therapy": selection_label(sel),
                    "antibody": vocab.antibody_label(ab),
                    "positive": sum(c.positive for c in stated),
                    "tested": sum(c.tested for c in stated if c.tested is not None),
                    "arms": len(counts),
                    "arms_without_count": len(counts) - len(stated),
                }
            )
    columns = ["therapy", "antibody", "positive", "tested", "arms", "arms_without_count"]
    return pd.DataFrame(rows, columns=columns)
