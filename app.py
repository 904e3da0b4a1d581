"""Entry point: page configuration and routing only. Each page renders the shared filter sidebar."""

import streamlit as st

st.set_page_config(page_title="Refractory JDM evidence", page_icon="📚", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
    st.Page("pages/evidence_table.py", title="Evidence table", icon="📋", url_path="evidence"),
    st.Page("pages/compare.py", title="Compare therapies", icon="⚖️", url_path="compare"),
    st.Page("pages/study.py", title="Study", icon="📄", url_path="study"),
    st.Page("pages/export.py", title="Export", icon="⬇️", url_path="export"),
]

st.navigation(PAGES).run()
