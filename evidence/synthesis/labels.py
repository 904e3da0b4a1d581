"""Display labels of what the synthesis groups by: drugs or classes, outcome definitions, subgroups, comparators."""

from __future__ import annotations

from typing import Protocol

from evidence import vocabulary as vocab


class Labelled(Protocol):
    """What an outcome label reads of a finding (evidence.synthesis.results.Finding)."""

    kind: str
    outcome: str


COMPARATORS = {
    "placebo_or_usual_care": "placebo or usual care",
    "active_control": "another treatment (active control)",
}
MEASURES = {"RR": "risk ratio", "RD": "risk difference"}


def selection_label(selection: str) -> str:
    """Display label for a therapy id or class id (the vocabulary's one label)."""
    return vocab.term_label(selection)


def subgroup_label(key: str | None) -> str | None:
    """Display label of a subgroup key, e.g. 'anti-MDA5-positive patients'."""
    if key is None:
        return None
    if key in vocab.ANTIBODY_TERMS:
        label = vocab.antibody_label(key)
        return f"{label} patients" if key == "msa_negative" else f"{label}-positive patients"
    return key


def outcome_label(finding: Labelled) -> str:
    """The outcome's full label: a measure definition, or a harm ('Herpes zoster')."""
    if finding.kind == "harm":
        return vocab.SAFETY_KINDS.label(finding.outcome)
    return vocab.MEASURES.label(finding.outcome)


def outcome_short(finding: Labelled) -> str:
    """A short column label ('JDM TIS ≥30', 'Alive', 'Herpes zoster')."""
    if finding.kind == "harm":
        return vocab.SAFETY_KINDS.label(finding.outcome)
    return vocab.MEASURES.short(finding.outcome)
