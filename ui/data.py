"""Cached access to the evidence: the only module that uses Streamlit caching, and what every page starts with."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from evidence.errors import NoValidRecords
from evidence.filters import Filters
from evidence.settings import data_dir
from evidence.store import LoadResult, data_stamp, load_studies
from evidence.synthesis.summary import SynthesisResult, summary_of_findings
from evidence.view import Evidence, EvidenceView


@st.cache_resource(show_spinner="Loading the evidence base…", max_entries=4)
def _evidence_for(stamp: str, folder: str) -> tuple[Evidence, LoadResult]:
    # cache_resource: one read-only copy shared by all sessions, rebuilt when the files change.
    result = load_studies(folder)
    return Evidence.from_result(result), result


def evidence() -> tuple[Evidence, LoadResult]:
    """The loaded evidence and the load result (with problems), rebuilt when any record file changes."""
    folder = str(data_dir())
    return _evidence_for(data_stamp(folder), folder)


@st.cache_resource(show_spinner=False, max_entries=256)
def _view(stamp: str, folder: str, filters: Filters) -> EvidenceView:
    ev, _ = _evidence_for(stamp, folder)
    return ev.view(filters)


def view(filters: Filters) -> EvidenceView:
    """The filtered view for these filters, shared (not copied) per data version and filter value."""
    folder = str(data_dir())
    return _view(data_stamp(folder), folder, filters)


@st.cache_resource(show_spinner="Pooling the studies…", max_entries=256)
def _synthesis(stamp: str, folder: str, filters: Filters, selections: tuple[str, ...], population: str | None):
    ev, _ = _evidence_for(stamp, folder)
    shown = _view(stamp, folder, filters)
    return summary_of_findings(shown.outcomes, selections, ev.cohorts, population, arms=shown.arms)


def synthesis(view: EvidenceView, selections: tuple[str, ...], population: str | None) -> SynthesisResult:
    """Pooled findings for the view's filters and these selections, shared per data version."""
    folder = str(data_dir())
    return _synthesis(data_stamp(folder), folder, view.filters, selections, population)


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
    link_notes: tuple[str, ...]


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
    return PageContext(ev, result, view(filters), tuple(notes))
