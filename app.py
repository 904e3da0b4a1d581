"""Entry point: routes to the pages and runs each inside the one error boundary (see Streamlit's `hello`)."""

import streamlit as st

from ui import boundary, nav

# Pages in a bar along the top and the filters in a side panel that starts closed, so a tablet (820 px) reads the
# page at full width; the panel opens with the arrow at the top left.
st.set_page_config(
    page_title="Refractory JDM evidence", page_icon=nav.ICON, layout="wide", initial_sidebar_state="collapsed"
)
boundary.run(st.navigation(nav.pages(), position="top"))
