"""The one error boundary: every page runs inside it, and this is the only place errors become messages."""

from __future__ import annotations

import traceback

import streamlit as st

from evidence.errors import EvidenceError
from evidence.text import escape_markdown


def run(page) -> None:
    """Run a page; a typed evidence error becomes a clear message, anything else a short notice with details folded.

    Streamlit's own control flow (st.stop, st.rerun, switch_page) derives from BaseException and passes through.
    """
    try:
        page.run()
    except EvidenceError as exc:
        show_error(exc)
    except Exception as exc:
        st.error(
            "Something went wrong while showing this page. The other pages still work; reloading may help.",
            icon=":material/error:",
        )
        with st.expander("Technical details"):
            st.code("".join(traceback.format_exception_only(type(exc), exc)).strip(), language=None)


def show_error(exc: EvidenceError) -> None:
    """A typed evidence error, as plain text (its message may quote a value from a link or a record)."""
    st.error(escape_markdown(exc), icon=":material/warning:")
