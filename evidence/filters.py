"""Filter state for the evidence table, its application, and its URL query-string form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import pandas as pd

from evidence import vocabulary as vocab
from evidence.errors import UnknownFilterValue

LIST_FIELDS = ("therapy_classes", "therapies", "antibodies", "age_groups", "designs", "publication_types", "domains")
INT_FIELDS = ("year_min", "year_max", "min_n")

_ALLOWED: dict[str, Mapping[str, object]] = {
    "therapy_classes": vocab.THERAPY_CLASSES,
    "therapies": vocab.THERAPIES,
    "antibodies": vocab.ANTIBODY_TERMS,
    "age_groups": vocab.AGE_GROUPS,
    "designs": vocab.DESIGNS,
    "publication_types": vocab.PUBLICATION_TYPES,
    "domains": vocab.OUTCOME_DOMAINS,
}


@dataclass(frozen=True)
class Filters:
    """What the clinician asked for. Empty lists and None mean 'no restriction'."""

    therapy_classes: tuple[str, ...] = ()
    therapies: tuple[str, ...] = ()
    antibodies: tuple[str, ...] = ()
    age_groups: tuple[str, ...] = ()
    designs: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    min_n: int | None = None
    text: str = ""

    def __post_init__(self) -> None:
        for name in LIST_FIELDS:
            allowed = _ALLOWED[name]
            values = tuple(_normalise(name, v) for v in getattr(self, name))
            unknown = [v for v in values if v not in allowed]
            if unknown:
                raise UnknownFilterValue(f"{name}: unknown value(s) {unknown}; known: {sorted(allowed)}")
            object.__setattr__(self, name, values)

    def describe(self) -> list[str]:
        """Human-readable lines naming each active filter (for reports and captions)."""
        labels = {
            "therapy_classes": ("Therapy class", vocab.class_label),
            "therapies": ("Therapy", vocab.therapy_label),
            "antibodies": ("Antibody positive", vocab.antibody_label),
            "age_groups": ("Age group", vocab.AGE_GROUPS.get),
            "designs": ("Design", vocab.design_label),
            "publication_types": ("Publication type", vocab.PUBLICATION_TYPES.get),
            "domains": ("Outcome domain", vocab.OUTCOME_DOMAINS.get),
        }
        lines = [
            f"{title}: {', '.join(fmt(v) for v in getattr(self, name))}"
            for name, (title, fmt) in labels.items()
            if getattr(self, name)
        ]
        if self.year_min is not None or self.year_max is not None:
            lines.append(f"Year: {self.year_min or 'any'} to {self.year_max or 'any'}")
        if self.min_n is not None:
            lines.append(f"Minimum arm n: {self.min_n}")
        if self.text:
            lines.append(f"Text contains: {self.text!r}")
        return lines or ["No filters (all records)"]

    def to_query(self) -> dict[str, str]:
        """Query-string parameters for a permalink; empty filters are left out."""
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in ((), None, ""):
                continue
            out[f.name] = ",".join(value) if isinstance(value, tuple) else str(value)
        return out

    @classmethod
    def from_query(cls, params: Mapping[str, str | list[str]]) -> Filters:
        """Rebuild filters from query-string parameters; unknown keys are ignored, bad values raise."""
        kwargs: dict[str, object] = {}
        for name in LIST_FIELDS:
            raw = _one(params.get(name))
            if raw:
                kwargs[name] = tuple(v for v in raw.split(",") if v)
        for name in INT_FIELDS:
            raw = _one(params.get(name))
            if raw:
                try:
                    kwargs[name] = int(raw)
                except ValueError as exc:
                    raise UnknownFilterValue(f"{name}: {raw!r} is not a whole number") from exc
        kwargs["text"] = _one(params.get("text")) or ""
        return cls(**kwargs)  # type: ignore[arg-type]


def _one(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def _normalise(name: str, value: str) -> str:
    """Accept synonyms for therapies and antibodies (e.g. 'anti-p155/140', 'Xeljanz')."""
    if name == "therapies":
        return vocab.therapy_id(value) or value
    if name == "antibodies":
        return vocab.antibody_id(value) or value
    return value


def _has_any(column: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return column.map(lambda values: not wanted_set.isdisjoint(values)).astype(bool)


def apply_filters(arms: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows of the evidence table (one per arm) that match every active filter."""
    mask = pd.Series(True, index=arms.index)
    if filters.therapy_classes:
        mask &= arms["therapy_class"].isin(filters.therapy_classes)
    if filters.therapies:
        mask &= _has_any(arms["therapy_ids"], filters.therapies)
    if filters.antibodies:
        mask &= _has_any(arms["antibodies_positive"], filters.antibodies)
    if filters.age_groups:
        mask &= arms["age_group"].isin(filters.age_groups)
    if filters.designs:
        mask &= arms["design"].isin(filters.designs)
    if filters.publication_types:
        mask &= arms["publication_type"].isin(filters.publication_types)
    if filters.domains:
        mask &= _has_any(arms["outcome_domains"], filters.domains)
    if filters.year_min is not None:
        mask &= arms["year"] >= filters.year_min
    if filters.year_max is not None:
        mask &= arms["year"] <= filters.year_max
    if filters.min_n is not None:
        mask &= arms["n"].fillna(0) >= filters.min_n
    if filters.text:
        needle = filters.text.casefold()
        haystack = (
            arms["title"] + " " + arms["summary"] + " " + arms["outcomes"] + " " + arms["citation"]
        ).str.casefold()
        mask &= haystack.str.contains(needle, regex=False)
    return arms[mask]


def restrict(table: pd.DataFrame, arms: pd.DataFrame) -> pd.DataFrame:
    """Rows of a long table (outcomes, safety) that belong to the given filtered arms."""
    keys = set(zip(arms["study_id"], arms["arm_id"], strict=True))
    whole_study = set(arms["study_id"])
    mask = [
        (sid, aid) in keys or (pd.isna(aid) and sid in whole_study)
        for sid, aid in zip(table["study_id"], table["arm_id"], strict=True)
    ]
    return table[pd.Series(mask, index=table.index, dtype=bool)]
