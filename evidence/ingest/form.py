"""A review form for a draft record: fields in plain words, the widget each needs, and the source snippet each
value came from; validation errors as plain messages keyed by field label; what is still to fill in.

Usage for the add-study page (no Streamlit here; the page draws the widgets):

    fields = form_fields(draft)                  # FormField per value: path, label, kind, value, options, snippet
    # ... draw one widget per field (kind: text, long_text, integer, number, yes_no, date, choice, multi_choice,
    # list_text), then write each edited value back with set_value(record, field.path, value) ...
    problems = form_messages(record)             # {"Year": ["Year must be a whole number such as 2024"], ...}
    left = still_to_fill(record)                 # [(path, label), ...] recomputed from the edited values
    study = Study.model_validate(prepared(record)) when problems is empty (prepared turns '2026-12-06' into a date)

Outcomes, arms and safety findings are numbered from 1 in labels ('Outcome 3, time point (months)' is outcomes.2).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from evidence import vocabulary as vocab
from evidence.ingest.draft import Draft, leaf_paths, to_fill
from evidence.schema import Study

_ITEMS = {"arms": "Arm", "outcomes": "Outcome", "safety": "Safety finding"}
# field name -> (label, widget kind); a name inside arms/outcomes/safety may have its own entry ('outcomes.summary').
_FIELDS: dict[str, tuple[str, str]] = {
    "id": ("Record id", "text"),
    "title": ("Title", "long_text"),
    "authors": ("Authors", "list_text"),
    "authors_truncated": ("Only the first authors are shown", "yes_no"),
    "year": ("Year", "integer"),
    "venue": ("Journal or meeting", "text"),
    "publication_type": ("Publication type", "choice"),
    "abstract_number": ("Abstract number", "text"),
    "url": ("Main link (web address)", "text"),
    "read_at": ("Address actually read", "text"),
    "doi": ("DOI", "text"),
    "pmid": ("PubMed id (PMID)", "text"),
    "pmcid": ("PubMed Central id (PMCID)", "text"),
    "trial_registration": ("Trial registration number", "text"),
    "last_checked": ("Date checked", "date"),
    "design": ("Study design", "choice"),
    "setting": ("Setting", "text"),
    "countries": ("Countries", "list_text"),
    "enrolment_period": ("Enrolment period", "text"),
    "n_total": ("Number of patients", "integer"),
    "n_respondents": ("Number of survey respondents", "integer"),
    "population.age_group": ("Age group", "choice"),
    "population.condition": ("Condition", "text"),
    "population.age_details": ("Ages", "text"),
    "population.sex": ("Sex", "text"),
    "population.refractory_definition": ("Definition of refractory disease", "long_text"),
    "population.prior_failed_therapies": ("Prior (failed) therapies", "multi_choice"),
    "population.prior_therapy_notes": ("Notes on prior therapies", "long_text"),
    "antibodies": ("Antibodies (whole cohort)", "text"),
    "summary": ("Summary (in your own words)", "long_text"),
    "disclosures.industry_ties": ("Industry ties", "yes_no"),
    "disclosures.companies": ("Companies", "list_text"),
    "disclosures.funding": ("Funding", "text"),
    "same_cohort_as": ("Same patients as (record ids)", "list_text"),
    "notes": ("Notes for clinicians", "long_text"),
    "curation_notes": ("Curation notes", "long_text"),
    "arms.id": ("id", "text"),
    "arms.label": ("name", "text"),
    "arms.therapies": ("therapies", "multi_choice"),
    "arms.therapy_class": ("therapy class", "choice"),
    "arms.n": ("number of patients", "integer"),
    "arms.dose": ("dose", "text"),
    "arms.concomitant": ("therapies given alongside", "text"),
    "arms.antibodies": ("antibodies", "text"),
    "arms.control": ("control group", "yes_no"),
    "arms.notes": ("notes", "long_text"),
    "outcomes.arm": ("arm", "choice"),
    "outcomes.subgroup": ("subgroup", "text"),
    "outcomes.subgroup.label": ("subgroup", "text"),
    "outcomes.subgroup.antibody": ("subgroup antibody", "choice"),
    "outcomes.measure": ("measure", "choice"),
    "outcomes.domain": ("domain", "choice"),
    "outcomes.timepoint_months": ("time point (months)", "number"),
    "outcomes.responders": ("patients with the result", "integer"),
    "outcomes.evaluable": ("patients evaluated", "integer"),
    "outcomes.denominator_basis": ("how the number evaluated is known", "choice"),
    "outcomes.response_definition": ("definition of response", "long_text"),
    "outcomes.direction": ("direction", "choice"),
    "outcomes.significant": ("statistically significant", "yes_no"),
    "outcomes.p_value": ("p value", "text"),
    "outcomes.summary": ("summary (in your own words)", "long_text"),
    "outcomes.source_section": ("where in the source", "text"),
    "safety.arm": ("arm", "choice"),
    "safety.kind": ("kind of event", "choice"),
    "safety.count": ("patients affected", "integer"),
    "safety.evaluable": ("patients evaluated", "integer"),
    "safety.summary": ("summary (in your own words)", "long_text"),
    "safety.source_section": ("where in the source", "text"),
}
_OPTIONS = {
    "publication_type": vocab.PUBLICATION_TYPES,
    "design": vocab.DESIGNS,
    "population.age_group": vocab.AGE_GROUPS,
    "population.prior_failed_therapies": vocab.THERAPIES,
    "arms.therapies": vocab.THERAPIES,
    "arms.therapy_class": vocab.THERAPY_CLASSES,
    "outcomes.subgroup.antibody": vocab.ANTIBODY_TERMS,
    "outcomes.measure": vocab.MEASURES,
    "outcomes.domain": vocab.OUTCOME_DOMAINS,
    "outcomes.denominator_basis": vocab.DENOMINATOR_BASES,
    "outcomes.direction": vocab.DIRECTIONS,
    "safety.kind": vocab.SAFETY_KINDS,
}


@dataclass(frozen=True)
class FormField:
    """One value of the form: where it lives, how to ask for it, and the text it came from (None: not from the
    text). options: (id, label) pairs for choices."""

    path: str
    label: str
    kind: str
    value: Any
    options: tuple[tuple[str, str], ...] = ()
    snippet: str | None = None
    confidence: float | None = None
    note: str | None = None
    to_fill: bool = False


def _generic(path: str) -> tuple[str, str | None]:
    """'outcomes.2.timepoint_months' -> ('outcomes.timepoint_months', 'Outcome 3')."""
    parts = path.split(".")
    if parts[0] in _ITEMS and len(parts) > 1 and parts[1].isdigit():
        return ".".join([parts[0], *parts[2:]]), f"{_ITEMS[parts[0]]} {int(parts[1]) + 1}"
    return path, None


def field_label(path: str) -> str:
    """A field path in plain words: 'outcomes.2.timepoint_months' -> 'Outcome 3, time point (months)'; parts below
    a known field are added in words ('authors.0' -> 'Authors, item 1')."""
    generic, item = _generic(path)
    parts = generic.split(".")
    known = next((n for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in _FIELDS), 0)
    if known:
        label = _FIELDS[".".join(parts[:known])][0]
    else:
        label = parts[-1].replace("_", " ") if generic.count(".") or item else parts[0].replace("_", " ").capitalize()
        known = len(parts)
    rest = [f"item {int(p) + 1}" if p.isdigit() else vocab.ANTIBODY_TERMS.label(p) for p in parts[known:]]
    label = ", ".join([label, *rest])
    if item is None:
        return label
    return f"{item}, {label}" if generic.count(".") else item


def field_kind(path: str) -> str:
    """The widget a field needs (text when the field is not listed)."""
    return _FIELDS.get(_generic(path)[0], ("", "text"))[1]


def _options(path: str, record: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    generic, _ = _generic(path)
    if generic in {"outcomes.arm", "safety.arm"}:
        return tuple((a.get("id") or "", a.get("label") or a.get("id") or "") for a in record.get("arms") or [])
    terms = _OPTIONS.get(generic)
    return tuple((key, terms.label(key)) for key in terms) if terms is not None else ()


def form_fields(draft: Draft, record: dict[str, Any] | None = None) -> list[FormField]:
    """Every field of the (edited) record in schema order, with its source snippet where the draft read it."""
    record = draft.record if record is None else record
    missing = set(to_fill(record))
    out = []
    for path, value in leaf_paths(record):
        source = draft.sources.get(path)
        out.append(
            FormField(
                path=path,
                label=field_label(path),
                kind=field_kind(path),
                value=value,
                options=_options(path, record),
                snippet=source.snippet if source else None,
                confidence=source.confidence if source else None,
                note=source.note if source else None,
                to_fill=path in missing,
            )
        )
    return out


def set_value(record: dict[str, Any], path: str, value: Any) -> None:
    """Write one edited value back into the record by its dotted path."""
    target: Any = record
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    target[parts[-1]] = value


def prepared(record: dict[str, Any]) -> dict[str, Any]:
    """A copy ready for validation: a date typed as text ('2026-12-06', quoted or not) becomes a date."""
    out = copy.deepcopy(record)
    checked = out.get("last_checked")
    if isinstance(checked, str):
        text = checked.strip().strip("'\"")
        with contextlib.suppress(ValueError):  # not a date: left as text, and validation says what a date looks like
            out["last_checked"] = dt.date.fromisoformat(text)
    return out


def still_to_fill(record: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, label) of each value a curator must still fill, from the current (edited) values."""
    return [(path, field_label(path)) for path in to_fill(record)]


_EXAMPLES = {"year": " such as 2024", "n_total": " such as 24"}
_PATTERNS = {
    "id": "must be lower-case letters, digits and hyphens, such as smith-2024-rituximab",
    "doi": "must look like 10.1136/annrheumdis-2017-211751",
    "pmid": "must be digits only, such as 28993346",
    "pmcid": "must look like PMC2952049",
    "trial_registration": "must look like NCT00323960",
    "arms.id": "must be lower-case letters, digits and hyphens, such as rituximab",
}
# Field names that may appear inside the schema's own rule messages, in plain words.
_NAMES = {
    "n_total": "number of patients",
    "industry_ties": "industry ties",
    "denominator_basis": "how the number evaluated is known",
    "all_treated": "all patients treated",
    "therapy_class": "therapy class",
    "evaluable": "patients evaluated",
    "responders": "patients with the result",
}


def _message(error: dict[str, Any], path: str, label: str) -> str:
    kind = error["type"]
    generic = _generic(path)[0]
    last = generic.rsplit(".", 1)[-1]
    ctx = error.get("ctx") or {}
    if kind == "missing" or (error.get("input") in (None, "") and kind.endswith("_type")):
        return f"{label} needs a value"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"{label} must be a whole number{_EXAMPLES.get(generic, '')}"
    if kind in {"float_type", "float_parsing"}:
        return f"{label} must be a number, such as 6 or 2.5"
    if kind in {"bool_type", "bool_parsing"}:
        return f"{label} must be yes or no"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{label} must be a date such as 2026-12-06"
    if kind == "string_type":
        return f"{label} must be text"
    if kind in {"list_type", "dict_type"}:
        return f"{label} must be a list" if kind == "list_type" else f"{label} must be a set of named values"
    if kind == "string_too_short":
        return f"{label} is too short (at least {ctx.get('min_length')} characters)"
    if kind == "string_too_long":
        return f"{label} is too long (at most {ctx.get('max_length')} characters)"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"{label} must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind == "too_short":
        return f"{label} needs at least {ctx.get('min_length')} item(s)"
    if kind == "literal_error":
        terms = _OPTIONS.get(generic)
        choices = ", ".join(terms.label(k) for k in terms) if terms is not None else str(ctx.get("expected", ""))
        return f"{label} must be one of: {choices}"
    if kind == "string_pattern_mismatch":
        return f"{label} {_PATTERNS.get(generic, _PATTERNS.get(last, 'is not in the expected form'))}"
    if kind == "extra_forbidden":
        return f"{label} is not a field of a study record"
    text = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    for name, words in _NAMES.items():
        text = re.sub(rf"\b{name}\b", words, text)
    return f"{label}: {text}"


def form_messages(record: dict[str, Any]) -> dict[str, list[str]]:
    """Plain-word validation messages by field label (empty when the record validates)."""
    try:
        Study.model_validate(prepared(record))
    except ValidationError as exc:
        out: dict[str, list[str]] = {}
        for error in exc.errors(include_url=False):
            path = ".".join(str(p) for p in error["loc"])
            label = field_label(path) if path else "Record"
            message = _message(error, path, label)
            if message not in out.setdefault(label, []):
                out[label].append(message)
        return out
    return {}
