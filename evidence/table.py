"""The evidence table: one row per study arm, plus long tables of outcomes and safety findings.

Whole-study results (outcomes and safety findings with `arm: null`) follow one rule everywhere: they belong to
the study, not to any one arm or drug. They are listed once, labelled "whole study", with the study's n_total as
denominator; they are kept whenever any arm of the study is shown, and never attributed to a single therapy.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from evidence import vocabulary as vocab
from evidence.schema import AntibodyCount, Arm, Outcome, SafetyFinding, Study

ARM_COLUMNS = [
    "study_id",
    "arm_id",
    "citation",
    "short_citation",
    "title",
    "year",
    "venue",
    "publication_type",
    "design",
    "evidence_level",
    "therapy",
    "therapy_ids",
    "therapy_class",
    "age_group",
    "n",
    "study_n",
    "antibodies",
    "antibodies_positive",
    "antibodies_reported",
    "outcomes",
    "outcome_domains",
    "safety",
    "industry_ties",
    "same_cohort_as",
    "summary",
    "url",
    "control",
]
OUTCOME_COLUMNS = [
    "study_id",
    "arm_id",
    "citation",
    "short_citation",
    "year",
    "design",
    "evidence_level",
    "age_group",
    "therapy",
    "therapy_ids",
    "therapy_class",
    "arm_n",
    "subgroup",
    "subgroup_antibody",
    "measure",
    "domain",
    "timepoint_months",
    "responders",
    "evaluable",
    "denominator_basis",
    "result",
    "direction",
    "significant",
    "p_value",
    "summary",
    "source_section",
    "industry_ties",
    "url",
    "control",
]
SAFETY_COLUMNS = [
    "study_id",
    "arm_id",
    "citation",
    "short_citation",
    "year",
    "design",
    "age_group",
    "industry_ties",
    "therapy",
    "therapy_ids",
    "therapy_class",
    "control",
    "arm_n",
    "kind",
    "count",
    "denominator",
    "denominator_basis",
    "summary",
    "source_section",
    "url",
]


WHOLE_STUDY = "whole study"


def count_text(count: AntibodyCount) -> str:
    """'k/m'; a count the source does not state is said in words, never shown as 0."""
    positive = "some (count not stated)" if count.positive is None else str(count.positive)
    return positive if count.tested is None else f"{positive}/{count.tested}"


def antibodies_text(arm: Arm) -> str:
    if not arm.antibodies:
        return "not reported"
    return "; ".join(f"{vocab.antibody_label(a)} {count_text(c)}" for a, c in arm.antibodies.items())


def result_text(outcome: Outcome) -> str:
    """The outcome's numbers as stated: responders/evaluable where given, plus significance."""
    parts = []
    if outcome.responders is not None and outcome.evaluable is not None:
        parts.append(f"{outcome.responders}/{outcome.evaluable}")
    elif outcome.responders is not None:
        parts.append(f"{outcome.responders} responders (denominator not stated)")
    parts.append("direction not stated" if outcome.direction == "not_reported" else outcome.direction.replace("_", " "))
    if outcome.significant is True:
        parts.append("significant" + (f", p {outcome.p_value}" if outcome.p_value else ""))
    elif outcome.significant is False:
        parts.append("not significant")
    return ", ".join(parts)


def _outcome_line(outcome: Outcome) -> str:
    when = f" at {outcome.timepoint_months:g} mo" if outcome.timepoint_months is not None else ""
    who = f" ({outcome.subgroup.label})" if outcome.subgroup else ""
    scope = f" [{WHOLE_STUDY}]" if outcome.arm is None else ""
    return f"{vocab.MEASURES.label(outcome.measure)}{who}{when}: {result_text(outcome)}{scope}"


def _safety_line(finding: SafetyFinding) -> str:
    count = "" if finding.count is None else f" ({finding.count})"
    scope = f" [{WHOLE_STUDY}]" if finding.arm is None else ""
    return f"{vocab.SAFETY_KINDS.label(finding.kind)}{count}{scope}"


def _positive_antibodies(study: Study, arm: Arm, outcomes: list[Outcome]) -> tuple[str, ...]:
    """Antibodies with at least one positive patient in the arm or its whole cohort, or with a subgroup result.

    So "anti-MDA5" finds the arms whose source counts anti-MDA5-positive patients (per arm, or for the whole
    cohort when the source does not split them by arm) and the arms (or whole studies) that report outcomes of
    anti-MDA5-positive patients separately.
    """
    found = [a for a, c in arm.antibodies.items() if c.positive != 0]
    found += [a for a, c in study.antibodies.items() if c.positive != 0]
    found += [o.subgroup.antibody for o in outcomes if o.subgroup and o.subgroup.antibody and o.evaluable != 0]
    return tuple(dict.fromkeys(found))


def _therapy_text(arm: Arm) -> str:
    return " / ".join(vocab.therapy_label(t) for t in arm.therapies)


SEE_FIRST_ROW = "whole-study results: listed once, with the study's first arm (and on the Study page)"


def _listed(own: list, whole: list, first: bool, line, none: str) -> str:
    """An arm's own results, then the study's whole-study results on its first row only (never counted twice)."""
    lines = [line(x) for x in own]
    if whole:
        lines += [line(x) for x in whole] if first else [SEE_FIRST_ROW]
    return "; ".join(lines) or none


def arm_rows(study: Study) -> Iterable[dict]:
    for position, arm in enumerate(study.arms):
        own = [o for o in study.outcomes if o.arm == arm.id]
        whole = [o for o in study.outcomes if o.arm is None]
        outcomes = own + whole
        own_safety = [f for f in study.safety if f.arm == arm.id]
        whole_safety = [f for f in study.safety if f.arm is None]
        yield {
            "study_id": study.id,
            "arm_id": arm.id,
            "citation": study.citation,
            "short_citation": study.short_citation,
            "title": study.title,
            "year": study.year,
            "venue": study.venue,
            "publication_type": study.publication_type,
            "design": study.design,
            "evidence_level": vocab.evidence_level(study.design),
            "therapy": _therapy_text(arm),
            "therapy_ids": tuple(arm.therapies),
            "therapy_class": arm.therapy_class,
            "age_group": study.population.age_group,
            "n": arm.n,
            "study_n": study.n_total,
            "antibodies": antibodies_text(arm),
            "antibodies_positive": _positive_antibodies(study, arm, outcomes),
            "antibodies_reported": tuple(dict.fromkeys([*arm.antibodies, *study.antibodies])),
            "outcomes": _listed(own, whole, position == 0, _outcome_line, "none reported"),
            "outcome_domains": tuple(dict.fromkeys(o.domain for o in outcomes)),
            "safety": _listed(own_safety, whole_safety, position == 0, _safety_line, "not reported"),
            "industry_ties": study.disclosures.industry_ties,
            "same_cohort_as": tuple(study.same_cohort_as),
            "summary": study.summary,
            "url": study.url,
            "control": arm.is_control,
        }


def evidence_table(studies: Iterable[Study]) -> pd.DataFrame:
    """One row per study arm with the columns in ARM_COLUMNS (n is a nullable integer)."""
    df = pd.DataFrame([row for s in studies for row in arm_rows(s)], columns=ARM_COLUMNS)
    return df.astype({"n": "Int64", "study_n": "Int64", "year": "int64", "evidence_level": "int64", "control": "bool"})


def _whole_study_arm(study: Study) -> Arm:
    """A stand-in arm for a result reported across all arms: every therapy, one class only when all share it
    ("mixed" otherwise: such a result mixes different treatments and is never summarised as one)."""
    therapies = list(dict.fromkeys(t for a in study.arms for t in a.therapies))
    classes = {a.therapy_class for a in study.arms}
    return Arm.model_construct(
        id="",
        label="whole study",
        therapies=therapies,
        therapy_class=classes.pop() if len(classes) == 1 else "mixed",
        n=study.n_total,
        antibodies={},
    )


def outcomes_table(studies: Iterable[Study]) -> pd.DataFrame:
    """One row per reported outcome, with its arm's therapy and the study's design.

    A whole-study outcome (arm null) has an empty arm_id, every therapy of the study, the class only when all
    arms share it ("mixed" otherwise) and the study's n_total as arm_n.
    """
    rows = []
    for study in studies:
        arms = {a.id: a for a in study.arms}
        for o in study.outcomes:
            arm = arms[o.arm] if o.arm is not None else _whole_study_arm(study)
            rows.append(
                {
                    "study_id": study.id,
                    "arm_id": o.arm,
                    "citation": study.citation,
                    "short_citation": study.short_citation,
                    "year": study.year,
                    "design": study.design,
                    "evidence_level": vocab.evidence_level(study.design),
                    "age_group": study.population.age_group,
                    "therapy": _therapy_text(arm),
                    "therapy_ids": tuple(arm.therapies),
                    "therapy_class": arm.therapy_class,
                    "arm_n": arm.n,
                    "subgroup": o.subgroup.label if o.subgroup else None,
                    "subgroup_antibody": o.subgroup.antibody if o.subgroup else None,
                    "measure": o.measure,
                    "domain": o.domain,
                    "timepoint_months": o.timepoint_months,
                    "responders": o.responders,
                    "evaluable": o.evaluable,
                    "denominator_basis": o.denominator_basis,
                    "result": result_text(o),
                    "direction": o.direction,
                    "significant": o.significant,
                    "p_value": o.p_value,
                    "summary": o.summary,
                    "source_section": o.source_section,
                    "industry_ties": study.disclosures.industry_ties,
                    "url": study.url,
                    "control": o.arm is not None and arm.is_control,
                }
            )
    df = pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
    return df.astype({"arm_n": "Int64", "responders": "Int64", "evaluable": "Int64"})


def safety_table(studies: Iterable[Study]) -> pd.DataFrame:
    """One row per safety finding; a whole-study finding (arm empty) stands for every arm (class "mixed" when they
    differ). The denominator is the stated safety population, else the arm's n (or the study's n_total), i.e.
    all patients treated."""
    rows = []
    for study in studies:
        arms = {a.id: a for a in study.arms}
        for f in study.safety:
            arm = arms[f.arm] if f.arm else _whole_study_arm(study)
            rows.append(
                {
                    "study_id": study.id,
                    "arm_id": f.arm,
                    "citation": study.citation,
                    "short_citation": study.short_citation,
                    "year": study.year,
                    "design": study.design,
                    "age_group": study.population.age_group,
                    "industry_ties": study.disclosures.industry_ties,
                    "therapy": _therapy_text(arm) if f.arm else WHOLE_STUDY,
                    "therapy_ids": tuple(arm.therapies),
                    "therapy_class": arm.therapy_class,
                    "control": f.arm is not None and arm.is_control,
                    "arm_n": arm.n,
                    "kind": f.kind,
                    "count": f.count,
                    "denominator": f.evaluable if f.evaluable is not None else arm.n,
                    "denominator_basis": "stated" if f.evaluable is not None else "all_treated",
                    "summary": f.summary,
                    "source_section": f.source_section,
                    "url": study.url,
                }
            )
    df = pd.DataFrame(rows, columns=SAFETY_COLUMNS)
    return df.astype({"count": "Int64", "denominator": "Int64", "arm_n": "Int64"})
