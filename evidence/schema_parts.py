"""The nested parts of a study record: antibody counts, population, arms, subgroups, outcomes, safety findings
and disclosures (schema.py holds the Study record that contains them)."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from evidence import vocabulary as vocab
from evidence.schema_base import (
    SLUG,
    AgeGroup,
    DenominatorBasis,
    Direction,
    Rules,
    SafetyKind,
    Strict,
    canonical_antibodies,
    canonical_therapy,
)


class AntibodyCount(Strict):
    """Patients positive for one antibody out of those tested (tested None = not stated)."""

    positive: int | None = Field(ge=0, description="None: the source says some were positive but gives no count")
    tested: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _positive_within_tested(self) -> AntibodyCount:
        rules = Rules(self)
        if self.tested is not None and self.positive is not None and self.positive > self.tested:
            rules.add(("positive",), f"positive ({self.positive}) exceeds tested ({self.tested})")
        return rules.raise_any()


class Population(Strict):
    age_group: AgeGroup
    condition: str = Field(min_length=2, description="e.g. refractory JDM, adult DM")
    age_details: str | None = None
    sex: str | None = None
    refractory_definition: str | None = None
    prior_failed_therapies: list[str] = Field(
        default_factory=list, description="therapy ids, or class ids where the source names only a class"
    )
    prior_therapy_notes: str | None = None

    @field_validator("prior_failed_therapies")
    @classmethod
    def _known_therapies(cls, names: list[str]) -> list[str]:
        return [vocab.therapy_id(n) or vocab.class_id(n) or canonical_therapy(n) for n in names]


class Arm(Strict):
    id: str = Field(pattern=SLUG)
    label: str = Field(min_length=1)
    therapies: list[str] = Field(min_length=1)
    therapy_class: str
    n: int | None = Field(default=None, ge=1, description="patients in the arm; None for surveys")
    dose: str | None = None
    concomitant: str | None = None
    antibodies: dict[str, AntibodyCount] = Field(default_factory=dict)
    control: bool = Field(
        default=False,
        description="the source's control or comparator group (placebo, usual care, delayed start, historical or "
        "concurrent control); arms of a comparator class are controls whatever this says",
    )
    notes: str | None = None

    @property
    def is_control(self) -> bool:
        """A control arm: marked so, or of a comparator class (placebo, usual care)."""
        return self.control or self.therapy_class in vocab.COMPARATOR_CLASSES

    @field_validator("therapies")
    @classmethod
    def _known_therapies(cls, names: list[str]) -> list[str]:
        return [canonical_therapy(n) for n in names]

    @field_validator("therapy_class")
    @classmethod
    def _known_class(cls, value: str) -> str:
        canonical = vocab.class_id(value)
        if canonical is None:
            raise ValueError(f"unknown therapy class {value!r}; known: {sorted(vocab.THERAPY_CLASSES)}")
        return canonical

    @field_validator("antibodies", mode="before")
    @classmethod
    def _known_antibodies(cls, value: object) -> object:
        return canonical_antibodies(value)

    @model_validator(mode="after")
    def _counts_within_arm(self) -> Arm:
        rules = Rules(self)
        classes = {vocab.therapy_class(t) for t in self.therapies}
        if self.therapy_class not in classes:
            rules.add(
                ("therapy_class",),
                f"therapy_class {self.therapy_class!r} does not match therapies "
                f"{self.therapies} (their classes: {sorted(classes)})",
            )
        if self.n is not None:
            for name, count in self.antibodies.items():
                if count.tested is not None and count.tested > self.n:
                    rules.add(("antibodies", name, "tested"), f"tested ({count.tested}) exceeds arm n ({self.n})")
                elif count.positive is not None and count.positive > self.n:
                    rules.add(("antibodies", name, "positive"), f"positive ({count.positive}) exceeds arm n ({self.n})")
        return rules.raise_any()


class Subgroup(Strict):
    """Patients within an arm (or the whole study) for whom the source reports a result separately."""

    label: str = Field(min_length=3, description="who, in our words, e.g. 'anti-MDA5-positive patients'")
    antibody: str | None = Field(default=None, description="antibody id when the subgroup is antibody-positive")

    @field_validator("antibody")
    @classmethod
    def _known_antibody(cls, value: str | None) -> str | None:
        if value is None:
            return None
        canonical = vocab.antibody_id(value)
        if canonical is None:
            raise ValueError(f"unknown antibody {value!r}; known: {sorted(vocab.ANTIBODY_TERMS)}")
        return canonical


class Outcome(Strict):
    arm: str | None = Field(description="arm id; null for a result reported across all arms (whole study)")
    subgroup: Subgroup | None = None
    measure: str
    domain: str
    timepoint_months: float | None = Field(default=None, ge=0)
    responders: int | None = Field(default=None, ge=0)
    evaluable: int | None = Field(default=None, ge=1)
    denominator_basis: DenominatorBasis | None = Field(
        default=None,
        description="with evaluable: 'stated' (the source states the denominator) or 'all_treated' (the number "
        "treated, when the source reports no loss to follow-up)",
    )
    response_definition: str | None = None
    direction: Direction
    significant: bool | None = None
    p_value: str | None = None
    summary: str = Field(min_length=5)
    source_section: str = Field(min_length=3)

    @field_validator("measure")
    @classmethod
    def _known_measure(cls, value: str) -> str:
        if value not in vocab.MEASURES:
            raise ValueError(f"unknown outcome measure {value!r}; known: {sorted(vocab.MEASURES)}")
        return value

    @field_validator("domain")
    @classmethod
    def _known_domain(cls, value: str) -> str:
        if value not in vocab.OUTCOME_DOMAINS:
            raise ValueError(f"unknown outcome domain {value!r}; known: {sorted(vocab.OUTCOME_DOMAINS)}")
        return value

    @model_validator(mode="after")
    def _responders_within_evaluable(self) -> Outcome:
        rules = Rules(self)
        if self.responders is not None and self.evaluable is not None and self.responders > self.evaluable:
            rules.add(("responders",), f"responders ({self.responders}) exceed evaluable ({self.evaluable})")
        if self.evaluable is not None and self.denominator_basis is None:
            rules.add(("denominator_basis",), "say how the denominator is known: stated or all_treated")
        if self.evaluable is None and self.denominator_basis is not None:
            rules.add(("denominator_basis",), "a denominator basis needs an evaluable count")
        return rules.raise_any()


class SafetyFinding(Strict):
    arm: str | None = Field(default=None, description="None means the whole study")
    kind: SafetyKind
    count: int | None = Field(default=None, ge=0, description="patients affected; None when not stated")
    evaluable: int | None = Field(
        default=None, ge=1, description="patients the count is out of, when the source states a safety population"
    )
    summary: str = Field(min_length=5)
    source_section: str = Field(min_length=3)


class Disclosures(Strict):
    industry_ties: bool | None = Field(description="None when the source does not say")
    companies: list[str] = Field(default_factory=list)
    funding: str | None = None

    @model_validator(mode="after")
    def _companies_need_ties(self) -> Disclosures:
        rules = Rules(self)
        if self.companies and self.industry_ties is not True:
            rules.add(("companies",), "companies are listed but industry_ties is not true")
        return rules.raise_any()
