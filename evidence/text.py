"""Plain text made inert: the one Markdown escaper, single-line fields, and spreadsheet-safe cells.

Everything that comes from a record or a link passes through here before it reaches Markdown (the app's
pages, the Markdown report) or a spreadsheet cell (CSV, Excel).
"""

from __future__ import annotations

import re

# Markdown, HTML and Streamlit directive characters (":" stops `:red[...]` and `:material/x:` directives).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:@=\"'])")
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "\n")


_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)")
ZERO_WIDTH_SPACE = "\u200b"


def escape_markdown(text: object) -> str:
    """Text shown as text in Markdown: every special character is backslash-escaped, never interpreted.

    GitHub-flavoured Markdown also turns bare addresses into links after escapes are resolved ("http://x",
    "www.x", "a@b.x"), so an invisible zero-width space is put inside "://", "www." and before "@": the text
    looks the same and never becomes a link.
    """
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(ZERO_WIDTH_SPACE, str(text)))


_CHART_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape_chart(text: object) -> str:
    """Text shown as text in a plotly chart (tick labels, legends, hover): plotly renders a subset of HTML there
    (<a href>, <b>, <br>, ...), so &, < and > become entities, which plotly shows as the characters themselves.

    Never put record text inside a hovertemplate string itself ('%{...}' is template syntax there): pass it as
    customdata and refer to it.
    """
    return single_line(text).translate(_CHART_ENTITIES)


def escape_table_cell(text: object) -> str:
    """Text inside a Markdown table cell of a generated document: one line, '|' escaped, nothing else touched
    (the text is our own vocabulary labels, not record text)."""
    return single_line(text).replace("|", "\\|")


def single_line(text: object) -> str:
    """One line: any run of whitespace (newlines, tabs, carriage returns) becomes one space."""
    return " ".join(str(text).split())


def safe_cell(value: object) -> object:
    """A spreadsheet cell that cannot be a formula (OWASP): text led by = + - @ tab or CR gets a leading quote.

    Numbers stay numbers; only strings are changed.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_LEAD):
        return "'" + value
    return value
