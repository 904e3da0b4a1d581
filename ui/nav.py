"""The app's pages: titles, icons and URL paths (kept from the first version so old permalinks still open).

The page scripts live in app_pages/, not pages/: Streamlit treats a folder named pages/ beside app.py as the old
file-based navigation for the first run after a server start, so a first visitor opening /Evidence_table saw a
"page not found" dialog.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

ICON = str(Path(__file__).resolve().parent / "assets" / "icon.png")  # served by our own server, not a font CDN
OVERVIEW = "app_pages/overview.py"
EVIDENCE_TABLE = "app_pages/evidence_table.py"
COMPARE = "app_pages/compare.py"
STUDY = "app_pages/study.py"
EXPORT = "app_pages/export.py"
ADD_STUDY = "app_pages/add_study.py"

# (file, title, icon, url path); url paths match the old file-name URLs (/Evidence_table, /Study, ...).
PAGES = (
    (OVERVIEW, "Overview", ":material/home:", ""),
    (EVIDENCE_TABLE, "Evidence table", ":material/table:", "Evidence_table"),
    (COMPARE, "Compare therapies", ":material/compare_arrows:", "Compare_therapies"),
    (STUDY, "Study", ":material/article:", "Study"),
    (EXPORT, "Export", ":material/download:", "Export"),
    (ADD_STUDY, "Add a study", ":material/add_circle:", "Add_study"),
)


def pages() -> list:
    """st.Page objects in sidebar order; the overview is the default page."""
    return [
        st.Page(path, title=title, icon=icon, url_path=url or None, default=not url) for path, title, icon, url in PAGES
    ]
