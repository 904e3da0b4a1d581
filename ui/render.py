"""Rendering helpers: the single place errors become user messages, and safe text display."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from evidence.errors import EvidenceError, Problem

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")


def escape_md(text: object) -> str:
    """Record text shown as text: Markdown and HTML characters are escaped, never interpreted."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def text(label: str, value: object) -> None:
    """A bold label followed by escaped record text (or 'not reported')."""
    shown = "not reported" if value in (None, "", [], ()) else escape_md(value)
    st.markdown(f"**{label}:** {shown}")


def show_error(exc: Exception, context: str = "") -> None:
    """Turn a typed evidence error into a clinician-readable message (the only such place)."""
    if isinstance(exc, EvidenceError):
        st.error(f"{context} {exc}".strip(), icon=":material/warning:")
    else:
        st.error(f"{context} Unexpected error: {type(exc).__name__}: {exc}".strip(), icon=":material/warning:")


def show_problems(problems: tuple[Problem, ...]) -> None:
    """A visible warning naming every record that failed validation, with field and reason."""
    if not problems:
        return
    files = sorted({p.file for p in problems})
    with st.container(border=True):
        st.warning(
            f"{len(files)} record file(s) failed validation and are not shown; all other records are. Details below.",
            icon=":material/warning:",
        )
        st.dataframe(
            [{"File": p.file, "Field": p.field, "Problem": p.message} for p in problems],
            hide_index=True,
            placeholder="—",
            width="stretch",
        )


def footnote() -> None:
    st.caption(
        "Evidence summary for clinicians, not a treatment recommendation. Comparisons across non-randomised "
        "studies are indirect. A blank count means the source does not state it."
    )


def table(data: object, **column_config: object) -> object:
    """A read-only table with the app's defaults: no index, '—' for values the source does not state."""
    return st.dataframe(data, hide_index=True, placeholder="—", width="stretch", column_config=column_config or None)


def chart_section(
    title: str, data: pd.DataFrame, figure: Callable[[pd.DataFrame], object], empty: str, caption: str
) -> None:
    """A chart with its caption and, as the accessible alternative, its data table."""
    st.subheader(title)
    if data.empty:
        st.write(empty)
    else:
        st.plotly_chart(figure(data), width="stretch")
    st.caption(caption)
    with st.expander("Chart data"):
        table(data)
