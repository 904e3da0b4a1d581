"""Export the current filtered view: CSV, Excel, Markdown report, RIS citations, JSON."""

from functools import partial

import streamlit as st

from evidence.export import MEDIA_TYPES, export, file_name, name_parts
from ui import data, render

view = data.page_setup().view

st.title("Export")
st.markdown(
    f"**{len(view.arms)} study arms** from **{len(view.studies)} studies** ({view.patients} patients), "
    f"data version `{view.version}`."
)
st.markdown("  \n".join(render.escape_md(line) for line in view.filters.describe()))

DOWNLOADS = [
    (
        "xlsx",
        "Workbook (Excel)",
        "Sheets: evidence table, outcomes, harms, citations (with links), and the filters used.",
    ),
    ("csv", "Evidence table (CSV)", "One row per study arm, readable headers; opens in Excel with accents intact."),
    ("md", "Report (Markdown)", "Filters used, data version, table and citations."),
    ("ris", "Citations (RIS)", "For Zotero, EndNote and other reference managers."),
    ("json", "Evidence table (JSON)", "A list of row objects with ids, for analysis."),
]
st.caption("The summary of findings (the answer for the patients you ask about) is downloaded from Compare therapies.")
for fmt, label, what in DOWNLOADS:
    left, right = st.columns([1, 2])
    left.download_button(
        label,
        data=partial(export, view, fmt),  # built only when the button is pressed
        file_name=file_name("jdm-evidence", name_parts(view.filters), fmt),
        mime=MEDIA_TYPES[fmt],
        key=f"download_{fmt}",
        on_click="ignore",
        width="stretch",
    )
    right.caption(what)
st.caption(
    "The command line gives the same content: `python -m evidence export --format FORMAT` with the same filters."
)
