"""The synthesis the Compare page and `python -m evidence synthesize` show: for each drug or class asked about,
single-arm findings per outcome family (response, survival, lung disease, steroid sparing, calcinosis), harms,
and effects against a control (evidence.synthesis.controls).

Each group holds one population (age group): a pooled group never mixes children with adult-onset DM, and a
group about another population than the patient profile is marked indirect and rated down. With an antibody in
the profile, every group has an antibody basis (subgroup, all_positive, mixed_cohort; selection.ANTIBODY_RULE);
without one, antibody and other subgroups are groups of their own. Only harmonised definitions (measures with an
outcome family) are summarised; deaths pool as their complement (alive), with the stated counts kept.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from evidence import vocabulary as vocab
from evidence.profile import CompareRequest
from evidence.synthesis.controls import comparative_findings
from evidence.synthesis.findings import excluded_rows, single_arm_finding
from evidence.synthesis.results import Finding, SynthesisResult
from evidence.synthesis.selection import (
    ANTIBODY_RULE,
    COHORT_RULE,
    ROW_RULE,
    SELECTION_RULE,
    keyed,
    missing,
    row_contribution,
    select,
)
from evidence.view import EvidenceView

RULES = (SELECTION_RULE, ROW_RULE, COHORT_RULE, ANTIBODY_RULE)
HARM_RULE = (
    "a harm counts patients with at least one event out of those treated (or the stated safety population); a "
    "study that does not mention a harm is left out of it, never counted as zero; a study stating that no adverse "
    "event occurred counts as zero for every harm"
)


def _designs_with_patients() -> frozenset[str]:
    return vocab.DESIGNS.where(holds_patients=True)


def family_rows(outcomes: pd.DataFrame, request: CompareRequest) -> pd.DataFrame:
    """Outcome rows a summary can use: harmonised definitions, designs that hold patients, the profile's
    manifestation, and (sensitivity) only stated denominators."""
    rows = outcomes[
        outcomes["measure"].map(lambda m: vocab.family_of(m) is not None).astype(bool)
        & outcomes["design"].isin(_designs_with_patients())
    ]
    domains = request.profile.domains
    if domains is not None:
        rows = rows[rows["domain"].isin(domains)]
    if request.stated_only:
        rows = rows[rows["denominator_basis"] != "all_treated"]
    return rows


def proportion_findings(view: EvidenceView, request: CompareRequest) -> list[Finding]:
    rows = family_rows(view.outcomes, request)
    found = []
    for selection in request.selections:
        chosen = select(rows, selection).to_dict("records")
        groups: dict[tuple, tuple[list, list]] = {}
        for row, key, basis in keyed(chosen, view, request):
            definition = vocab.definition_of(row["measure"])
            usable, left_out = groups.setdefault((definition, row["age_group"], key), ([], []))
            if missing(row["responders"]) or missing(row["evaluable"]):
                left_out.append(row)
                continue
            contribution = row_contribution(row, "responders", "evaluable", basis)
            if vocab.MEASURES[row["measure"]].inverse:  # deaths recorded: shown as those alive
                contribution = replace(contribution, events=contribution.total - contribution.events)
            usable.append(contribution)
        for (definition, population, key), (usable, left_out) in sorted(groups.items(), key=_group_order):
            finding = single_arm_finding(
                "proportion", selection, definition, population, key, usable,
                excluded_rows(left_out, "responders", "evaluable", "responders"), view.cohorts, request,
            )  # fmt: skip
            if finding is not None:
                found.append(finding)
    return found


def _group_order(item) -> tuple:
    (definition, population, key), _ = item
    family = vocab.family_of(definition) or ""
    measure_order = list(vocab.MEASURES).index(definition)
    return (list(vocab.OUTCOME_FAMILIES).index(family), measure_order, population, str(key))


def harm_findings(view: EvidenceView, request: CompareRequest) -> list[Finding]:
    """Per therapy, population and harm: patients with the event of those treated (HARM_RULE)."""
    safety = view.safety[view.safety["design"].isin(_designs_with_patients())]
    safety = safety[safety["kind"].isin([*vocab.HARM_KINDS, vocab.NO_EVENTS_KIND])]
    found = []
    for selection in request.selections:
        chosen = select(safety, selection).to_dict("records")
        for harm in vocab.HARM_KINDS:
            groups: dict[tuple, tuple[list, list]] = {}
            named = {r["study_id"] for r in chosen if r["kind"] == harm}
            for row, key, basis in keyed(chosen, view, request):
                if row["kind"] != harm and (row["kind"] != vocab.NO_EVENTS_KIND or row["study_id"] in named):
                    continue
                usable, left_out = groups.setdefault((row["age_group"], key), ([], []))
                if missing(row["count"]) or missing(row["denominator"]):
                    left_out.append(row)
                    continue
                contribution = row_contribution(row, "count", "denominator", basis)
                if row["kind"] == vocab.NO_EVENTS_KIND:
                    contribution = replace(contribution, events=0)
                usable.append(contribution)
            for (population, key), (usable, left_out) in sorted(groups.items(), key=lambda i: (i[0][0], str(i[0][1]))):
                finding = single_arm_finding(
                    "harm", selection, harm, population, key, usable,
                    excluded_rows(left_out, "count", "denominator", "patients with the event"), view.cohorts, request,
                )  # fmt: skip
                if finding is not None:
                    found.append(finding)
    return found


def harm_reporting(view: EvidenceView, request: CompareRequest) -> dict[tuple[str, str], tuple[int, int]]:
    """(therapy, population) -> (studies with any harm finding, studies with patients): how many reported harms."""
    out = {}
    for selection in request.selections:
        arms = select(view.arms[view.arms["design"].isin(_designs_with_patients())], selection)
        safety = select(view.safety, selection)
        for population, group in arms.groupby("age_group"):
            studies = set(group["study_id"])
            reported = studies & set(safety["study_id"])
            out[(selection, population)] = (len(reported), len(studies))
    return out


def synthesize(view: EvidenceView, request: CompareRequest) -> SynthesisResult:
    """Every finding for the request within the view's filters: proportions, harms and comparisons."""
    findings = [
        *proportion_findings(view, request),
        *harm_findings(view, request),
        *comparative_findings(family_rows(view.outcomes, request), view, request),
    ]
    return SynthesisResult(findings=tuple(findings), rules=(*RULES, HARM_RULE))
