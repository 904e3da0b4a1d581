"""Forest-plot rows of findings that share one outcome definition: per therapy its studies, then its summary row
(pooled, or the added counts when not pooled; a single study is its own answer). The same rows are the plot's
accessible table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evidence import vocabulary as vocab
from evidence.synthesis.labels import selection_label
from evidence.synthesis.results import Finding

COLUMNS = [
    "kind", "therapy", "label", "population", "study_id", "counts", "estimate", "ci_low", "ci_high", "pi_low",
    "pi_high", "weight",
]  # fmt: skip


def _counts(study, comparative: bool) -> str:
    if comparative:
        return f"{study.events_treated}/{study.n_treated} vs {study.events_control}/{study.n_control}"
    return f"{study.events}/{study.total}"


def _summary_label(finding: Finding) -> str:
    p = finding.pooled
    if p.pooled:
        return f"Pooled: {p.k} studies, {p.patients} patients"
    return f"Counts added, not pooled: {p.k} studies, {p.patients} patients"


def forest_rows(findings: Sequence[Finding]) -> pd.DataFrame:
    """Rows for one outcome definition (findings of several therapies, one population section)."""
    rows = []
    for f in findings:
        therapy = selection_label(f.therapy)
        population = vocab.AGE_GROUPS.short(f.population)
        comparative = f.kind == "comparative"
        for s in f.studies:
            rows.append(
                {
                    "kind": "study",
                    "therapy": therapy,
                    "label": s.short_citation,
                    "population": population,
                    "study_id": s.study_id,
                    "counts": _counts(s, comparative),
                    "estimate": s.estimate,
                    "ci_low": s.ci_low,
                    "ci_high": s.ci_high,
                    "pi_low": np.nan,
                    "pi_high": np.nan,
                    "weight": s.weight,
                }
            )
        p = f.pooled
        if p.k > 1:
            counts = f"{p.events}/{p.patients}" if not comparative else ""
            rows.append(
                {
                    "kind": "pooled" if p.pooled else "summed",
                    "therapy": therapy,
                    "label": _summary_label(f),
                    "population": population,
                    "study_id": None,
                    "counts": counts,
                    "estimate": p.estimate,
                    "ci_low": p.ci_low,
                    "ci_high": p.ci_high,
                    "pi_low": np.nan if p.pi_low is None else p.pi_low,
                    "pi_high": np.nan if p.pi_high is None else p.pi_high,
                    "weight": 100.0,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def plotted(rows: pd.DataFrame, limit: int = 30) -> tuple[pd.DataFrame, int]:
    """The rows to draw: per therapy its `limit` heaviest studies and its summary row; and how many were left out
    of the picture (they stay in the table)."""
    if rows.empty:
        return rows, 0
    keep = []
    for _, group in rows.groupby("therapy", sort=False):
        studies = group[group["kind"] == "study"]
        heaviest = set(studies.nlargest(limit, "weight").index if len(studies) > limit else studies.index)
        keep.extend(i for i, kind in zip(group.index, group["kind"], strict=True) if i in heaviest or kind != "study")
    return rows.loc[keep], len(rows) - len(keep)
