"""How a finding reads: one plain sentence, the headline number, the certainty marks, and the page's sections
(the patients asked about first, each other population apart). Plain text, no Streamlit: the page, the exports
and the command line say the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evidence import vocabulary as vocab
from evidence.synthesis.labels import COMPARATORS, MEASURES, outcome_label, selection_label, subgroup_label
from evidence.synthesis.results import Finding

CERTAINTY_MARKS = {"high": "⊕⊕⊕⊕", "moderate": "⊕⊕⊕◯", "low": "⊕⊕◯◯", "very low": "⊕◯◯◯"}
SMALL = 30  # patients: below this a report is called "small"
BASIS_LABELS = {
    "subgroup": "results reported for the {ab} patients",
    "all_positive": "studies in which every patient was {ab}",
    "mixed_cohort": "whole results of mixed cohorts (not only {ab} patients)",
}


def percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def number(value: float, scale: str) -> str:
    return (
        percent(value)
        if scale == "proportion"
        else (f"{value:.2f}" if scale == "ratio" else f"{100 * value:+.0f} points")
    )


def interval(finding: Finding) -> str:
    p = finding.pooled
    if p.scale == "proportion":
        return f"{percent(p.ci_low)} to {percent(p.ci_high)}"
    if p.scale == "ratio":
        return f"{p.ci_low:.2f} to {p.ci_high:.2f}"
    return f"{100 * p.ci_low:+.0f} to {100 * p.ci_high:+.0f} points"


SINGULAR = {"children": "child", "adults": "adult", "patients": "patient"}


def who(population: str, profile_antibody: str | None, basis: str | None, plural: bool = True) -> str:
    """'children', 'anti-MDA5-positive children', 'adults with adult-onset DM'; singular for one ('child')."""
    people = vocab.AGE_GROUPS.short(population) if population in vocab.AGE_GROUPS else "patients"
    if not plural:
        first, _, rest = people.partition(" ")
        people = " ".join(filter(None, (SINGULAR.get(first, first), rest)))
    if profile_antibody and basis in ("subgroup", "all_positive"):
        return f"{vocab.antibody_label(profile_antibody)}-positive {people}"
    return people


def _reports(finding: Finding) -> str:
    k = finding.pooled.k
    designs = {s.design for s in finding.studies}
    plural = "" if k == 1 else "s"
    if finding.kind == "comparative":
        kind = "randomised trial" if designs == {"rct"} else "non-randomised comparison"
        return f"{k} {kind}{plural}"
    if designs == {"rct"}:
        return f"{'one arm' if k == 1 else f'arms of {k}'} randomised trial{plural}"
    if all(s.total < SMALL for s in finding.studies):
        return f"{k} small uncontrolled report{plural}"
    return f"{k} uncontrolled {'study' if k == 1 else 'studies'}"


def _estimate_phrase(finding: Finding) -> str:
    p = finding.pooled
    if finding.kind == "comparative":
        name = MEASURES[finding.measure]
        pooled = "pooled " if p.pooled else ""
        return f"{pooled}{name} {number(p.estimate, p.scale)} (95% CI {interval(finding)})"
    if p.pooled:  # the studies' own range beside it: a pool weighs studies, so it can sit far from the added counts
        low, high = min(s.estimate for s in finding.studies), max(s.estimate for s in finding.studies)
        spread = f", from studies ranging {percent(low)} to {percent(high)}" if percent(low) != percent(high) else ""
        return f"pooled estimate {percent(p.estimate)} (95% CI {interval(finding)}){spread}"
    if p.k > 1:
        return f"{percent(p.estimate)} of the added counts (95% CI {interval(finding)}), not pooled"
    return f"{percent(p.estimate)} (95% CI {interval(finding)})"


def sentence(finding: Finding, profile) -> str:
    """One plain sentence: what happened to how many, in what evidence, with what certainty."""
    basis = finding.antibody.basis if finding.antibody else None
    people = who(finding.population, profile.antibody, basis, plural=finding.pooled.patients != 1)
    label = outcome_label(finding)
    if finding.kind == "comparative":
        first = finding.studies[0]
        t = sum(s.events_treated for s in finding.studies), sum(s.n_treated for s in finding.studies)
        c = sum(s.events_control for s in finding.studies), sum(s.n_control for s in finding.studies)
        head = (
            f"{label}: {t[0]} of {t[1]} {people} with {selection_label(finding.therapy)} against {c[0]} of {c[1]} "
            f"with {first.comparator if finding.pooled.k == 1 else COMPARATORS[finding.comparator]}"
        )
    else:
        head = f"{label}: {finding.pooled.events} of {finding.pooled.patients} {people}"
        if finding.subgroup and not profile.antibody:
            head += f" ({subgroup_label(finding.subgroup)})"
    if basis == "mixed_cohort" and finding.antibody:
        a = finding.antibody
        of = f" of {a.tested} tested" if a.tested else f" of the {finding.pooled.patients}"
        head += f" (whole cohorts: {a.positive}{of} were {vocab.antibody_label(profile.antibody)}-positive)"
    return f"{head}, in {_reports(finding)}; {_estimate_phrase(finding)}; {finding.certainty.label} certainty."


def headline(finding: Finding) -> str:
    """'87% (60 to 97%)' or, for a comparison, 'RR 0.69 (0.55 to 0.87)'."""
    p = finding.pooled
    value = number(p.estimate, p.scale)
    prefix = f"{finding.measure} " if finding.kind == "comparative" else ""
    return f"{prefix}{value} ({interval(finding)})"


def certainty_line(finding: Finding) -> str:
    label = finding.certainty.label
    return f"{CERTAINTY_MARKS[label]} {label} certainty"


@dataclass(frozen=True)
class Section:
    """A part of the Compare page: the findings about one population (and antibody basis), with its heading."""

    key: tuple[str, str | None]
    heading: str
    direct: bool
    findings: tuple[Finding, ...]


def section_heading(population: str, direct: bool, profile, basis: str | None) -> str:
    label = vocab.AGE_GROUPS.label(population)
    head = label if direct else f"Indirect evidence: {label}"
    if profile.antibody and basis:
        head += " — " + BASIS_LABELS[basis].format(ab=f"{vocab.antibody_label(profile.antibody)}-positive")
    return head


def sections(findings: Sequence[Finding], profile) -> list[Section]:
    """Findings grouped by population (and antibody basis): the asked-about patients first, mixed cohorts of
    the antibody last within each population; other populations after, each apart."""
    order = {"subgroup": 0, "all_positive": 1, "mixed_cohort": 2, None: 0}
    population_order = {p: i for i, p in enumerate(vocab.AGE_GROUPS)}
    groups: dict[tuple[str, str | None], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.population, f.antibody.basis if f.antibody else None), []).append(f)
    keys = sorted(
        groups, key=lambda k: (not profile.is_direct(k[0]), population_order.get(k[0], 9), order.get(k[1], 3))
    )
    return [
        Section(key, section_heading(key[0], profile.is_direct(key[0]), profile, key[1]), profile.is_direct(key[0]),
                tuple(groups[key]))
        for key in keys
    ]  # fmt: skip
