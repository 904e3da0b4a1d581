"""GRADE-style certainty of a body of evidence for one drug or class and one outcome.

Stated rules (each a function below, so each can be read and tested alone):

* Start: high when every contributing study is randomised; low otherwise.
* Risk of bias: concerns are no comparator arm, retrospective design and industry ties. A concern counts when
  the studies carrying it hold at least half the pooled patients (GRADE judges the body of evidence by where
  most of the information comes from). One concern: down one level; two or more: down two.
* Imprecision: fewer than 100 patients (MIN_PATIENTS: below it a single proportion's 95% CI is wider than
  about ±0.1), or a 95% CI wider than 0.30 on the proportion scale. One: down one level; both: down two.
* Inconsistency (k >= 2): I² above 50%, or a 95% prediction interval that spans 0.5 while the CI does not
  (heterogeneity, not mere imprecision, decides whether most patients respond). Either: down one level.
* Indirectness (only when a population is asked for): studies of another age group than asked, holding at
  least half the patients; mixed paediatric-adult populations count as direct. Down one level.

The label is capped at "very low"; the reasons say why, one short string each, the starting point first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evidence import vocabulary as vocab

LEVELS = ("high", "moderate", "low", "very low")
MIN_PATIENTS = 100
MAX_CI_WIDTH = 0.30
MAX_I2 = 50.0
DECISION_THRESHOLD = 0.5
MAJORITY = 0.5  # share of pooled patients at which a study-level concern applies to the body of evidence
MIXED_AGE_GROUP = "mixed"
POPULATION_ALIASES = {"paediatric": "pediatric", "children": "pediatric", "adult": "adult_dm"}


@dataclass(frozen=True)
class StudyTraits:
    """What the certainty rules need to know about one contributing study."""

    study_id: str
    design: str
    patients: int
    has_comparator: bool
    industry_ties: bool | None
    age_group: str


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


def _design_flag(design: str, flag: str, default: bool) -> bool:
    term = vocab.DESIGNS.get(design) if hasattr(vocab.DESIGNS, "get") else None
    return bool(getattr(term, flag, default))


def is_randomised(design: str) -> bool:
    """True for randomised designs (the vocabulary's `randomised` flag; 'rct')."""
    return _design_flag(design, "randomised", design == "rct")


def is_retrospective(design: str) -> bool:
    """True for retrospective designs (the vocabulary's `retrospective` flag; 'retrospective_cohort')."""
    return _design_flag(design, "retrospective", design == "retrospective_cohort")


def _design_label(design: str) -> str:
    try:
        return vocab.design_label(design)
    except (KeyError, AttributeError):
        return design


def _share(studies: Sequence[StudyTraits], concerned: Sequence[StudyTraits]) -> float:
    total = sum(s.patients for s in studies)
    if total == 0:
        return len(concerned) / len(studies) if studies else 0.0
    return sum(s.patients for s in concerned) / total


def _describe(studies: Sequence[StudyTraits], concerned: Sequence[StudyTraits]) -> str:
    if len(concerned) == len(studies):
        return {1: "the only study", 2: "both studies"}.get(len(studies), f"all {len(studies)} studies")
    return f"{len(concerned)} of {len(studies)} studies, {_share(studies, concerned):.0%} of patients"


def starting_level(studies: Sequence[StudyTraits]) -> tuple[str, str]:
    """(level, reason): high when every study is randomised, low otherwise (GRADE's start by design)."""
    if studies and all(is_randomised(s.design) for s in studies):
        return "high", "starts high: randomised trials"
    designs = sorted({_design_label(s.design) for s in studies if not is_randomised(s.design)})
    return "low", "starts low: non-randomised evidence (" + ", ".join(designs).lower() + ")"


def risk_of_bias(studies: Sequence[StudyTraits]) -> Judgement:
    """Down one level for one concern (no comparator, retrospective, industry ties), two for two or more."""
    checks = (
        ("no comparator arm", [s for s in studies if not s.has_comparator]),
        ("retrospective design", [s for s in studies if is_retrospective(s.design)]),
        ("industry ties", [s for s in studies if s.industry_ties is True]),
    )
    reasons = tuple(
        f"risk of bias: {what} ({_describe(studies, hit)})"
        for what, hit in checks
        if hit and _share(studies, hit) >= MAJORITY
    )
    return Judgement("risk of bias", min(len(reasons), 2), reasons)


def imprecision(patients: int, ci_low: float, ci_high: float) -> Judgement:
    """Down one level for fewer than MIN_PATIENTS patients or a CI wider than MAX_CI_WIDTH, two for both."""
    reasons = []
    if patients < MIN_PATIENTS:
        reasons.append(f"imprecision: {patients} patient{'' if patients == 1 else 's'} (fewer than {MIN_PATIENTS})")
    width = ci_high - ci_low
    if width > MAX_CI_WIDTH:
        reasons.append(f"imprecision: 95% CI {ci_low:.2f}-{ci_high:.2f} is wider than {MAX_CI_WIDTH:.2f}")
    return Judgement("imprecision", len(reasons), tuple(reasons))


def inconsistency(
    k: int,
    i2: float | None,
    pi_low: float | None = None,
    pi_high: float | None = None,
    ci_low: float | None = None,
    ci_high: float | None = None,
) -> Judgement:
    """Down one level when I² > MAX_I2 or the prediction interval (not the CI) spans DECISION_THRESHOLD."""
    if k < 2:
        return Judgement("inconsistency", 0)
    reasons = []
    if i2 is not None and i2 > MAX_I2:
        reasons.append(f"inconsistency: I² {i2:.0f}% (above {MAX_I2:.0f}%)")

    def spans(low: float | None, high: float | None) -> bool:
        return low is not None and high is not None and low < DECISION_THRESHOLD < high

    if spans(pi_low, pi_high) and not spans(ci_low, ci_high):
        reasons.append(
            f"inconsistency: 95% prediction interval {pi_low:.2f}-{pi_high:.2f} spans {DECISION_THRESHOLD:.1f}"
        )
    return Judgement("inconsistency", min(len(reasons), 1), tuple(reasons))


def _age_label(group: str) -> str:
    groups = vocab.AGE_GROUPS
    if hasattr(groups, "label"):
        return groups.label(group)
    return groups.get(group, group) if isinstance(groups, dict) else group


def resolve_population(population: str | None) -> str | None:
    """Canonical age-group id for a population such as 'pediatric' or 'paediatric'; None means not asked."""
    if population is None:
        return None
    groups = vocab.AGE_GROUPS
    canonical = POPULATION_ALIASES.get(population.strip().casefold(), population.strip())
    if canonical not in groups and hasattr(groups, "resolve"):
        canonical = groups.resolve(canonical) or canonical
    if canonical not in groups:
        raise ValueError(f"unknown population {population!r}; known: {sorted(groups)}")
    return canonical


def indirectness(studies: Sequence[StudyTraits], population: str | None) -> Judgement:
    """Down one level when studies of another age group than asked hold at least half the patients."""
    asked = resolve_population(population)
    if asked is None:
        return Judgement("indirectness", 0)
    other = [s for s in studies if s.age_group not in (asked, MIXED_AGE_GROUP)]
    if not other or _share(studies, other) < MAJORITY:
        return Judgement("indirectness", 0)
    groups = ", ".join(sorted({_age_label(s.age_group) for s in other}))
    return Judgement(
        "indirectness",
        1,
        (f"indirectness: {groups}, not {_age_label(asked)} ({_describe(studies, other)})",),
    )


def grade(
    studies: Sequence[StudyTraits],
    k: int,
    patients: int,
    ci_low: float,
    ci_high: float,
    i2: float | None = None,
    pi_low: float | None = None,
    pi_high: float | None = None,
    population: str | None = None,
) -> Certainty:
    """Certainty label and reasons for one body of evidence (GRADE-style, capped at 'very low')."""
    if not studies:
        raise ValueError("no studies to grade")
    start, start_reason = starting_level(studies)
    judgements = (
        risk_of_bias(studies),
        inconsistency(k, i2, pi_low, pi_high, ci_low, ci_high),
        indirectness(studies, population),
        imprecision(patients, ci_low, ci_high),
    )
    level = min(LEVELS.index(start) + sum(j.levels for j in judgements), len(LEVELS) - 1)
    reasons = (start_reason, *(r for j in judgements for r in j.reasons))
    return Certainty(label=LEVELS[level], reasons=reasons, start=start, judgements=judgements)
