"""Cached access to the evidence. The only module that uses Streamlit caching."""

from __future__ import annotations

import os

import streamlit as st

from evidence.filters import Filters
from evidence.store import DEFAULT_DATA_DIR, LoadResult, data_stamp, load_studies
from evidence.view import Evidence, EvidenceView


@st.cache_resource(show_spinner="Loading the evidence base…")
def _evidence_for(stamp: str, data_dir: str) -> tuple[Evidence, LoadResult]:
    # cache_resource: one read-only copy shared by all sessions, rebuilt when the files change.
    result = load_studies(data_dir)
    return Evidence.from_result(result), result


def data_dir() -> str:
    """The records folder: JDM_EVIDENCE_DATA when set (deployments, tests), else the repository's data/."""
    return os.environ.get("JDM_EVIDENCE_DATA") or str(DEFAULT_DATA_DIR)


def evidence() -> tuple[Evidence, LoadResult]:
    """The loaded evidence and the load result (with problems), rebuilt when any record file changes."""
    folder = data_dir()
    return _evidence_for(data_stamp(folder), folder)


@st.cache_data(show_spinner=False, max_entries=256)
def _view(stamp: str, data_dir: str, filters: Filters) -> EvidenceView:
    ev, _ = _evidence_for(stamp, data_dir)
    return ev.view(filters)


def view(filters: Filters) -> EvidenceView:
    """The filtered view for these filters, cached per data version and filter value."""
    folder = data_dir()
    return _view(data_stamp(folder), folder, filters)


def year_bounds(ev: Evidence) -> tuple[int, int]:
    """Slider bounds from the data (at least one year wide so the slider can render)."""
    years = ev.arms["year"]
    low, high = (int(years.min()), int(years.max())) if len(years) else (2000, 2026)
    return (low, high) if high > low else (low, low + 1)


def page_setup() -> tuple[Evidence, LoadResult, EvidenceView]:
    """What every page starts with: the evidence, its load result, and the view for the sidebar's filters."""
    from ui import state  # local import: state renders widgets, data stays a cache module

    st.set_page_config(page_title="Refractory JDM evidence", page_icon=":material/menu_book:", layout="wide")
    _navigation()
    ev, result = evidence()
    filters = state.sidebar(year_bounds(ev))
    return ev, result, view(filters)


NAV = [
    ("app.py", "Overview", ":material/home:"),
    ("pages/1_Evidence_table.py", "Evidence table", ":material/table:"),
    ("pages/2_Compare_therapies.py", "Compare therapies", ":material/compare_arrows:"),
    ("pages/3_Study.py", "Study", ":material/article:"),
    ("pages/4_Export.py", "Export", ":material/download:"),
]


def _navigation() -> None:
    """Sidebar links with readable names; filters ride along because every page re-reads them."""
    for path, label, icon in NAV:
        st.sidebar.page_link(path, label=label, icon=icon)
    st.sidebar.divider()
