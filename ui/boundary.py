"""The one error boundary: every page runs inside it, and this is the only place errors become messages.

Every unexpected error is logged with its traceback (evidence.logs: standard error of the server); the
clinician sees a short notice, never the traceback's text as markup.
"""

from __future__ import annotations

import logging
import traceback

import streamlit as st

from evidence.errors import EvidenceError
from evidence.logs import configure
from evidence.text import escape_markdown

log = logging.getLogger(__name__)


def run(page) -> None:
    """Run a page; a typed evidence error becomes a clear message, anything else a short notice with details folded.

    Streamlit's own control flow (st.stop, st.rerun, switch_page) derives from BaseException and passes through.
    """
    configure()
    try:
        page.run()
    except EvidenceError as exc:
        log.info("Shown to the user on %s: %s", getattr(page, "url_path", "?"), exc)
        show_error(exc)
    except Exception as exc:
        log.exception("Unexpected error on page %r", getattr(page, "url_path", "?"))
        st.error(
            "Something went wrong while showing this page. The other pages still work; reloading may help. "
            "The error was logged for whoever runs this server.",
            icon=":material/error:",
        )
        with st.expander("Technical details"):
            st.code("".join(traceback.format_exception_only(type(exc), exc)).strip(), language=None)


def show_error(exc: EvidenceError) -> None:
    """A typed evidence error, as plain text (its message may quote a value from a link or a record)."""
    st.error(escape_markdown(exc), icon=":material/warning:")
