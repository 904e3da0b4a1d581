"""Pydantic models for one study record (one YAML file per study).

Every field holds a fact the cited source states; unknown values stay None and
an antibody that was not tested is simply absent, never a zero.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from evidence import vocabulary as vocab
from evidence.limits import MAX_FIELD_CHARS
from evidence.links import URL_FORBIDDEN

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
MIN_YEAR = 1950
# A DOI as Crossref prints it (parentheses included, e.g. 10.1016/S0140-6736(15)01021-1); no whitespace, quotes,
# square or angle brackets, braces or backslashes. Links percent-encode it (evidence.links.doi_url).
DOI_PATTERN = r"^10\.\d{4,9}/[^\s\[\]<>\"'`\\|{}]+$"
PMID_PATTERN = r"^\d{1,9}$"
REGISTRY_PATTERN = r"^[A-Za-z][A-Za-z0-9-]{3,40}$"
NO_AUTHORS = "Authors not shown"
# Embedding and override controls (and isolates) that reorder displayed text; plain marks (U+200E/F) are allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")

# Literal types are built from the vocabulary (the single source of truth), never repeated here.
Design = Literal[tuple(vocab.DESIGNS)]  # type: ignore[valid-type]
AgeGroup = Literal[tuple(vocab.AGE_GROUPS)]  # type: ignore[valid-type]
PublicationType = Literal[tuple(vocab.PUBLICATION_TYPES)]  # type: ignore[valid-type]
Direction = Literal[tuple(vocab.DIRECTIONS)]  # type: ignore[valid-type]
SafetyKind = Literal[tuple(vocab.SAFETY_KINDS)]  # type: ignore[valid-type]
DenominatorBasis = Literal[tuple(vocab.DENOMINATOR_BASES)]  # type: ignore[valid-type]


class Strict(BaseModel):
    """Base: unknown fields are errors, strings are stripped, numbers and flags are never coerced, and no text
    holds a bidirectional-control character (they can make displayed text read differently from what is stored).

    strict=True: `true` is not a count, `"2020"` is not a year, `"no"` is not a flag.
    """

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, strict=True, str_max_length=MAX_FIELD_CHARS
    )

    @field_validator("*", mode="after")
    @classmethod
    def _no_bidi_controls(cls, value: object) -> object:
        texts = (
            [value]
            if isinstance(value, str)
            else [v for v in value if isinstance(v, str)]
            if isinstance(value, list)
            else []
        )
        for text in texts:
            found = BIDI_CONTROLS.intersection(text)
            if found:
                codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(found))
                raise ValueError(f"contains a bidirectional-control character ({codes}); remove it")
        return value


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
        return [vocab.therapy_id(n) or vocab.class_id(n) or _canonical_therapy(n) for n in names]


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
        return [_canonical_therapy(n) for n in names]

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
        return _canonical_antibodies(value)

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


class Study(Strict):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=5, max_length=500)
    authors: list[str] = Field(
        default_factory=list, description="as the page read lists them; empty when the page shows no author names"
    )
    authors_truncated: bool = Field(default=False, description="true when only the first author(s) were visible")
    year: int
    venue: str | None = Field(default=None, min_length=2, description="journal or meeting only; remarks go in notes")
    publication_type: PublicationType
    abstract_number: str | None = None
    url: str = Field(description="the canonical page: DOI resolver, PubMed, publisher or meeting site (https)")
    read_at: str | None = Field(default=None, description="the address actually read, when it is not url (provenance)")
    doi: str | None = Field(default=None, pattern=DOI_PATTERN)
    pmid: str | None = Field(default=None, pattern=PMID_PATTERN)
    pmcid: str | None = Field(default=None, pattern=r"^PMC\d+$")
    trial_registration: str | None = Field(default=None, pattern=REGISTRY_PATTERN, description="e.g. NCT01724580")
    last_checked: dt.date
    design: Design
    setting: str | None = None
    countries: list[str] = Field(default_factory=list)
    enrolment_period: str | None = None
    n_total: int | None = Field(default=None, ge=1, description="patients in the study")
    n_respondents: int | None = Field(default=None, ge=1, description="survey respondents, never patients")
    population: Population
    antibodies: dict[str, AntibodyCount] = Field(
        default_factory=dict,
        description="the whole cohort's antibodies when the source does not split them by arm (positive/tested)",
    )
    summary: str = Field(min_length=20, max_length=3000, description="our own words, never the source's")
    arms: list[Arm] = Field(min_length=1)
    outcomes: list[Outcome] = Field(default_factory=list)
    safety: list[SafetyFinding] = Field(default_factory=list)
    disclosures: Disclosures
    same_cohort_as: list[str] = Field(default_factory=list)
    notes: str | None = Field(default=None, description="what a clinician should know, in our own words")
    curation_notes: str | None = Field(
        default=None, description="bookkeeping: what was read, verifier passes, rule numbers, schema remarks"
    )

    @property
    def first_author(self) -> str:
        """'Surname AB et al.' (et al. when there are more authors, or only the first was visible)."""
        if not self.authors:
            return NO_AUTHORS
        more = len(self.authors) > 1 or self.authors_truncated
        return self.authors[0] + (" et al." if more else "")

    @property
    def author_list(self) -> str:
        """Every author as the record lists them, with 'et al.' when the list is known to be incomplete."""
        if not self.authors:
            return NO_AUTHORS
        return ", ".join(self.authors) + (" et al." if self.authors_truncated else "")

    @property
    def short_citation(self) -> str:
        """First author and year, e.g. 'Ding Y et al. 2021', used to tag each result."""
        return f"{self.first_author} {self.year}"

    @property
    def citation(self) -> str:
        """Short citation with the venue when it is known: 'Ding Y et al. 2021. Rheumatology'."""
        return self.short_citation + (f". {self.venue}" if self.venue else "")

    @field_validator("last_checked", mode="before")
    @classmethod
    def _iso_date_text(cls, value: object) -> object:
        """A date written as text ('2026-12-06', quoted in YAML) is the same date; nothing looser is accepted."""
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"{value!r} is not a calendar date (write it as YYYY-MM-DD)") from None
        return value

    @field_validator("year")
    @classmethod
    def _plausible_year(cls, value: int) -> int:
        latest = dt.date.today().year + 1
        if not MIN_YEAR <= value <= latest:
            raise ValueError(f"year {value} is not plausible (expected {MIN_YEAR}-{latest})")
        return value

    @field_validator("url")
    @classmethod
    def _canonical_url(cls, value: str) -> str:
        _check_url(value)
        host = urlparse(value).hostname or ""
        if urlparse(value).scheme != "https":
            raise ValueError(f"URL {value!r}: the main link must be https (keep another address in read_at)")
        if _is_ip_address(host):
            raise ValueError(f"URL {value!r}: the main link must name a site, not a bare IP address (use read_at)")
        return value

    @field_validator("read_at")
    @classmethod
    def _well_formed_read_at(cls, value: str | None) -> str | None:
        if value is not None:
            _check_url(value)
        return value

    @field_validator("antibodies", mode="before")
    @classmethod
    def _known_antibodies(cls, value: object) -> object:
        return _canonical_antibodies(value)

    @model_validator(mode="after")
    def _cross_field_rules(self) -> Study:
        rules = Rules(self)
        arm_ids = [a.id for a in self.arms]
        for i, arm in enumerate(self.arms):
            if arm_ids.count(arm.id) > 1:
                rules.add(("arms", i, "id"), f"arm id {arm.id!r} is used more than once")
        arm_n = sum(a.n for a in self.arms if a.n is not None)
        if self.n_total is not None and arm_n > self.n_total:
            rules.add(("n_total",), f"arm n sum ({arm_n}) exceeds study n_total ({self.n_total})")
        if not vocab.DESIGNS[self.design].holds_patients:
            for i, arm in enumerate(self.arms):
                if arm.n is not None:
                    rules.add(("arms", i, "n"), "a survey holds respondents, not patients: leave arm n empty")
            if self.n_total is not None:
                rules.add(("n_total",), "a survey holds respondents, not patients: use n_respondents")
        arms = {a.id: a for a in self.arms}
        for i, outcome in enumerate(self.outcomes):
            if outcome.arm is None:  # whole-study result: bounded by the study's patients
                limit, what = self.n_total, "study n_total"
            elif outcome.arm not in arms:
                rules.add(("outcomes", i, "arm"), f"{outcome.arm!r} is not an arm id of this study {arm_ids}")
                continue
            else:
                limit, what = arms[outcome.arm].n, "arm n"
            if limit is None:
                continue
            if outcome.evaluable is not None and outcome.evaluable > limit:
                rules.add(("outcomes", i, "evaluable"), f"evaluable ({outcome.evaluable}) exceeds {what} ({limit})")
            elif outcome.responders is not None and outcome.responders > limit:
                rules.add(("outcomes", i, "responders"), f"responders ({outcome.responders}) exceed {what} ({limit})")
        for i, finding in enumerate(self.safety):
            if finding.arm is not None and finding.arm not in arms:
                rules.add(("safety", i, "arm"), f"{finding.arm!r} is not an arm id of this study {arm_ids}")
            elif finding.arm is not None and _exceeds(finding.count, arms[finding.arm].n):
                rules.add(("safety", i, "count"), f"count ({finding.count}) exceeds arm n ({arms[finding.arm].n})")
            elif _exceeds(finding.count, finding.evaluable):
                rules.add(("safety", i, "count"), f"count ({finding.count}) exceeds evaluable ({finding.evaluable})")
            elif finding.arm is None and _exceeds(finding.count, self.n_total):
                rules.add(("safety", i, "count"), f"count ({finding.count}) exceeds n_total ({self.n_total})")
        for name, count in self.antibodies.items():
            if self.n_total is not None and _exceeds(count.tested, self.n_total):
                rules.add(("antibodies", name, "tested"), f"tested ({count.tested}) exceeds n_total ({self.n_total})")
            elif self.n_total is not None and _exceeds(count.positive, self.n_total):
                rules.add(
                    ("antibodies", name, "positive"), f"positive ({count.positive}) exceeds n_total ({self.n_total})"
                )
        if self.id in self.same_cohort_as:
            rules.add(("same_cohort_as",), "a study cannot be the same cohort as itself")
        return rules.raise_any()


class Rules:
    """Collects cross-field rule violations so each is reported at its own field path."""

    def __init__(self, model: BaseModel) -> None:
        self.model = model
        self.errors: list[InitErrorDetails] = []

    def add(self, loc: tuple[str | int, ...], message: str) -> None:
        self.errors.append(
            InitErrorDetails(type=PydanticCustomError("rule", "{rule}", {"rule": message}), loc=loc, input=None)  # type: ignore[arg-type]
        )

    def raise_any(self):
        if self.errors:
            raise ValidationError.from_exception_data(type(self.model).__name__, self.errors)
        return self.model


def _check_url(value: str) -> None:
    parts = urlparse(value)
    bad = sorted(URL_FORBIDDEN.intersection(value))
    if parts.scheme not in {"http", "https"} or not parts.netloc or bad:
        extra = f" (it contains {''.join(bad)!r})" if bad else ""
        raise ValueError(f"URL {value!r} is not a well-formed http(s) address{extra}")


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _canonical_antibodies(value: object) -> object:
    """Antibody names as canonical ids (aliases such as 'anti-p155/140' accepted); an unknown name is an error."""
    if not isinstance(value, dict):
        return value
    out = {}
    for name, count in value.items():
        canonical = vocab.antibody_id(str(name))
        if canonical is None:
            raise ValueError(f"unknown antibody {name!r}")
        out[canonical] = count
    return out


def _exceeds(count: int | None, limit: int | None) -> bool:
    return count is not None and limit is not None and count > limit


def _canonical_therapy(name: str) -> str:
    canonical = vocab.therapy_id(name)
    if canonical is None:
        raise ValueError(f"unknown therapy {name!r}; add it to evidence/vocabulary.py")
    return canonical
