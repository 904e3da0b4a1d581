"""Cached access to the evidence: the only module that uses Streamlit caching, and what every page starts with.

One rerun uses one data version: page_setup fetches the evidence once (rebuilt when a record file changes) and
every later call takes that evidence or its view, so each cache is keyed on the data version it came from and
the filters (the objects themselves are passed unhashed, as `_ev`/`_view`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from evidence.errors import NoValidRecords
from evidence.export import EXPORT_COLUMNS, OUTCOME_EXPORT, SAFETY_EXPORT, readable
from evidence.filters import Filters
from evidence.loader import Loaded, load
from evidence.profile import CompareRequest
from evidence.settings import data_dir
from evidence.store import LoadResult, data_stamp
from evidence.synthesis.forest import forest_rows, plotted
from evidence.synthesis.overview import Overview, class_summary, overview
from evidence.synthesis.results import SynthesisResult
from evidence.synthesis.summary import harm_reporting, synthesize
from evidence.view import Evidence, EvidenceView

STAMP_TTL = 3.0  # seconds between checks of the records folder (a check stats every file)


@st.cache_data(ttl=STAMP_TTL, show_spinner=False, max_entries=8)
def _stamp(folder: str) -> str:
    return data_stamp(folder)


def refresh() -> None:
    """Look at the records folder again on the next call (after a save), without waiting for STAMP_TTL."""
    _stamp.clear()


@st.cache_resource(show_spinner="Loading the evidence base…", max_entries=4)
def _loaded(stamp: str, folder: str) -> Loaded:
    # One read-only copy shared by all sessions, rebuilt when the files change; the snapshot makes that rebuild
    # read only the changed files.
    return load(folder)


def evidence() -> tuple[Evidence, LoadResult]:
    """The loaded evidence and the load result (with problems), rebuilt when any record file changes."""
    folder = str(data_dir())
    loaded = _loaded(_stamp(folder), folder)
    return loaded.evidence, loaded.result


@st.cache_resource(show_spinner=False, max_entries=64)  # bounded: each view holds table subsets
def _view(version: str, filters: Filters, _ev: Evidence) -> EvidenceView:
    return _ev.view(filters)


def view(ev: Evidence, filters: Filters) -> EvidenceView:
    """The filtered view of this evidence, shared (not copied) per data version and filter value."""
    return _view(ev.version, filters, ev)


@st.cache_resource(show_spinner="Pooling the studies…", max_entries=64)
def _synthesis(version: str, filters: Filters, request: CompareRequest, _view: EvidenceView) -> SynthesisResult:
    return synthesize(_view, request)


def synthesis(shown: EvidenceView, request: CompareRequest) -> SynthesisResult:
    """Every finding for the request within the view's filters, shared per data version, filters and request."""
    return _synthesis(shown.version, shown.filters, request, shown)


@st.cache_resource(show_spinner=False, max_entries=64)
def _harm_reporting(version: str, filters: Filters, request: CompareRequest, _view: EvidenceView) -> dict:
    return harm_reporting(_view, request)


def harms_reported(shown: EvidenceView, request: CompareRequest) -> dict[tuple[str, str], tuple[int, int]]:
    """(therapy, population) -> (studies reporting harms, studies), shared per data version, filters and request."""
    return _harm_reporting(shown.version, shown.filters, request, shown)


@st.cache_resource(show_spinner=False, max_entries=4)
def _study_choices(version: str, _ev: Evidence) -> tuple[list[str], dict[str, str]]:
    rows = _ev.study_rows.sort_values(["year", "study_id"], ascending=[False, True])
    return rows["study_id"].tolist(), dict(zip(rows["study_id"], rows["citation"], strict=True))


def study_choices(ev: Evidence) -> tuple[list[str], dict[str, str]]:
    """Study ids newest first and their citations, for the study picker (built once per data version)."""
    return _study_choices(ev.version, ev)


@st.cache_resource(show_spinner=False, max_entries=4)
def _overview(version: str, _ev: Evidence) -> tuple[Overview, pd.DataFrame]:
    return overview(_ev.study_rows, _ev.arms, _ev.cohorts), class_summary(_ev.arms, _ev.cohorts)


def overview_tables(ev: Evidence) -> tuple[Overview, pd.DataFrame]:
    """Home-page counts and the per-class table, computed once per data version."""
    return _overview(ev.version, ev)


@st.cache_resource(show_spinner=False, max_entries=32)
def _readable(version: str, filters: Filters, which: str, _view: EvidenceView) -> pd.DataFrame:
    table, columns = {
        "arms": (_view.arms, EXPORT_COLUMNS),
        "outcomes": (_view.outcomes, OUTCOME_EXPORT),
        "safety": (_view.safety, SAFETY_EXPORT),
    }[which]
    return readable(table, columns)


def readable_table(shown: EvidenceView, which: str) -> pd.DataFrame:
    """The view's arms, outcomes or safety table with readable labels, built once per filter value."""
    return _readable(shown.version, shown.filters, which, shown)


@st.cache_resource(show_spinner=False, max_entries=32)
def _forest(
    version: str, filters: Filters, request: CompareRequest, group: tuple, _view: EvidenceView
) -> tuple[object, pd.DataFrame, int]:
    from ui import charts  # plotly figures are built once per data version, filters, request and group

    findings = [
        f
        for f in _synthesis(version, filters, request, _view)
        if (f.kind, f.outcome, f.population, f.antibody.basis if f.antibody else f.subgroup, f.measure) == group
    ]
    rows = forest_rows(findings)
    drawn, hidden = plotted(rows)
    return charts.forest(drawn, findings[0]), rows, hidden


def forest(shown: EvidenceView, request: CompareRequest, group: tuple) -> tuple[object, pd.DataFrame, int]:
    """(figure, every row as a table, studies not drawn) for one group key (kind, outcome, population, basis or
    subgroup, measure), shared per view and request."""
    return _forest(shown.version, shown.filters, request, group, shown)


def year_bounds(ev: Evidence) -> tuple[int, int]:
    """Slider bounds from the data (at least one year wide so the slider can render)."""
    years = ev.arms["year"]
    low, high = (int(years.min()), int(years.max())) if len(years) else (2000, 2026)
    return (low, high) if high > low else (low, low + 1)


@dataclass(frozen=True)
class PageContext:
    evidence: Evidence
    result: LoadResult
    view: EvidenceView


def page_setup(require_records: bool = True) -> PageContext:
    """The evidence, its load result, the sidebar's filters and their view; raises a typed error when there is
    nothing to show (the boundary in app.py turns it into a message)."""
    from ui import render, state  # local import: those render widgets, this stays the cache module

    ev, result = evidence()
    if require_records and not ev.studies:
        raise NoValidRecords(
            f"No valid study records in {str(data_dir())!r}: "
            + (
                f"{len(result.problem_files)} record file(s) failed validation; the Overview page lists why."
                if result.problems
                else "the folder holds no .yaml record files."
            )
        )
    filters, notes = state.sidebar(year_bounds(ev))
    render.link_notes(notes)
    return PageContext(ev, result, view(ev, filters))
