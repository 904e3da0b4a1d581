"""Summary of findings: pooled response proportions per drug or class and outcome, with GRADE-style certainty.

What is pooled, and why only that:

* Harmonised outcomes only (HARMONISED_OUTCOMES, measure ids); "clinical_response" (author-defined) is its own
  category and never merged with a validated definition.
* A drug means rows whose therapy_ids is exactly that one drug (combinations are left out); a class means rows
  whose therapy_class is that class, so whole-study rows of differing arms ("mixed") never enter a class.
  Comparator arms (control, placebo) are never pooled.
* Subgroup rows are pooled apart from whole-arm rows, keyed by subgroup_antibody (e.g. anti_mda5); a subgroup
  without an antibody is keyed by its own label and so stays on its own.
* Patients are counted once: ROW_RULE picks one result per study (arms are not summed, as arms of one record
  may share patients), and COHORT_RULE picks one record per cohort (same_cohort_as). Every result passed over
  is kept as an alternative for the UI.

Proportions per study carry 95% Wilson intervals; pools use evidence.synthesis.pooling (metafor-compatible
random effects on the logit scale) and evidence.synthesis.certainty.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from evidence import vocabulary as vocab
from evidence.synthesis.certainty import Certainty, StudyTraits, grade
from evidence.synthesis.comparison import selection_label
from evidence.synthesis.pooling import METHODS, PooledProportion, pool_proportions
from evidence.synthesis.proportions import CI_METHOD, wilson_interval

HARMONISED_OUTCOMES: tuple[str, ...] = (
    "imacs_doi",
    "tis_minimal",
    "tis_moderate",
    "tis_major",
    "complete_skin_response",
    "remission",
    "clinical_response",
)
ROW_RULE = (
    "one result per study: most patients evaluable, then a whole-study result before an arm's, "
    "then the latest timepoint, then the first listed"
)
COHORT_RULE = "one record per cohort: most patients evaluable, then the most recent year, then the first study id"
RECORD_KEYS = (
    "therapy",
    "therapy_label",
    "outcome",
    "outcome_label",
    "subgroup",
    "subgroup_label",
    "k",
    "patients",
    "responders",
    "method",
    "test",
    "estimate",
    "ci_low",
    "ci_high",
    "ci_method",
    "pi_low",
    "pi_high",
    "tau2",
    "i2",
    "certainty",
    "reasons",
    "studies",
    "excluded",
)
FOREST_COLUMNS = [
    "kind",
    "label",
    "study_id",
    "responders",
    "evaluable",
    "estimate",
    "ci_low",
    "ci_high",
    "pi_low",
    "pi_high",
    "weight",
]


@dataclass(frozen=True)
class Alternative:
    """A result passed over so each patient counts once (another arm result, timepoint or cohort record)."""

    study_id: str
    arm_ids: tuple[str, ...]
    responders: int
    evaluable: int
    timepoint_months: float | None
    year: int
    reason: str

    @property
    def proportion(self) -> float:
        return self.responders / self.evaluable

    def to_record(self) -> dict:
        return {
            "study_id": self.study_id,
            "arm_ids": list(self.arm_ids),
            "responders": self.responders,
            "evaluable": self.evaluable,
            "proportion": self.proportion,
            "timepoint_months": self.timepoint_months,
            "year": self.year,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Report:
    """One study's contribution to a pool (before the cohort rule), with what it passed over."""

    study_id: str
    short_citation: str
    year: int
    arm_ids: tuple[str, ...]  # empty for a whole-study result
    responders: int
    evaluable: int
    timepoint_months: float | None
    design: str
    age_group: str
    industry_ties: bool | None
    alternatives: tuple[Alternative, ...] = ()

    def as_alternative(self, reason: str) -> Alternative:
        return Alternative(
            self.study_id, self.arm_ids, self.responders, self.evaluable, self.timepoint_months, self.year, reason
        )


@dataclass(frozen=True)
class StudyResult:
    """One study row of a finding: its counts, Wilson proportion, pool weight and the alternatives passed over."""

    study_id: str
    short_citation: str
    year: int
    arm_ids: tuple[str, ...]
    responders: int
    evaluable: int
    proportion: float
    ci_low: float
    ci_high: float
    weight: float
    alternatives: tuple[Alternative, ...] = ()

    def to_record(self) -> dict:
        return {
            "study_id": self.study_id,
            "short_citation": self.short_citation,
            "year": self.year,
            "arm_ids": list(self.arm_ids),
            "responders": self.responders,
            "evaluable": self.evaluable,
            "proportion": self.proportion,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "ci_method": CI_METHOD,
            "weight": self.weight,
            "alternatives": [a.to_record() for a in self.alternatives],
        }


@dataclass(frozen=True)
class Excluded:
    """A matching result that could not enter the pool, and why (e.g. no denominator stated)."""

    study_id: str
    arm_id: str | None
    reason: str

    def to_record(self) -> dict:
        return {"study_id": self.study_id, "arm_id": self.arm_id, "reason": self.reason}


@dataclass(frozen=True)
class Finding:
    """One drug or class x harmonised outcome (x subgroup): the pool, its certainty and its studies."""

    therapy: str
    outcome: str
    subgroup: str | None
    subgroup_label: str | None
    pooled: PooledProportion
    certainty: Certainty
    studies: tuple[StudyResult, ...]
    excluded: tuple[Excluded, ...] = ()

    def to_record(self) -> dict:
        """JSON-ready dict with the keys in RECORD_KEYS (proportions on the 0-1 scale, I² in percent)."""
        p = self.pooled
        record = {
            "therapy": self.therapy,
            "therapy_label": selection_label(self.therapy),
            "outcome": self.outcome,
            "outcome_label": _measure_label(self.outcome),
            "subgroup": self.subgroup,
            "subgroup_label": self.subgroup_label,
            "k": p.k,
            "patients": p.patients,
            "responders": p.events,
            "method": p.method,
            "test": p.test,
            "estimate": p.estimate,
            "ci_low": p.ci_low,
            "ci_high": p.ci_high,
            "ci_method": p.ci_method,
            "pi_low": p.pi_low,
            "pi_high": p.pi_high,
            "tau2": p.tau2,
            "i2": p.i2,
            "certainty": self.certainty.label,
            "reasons": list(self.certainty.reasons),
            "studies": [s.to_record() for s in self.studies],
            "excluded": [e.to_record() for e in self.excluded],
        }
        return _json_ready(record)

    def forest(self) -> pd.DataFrame:
        """Forest-plot data: one row per study (Wilson CI, weight %) and a pooled row (with PI when k >= 3)."""
        rows = [
            {
                "kind": "study",
                "label": f"{s.short_citation} ({s.responders}/{s.evaluable})",
                "study_id": s.study_id,
                "responders": s.responders,
                "evaluable": s.evaluable,
                "estimate": s.proportion,
                "ci_low": s.ci_low,
                "ci_high": s.ci_high,
                "pi_low": np.nan,
                "pi_high": np.nan,
                "weight": s.weight,
            }
            for s in self.studies
        ]
        p = self.pooled
        label = (
            f"Pooled, random effects ({p.method}), k = {p.k}, {p.patients} patients"
            if p.pooled
            else "Single study, not pooled (Wilson 95% CI)"
        )
        rows.append(
            {
                "kind": "pooled",
                "label": label,
                "study_id": None,
                "responders": p.events,
                "evaluable": p.patients,
                "estimate": p.estimate,
                "ci_low": p.ci_low,
                "ci_high": p.ci_high,
                "pi_low": np.nan if p.pi_low is None else p.pi_low,
                "pi_high": np.nan if p.pi_high is None else p.pi_high,
                "weight": 100.0,
            }
        )
        return pd.DataFrame(rows, columns=FOREST_COLUMNS)


@dataclass(frozen=True)
class SynthesisResult:
    """All findings of one summary_of_findings call, with table and JSON views."""

    findings: tuple[Finding, ...]
    method: str
    population: str | None
    rules: tuple[str, ...] = field(default=(ROW_RULE, COHORT_RULE))

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def to_records(self) -> list[dict]:
        """JSON-ready list of dicts, one per finding (keys: RECORD_KEYS)."""
        return [f.to_record() for f in self.findings]

    def to_df(self) -> pd.DataFrame:
        """One row per finding for display: reasons joined by '; ', studies as their ids."""
        rows = []
        for record in self.to_records():
            row = {k: record[k] for k in RECORD_KEYS if k not in ("studies", "excluded", "reasons")}
            row["reasons"] = "; ".join(record["reasons"])
            row["studies"] = ", ".join(s["study_id"] for s in record["studies"])
            rows.append(row)
        columns = [k for k in RECORD_KEYS if k != "excluded"]
        return pd.DataFrame(rows, columns=columns)

    def finding(self, therapy: str, outcome: str, subgroup: str | None = None) -> Finding:
        """The finding for a drug or class, outcome and subgroup key (KeyError when there is none)."""
        for f in self.findings:
            if (f.therapy, f.outcome, f.subgroup) == (therapy, outcome, subgroup):
                return f
        raise KeyError((therapy, outcome, subgroup))

    def forest(self, therapy: str, outcome: str, subgroup: str | None = None) -> pd.DataFrame:
        """Forest-plot data (per-study rows plus the pooled row) for one finding."""
        return self.finding(therapy, outcome, subgroup).forest()


def _json_ready(value: object) -> object:
    """Plain Python values for json.dumps: numpy scalars unwrapped, NaN and NA as None, tuples as lists."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _measure_label(measure: str) -> str:
    term = vocab.MEASURES.get(measure)
    return getattr(term, "label", measure)


def comparator_classes() -> frozenset[str]:
    """Therapy classes of comparator arms (control, placebo), never pooled."""
    return frozenset(getattr(vocab, "COMPARATOR_CLASSES", None) or {"control", "placebo"})


def _is_comparator_therapy(therapy: str) -> bool:
    try:
        return vocab.therapy_class(therapy) in comparator_classes()
    except KeyError:
        return False


def studies_with_comparator(outcomes: pd.DataFrame, arms: pd.DataFrame | None = None) -> set[str]:
    """Study ids with a comparator arm: a comparator class or therapy in any row (outcomes, and arms if given)."""
    found: set[str] = set()
    comparators = comparator_classes()
    for table in (outcomes, arms):
        if table is None or table.empty:
            continue
        for sid, cls, ids in zip(table["study_id"], table["therapy_class"], table["therapy_ids"], strict=True):
            if cls in comparators or any(_is_comparator_therapy(t) for t in ids):
                found.add(sid)
    return found


def select_rows(outcomes: pd.DataFrame, selection: str) -> pd.DataFrame:
    """Rows for one drug (therapy_ids exactly that drug) or one class (therapy_class equal to it)."""
    if selection in comparator_classes() or (selection in vocab.THERAPIES and _is_comparator_therapy(selection)):
        raise ValueError(f"{selection!r} is a comparator; comparator arms are not pooled")
    if selection in vocab.THERAPY_CLASSES:
        return outcomes[outcomes["therapy_class"] == selection]
    if selection in vocab.THERAPIES:
        return outcomes[outcomes["therapy_ids"].map(lambda ids: tuple(ids) == (selection,)).astype(bool)]
    raise ValueError(f"unknown drug or class {selection!r}")


def _holds_patients(design: str) -> bool:
    term = vocab.DESIGNS.get(design) if hasattr(vocab.DESIGNS, "get") else None
    return bool(getattr(term, "holds_patients", design != "survey"))


def subgroup_key(row: pd.Series) -> str | None:
    """Pooling key of a row: None for whole-arm rows, the antibody id, or (no antibody) the subgroup's own label."""
    if _missing(row["subgroup"]):
        return None
    return row["subgroup"] if _missing(row["subgroup_antibody"]) else row["subgroup_antibody"]


def subgroup_label(key: str | None) -> str | None:
    """Display label of a subgroup key, e.g. 'anti-MDA5-positive patients'."""
    if key is None:
        return None
    if key in vocab.ANTIBODY_TERMS:
        label = vocab.antibody_label(key)
        return f"{label} patients" if key == "msa_negative" else f"{label}-positive patients"
    return key


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _arm(value: object) -> str | None:
    return None if _missing(value) or value == "" else str(value)


def _ties(value: object) -> bool | None:
    return None if _missing(value) else bool(value)


def _timepoint(value: object) -> float | None:
    return None if _missing(value) else float(value)


def _row_report(row: pd.Series) -> Report:
    arm = _arm(row["arm_id"])
    return Report(
        study_id=row["study_id"],
        short_citation=row["short_citation"],
        year=int(row["year"]),
        arm_ids=() if arm is None else (arm,),
        responders=int(row["responders"]),
        evaluable=int(row["evaluable"]),
        timepoint_months=_timepoint(row["timepoint_months"]),
        design=row["design"],
        age_group=row["age_group"],
        industry_ties=_ties(row["industry_ties"]),
    )


def _row_rank(report: Report, position: int) -> tuple:
    """Sort key of ROW_RULE (smallest first)."""
    time = report.timepoint_months if report.timepoint_months is not None else -1.0
    return (-report.evaluable, 1 if report.arm_ids else 0, -time, position)


def _records(rows: pd.DataFrame | Sequence[dict]) -> list[dict]:
    """Rows as plain dicts, converted once (row-by-row pandas access costs seconds at 10,000 studies)."""
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)


def study_report(rows: pd.DataFrame | Sequence[dict]) -> Report:
    """One study's single contribution by ROW_RULE; every other result of the study becomes an alternative.

    Arms are never summed: arms of one record may share patients (e.g. switching from one anti-TNF to another).
    """
    reports = [_row_report(row) for row in _records(rows)]  # type: ignore[arg-type]
    order = sorted(range(len(reports)), key=lambda i: _row_rank(reports[i], i))
    main = reports[order[0]]
    alternatives = []
    for i in order[1:]:
        other = reports[i]
        if not other.arm_ids:
            reason = "the whole-study result"
        elif other.arm_ids == main.arm_ids:
            reason = f"another result for arm {other.arm_ids[0]}"
        else:
            reason = f"another arm ({other.arm_ids[0]}); arms may share patients and are not summed"
        alternatives.append(other.as_alternative(f"{reason} ({ROW_RULE})"))
    return replace(main, alternatives=tuple(alternatives))


def once_per_cohort(reports: Sequence[Report], cohorts: dict[str, str]) -> list[Report]:
    """COHORT_RULE: one report per cohort (same_cohort_as); the others become its alternatives."""
    groups: dict[str, list[Report]] = {}
    for r in reports:
        groups.setdefault(cohorts.get(r.study_id, r.study_id), []).append(r)
    kept = []
    for members in groups.values():
        ranked = sorted(members, key=lambda r: (-r.evaluable, -r.year, r.study_id))
        main, others = ranked[0], ranked[1:]
        extra = tuple(o.as_alternative(f"same cohort as {main.study_id}, counted once ({COHORT_RULE})") for o in others)
        kept.append(replace(main, alternatives=main.alternatives + extra))
    return kept


def _excluded(rows: pd.DataFrame) -> list[Excluded]:
    out = []
    for row in _records(rows):
        if _missing(row["responders"]) and _missing(row["evaluable"]):
            reason = "no counts stated"
        elif _missing(row["evaluable"]):
            reason = "no denominator (evaluable) stated"
        else:
            reason = "no responder count stated"
        out.append(Excluded(row["study_id"], _arm(row["arm_id"]), reason))
    return out


def pool_finding(
    therapy: str,
    outcome: str,
    subgroup: str | None,
    rows: pd.DataFrame,
    cohorts: dict[str, str],
    comparator_studies: set[str],
    population: str | None = None,
    method: str = "REML",
) -> Finding | None:
    """Pool one drug or class x outcome x subgroup group of outcome rows; None when no row has both counts."""
    stated = rows["responders"].notna() & rows["evaluable"].notna()
    excluded = _excluded(rows[~stated])
    usable = rows[stated]
    if usable.empty:
        return None
    by_study: dict[str, list[dict]] = {}
    for record in _records(usable):
        by_study.setdefault(record["study_id"], []).append(record)
    reports = [study_report(group) for group in by_study.values()]
    reports = sorted(once_per_cohort(reports, cohorts), key=lambda r: (r.year, r.study_id))
    pooled = pool_proportions(
        [r.responders for r in reports], [r.evaluable for r in reports], method, labels=[r.study_id for r in reports]
    )
    studies = []
    for r, weight in zip(reports, pooled.weights, strict=True):
        low, high = wilson_interval(r.responders, r.evaluable)
        studies.append(
            StudyResult(
                study_id=r.study_id,
                short_citation=r.short_citation,
                year=r.year,
                arm_ids=r.arm_ids,
                responders=r.responders,
                evaluable=r.evaluable,
                proportion=r.responders / r.evaluable,
                ci_low=low,
                ci_high=high,
                weight=weight,
                alternatives=r.alternatives,
            )
        )
    traits = [
        StudyTraits(
            study_id=r.study_id,
            design=r.design,
            patients=r.evaluable,
            has_comparator=r.study_id in comparator_studies,
            industry_ties=r.industry_ties,
            age_group=r.age_group,
        )
        for r in reports
    ]
    certainty = grade(
        traits,
        k=pooled.k,
        patients=pooled.patients,
        ci_low=pooled.ci_low,
        ci_high=pooled.ci_high,
        i2=pooled.i2,
        pi_low=pooled.pi_low,
        pi_high=pooled.pi_high,
        population=population,
    )
    return Finding(
        therapy=therapy,
        outcome=outcome,
        subgroup=subgroup,
        subgroup_label=subgroup_label(subgroup),
        pooled=pooled,
        certainty=certainty,
        studies=tuple(studies),
        excluded=tuple(excluded),
    )


def summary_of_findings(
    outcomes: pd.DataFrame,
    selections: Sequence[str],
    cohorts: dict[str, str],
    population: str | None = None,
    method: str = "REML",
    *,
    arms: pd.DataFrame | None = None,
    measures: Sequence[str] = HARMONISED_OUTCOMES,
) -> SynthesisResult:
    """Pooled proportions and certainty for each selected drug or class x harmonised outcome (x subgroup).

    outcomes: evidence.table.outcomes_table; cohorts: evidence.synthesis.cohorts.cohort_groups(studies);
    population: age group the clinician asks about (e.g. "pediatric") for indirectness, None to skip;
    method: "REML" (metafor's default), "DL" or "PM"; arms: the arm table, to find comparator arms that report
    no outcome (otherwise they are found from the outcome rows).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; known: {METHODS}")
    unknown = [m for m in measures if m not in HARMONISED_OUTCOMES]
    if unknown:
        raise ValueError(f"not harmonised outcome definitions, not pooled: {unknown}")
    comparator_studies = studies_with_comparator(outcomes, arms)
    comparators = comparator_classes()
    candidates = outcomes[
        outcomes["measure"].isin(measures)
        & ~outcomes["therapy_class"].isin(comparators)
        & outcomes["design"].map(_holds_patients).astype(bool)
    ]
    findings = []
    for selection in selections:
        rows = select_rows(candidates, selection)
        if rows.empty:
            continue
        keys = [subgroup_key(row) for row in _records(rows)]  # type: ignore[arg-type]
        for measure in measures:
            in_measure = (rows["measure"] == measure).to_numpy()
            subgroups = sorted({k for k, m in zip(keys, in_measure, strict=True) if m and k is not None})
            for key in (None, *subgroups):
                mask = in_measure & np.array([k == key for k in keys], dtype=bool)
                finding = pool_finding(
                    selection, measure, key, rows[mask], cohorts, comparator_studies, population, method
                )
                if finding is not None:
                    findings.append(finding)
    return SynthesisResult(findings=tuple(findings), method=method, population=population)
