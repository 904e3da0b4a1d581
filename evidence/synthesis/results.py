"""Result types of the synthesis and their JSON: an Estimate (pooled or not), its certainty, and a Finding per
group (kind, therapy, outcome definition, population, antibody basis); each study's part is in contributions.py.

The JSON contract (`python -m evidence synthesize --format json`, one object per group): RECORD_KEYS, plus
`event` for harm groups and `measure`, `comparator` for comparative groups; proportions on the 0-1 scale, risk
ratios on the ratio scale, I² in percent.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evidence import vocabulary as vocab
from evidence.synthesis.contributions import STUDY_CI, AntibodyBasis, Excluded, StudyEffect, StudyResult

KINDS = ("proportion", "harm", "comparative")
RECORD_KEYS = (
    "kind", "therapy", "therapy_label", "outcome", "outcome_label", "family", "population", "population_label",
    "indirect", "subgroup", "subgroup_label", "antibody_basis", "positive", "tested", "k", "patients", "responders",
    "method", "test", "estimate", "ci_low", "ci_high", "ci_method", "pi_low", "pi_high", "tau2", "i2", "not_pooled",
    "certainty", "reasons", "sentence", "studies", "excluded",
)  # fmt: skip


@dataclass(frozen=True)
class Judgement:
    """One GRADE domain: levels rated down (0-2) and the reasons, empty when not rated down."""

    domain: str
    levels: int
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Certainty:
    """Certainty label (high, moderate, low, very low) and the reasons behind it, starting point first."""

    label: str
    reasons: tuple[str, ...]
    start: str
    judgements: tuple[Judgement, ...]


@dataclass(frozen=True)
class Estimate:
    """A summary on its natural scale (proportion, risk ratio or risk difference): pooled, or not pooled and why.

    method None: not pooled (one study, or every study at 0% or 100%, or no finite model estimate); the estimate
    is then the summed counts with their exact interval (proportions) or the single study's own estimate.
    """

    k: int
    patients: int
    events: int
    method: str | None
    estimate: float
    ci_low: float
    ci_high: float
    ci_method: str
    pi_low: float | None = None
    pi_high: float | None = None
    tau2: float | None = None
    i2: float | None = None
    q: float | None = None
    q_p: float | None = None
    weights: tuple[float, ...] = ()
    not_pooled: str | None = None
    test: str = "z"
    scale: str = "proportion"

    @property
    def pooled(self) -> bool:
        return self.method is not None


@dataclass(frozen=True)
class Finding:
    """One group: a drug or class x outcome definition (or harm) x population (x antibody basis or subgroup)."""

    kind: str
    therapy: str
    outcome: str
    population: str
    indirect: bool
    pooled: Estimate
    certainty: Certainty
    studies: tuple[StudyResult, ...] | tuple[StudyEffect, ...]
    subgroup: str | None = None
    subgroup_label: str | None = None
    antibody: AntibodyBasis | None = None
    excluded: tuple[Excluded, ...] = ()
    measure: str | None = None  # comparative: RR or RD
    comparator: str | None = None  # comparative: placebo_or_usual_care or active_control
    sentence: str = ""

    @property
    def family(self) -> str:
        return "harms" if self.kind == "harm" else (vocab.family_of(self.outcome) or "response")

    def to_record(self) -> dict:
        """JSON-ready dict with the keys in RECORD_KEYS (and the kind's own keys)."""
        from evidence.synthesis.labels import outcome_label, selection_label  # labels depend on results, not back

        p = self.pooled
        record = {
            "kind": self.kind,
            "therapy": self.therapy,
            "therapy_label": selection_label(self.therapy),
            "outcome": self.outcome,
            "outcome_label": outcome_label(self),
            "family": self.family,
            "population": self.population,
            "population_label": vocab.AGE_GROUPS.label(self.population),
            "indirect": self.indirect,
            "subgroup": self.subgroup,
            "subgroup_label": self.subgroup_label,
            "antibody_basis": self.antibody.basis if self.antibody else None,
            "positive": self.antibody.positive if self.antibody else None,
            "tested": self.antibody.tested if self.antibody else None,
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
            "not_pooled": p.not_pooled,
            "certainty": self.certainty.label,
            "reasons": list(self.certainty.reasons),
            "sentence": self.sentence,
            "studies": [s.to_record(STUDY_CI[self.kind]) for s in self.studies],
            "excluded": [e.to_record() for e in self.excluded],
        }
        if self.kind == "harm":
            record["event"] = self.outcome
        if self.kind == "comparative":
            record.update(measure=self.measure, comparator=self.comparator)
        return json_ready(record)


@dataclass(frozen=True)
class SynthesisResult:
    """All findings of one synthesis, with the rules that chose each study's result."""

    findings: tuple[Finding, ...]
    rules: tuple[str, ...] = field(default=())

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def to_records(self) -> list[dict]:
        """JSON-ready list of dicts, one per finding."""
        return [f.to_record() for f in self.findings]

    def to_df(self) -> pd.DataFrame:
        """One row per finding for tables and CSV: reasons joined by '; ', studies as their ids."""
        rows = []
        for record in self.to_records():
            row = {k: record.get(k) for k in RECORD_KEYS if k not in ("studies", "excluded", "reasons")}
            row["measure"], row["comparator"] = record.get("measure"), record.get("comparator")
            row["reasons"] = "; ".join(record["reasons"])
            row["studies"] = ", ".join(s["study_id"] for s in record["studies"])
            rows.append(row)
        columns = [k for k in RECORD_KEYS if k != "excluded"] + ["measure", "comparator"]
        return pd.DataFrame(rows, columns=columns)


def json_ready(value: object) -> object:
    """Plain Python values for json.dumps: numpy scalars unwrapped, NaN and NA as None, tuples as lists."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value
