"""Cached access to the evidence: the only module that uses Streamlit caching, and what every page starts with."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from evidence import vocabulary as vocab
from evidence.errors import NoValidRecords
from evidence.export import EXPORT_COLUMNS, OUTCOME_EXPORT, SAFETY_EXPORT, readable
from evidence.filters import Filters
from evidence.settings import data_dir
from evidence.snapshot import load_evidence
from evidence.store import LoadResult, data_stamp
from evidence.synthesis.overview import Overview, class_summary, overview
from evidence.synthesis.presentation import forest_table, plotted
from evidence.synthesis.summary import SynthesisResult, summary_of_findings
from evidence.view import Evidence, EvidenceView

STAMP_TTL = 3.0  # seconds between checks of the records folder (a check stats every file)
_stamps: dict[str, tuple[float, str]] = {}


def data_stamp_cached(folder: str) -> str:
    """The folder's change stamp, re-checked at most every STAMP_TTL seconds (not O(files) on every rerun)."""
    now = time.monotonic()
    hit = _stamps.get(folder)
    if hit is None or now - hit[0] > STAMP_TTL:
        hit = (now, data_stamp(folder))
        _stamps[folder] = hit
    return hit[1]


def refresh() -> None:
    """Look at the records folder again on the next call (after a save), without waiting for STAMP_TTL."""
    _stamps.clear()


@st.cache_resource(show_spinner="Loading the evidence base…", max_entries=4)
def _evidence_for(stamp: str, folder: str) -> tuple[Evidence, LoadResult]:
    # cache_resource: one read-only copy shared by all sessions, rebuilt when the files change; the snapshot
    # makes that rebuild read only the changed files.
    evidence, result, _ = load_evidence(folder)
    return evidence, result


def evidence() -> tuple[Evidence, LoadResult]:
    """The loaded evidence and the load result (with problems), rebuilt when any record file changes."""
    folder = str(data_dir())
    return _evidence_for(data_stamp_cached(folder), folder)


@st.cache_resource(show_spinner=False, max_entries=64)  # bounded: each view holds table subsets
def _view(stamp: str, folder: str, filters: Filters) -> EvidenceView:
    ev, _ = _evidence_for(stamp, folder)
    return ev.view(filters)


def view(filters: Filters) -> EvidenceView:
    """The filtered view for these filters, shared (not copied) per data version and filter value."""
    folder = str(data_dir())
    return _view(data_stamp_cached(folder), folder, filters)


@st.cache_resource(show_spinner="Pooling the studies…", max_entries=64)
def _synthesis(stamp: str, folder: str, filters: Filters, selections: tuple[str, ...], population: str | None):
    ev, _ = _evidence_for(stamp, folder)
    shown = _view(stamp, folder, filters)
    return summary_of_findings(shown.outcomes, selections, ev.cohorts, population, arms=shown.arms)


def synthesis(view: EvidenceView, selections: tuple[str, ...], population: str | None) -> SynthesisResult:
    """Pooled findings for the view's filters and these selections, shared per data version."""
    folder = str(data_dir())
    return _synthesis(data_stamp_cached(folder), folder, view.filters, selections, population)


@st.cache_resource(show_spinner=False, max_entries=4)
def _study_choices(stamp: str, folder: str) -> tuple[list[str], dict[str, str]]:
    ev, _ = _evidence_for(stamp, folder)
    rows = ev.study_rows.sort_values(["year", "study_id"], ascending=[False, True])
    return rows["study_id"].tolist(), dict(zip(rows["study_id"], rows["citation"], strict=True))


def study_choices(ev: Evidence) -> tuple[list[str], dict[str, str]]:
    """Study ids newest first and their citations, for the study picker (built once per data version)."""
    folder = str(data_dir())
    return _study_choices(data_stamp_cached(folder), folder)


@st.cache_resource(show_spinner=False, max_entries=4)
def _overview(stamp: str, folder: str) -> tuple[Overview, pd.DataFrame]:
    ev, _ = _evidence_for(stamp, folder)
    return overview(ev.study_rows, ev.arms, ev.cohorts), class_summary(ev.arms, ev.cohorts)


def overview_tables(ev: Evidence) -> tuple[Overview, pd.DataFrame]:
    """Home-page counts and the per-class table, computed once per data version."""
    folder = str(data_dir())
    return _overview(data_stamp_cached(folder), folder)


@st.cache_resource(show_spinner=False, max_entries=32)
def _readable(stamp: str, folder: str, filters: Filters, which: str) -> pd.DataFrame:
    shown = _view(stamp, folder, filters)
    table, columns = {
        "arms": (shown.arms, EXPORT_COLUMNS),
        "outcomes": (shown.outcomes, OUTCOME_EXPORT),
        "safety": (shown.safety, SAFETY_EXPORT),
    }[which]
    return readable(table, columns)


def readable_table(view: EvidenceView, which: str) -> pd.DataFrame:
    """The view's arms, outcomes or safety table with readable labels, built once per filter value."""
    folder = str(data_dir())
    return _readable(data_stamp_cached(folder), folder, view.filters, which)


@st.cache_resource(show_spinner=False, max_entries=32)
def _forests(
    stamp: str, folder: str, filters: Filters, selections: tuple[str, ...], population: str | None, subgroup: str | None
) -> list[tuple[str, str, object, pd.DataFrame, int]]:
    from ui import charts  # plotly figures are built once per data version, filters and selection

    result = _synthesis(stamp, folder, filters, selections, population)
    out = []
    for outcome in dict.fromkeys(f.outcome for f in result if f.subgroup == subgroup):
        rows = forest_table(result, outcome, subgroup)
        drawn, hidden = plotted(rows)
        title = vocab.MEASURES.label(outcome)
        out.append((outcome, title, charts.forest(drawn, title), rows, hidden))
    return out


def forests(
    view: EvidenceView, selections: tuple[str, ...], population: str | None, subgroup: str | None
) -> list[tuple[str, str, object, pd.DataFrame, int]]:
    """(outcome, title, forest figure, all rows, studies not drawn) per outcome definition, shared per view."""
    folder = str(data_dir())
    return _forests(data_stamp_cached(folder), folder, view.filters, selections, population, subgroup)


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
    return PageContext(ev, result, view(filters))
