"""The kinds of filter, each a class that knows its URL parameter, sidebar widget, description, CLI option and
how it narrows the arm table: a choice among vocabulary terms, a year range, a minimum arm size, a text search.
The filters themselves (FILTERS) and the Filters value are in evidence.filters."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from evidence import vocabulary as vocab
from evidence.errors import UnknownFilterValue
from evidence.limits import MAX_LINK_TEXT

Filters = Any  # the Filters value of evidence.filters (not imported: that module is built from these classes)

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
