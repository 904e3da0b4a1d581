"""What each study contributes to a finding: its chosen result (counts and traits), the results passed over, its
own estimate and interval, and for a comparison the treated and control arms' counts."""

from __future__ import annotations

from dataclasses import dataclass

from evidence.synthesis.exact import EXACT

WALD = "Wald 95% CI from the study's counts (metafor escalc, 0.5 added to zero cells)"
STUDY_CI = {"proportion": EXACT, "harm": EXACT, "comparative": WALD}  # each study's own interval


@dataclass(frozen=True)
class AntibodyBasis:
    """What an antibody-labelled result is about: the positive patients (subgroup, or a study where every patient
    was positive), or a mixed cohort's whole result with how many were positive of how many tested."""

    basis: str  # subgroup | all_positive | mixed_cohort
    positive: int | None = None
    tested: int | None = None


@dataclass(frozen=True)
class Alternative:
    """A result passed over so each patient counts once (another arm, time point or record of the same cohort)."""

    study_id: str
    arm_ids: tuple[str, ...]
    events: int
    total: int
    timepoint_months: float | None
    reason: str

    def to_record(self) -> dict:
        return {
            "study_id": self.study_id,
            "arm_ids": list(self.arm_ids),
            "responders": self.events,
            "evaluable": self.total,
            "proportion": self.events / self.total,
            "timepoint_months": self.timepoint_months,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Contribution:
    """One study's chosen result in a single-arm group: who, how many of how many, and the traits GRADE reads."""

    study_id: str
    short_citation: str
    year: int
    design: str
    age_group: str
    industry_ties: bool | None
    arm_ids: tuple[str, ...]
    events: int
    total: int
    timepoint_months: float | None
    denominator_basis: str | None
    antibody: AntibodyBasis | None = None
    alternatives: tuple[Alternative, ...] = ()

    @property
    def proportion(self) -> float:
        return self.events / self.total


@dataclass(frozen=True)
class StudyResult:
    """A contribution with its own estimate, exact interval and weight in the pool (percent)."""

    contribution: Contribution
    estimate: float
    ci_low: float
    ci_high: float
    weight: float

    def __getattr__(self, name: str):  # the contribution's fields read through (study_id, events, ...)
        return getattr(self.__dict__["contribution"], name)

    def to_record(self, ci_method: str) -> dict:
        c = self.contribution
        record = {
            "study_id": c.study_id,
            "short_citation": c.short_citation,
            "year": c.year,
            "design": c.design,
            "population": c.age_group,
            "arm_ids": list(c.arm_ids),
            "responders": c.events,
            "evaluable": c.total,
            "denominator_basis": c.denominator_basis,
            "proportion": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "ci_method": ci_method,
            "weight": self.weight,
            "timepoint_months": c.timepoint_months,
            "alternatives": [a.to_record() for a in c.alternatives],
        }
        if c.antibody is not None:
            record.update(antibody_basis=c.antibody.basis, positive=c.antibody.positive, tested=c.antibody.tested)
        return record


@dataclass(frozen=True)
class Comparison:
    """One study's treated arm against its control arm for one outcome definition (counts as stated)."""

    study_id: str
    short_citation: str
    year: int
    design: str
    age_group: str
    industry_ties: bool | None
    treated_arm: str
    control_arm: str
    comparator: str
    events_treated: int
    n_treated: int
    events_control: int
    n_control: int
    timepoint_months: float | None

    @property
    def total(self) -> int:
        return self.n_treated + self.n_control


@dataclass(frozen=True)
class StudyEffect:
    """A comparison with its own risk ratio or difference (95% CI) and its weight in the pool."""

    comparison: Comparison
    estimate: float
    ci_low: float
    ci_high: float
    weight: float

    def __getattr__(self, name: str):
        return getattr(self.__dict__["comparison"], name)

    def to_record(self, ci_method: str) -> dict:
        c = self.comparison
        return {
            "study_id": c.study_id,
            "short_citation": c.short_citation,
            "year": c.year,
            "design": c.design,
            "population": c.age_group,
            "treated_arm": c.treated_arm,
            "control_arm": c.control_arm,
            "comparator": c.comparator,
            "events_treated": c.events_treated,
            "n_treated": c.n_treated,
            "events_control": c.events_control,
            "n_control": c.n_control,
            "estimate": self.estimate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "ci_method": ci_method,
            "weight": self.weight,
            "timepoint_months": c.timepoint_months,
        }


@dataclass(frozen=True)
class Excluded:
    """A matching result that could not enter the group, and why (e.g. no denominator stated)."""

    study_id: str
    arm_id: str | None
    reason: str

    def to_record(self) -> dict:
        return {"study_id": self.study_id, "arm_id": self.arm_id, "reason": self.reason}
