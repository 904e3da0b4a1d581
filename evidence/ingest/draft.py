"""The draft a parse produces: a record-shaped dict, where each filled value came from, and what is left to fill.

The record template is built from evidence.schema, so a field added to the schema appears in every draft.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, get_origin

from pydantic import BaseModel

from evidence.errors import Problem
from evidence.schema import Study

FORMATS: dict[str, str] = {
    "acr": "ACR meeting abstract",
    "eular": "EULAR meeting abstract",
    "pubmed": "PubMed abstract",
    "medline": "PubMed MEDLINE export",
    "ris": "RIS citation export",
    "refworks": "RefWorks citation export",
    "page": "web page copied as text (PubMed, PMC or journal)",
    "plain": "structured abstract (no known page layout)",
    "text": "text without a known layout (check every value)",
}

# Leaves never listed as "to fill in": identifiers are recorded only when the page shows them (curation rule 7),
# and these others are legitimately empty in most records.
_NOT_TO_FILL = {
    "read_at",
    "antibodies",
    "curation_notes",
    "safety",
    "authors_truncated",
    "abstract_number",
    "doi",
    "pmid",
    "pmcid",
    "trial_registration",
    "same_cohort_as",
    "notes",
    "n_respondents",
    "population.prior_therapy_notes",
    "disclosures.companies",
    "disclosures.funding",
}
_NOT_TO_FILL_IN_ITEMS = {"notes", "antibodies", "subgroup", "p_value"}


@dataclass(frozen=True)
class Found:
    """One value read from the text: its span (start, end offsets into Draft.text, quoted snippet) and confidence."""

    value: Any
    start: int
    end: int
    snippet: str
    confidence: float
    note: str | None = None


def found(text: str, start: int, end: int, value: Any, confidence: float, note: str | None = None) -> Found:
    """A Found whose snippet is exactly text[start:end] (the invariant every span keeps)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    return Found(value, start, end, text[start:end], round(min(1.0, max(0.0, confidence)), 2), note)


@dataclass(frozen=True)
class TherapyUse:
    """A therapy named for this study's patients: vocabulary id, its role in the sentence, and where."""

    id: str
    role: str  # "index" (a study treatment), "prior" (received or failed before) or "background" (alongside)
    where: Found
    failed: bool = False  # a prior therapy the text says failed (refractory, inadequate response, stopped as useless)


@dataclass
class Draft:
    """A draft study record parsed from one abstract.

    record: shaped like a YAML record (schema field order), unknown values None/empty;
    sources: field path (e.g. "arms.0.n") -> where its value came from;
    to_fill: field paths a curator must still fill in; hints: facts found that have no record field.
    """

    text: str
    format: str
    record: dict[str, Any]
    sources: dict[str, Found] = field(default_factory=dict)
    to_fill: list[str] = field(default_factory=list)
    hints: dict[str, list[Found]] = field(default_factory=dict)
    therapies: list[TherapyUse] = field(default_factory=list)

    @property
    def format_label(self) -> str:
        """The page layout in words, e.g. 'ACR meeting abstract'."""
        return FORMATS.get(self.format, self.format)

    def segments(self) -> list[tuple[str, bool]]:
        """The abstract cut into (text, came_from_a_field) pieces, in order, for highlighting the sources."""
        spans = sorted({(f.start, f.end) for f in self.sources.values() if 0 <= f.start < f.end <= len(self.text)})
        pieces: list[tuple[str, bool]] = []
        at = 0
        for start, end in spans:
            if start < at:  # overlapping spans: the earlier one already covers this text
                continue
            pieces += [(self.text[at:start], False), (self.text[start:end], True)]
            at = end
        pieces.append((self.text[at:], False))
        return [(text, marked) for text, marked in pieces if text]

    def problems(self, file_name: str | None = None) -> list[Problem]:
        """What keeps the draft from validating, as `python -m evidence validate` would report it."""
        from evidence.ingest.save import record_problems  # save never imports draft: no cycle

        return record_problems(self.record, file_name)


def _template(model: type[BaseModel]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out[name] = _template(annotation)
        elif info.is_required():
            out[name] = [] if get_origin(annotation) is list else None
        else:
            out[name] = copy.deepcopy(info.get_default(call_default_factory=True))
    return out


def empty_record() -> dict[str, Any]:
    """Every Study field in schema order, each unknown (None) or at its schema default."""
    return _template(Study)


def leaf_paths(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted path, value) for each leaf of a record; a list of mappings is walked item by item."""
    if isinstance(value, dict):
        out: list[tuple[str, Any]] = []
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(item, dict) and item and key != "antibodies":
                out.extend(leaf_paths(item, path))
            elif isinstance(item, list) and item and all(isinstance(x, dict) for x in item):
                for i, sub in enumerate(item):
                    out.extend(leaf_paths(sub, f"{path}.{i}"))
            else:
                out.append((path, item))
        return out
    return [(prefix, value)]


def to_fill(record: dict[str, Any]) -> list[str]:
    """Paths still empty that a curator should fill (identifiers and optional remarks excluded)."""
    survey = record.get("design") == "survey"
    paths: list[str] = []
    for path, value in leaf_paths(record):
        if value not in (None, [], "", {}):
            continue
        last = path.rsplit(".", 1)[-1]
        skipped = path in _NOT_TO_FILL or (path.count(".") >= 2 and last in _NOT_TO_FILL_IN_ITEMS)
        if skipped and not (survey and path == "n_respondents"):
            continue
        if survey and path == "n_total":
            continue
        paths.append(path)
    return paths
