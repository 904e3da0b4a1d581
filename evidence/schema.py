"""Pydantic models for one study record (one YAML file per study).

Every field holds a fact the cited source states; unknown values stay None and
an antibody that was not tested is simply absent, never a zero.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

from pydantic import Field, field_validator, model_validator

from evidence import vocabulary as vocab
from evidence.schema_base import (
    BIDI_CONTROLS,
    DOI_PATTERN,
    MIN_YEAR,
    NO_AUTHORS,
    PMID_PATTERN,
    REGISTRY_PATTERN,
    SLUG,
    AgeGroup,
    DenominatorBasis,
    Design,
    Direction,
    PublicationType,
    Rules,
    SafetyKind,
    Strict,
    canonical_antibodies,
    check_url,
    exceeds,
    is_ip_address,
)
from evidence.schema_parts import (
    AntibodyCount,
    Arm,
    Disclosures,
    Outcome,
    Population,
    SafetyFinding,
    Subgroup,
)

__all__ = [
    "BIDI_CONTROLS", "DOI_PATTERN", "MIN_YEAR", "NO_AUTHORS", "PMID_PATTERN", "REGISTRY_PATTERN", "SLUG",
    "AgeGroup", "AntibodyCount", "Arm", "DenominatorBasis", "Design", "Direction", "Disclosures", "Outcome",
    "Population", "PublicationType", "Rules", "SafetyFinding", "SafetyKind", "Strict", "Study", "Subgroup",
]  # fmt: skip


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
        check_url(value)
        host = urlparse(value).hostname or ""
        if urlparse(value).scheme != "https":
            raise ValueError(f"URL {value!r}: the main link must be https (keep another address in read_at)")
        if is_ip_address(host):
            raise ValueError(f"URL {value!r}: the main link must name a site, not a bare IP address (use read_at)")
        return value

    @field_validator("read_at")
    @classmethod
    def _well_formed_read_at(cls, value: str | None) -> str | None:
        if value is not None:
            check_url(value)
        return value

    @field_validator("antibodies", mode="before")
    @classmethod
    def _known_antibodies(cls, value: object) -> object:
        return canonical_antibodies(value)

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
            elif finding.arm is not None and exceeds(finding.count, arms[finding.arm].n):
                rules.add(("safety", i, "count"), f"count ({finding.count}) exceeds arm n ({arms[finding.arm].n})")
            elif exceeds(finding.count, finding.evaluable):
                rules.add(("safety", i, "count"), f"count ({finding.count}) exceeds evaluable ({finding.evaluable})")
            elif finding.arm is None and exceeds(finding.count, self.n_total):
                rules.add(("safety", i, "count"), f"count ({finding.count}) exceeds n_total ({self.n_total})")
        for name, count in self.antibodies.items():
            if self.n_total is not None and exceeds(count.tested, self.n_total):
                rules.add(("antibodies", name, "tested"), f"tested ({count.tested}) exceeds n_total ({self.n_total})")
            elif self.n_total is not None and exceeds(count.positive, self.n_total):
                rules.add(
                    ("antibodies", name, "positive"), f"positive ({count.positive}) exceeds n_total ({self.n_total})"
                )
        if self.id in self.same_cohort_as:
            rules.add(("same_cohort_as",), "a study cannot be the same cohort as itself")
        return rules.raise_any()
