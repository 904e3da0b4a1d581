"""Filters, each defined once: name, label, vocabulary, URL key, widget kind, CLI flag and how it applies.

The sidebar, the permalink (URL query string), `Filters.describe()` and the command line are all derived from
FILTERS, in the spirit of datasette's filter classes. Today's URL keys (`antibodies=anti_mda5&age_groups=...`)
are the filter names, so a permalink that worked once keeps working.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from evidence import vocabulary as vocab
from evidence.errors import UnknownFilterValue
from evidence.limits import MAX_LINK_TEXT

YEAR_LIMITS = (1900, 2100)  # absurd years in a link are clamped into this range before the data's own range
MAX_N = 1_000_000

Params = Mapping[str, "str | list[str]"]


def _one(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value


@dataclass(frozen=True)
class ChoiceFilter:
    """Pick any of a vocabulary's terms; a row matches when its column holds (or, for lists, contains) one."""

    name: str  # Filters field, URL key and (with dashes) the CLI flag's stem
    label: str
    terms: vocab.Vocabulary
    column: str
    list_column: bool = False  # the column holds a tuple of ids per row
    section: str = "main"  # "main" sidebar or "more" (folded)
    help: str | None = None
    cli_flag: str = ""
    widget: ClassVar[str] = "multiselect"

    @property
    def fields(self) -> tuple[tuple[str, Any, Any], ...]:
        return ((self.name, tuple, ()),)

    def clean(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """Canonical ids for ids, labels or aliases; an unknown value raises with the allowed ones."""
        out = []
        for value in values:
            canonical = self.terms.resolve(str(value))
            if canonical is None:
                raise UnknownFilterValue(f"{self.label}: unknown value {str(value)[:80]!r}")
            out.append(canonical)
        return tuple(dict.fromkeys(out))

    def from_params(self, params: Params, notes: list[str]) -> dict[str, Any]:
        raw = _one(params.get(self.name)) or ""
        kept = []
        for value in (v for v in raw.split(",") if v.strip()):
            canonical = self.terms.resolve(value)
            if canonical is None:
                notes.append(f"{self.label}: the link's value {value[:80]!r} is not known and was left out.")
            else:
                kept.append(canonical)
        return {self.name: tuple(dict.fromkeys(kept))} if kept else {}

    def to_params(self, f: Filters) -> dict[str, str]:
        value = getattr(f, self.name)
        return {self.name: ",".join(value)} if value else {}

    def describe(self, f: Filters) -> str | None:
        value = getattr(f, self.name)
        return f"{self.label}: {', '.join(self.terms.label(v) for v in value)}" if value else None

    def mask(self, table: pd.DataFrame, f: Filters) -> pd.Series | None:
        wanted = getattr(f, self.name)
        if not wanted:
            return None
        column = table[self.column]
        if not self.list_column:
            return column.isin(wanted)
        exploded = column.explode()
        return exploded.isin(wanted).groupby(level=0).any().reindex(table.index, fill_value=False)

    def add_cli(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            self.flag,
            action="append",
            metavar="ID",
            help=f"{self.label} (id, label or alias; repeat or comma-separate)",
        )

    def from_cli(self, args: argparse.Namespace) -> dict[str, Any]:
        values = [v.strip() for item in getattr(args, self.dest) or [] for v in item.split(",") if v.strip()]
        return {self.name: tuple(values)} if values else {}

    @property
    def flag(self) -> str:
        return "--" + (self.cli_flag or self.name.replace("_", "-"))

    @property
    def dest(self) -> str:
        return self.flag[2:].replace("-", "_")


@dataclass(frozen=True)
class YearRange:
    """Publication years from year_min to year_max (either may be open); a slider in the sidebar."""

    name: str = "years"
    label: str = "Year"
    column: str = "year"
    section: str = "more"
    help: str | None = None
    widget: ClassVar[str] = "year_range"

    @property
    def fields(self) -> tuple[tuple[str, Any, Any], ...]:
        return (("year_min", int | None, None), ("year_max", int | None, None))

    def from_params(self, params: Params, notes: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in ("year_min", "year_max"):
            raw = (_one(params.get(key)) or "").strip()
            if not raw:
                continue
            value = _whole_number(raw)
            if value is None:
                notes.append(f"{self.label}: the link's {key} {raw[:40]!r} is not a whole number and was left out.")
                continue
            clamped = min(max(value, YEAR_LIMITS[0]), YEAR_LIMITS[1])
            if clamped != value:
                notes.append(f"{self.label}: the link's {key} {raw[:40]!r} is out of range; {clamped} is used.")
            out[key] = clamped
        if "year_min" in out and "year_max" in out and out["year_min"] > out["year_max"]:
            notes.append(
                f"{self.label}: the link's years {out['year_min']} to {out['year_max']} were swapped into order."
            )
            out["year_min"], out["year_max"] = out["year_max"], out["year_min"]
        return out

    def to_params(self, f: Filters) -> dict[str, str]:
        return {k: str(getattr(f, k)) for k in ("year_min", "year_max") if getattr(f, k) is not None}

    def describe(self, f: Filters) -> str | None:
        if f.year_min is None and f.year_max is None:
            return None
        return f"{self.label}: {f.year_min or 'any'} to {f.year_max or 'any'}"

    def mask(self, table: pd.DataFrame, f: Filters) -> pd.Series | None:
        if f.year_min is None and f.year_max is None:
            return None
        mask = pd.Series(True, index=table.index)
        if f.year_min is not None:
            mask &= table[self.column] >= f.year_min
        if f.year_max is not None:
            mask &= table[self.column] <= f.year_max
        return mask

    def add_cli(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--year-min", type=int, metavar="YEAR", help="published in or after this year")
        parser.add_argument("--year-max", type=int, metavar="YEAR", help="published in or before this year")

    def from_cli(self, args: argparse.Namespace) -> dict[str, Any]:
        return {k: getattr(args, k) for k in ("year_min", "year_max") if getattr(args, k) is not None}


@dataclass(frozen=True)
class MinimumN:
    """Arms with at least this many patients (arms whose n is not stated never match)."""

    name: str = "min_n"
    label: str = "Minimum arm n"
    column: str = "n"
    section: str = "more"
    help: str | None = None
    widget: ClassVar[str] = "number"

    @property
    def fields(self) -> tuple[tuple[str, Any, Any], ...]:
        return ((self.name, int | None, None),)

    def from_params(self, params: Params, notes: list[str]) -> dict[str, Any]:
        raw = (_one(params.get(self.name)) or "").strip()
        if not raw:
            return {}
        value = _whole_number(raw)
        if value is None or value < 0:
            notes.append(f"{self.label}: the link's value {raw[:40]!r} is not a whole number ≥ 0 and was left out.")
            return {}
        if value > MAX_N:
            notes.append(f"{self.label}: the link's value {raw[:40]!r} is out of range; {MAX_N} is used.")
        return {self.name: min(value, MAX_N)} if value else {}

    def to_params(self, f: Filters) -> dict[str, str]:
        return {self.name: str(f.min_n)} if f.min_n is not None else {}

    def describe(self, f: Filters) -> str | None:
        return f"{self.label}: {f.min_n}" if f.min_n is not None else None

    def mask(self, table: pd.DataFrame, f: Filters) -> pd.Series | None:
        if f.min_n is None:
            return None
        return table[self.column].fillna(0) >= f.min_n

    def add_cli(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--min-n", type=int, metavar="N", help=self.label)

    def from_cli(self, args: argparse.Namespace) -> dict[str, Any]:
        return {self.name: args.min_n} if args.min_n is not None else {}


@dataclass(frozen=True)
class TextSearch:
    """Case-insensitive plain-text search (never a pattern) over title, summary, outcomes and citation."""

    name: str = "text"
    label: str = "Search titles and summaries"
    columns: tuple[str, ...] = ("title", "summary", "outcomes", "citation")
    section: str = "more"
    help: str | None = None
    widget: ClassVar[str] = "text"

    @property
    def fields(self) -> tuple[tuple[str, Any, Any], ...]:
        return ((self.name, str, ""),)

    def from_params(self, params: Params, notes: list[str]) -> dict[str, Any]:
        raw = (_one(params.get(self.name)) or "").strip()
        if len(raw) > MAX_LINK_TEXT:
            notes.append(f"{self.label}: the link's text was longer than {MAX_LINK_TEXT} characters and was shortened.")
            raw = raw[:MAX_LINK_TEXT]
        return {self.name: raw} if raw else {}

    def to_params(self, f: Filters) -> dict[str, str]:
        return {self.name: f.text} if f.text else {}

    def describe(self, f: Filters) -> str | None:
        return f"Text contains: {f.text!r}" if f.text else None

    def mask(self, table: pd.DataFrame, f: Filters) -> pd.Series | None:
        if not f.text:
            return None
        haystack = table[self.columns[0]].astype(str)
        for column in self.columns[1:]:
            haystack = haystack + " " + table[column].astype(str)  # vectorised (Arrow strings), not row by row
        return haystack.str.casefold().str.contains(f.text.casefold(), regex=False)

    def add_cli(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--text", metavar="TEXT", help=self.label)

    def from_cli(self, args: argparse.Namespace) -> dict[str, Any]:
        return {self.name: args.text.strip()} if args.text and args.text.strip() else {}


def _whole_number(raw: str) -> int | None:
    """A whole number written in plain digits (huge ones are capped, never parsed at any length)."""
    text = raw.strip()
    if not text or len(text) > 40 or not text.removeprefix("-").isdigit():
        return None
    return max(min(int(text), 10**12), -(10**12))


FILTERS: tuple[ChoiceFilter | YearRange | MinimumN | TextSearch, ...] = (
    ChoiceFilter("therapy_classes", "Therapy class", vocab.THERAPY_CLASSES, "therapy_class", cli_flag="therapy-class"),
    ChoiceFilter("therapies", "Drug", vocab.THERAPIES, "therapy_ids", list_column=True, cli_flag="therapy"),
    ChoiceFilter(
        "antibodies",
        "Antibody positive",
        vocab.ANTIBODY_TERMS,
        "antibodies_positive",
        list_column=True,
        cli_flag="antibody",
        help="An arm matches when its source reports at least one patient positive for the antibody. "
        "Arms whose source does not report antibodies never match.",
    ),
    ChoiceFilter(
        "age_groups",
        "Age group",
        vocab.AGE_GROUPS,
        "age_group",
        cli_flag="age-group",
        help="Adult-onset DM is indirect evidence.",
    ),
    ChoiceFilter("designs", "Design", vocab.DESIGNS, "design", section="more", cli_flag="design"),
    ChoiceFilter(
        "publication_types",
        "Publication type",
        vocab.PUBLICATION_TYPES,
        "publication_type",
        section="more",
        cli_flag="publication-type",
    ),
    ChoiceFilter(
        "domains",
        "Outcome domain reported",
        vocab.OUTCOME_DOMAINS,
        "outcome_domains",
        list_column=True,
        section="more",
        cli_flag="domain",
    ),
    YearRange(),
    MinimumN(),
    TextSearch(),
)


@dataclass(frozen=True)
class Filters:
    """What the clinician asked for, one field per filter in FILTERS (each spec's `fields`; a test checks they
    agree). Empty means 'no restriction'."""

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
        for spec in FILTERS:
            if isinstance(spec, ChoiceFilter):
                object.__setattr__(self, spec.name, spec.clean(tuple(getattr(self, spec.name))))

    def describe(self) -> list[str]:
        """Human-readable lines naming each active filter (for reports and captions)."""
        lines = [line for spec in FILTERS if (line := spec.describe(self))]
        return lines or ["No filters (all records)"]

    def to_query(self) -> dict[str, str]:
        """Query-string parameters for a permalink; empty filters are left out."""
        out: dict[str, str] = {}
        for spec in FILTERS:
            out.update(spec.to_params(self))
        return out

    def mask(self, table: pd.DataFrame) -> pd.Series:
        """Rows of the arm table that match every active filter."""
        mask = pd.Series(True, index=table.index)
        for spec in FILTERS:
            part = spec.mask(table, self)
            if part is not None:
                mask &= part.astype(bool)
        return mask

    @classmethod
    def parse_query(cls, params: Params) -> tuple[Filters, list[str]]:
        """Filters from a query string, never raising: unknown or absurd values are dropped or clamped and named."""
        notes: list[str] = []
        kwargs: dict[str, Any] = {}
        for spec in FILTERS:
            kwargs.update(spec.from_params(params, notes))
        return cls(**kwargs), notes

    @classmethod
    def from_query(cls, params: Params) -> Filters:
        """Strict form of parse_query: the first problem raises UnknownFilterValue."""
        filters, notes = cls.parse_query(params)
        if notes:
            raise UnknownFilterValue(notes[0])
        return filters

    @classmethod
    def from_link(cls, link: str) -> Filters:
        """Filters of a permalink copied from the browser (any page of the app), strictly parsed."""
        query = urlsplit(link.strip()).query
        return cls.from_query({k: v[-1] for k, v in parse_qs(query, keep_blank_values=False).items()})

    @classmethod
    def from_cli(cls, args: argparse.Namespace) -> Filters:
        kwargs: dict[str, Any] = {}
        for spec in FILTERS:
            kwargs.update(spec.from_cli(args))
        return cls(**kwargs)

    @staticmethod
    def add_cli_arguments(parser: argparse.ArgumentParser) -> None:
        """One CLI option per filter, plus --link for a permalink copied from the browser."""
        group = parser.add_argument_group("filters (the same as the app's sidebar)")
        for spec in FILTERS:
            spec.add_cli(group)
        group.add_argument("--link", metavar="URL", help="a permalink copied from the app: use its filters")


FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Filters))


def filters_from_args(args: argparse.Namespace) -> Filters:
    """The CLI's filters: --link first, then every explicit option on top of it."""
    base = Filters.from_link(args.link) if getattr(args, "link", None) else Filters()
    explicit = Filters.from_cli(args)
    changed = {f: getattr(explicit, f) for f in FIELD_NAMES if getattr(explicit, f) != getattr(Filters(), f)}
    return dataclasses.replace(base, **changed)


def apply_filters(arms: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Rows of the evidence table (one per arm) that match every active filter."""
    return arms[filters.mask(arms)]


def isin(column: pd.Series, values: object) -> np.ndarray:
    """column.isin(values) for many values: pandas' Arrow-string isin builds one Arrow scalar per value."""
    wanted = set(values)  # type: ignore[arg-type]
    return np.fromiter((v in wanted for v in column.to_numpy(dtype=object)), dtype=bool, count=len(column))


def restrict(table: pd.DataFrame, arms: pd.DataFrame) -> pd.DataFrame:
    """Rows of a long table (outcomes, safety) that belong to the given arms, or to their whole studies."""
    arm_studies = arms["study_id"].to_numpy(dtype=object)  # numpy iteration: Arrow-backed Series iterate slowly
    keys = set(zip(arm_studies, arms["arm_id"].to_numpy(dtype=object), strict=True))
    studies = set(arm_studies)
    mask = [
        (sid in studies) if not isinstance(aid, str) else ((sid, aid) in keys)
        for sid, aid in zip(
            table["study_id"].to_numpy(dtype=object), table["arm_id"].to_numpy(dtype=object), strict=True
        )
    ]
    return table[np.array(mask, dtype=bool)]
