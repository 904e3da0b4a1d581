"""GRADE-style certainty of one body of evidence (a Finding), each rule a function so each can be read and tested.

* Start: a comparison against a control starts high when every study is randomised, low otherwise. A single-arm
  summary (how many responded, how many had a harm) starts low whatever the design: with no comparison it cannot
  say what would have happened without the treatment (for a randomised trial's arm the reason says so).
* Risk of bias: retrospective design and industry ties, each counting when its studies hold at least half the
  patients. One concern: down one level; two: down two.
* Inconsistency (k >= 2): I² above 50%, or a 95% prediction interval that crosses the decision line (50% for a
  proportion, no effect for a comparison) while the CI does not. Down one.
* Indirectness: evidence about another population than the patients asked about (adult-onset DM for children,
  a mixed cohort of children and adults), or a mixed cohort's whole result under an antibody label. Down one for
  each, at most two.
* Imprecision: fewer than 100 patients; for a proportion a 95% CI wider than 0.30, for a comparison a CI that
  includes no effect. Down one for each, at most two.

The label is capped at "very low"; every reason is a plain phrase, the starting point first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evidence import vocabulary as vocab
from evidence.synthesis.contributions import AntibodyBasis
from evidence.synthesis.results import Certainty, Estimate, Judgement

LEVELS = ("high", "moderate", "low", "very low")
MIN_PATIENTS = 100
MAX_CI_WIDTH = 0.30
MAX_I2 = 50.0
MAJORITY = 0.5  # share of patients at which a study-level concern applies to the body of evidence
NO_EFFECT = {"proportion": 0.5, "ratio": 1.0, "difference": 0.0}  # the decision line of each scale


@dataclass(frozen=True)
class StudyTraits:
    """What the certainty rules read of one contributing study."""

    study_id: str
    design: str
    patients: int
    industry_ties: bool | None


@dataclass(frozen=True)
class Question:
    """What the body of evidence is asked to answer: comparative or single-arm, for which patients."""

    comparative: bool
    population: str  # the age group of the group's studies
    asked: str  # the patient profile's age group, or "any"
    antibody: AntibodyBasis | None = None
    antibody_label: str | None = None


def _share(studies: Sequence[StudyTraits], concerned: Sequence[StudyTraits]) -> float:
    total = sum(s.patients for s in studies)
    if total == 0:
        return len(concerned) / len(studies) if studies else 0.0
    return sum(s.patients for s in concerned) / total


def _describe(studies: Sequence[StudyTraits], concerned: Sequence[StudyTraits]) -> str:
    if len(concerned) == len(studies):
        return {1: "the only study", 2: "both studies"}.get(len(studies), f"all {len(studies)} studies")
    return f"{len(concerned)} of {len(studies)} studies, {_share(studies, concerned):.0%} of patients"


def starting_level(studies: Sequence[StudyTraits], comparative: bool) -> tuple[str, str]:
    """(level, reason) by GRADE's start for this kind of question."""
    randomised = [s for s in studies if vocab.DESIGNS[s.design].randomised]
    designs = ", ".join(sorted({vocab.design_label(s.design).lower() for s in studies}))
    if comparative:
        if studies and len(randomised) == len(studies):
            return "high", "starts high: randomised comparison"
        return "low", f"starts low: non-randomised comparison ({designs})"
    if studies and len(randomised) == len(studies):
        arms = "one arm" if len(studies) == 1 else "single arms"
        return "low", f"starts low: {arms} of randomised trials, summarised without the comparator"
    return "low", f"starts low: single-arm results without a comparison ({designs})"


def risk_of_bias(studies: Sequence[StudyTraits]) -> Judgement:
    """Down one level for one concern (retrospective design, industry ties), two for both."""
    checks = (
        ("retrospective design", [s for s in studies if vocab.DESIGNS[s.design].retrospective]),
        ("authors with industry ties", [s for s in studies if s.industry_ties is True]),
    )
    reasons = tuple(
        f"risk of bias: {what} ({_describe(studies, hit)})"
        for what, hit in checks
        if hit and _share(studies, hit) >= MAJORITY
    )
    return Judgement("risk of bias", min(len(reasons), 2), reasons)


def _crosses(low: float | None, high: float | None, line: float) -> bool:
    return low is not None and high is not None and low < line < high


def inconsistency(pooled: Estimate) -> Judgement:
    """Down one level when I² > MAX_I2, or the prediction interval (not the CI) crosses the decision line."""
    if not pooled.pooled or pooled.k < 2:
        return Judgement("inconsistency", 0)
    reasons = []
    if pooled.i2 is not None and pooled.i2 > MAX_I2:
        reasons.append(f"inconsistency: the studies disagree (I² {pooled.i2:.0f}%, above {MAX_I2:.0f}%)")
    line = NO_EFFECT[pooled.scale]
    if _crosses(pooled.pi_low, pooled.pi_high, line) and not _crosses(pooled.ci_low, pooled.ci_high, line):
        what = "50%" if pooled.scale == "proportion" else "no effect"
        reasons.append(f"inconsistency: the range expected in a new study crosses {what}")
    return Judgement("inconsistency", min(len(reasons), 1), tuple(reasons))


def indirectness(question: Question, patients: int | None = None) -> Judgement:
    """Down one level for another population than asked, one for a mixed cohort's result under an antibody."""
    reasons = []
    if question.asked != "any" and question.population != question.asked:
        if question.population == vocab.MIXED_AGE_GROUP:
            reasons.append("indirectness: children and adults together; results not given for the children alone")
        else:
            other = vocab.AGE_GROUPS.short(question.population)
            asked = vocab.PATIENT_PROFILES.label(question.asked)
            reasons.append(f"indirectness: {other}, not {asked[0].lower()}{asked[1:]}")
    basis = question.antibody
    if basis is not None and basis.basis == "mixed_cohort":
        of = f" of {basis.tested} tested" if basis.tested else (f" of the {patients}" if patients else "")
        reasons.append(
            f"indirectness: a whole-cohort result; {basis.positive}{of} patients were {question.antibody_label}"
        )
    return Judgement("indirectness", min(len(reasons), 2), tuple(reasons))


def imprecision(pooled: Estimate) -> Judgement:
    """Down one level for fewer than MIN_PATIENTS patients, one for a wide or inconclusive interval."""
    reasons = []
    if pooled.patients < MIN_PATIENTS:
        people = f"{pooled.patients} patient{'' if pooled.patients == 1 else 's'}"
        reasons.append(f"imprecision: only {people} (fewer than {MIN_PATIENTS})")
    if pooled.scale == "proportion":
        if pooled.ci_high - pooled.ci_low > MAX_CI_WIDTH:
            reasons.append(f"imprecision: the 95% interval is wide ({pooled.ci_low:.0%} to {pooled.ci_high:.0%})")
    elif _crosses(pooled.ci_low, pooled.ci_high, NO_EFFECT[pooled.scale]) or NO_EFFECT[pooled.scale] in (
        pooled.ci_low,
        pooled.ci_high,
    ):
        reasons.append("imprecision: the 95% interval includes no difference from the control")
    return Judgement("imprecision", min(len(reasons), 2), tuple(reasons))


def grade(studies: Sequence[StudyTraits], pooled: Estimate, question: Question) -> Certainty:
    """Certainty label and reasons for one body of evidence (GRADE-style, capped at 'very low')."""
    if not studies:
        raise ValueError("no studies to grade")
    start, start_reason = starting_level(studies, question.comparative)
    judgements = (
        risk_of_bias(studies), inconsistency(pooled), indirectness(question, pooled.patients), imprecision(pooled)
    )  # fmt: skip
    level = min(LEVELS.index(start) + sum(j.levels for j in judgements), len(LEVELS) - 1)
    reasons = (start_reason, *(r for j in judgements for r in j.reasons))
    return Certainty(label=LEVELS[level], reasons=reasons, start=start, judgements=judgements)
