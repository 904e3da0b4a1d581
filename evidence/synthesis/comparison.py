"""The side-by-side details of therapies or classes within the current filters (everything the studies report,
as text), selected by the one rule (evidence.synthesis.selection.SELECTION_RULE)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence import vocabulary as vocab
from evidence.cohorts import patient_count
from evidence.filters import restrict
from evidence.schema import AntibodyCount
from evidence.synthesis.labels import selection_label
from evidence.synthesis.selection import select
from evidence.table import WHOLE_STUDY, count_text

INDIRECT_NOTE = (
    "Comparisons across non-randomised studies are indirect: patients, definitions of refractory disease, "
    "outcome measures and follow-up differ between studies."
)


def _counted(values: pd.Series, fmt) -> str:
    counts = values.value_counts()
    return "; ".join(f"{fmt(k)} ({v})" for k, v in counts.items()) or "none"


def arm_antibody_counts(arms: pd.DataFrame, antibodies: pd.DataFrame) -> list[tuple[str, str, AntibodyCount]]:
    """(antibody, short citation, count) for every arm row whose source reports that antibody, in arm order."""
    order = arms[["study_id", "arm_id"]].reset_index(drop=True).reset_index(names="_order")
    rows = antibodies.merge(order, on=["study_id", "arm_id"]).sort_values("_order", kind="stable")
    return [
        (ab, cite, AntibodyCount.model_construct(positive=_int(pos), tested=_int(tested)))
        for ab, cite, pos, tested in zip(
            rows["antibody"], rows["short_citation"], rows["positive"], rows["tested"], strict=True
        )
    ]


def _int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def _coverage_text(counts: list[tuple[str, str, AntibodyCount]]) -> str:
    """Each arm's own positive/tested with its citation, grouped by antibody: nothing summed or hidden."""
    if not counts:
        return "not reported"
    by_antibody: dict[str, list[str]] = {}
    for ab, cite, count in counts:
        by_antibody.setdefault(ab, []).append(f"{count_text(count)} [{cite}]")
    return "\n".join(f"{vocab.antibody_label(ab)}: " + "; ".join(items) for ab, items in by_antibody.items())


def _outcome_cell(outcomes: pd.DataFrame) -> str:
    if outcomes.empty:
        return "none reported"
    lines = []
    for _, o in outcomes.iterrows():
        who = f" ({o['subgroup']})" if isinstance(o["subgroup"], str) else ""
        scope = f", {WHOLE_STUDY}" if pd.isna(o["arm_id"]) else ""
        lines.append(f"{vocab.MEASURES.label(o['measure'])}{who}: {o['result']} [{o['short_citation']}{scope}]")
    return "\n".join(lines)


def compare(
    selections: Sequence[str],
    arms: pd.DataFrame,
    outcomes: pd.DataFrame,
    safety: pd.DataFrame,
    antibodies: pd.DataFrame,
    cohorts: dict[str, str],
) -> pd.DataFrame:
    """Side-by-side summary, one column per selected therapy or class, one row per aspect."""
    columns = {}
    for sel in selections:
        a = select(arms, sel)
        o = select(outcomes, sel)
        sf = restrict(safety, a)  # the arms' own findings plus their studies' whole-study findings
        cell = {
            "Studies": str(a["study_id"].nunique()),
            "Patients (each cohort once)": str(patient_count(a, cohorts)),
            "Designs (evidence level)": _counted(
                a.drop_duplicates("study_id")["design"],
                lambda d: f"{vocab.design_label(d)}, level {vocab.evidence_level(d)}",
            ),
            "Age groups": _counted(a.drop_duplicates("study_id")["age_group"], vocab.AGE_GROUPS.label),
            "Antibody phenotypes (positive/tested)": _coverage_text(arm_antibody_counts(a, antibodies)),
        }
        for domain, term in vocab.OUTCOME_DOMAINS.items():  # vocabulary order: steroid sparing after the disease
            cell[f"Outcomes: {term.label}"] = _outcome_cell(o[o["domain"] == domain])
        cell["Safety findings"] = (
            "\n".join(
                f"{vocab.SAFETY_KINDS.label(r['kind'])}"
                + (
                    ""
                    if pd.isna(r["count"])
                    else f" {r['count']}" + ("" if pd.isna(r["denominator"]) else f"/{r['denominator']}")
                )
                + f" [{r['short_citation']}{'' if isinstance(r['arm_id'], str) else ', ' + WHOLE_STUDY}]"
                for _, r in sf.iterrows()
            )
            or "none reported"
        )
        cell["Citations"] = "\n".join(sorted(set(a["citation"])))
        columns[selection_label(sel)] = cell
    table = pd.DataFrame(columns)
    empty_domain = table.index.str.startswith("Outcomes: ") & (table == "none reported").all(axis=1)
    return table[~empty_domain]
