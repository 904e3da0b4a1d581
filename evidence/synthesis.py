"""Summaries over the evidence table: patient counts without double counting, overview, comparison."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from evidence import vocabulary as vocab
from evidence.schema import AntibodyCount, Study
from evidence.table import count_text

DEFAULT_COMPARISON = ("jak_inhibitor", "t_cell_costimulation_modulator", "type_i_ifn_receptor_antibody")
INDIRECT_NOTE = (
    "Comparisons across non-randomised studies are indirect: patients, definitions of refractory disease, "
    "outcome measures and follow-up differ between studies."
)


def cohort_groups(studies: Iterable[Study]) -> dict[str, str]:
    """Map each study id to a cohort key shared by every record linked through same_cohort_as."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for study in studies:
        find(study.id)
        for other in study.same_cohort_as:
            a, b = find(study.id), find(other)
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


@dataclass(frozen=True)
class Overview:
    studies: int
    arms: int
    patients: int
    therapies: int
    designs: dict[str, int]
    age_groups: dict[str, int]
    last_checked: str | None


def overview(studies: Sequence[Study], arms: pd.DataFrame) -> Overview:
    """Counts for the home page; patients counted once per cohort."""
    cohorts = cohort_groups(studies)
    therapies = {t for ids in arms["therapy_ids"] for t in ids if vocab.therapy_class(t) not in {"control", "placebo"}}
    per_study = arms.drop_duplicates("study_id")
    return Overview(
        studies=len(studies),
        arms=len(arms),
        patients=patient_count(arms, cohorts),
        therapies=len(therapies),
        designs=per_study["design"].value_counts().to_dict(),
        age_groups=per_study["age_group"].value_counts().to_dict(),
        last_checked=str(max(s.last_checked for s in studies)) if studies else None,
    )


def selection_label(selection: str) -> str:
    """Display label for a therapy id or class id used as a comparison column."""
    if selection in vocab.THERAPY_CLASSES:
        return vocab.class_label(selection)
    return vocab.therapy_label(selection)


def comparison_options() -> dict[str, str]:
    """Every class and drug a clinician can compare, id -> label (classes first)."""
    classes = {k: f"{v} (class)" for k, v in vocab.THERAPY_CLASSES.items() if k not in {"control", "placebo", "other"}}
    drugs = {k: t.label for k, t in vocab.THERAPIES.items() if t.group not in {"control", "placebo"}}
    return classes | drugs


def select(table: pd.DataFrame, selection: str) -> pd.DataFrame:
    """Rows (arms or outcomes) given the therapy class or the drug named by selection."""
    if selection in vocab.THERAPY_CLASSES:
        return table[table["therapy_class"] == selection]
    if selection in vocab.THERAPIES:
        return table[table["therapy_ids"].map(lambda ids: selection in ids).astype(bool)]
    raise KeyError(selection)


def _counted(values: pd.Series, fmt) -> str:
    counts = values.value_counts()
    return "; ".join(f"{fmt(k)} ({v})" for k, v in counts.items()) or "none"


def antibody_counts(arms: pd.DataFrame, studies: dict[str, Study]) -> list[tuple[str, str, AntibodyCount]]:
    """(antibody, short citation, count) for every arm row whose source reports that antibody."""
    out = []
    for sid, aid, cite in zip(arms["study_id"], arms["arm_id"], arms["short_citation"], strict=True):
        arm = next(a for a in studies[sid].arms if a.id == aid)
        out.extend((ab, cite, count) for ab, count in arm.antibodies.items())
    return out


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
        lines.append(f"{vocab.MEASURES[o['measure']].label}: {o['result']} [{o['short_citation']}]")
    return "\n".join(lines)


def compare(
    selections: Sequence[str],
    arms: pd.DataFrame,
    outcomes: pd.DataFrame,
    safety: pd.DataFrame,
    studies: Sequence[Study],
) -> pd.DataFrame:
    """Side-by-side summary, one column per selected therapy or class, one row per aspect."""
    by_id = {s.id: s for s in studies}
    cohorts = cohort_groups(studies)
    columns = {}
    for sel in selections:
        a = select(arms, sel)
        o = select(outcomes, sel)
        keys = set(zip(a["study_id"], a["arm_id"], strict=True))
        sf = safety[[(s, x) in keys for s, x in zip(safety["study_id"], safety["arm_id"], strict=True)]]
        cell = {
            "Studies": str(a["study_id"].nunique()),
            "Patients (each cohort once)": str(patient_count(a, cohorts)),
            "Designs (evidence level)": _counted(
                a.drop_duplicates("study_id")["design"],
                lambda d: f"{vocab.design_label(d)}, level {vocab.evidence_level(d)}",
            ),
            "Age groups": _counted(a.drop_duplicates("study_id")["age_group"], vocab.AGE_GROUPS.get),
            "Antibody phenotypes (positive/tested)": _coverage_text(antibody_counts(a, by_id)),
        }
        for domain, label in vocab.OUTCOME_DOMAINS.items():
            if domain == "steroid_sparing":
                continue
            cell[f"Outcomes: {label}"] = _outcome_cell(o[o["domain"] == domain])
        cell["Steroid-sparing findings"] = _outcome_cell(o[o["domain"] == "steroid_sparing"])
        cell["Safety findings"] = (
            "\n".join(
                f"{vocab.SAFETY_KINDS[r['kind']]}"
                + (
                    ""
                    if pd.isna(r["count"])
                    else f" {r['count']}" + ("" if pd.isna(r["denominator"]) else f"/{r['denominator']}")
                )
                + f" [{r['short_citation']}]"
                for _, r in sf.iterrows()
            )
            or "none reported"
        )
        cell["Citations"] = "\n".join(sorted(set(a["citation"])))
        columns[selection_label(sel)] = cell
    table = pd.DataFrame(columns)
    empty_domain = table.index.str.startswith("Outcomes: ") & (table == "none reported").all(axis=1)
    return table[~empty_domain]


def patients_by_design(selections: Sequence[str], arms: pd.DataFrame, studies: Sequence[Study]) -> pd.DataFrame:
    """Long table: therapy selection x design -> patients (each cohort once), for a bar chart."""
    cohorts = cohort_groups(studies)
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
                    "domain": vocab.OUTCOME_DOMAINS[domain],
                    "studies": group["study_id"].nunique(),
                    "patients": int(arms["arm_n"].fillna(0).sum()),
                    "direction": directions.index[0] if len(directions) == 1 else "mixed",
                    "results": len(group),
                }
            )
    return pd.DataFrame(rows, columns=["therapy", "domain", "studies", "patients", "direction", "results"])


def antibody_map(selections: Sequence[str], arms: pd.DataFrame, studies: Sequence[Study]) -> pd.DataFrame:
    """Long table: therapy x antibody -> stated positives and tested summed, and arms that give no count."""
    by_id = {s.id: s for s in studies}
    rows = []
    for sel in selections:
        grouped: dict[str, list[AntibodyCount]] = {}
        for ab, _, count in antibody_counts(select(arms, sel), by_id):
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


def class_summary(arms: pd.DataFrame, studies: Sequence[Study]) -> pd.DataFrame:
    """Per therapy class: studies, arms, patients (each cohort once) and best evidence level."""
    cohorts = cohort_groups(studies)
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
