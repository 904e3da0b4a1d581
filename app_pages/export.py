"""Export the current filtered view: CSV, Excel, Markdown report, RIS citations, JSON."""

from functools import partial

import streamlit as st

from evidence.export import MEDIA_TYPES, export, file_name
from ui import data, render

view = data.page_setup().view

st.title("Export")
st.markdown(
    f"**{len(view.arms)} study arms** from **{len(view.studies)} studies** ({view.patients} patients), "
    f"data version `{view.version}`."
)
st.markdown("  \n".join(render.escape_md(line) for line in view.filters.describe()))

DOWNLOADS = [
    ("csv", "Evidence table (CSV)", "One row per study arm."),
    ("xlsx", "Workbook (Excel)", "Sheets: evidence table, outcomes, safety, citations, and the filters used."),
    ("md", "Summary report (Markdown)", "Filters used, data version, table and citations."),
    ("ris", "Citations (RIS)", "For Zotero, EndNote and other reference managers."),
    ("json", "Evidence table (JSON)", "A list of row objects, for analysis."),
]
for fmt, label, what in DOWNLOADS:
    left, right = st.columns([1, 2])
    left.download_button(
        label,
        data=partial(export, view, fmt),  # built only when the button is pressed
        file_name=file_name(view.version, fmt),
        mime=MEDIA_TYPES[fmt],
        key=f"download_{fmt}",
        on_click="ignore",
        width="stretch",
    )
    right.caption(what)
st.caption(
    "The command line gives the same content: `python -m evidence export --format FORMAT` with the same filters."
)
