"""What the Compare page and the CLI show of a synthesis: the summary-of-findings grid and forest-plot data.

Plain pandas, no Streamlit: each cell reads "67% (45–84)" with k, patients and certainty, so a clinician sees
the answer first and the denominators one step away.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence import vocabulary as vocab
from evidence.synthesis.comparison import selection_label
from evidence.synthesis.summary import HARMONISED_OUTCOMES, Finding, SynthesisResult

CERTAINTY_MARKS = {"high": "⊕⊕⊕⊕", "moderate": "⊕⊕⊕◯", "low": "⊕⊕◯◯", "very low": "⊕◯◯◯"}
ALL_PATIENTS = "All patients"


def percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def cell_text(finding: Finding) -> str:
    """'67% (45–84%)' then 'k 3 · 32 patients' (or '1 study, not pooled') then the certainty."""
    p = finding.pooled
    head = f"{percent(p.estimate)} ({percent(p.ci_low)}–{percent(p.ci_high)})"
    size = f"{p.k} studies, pooled" if p.pooled else "1 study, not pooled"
    certainty = finding.certainty.label
    return f"{head}\n{size} · {p.events}/{p.patients} patients\n{CERTAINTY_MARKS[certainty]} {certainty}"


def subgroups(result: SynthesisResult) -> list[tuple[str | None, str]]:
    """(subgroup key, label) pairs in the result: all patients first, then antibody subgroups, then others."""
    seen: dict[str | None, str] = {}
    for f in result:
        seen.setdefault(f.subgroup, f.subgroup_label or ALL_PATIENTS)
    keys = sorted(seen, key=lambda k: (k is not None, k not in vocab.ANTIBODY_TERMS, str(k)))
    return [(k, seen[k]) for k in keys]


def sof_table(result: SynthesisResult, selections: Sequence[str], subgroup: str | None = None) -> pd.DataFrame:
    """Summary of findings for one subgroup: rows are the selected drugs or classes, columns the outcome
    definitions that have at least one finding (short labels: the caption and forest plots name them in full);
    an empty cell means no study states responders and evaluable."""
    outcomes = [m for m in HARMONISED_OUTCOMES if any(f.outcome == m and f.subgroup == subgroup for f in result)]
    rows = []
    for selection in selections:
        row: dict[str, str | None] = {"Therapy": selection_label(selection)}
        for m in outcomes:
            found = [f for f in result if f.therapy == selection and f.outcome == m and f.subgroup == subgroup]
            row[vocab.MEASURES.short(m)] = cell_text(found[0]) if found else None
        rows.append(row)
    return pd.DataFrame(rows, columns=["Therapy", *(vocab.MEASURES.short(m) for m in outcomes)])


def certainty_rows(result: SynthesisResult, subgroup: str | None = None) -> pd.DataFrame:
    """One row per finding with its certainty and every reason (the 'why' behind each summary cell)."""
    return pd.DataFrame(
        [
            {
                "Therapy": selection_label(f.therapy),
                "Outcome": vocab.MEASURES.label(f.outcome),
                "Certainty": f.certainty.label,
                "Reasons": "; ".join(f.certainty.reasons),
            }
            for f in result
            if f.subgroup == subgroup
        ],
        columns=["Therapy", "Outcome", "Certainty", "Reasons"],
    )


def forest_table(result: SynthesisResult, outcome: str, subgroup: str | None = None) -> pd.DataFrame:
    """Forest-plot rows for one outcome definition: per therapy, its studies then its pooled (or single) row."""
    frames = []
    for f in result:
        if f.outcome != outcome or f.subgroup != subgroup:
            continue
        rows = f.forest()
        if not f.pooled.pooled:  # one study: its own row is the answer; a second "pooled" row would repeat it
            rows = rows[rows["kind"] == "study"]
        rows.insert(0, "therapy", selection_label(f.therapy))
        rows["citation"] = rows["study_id"].map(_citation_lookup(f))
        frames.append(rows)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def plotted(rows: pd.DataFrame, limit: int = 30) -> tuple[pd.DataFrame, int]:
    """The forest rows to draw: per therapy its `limit` heaviest studies and its pooled row; and how many were left
    out of the picture (they stay in the table)."""
    keep = []
    for _, group in rows.groupby("therapy", sort=False):
        studies = group[group["kind"] == "study"]
        heaviest = set(studies.nlargest(limit, "weight").index if len(studies) > limit else studies.index)
        keep.extend(i for i, kind in zip(group.index, group["kind"], strict=True) if i in heaviest or kind == "pooled")
    return rows.loc[keep], len(rows) - len(keep)


def _citation_lookup(finding: Finding) -> dict[str, str]:
    return {s.study_id: s.short_citation for s in finding.studies}
