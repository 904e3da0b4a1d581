"""Rendering helpers: record and link text shown only as escaped text, links only from validated addresses."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from evidence.errors import Problem
from evidence.links import is_safe_url
from evidence.text import escape_markdown

escape_md = escape_markdown  # the one escaper lives in evidence.text


def text(label: str, value: object) -> None:
    """A bold label followed by escaped record text (or 'not reported')."""
    shown = "not reported" if value in (None, "", [], ()) else escape_md(value)
    st.markdown(f"**{escape_md(label)}:** {shown}")


def link(label: str, url: str) -> str:
    """A Markdown link with an escaped label, or the escaped label alone when the address is not plain http(s)."""
    return f"[{escape_md(label)}]({url})" if is_safe_url(url) else escape_md(label)


def link_notes(notes: list[str]) -> None:
    """What was dropped or changed from the page's link (each note quotes the value, as plain text)."""
    if notes:
        st.warning(
            "Some of the link's filters could not be used:  \n" + "  \n".join(escape_md(n) for n in notes),
            icon=":material/link_off:",
        )


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


def caption(lines: list[str]) -> None:
    """A caption made of escaped lines (filter descriptions quote link values)."""
    st.caption(" · ".join(escape_md(line) for line in lines))


def grid(table: pd.DataFrame, first_width: float = 1.8) -> None:
    """A table whose cells wrap (st.dataframe cuts long text to one line): header, then one bordered row each."""
    widths = [first_width] + [2] * (len(table.columns) - 1)
    header = st.columns(widths)
    for col, name in zip(header, table.columns, strict=True):
        col.markdown(f"**{escape_md(name)}**")
    for _, row in table.iterrows():
        with st.container(border=True):
            cols = st.columns(widths)
            for i, (col, value) in enumerate(zip(cols, row, strict=True)):
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    col.markdown("—")
                    continue
                lines = [escape_md(line) for line in str(value).split("\n")]
                col.markdown(("**" + lines[0] + "**" if i == 0 else lines[0]) + "".join("  \n" + s for s in lines[1:]))


def footnote() -> None:
    st.caption(
        "Evidence summary for clinicians, not a treatment recommendation. Comparisons across non-randomised "
        "studies are indirect. A blank count means the source does not state it."
    )


def table(data: object, **column_config: object) -> object:
    """A read-only table with the app's defaults: no index, '—' for values the source does not state."""
    return st.dataframe(data, hide_index=True, placeholder="—", width="stretch", column_config=column_config or None)


def chart_section(
    title: str, data: pd.DataFrame, figure: Callable[[pd.DataFrame], object], empty: str, caption_text: str
) -> None:
    """A chart with its caption and, as the accessible alternative, its data table."""
    st.subheader(title)
    if data.empty:
        st.write(empty)
    else:
        st.plotly_chart(figure(data), width="stretch")
    st.caption(caption_text)
    with st.expander("Chart data"):
        table(data.rename(columns=lambda c: c.replace("_", " ").capitalize()))
