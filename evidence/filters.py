"""Filters, each defined once: name, label, vocabulary, URL key, widget kind, CLI flag and how it applies.

The sidebar, the permalink (URL query string), `Filters.describe()` and the command line are all derived from
FILTERS, in the spirit of datasette's filter classes. Today's URL keys (`antibodies=anti_mda5&age_groups=...`)
are the filter names, so a permalink that worked once keeps working.
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from evidence import vocabulary as vocab
from evidence.errors import UnknownFilterValue
from evidence.filter_specs import ChoiceFilter, MinimumN, Params, TextSearch, YearRange

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
