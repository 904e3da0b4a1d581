"""A parsed page into a Draft: citation fields from the layout, then study facts, therapies, arms, population and
outcome stubs, each value with the span it came from."""

from __future__ import annotations

import re
from dataclasses import replace

from evidence import vocabulary as vocab
from evidence.ingest.antibodies import antibodies
from evidence.ingest.arms import ArmDraft
from evidence.ingest.builder import Builder, identifiers, slug, suggest_id
from evidence.ingest.cases import single_case
from evidence.ingest.context import Context
from evidence.ingest.disclosures import disclosure
from evidence.ingest.draft import Draft, Found, TherapyUse, found, to_fill
from evidence.ingest.extract import design, follow_up, safety_sentences, setting_cues, trial_registration
from evidence.ingest.groups import GROUP
from evidence.ingest.outcomes import outcome_stubs
from evidence.ingest.page import Parsed
from evidence.ingest.population import age_group, ages, condition, enrolment_period, sex
from evidence.ingest.safety import no_event_findings
from evidence.ingest.study_arms import study_arms
from evidence.ingest.terms import CLASS, CONTROL
from evidence.ingest.therapies import prior_failed, therapy_hits, therapy_uses
from evidence.ingest.totals import case_report_total, n_respondents, n_total, patient_counts
from evidence.ingest.unlisted import UNLISTED

_ARM_TAGS = {
    "jak_inhibitor": "jaki",
    "tnf_inhibitor": "anti-tnf",
    "calcineurin_inhibitor": "cni",
    "usual_care": "control",
}


def assemble(text: str, parsed: Parsed) -> Draft:
    """Citation fields from the page layout, then study facts, arms, population and outcome stubs."""
    b = Builder(text)
    for path, where in parsed.fields.items():
        if path.split(".")[0] in b.record:
            b.put(path, where)
    for name, items in parsed.hints.items():
        b.hint(name, items)
    identifiers(b, text)
    if "disclosures.industry_ties" not in b.sources:
        _put_disclosure(b, text, parsed)
    ctx = Context(text, parsed.title, parsed.sections)
    # A publication type states the design, but 'Case Reports' also covers small series: the text's 'case series' wins.
    cue, stated = design(ctx), b.sources.get("design")
    series = stated is not None and cue is not None and (stated.value, cue.value) == ("case_report", "case_series")
    study_design = cue if cue and (stated is None or series) else stated
    if study_design is None:  # 'Our case was a 6 year old girl': a case report, when no count of two or more
        one = single_case(ctx, patient_counts(ctx))
        study_design = replace(one, value="case_report", note="a single case is presented") if one else None
    if study_design:
        b.put("design", study_design)
    survey = study_design is not None and study_design.value == "survey"
    total = _study_size(b, ctx, study_design, survey)
    hits = therapy_hits(ctx, survey)
    arms, total = study_arms(b, ctx, hits, total)
    if total is not None:
        b.put("n_total", total)
    _put_arms(b, ctx, arms)
    index = {k for arm in arms for k in (arm.key, *arm.therapy_ids)}
    uses = therapy_uses(ctx, hits, index)
    _put_population(b, ctx, uses)
    _put_background(b, ctx, arms, uses)
    pubmed_source = parsed.format in {"pubmed", "medline"} or "pmid" in b.sources
    _put_outcomes(b, ctx, arms, total, pubmed_source, survey)  # a PubMed web page saved as text is a PubMed abstract
    b.hint("follow_up_months", follow_up(ctx))
    b.hint("setting", setting_cues(ctx))
    b.hint("safety", safety_sentences(ctx))
    _put_safety(b, ctx, arms, pubmed_source)
    suggest_id(b)
    record = b.record
    return Draft(text, parsed.format, record, b.sources, to_fill(record), b.hints, uses)


def _put_disclosure(b: Builder, text: str, parsed: Parsed) -> None:
    """A disclosure statement outside the abstract body, where the page layout read none."""
    body = (min(s.start for s in parsed.sections), max(s.end for s in parsed.sections)) if parsed.sections else (0, 0)
    stated = disclosure(text, body)
    if stated is None:
        return
    if stated.ties.value is None:
        b.hint("disclosures", stated.ties)
        return
    b.put("disclosures.industry_ties", stated.ties)
    if stated.companies is not None:
        b.put("disclosures.companies", stated.companies)


def _study_size(b: Builder, ctx: Context, study_design: Found | None, survey: bool) -> Found | None:
    """n_respondents for a survey; otherwise the patient total (or candidates for the curator)."""
    counts = patient_counts(ctx)
    if survey:
        respondents = n_respondents(ctx, counts)
        if respondents:
            b.put("n_respondents", respondents)
        return None
    total, candidates = n_total(ctx, counts)
    if total is None and study_design is not None and study_design.value == "case_report":
        total = case_report_total(ctx) or single_case(ctx, counts)
    b.hint("n_total_candidates", candidates)
    return total


def _put_safety(b: Builder, ctx: Context, arms: list[ArmDraft], pubmed_source: bool) -> None:
    """Statements that no (serious) adverse event occurred, as findings with count 0."""
    for finding in no_event_findings(ctx, arms):
        i = len(b.record["safety"])
        arm_id = b.record["arms"][finding.arm]["id"] if finding.arm is not None else None
        section = ctx.section_label("results", pubmed_source)
        item = {"arm": None, "kind": None, "count": None, "evaluable": None, "summary": None, "source_section": None}
        b.record["safety"].append(item)
        where = finding.where
        if arm_id is not None:
            b.put(f"safety.{i}.arm", where, arm_id)
        b.put(f"safety.{i}.kind", where, finding.kind)
        b.put(f"safety.{i}.count", where, 0)
        b.put(f"safety.{i}.source_section", replace(where, note="the section the statement is in"), section)


def _put_background(b: Builder, ctx: Context, arms: list[ArmDraft], uses: list[TherapyUse]) -> None:
    """Therapies given alongside the study treatment: the concomitant text of the only treated arm, else a hint."""
    background = [u for u in uses if u.role == "background"]
    if not background:
        return
    treated = [i for i, arm in enumerate(arms) if not arm.is_control]
    labels = ", ".join(vocab.term_label(u.id).lower() for u in background)
    first, last = background[0].where, background[-1].where
    where = found(ctx.text, first.start, last.end, labels, 0.6, "background therapies named in the abstract")
    if len(treated) == 1:
        b.put(f"arms.{treated[0]}.concomitant", where)
    else:
        b.hint("background_therapies", [u.where for u in background])


def _put_population(b: Builder, ctx: Context, uses: list[TherapyUse]) -> None:
    stated_ages = ages(ctx)
    group = age_group(ctx, stated_ages)
    if group:
        b.put("population.age_group", group)
    if stated_ages.phrases:
        first = stated_ages.phrases[0]
        b.put("population.age_details", first, " ".join(str(first.value).split()))
    b.hint("ages_at_onset", stated_ages.onset)
    for path, getter in (
        ("population.sex", sex),
        ("population.condition", condition),
        ("enrolment_period", enrolment_period),
    ):
        value = getter(ctx)
        if value:
            b.put(path, value)
    failed = prior_failed(ctx, uses)
    if failed:
        b.put("population.prior_failed_therapies", failed)
    b.hint("prior_therapies_not_said_to_fail", [u.where for u in uses if u.role == "prior" and not u.failed])
    if "trial_registration" not in b.sources:
        registration = trial_registration(ctx)
        if registration:
            b.put("trial_registration", registration)


def _put_outcomes(
    b: Builder, ctx: Context, arms: list[ArmDraft], total: Found | None, pubmed_source: bool, survey: bool
) -> None:
    stubs = outcome_stubs(ctx, arms, total.value if total else None, pubmed_source, survey)
    arm_ids = {arm.key: item["id"] for arm, item in zip(arms, b.record["arms"], strict=True)}
    for i, stub in enumerate(stubs):
        values = dict(stub.values)
        if values["arm"] is not None:
            values["arm"] = arm_ids[values["arm"]]
        b.record["outcomes"].append(values)
        for name, where in stub.sources.items():
            b.sources[f"outcomes.{i}.{name}"] = replace(where, value=values[name]) if name == "arm" else where


def _arm_label(arm: ArmDraft) -> str:
    if arm.kind in {UNLISTED, GROUP}:  # named as the text names it
        name = arm.label or arm.source.ids[0]
        return name[:1].upper() + name[1:]
    if arm.label:  # a group the text names: 'Tacrolimus (TI cohort)'
        return f"{_drug_label(arm)} ({arm.label})"
    return _drug_label(arm)


def _drug_label(arm: ArmDraft) -> str:
    if arm.kind == CLASS:
        label = vocab.class_label(arm.key)
        drugs = [vocab.therapy_label(t) for t in arm.therapy_ids if not t.endswith("_unspecified")]
        drugs = [d.lower() if re.fullmatch(r"[A-Z][a-z]+", d) else d for d in drugs]
        return (
            f"{label} ({', '.join(drugs[:-1])} or {drugs[-1]})"
            if len(drugs) > 1
            else (f"{label} ({drugs[0]})" if drugs else label)
        )
    if arm.kind == CONTROL and arm.key == "usual_care":
        return "Control group (other therapy or usual care)"
    if len(arm.therapy_ids) > 1:  # drugs given together
        return " plus ".join(vocab.therapy_label(t) for t in arm.therapy_ids)
    return vocab.therapy_label(arm.key)


def _put_arms(b: Builder, ctx: Context, arms: list[ArmDraft]) -> None:
    used: set[str] = set()
    for i, arm in enumerate(arms):
        base = slug(_ARM_TAGS.get(arm.key, arm.key)) or f"arm-{i + 1}"
        arm_id, k = base, 1
        while arm_id in used:
            k += 1
            arm_id = f"{base}-{k}"
        used.add(arm_id)
        item = {"id": None, "label": None, "therapies": [], "therapy_class": None, "n": None, "dose": None,
                "concomitant": None, "antibodies": {}, "notes": None}  # fmt: skip
        b.record["arms"].append(item)
        src = arm.source
        named = found(ctx.text, src.start, src.end, arm_id, 0.5, "named after the therapy")
        b.put(f"arms.{i}.id", named, arm_id)
        b.put(f"arms.{i}.label", found(ctx.text, src.start, src.end, _arm_label(arm), 0.5, "vocabulary label"))
        if arm.control:
            b.put(
                f"arms.{i}.control", found(ctx.text, src.start, src.end, True, 0.7, "the text names it a control group")
            )
        if arm.therapies:
            spans = [m for _, m in arm.therapies]
            first, last = min(s.start for s in spans), max(s.end for s in spans)
            if last - first > 300:
                first, last = src.start, src.end
            b.put(f"arms.{i}.therapies", found(ctx.text, first, last, arm.therapy_ids, 0.8))
            cls = arm.therapy_class
            if cls:
                b.put(
                    f"arms.{i}.therapy_class", found(ctx.text, src.start, src.end, cls, 0.8, "class of the therapies")
                )
        elif arm.therapy_class:
            b.put(f"arms.{i}.therapy_class", found(ctx.text, src.start, src.end, arm.therapy_class, 0.7))
        if arm.n is not None:
            b.put(f"arms.{i}.n", arm.n)
        if arm.dose is not None:
            b.put(f"arms.{i}.dose", arm.dose)
    unassigned = []
    for finding in antibodies(ctx, arms):
        if finding.arm is None:
            unassigned.append(finding.where)
            continue
        item = b.record["arms"][finding.arm]
        size = item["n"]
        positive, tested = finding.positive, finding.tested
        if size is not None and ((tested or 0) > size or (positive or 0) > size):
            positive = tested = None
        current = item["antibodies"].get(finding.antibody)
        if current is None or (current["positive"] is None and positive is not None):
            item["antibodies"][finding.antibody] = {"positive": positive, "tested": tested}
            b.sources[f"arms.{finding.arm}.antibodies.{finding.antibody}"] = finding.where
    b.hint("antibodies_arm_not_clear", unassigned)
