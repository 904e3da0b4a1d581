"""Entry point: routes to the pages and runs each inside the one error boundary (see Streamlit's `hello`)."""

import streamlit as st

from ui import boundary, nav

st.set_page_config(page_title="Refractory JDM evidence", page_icon=nav.ICON, layout="wide")
boundary.run(st.navigation(nav.pages()))
