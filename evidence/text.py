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


# In a Markdown document (a downloaded report, not the app's pages) these characters start markup anywhere:
# escapes, code, emphasis, strikethrough, links and images, inline HTML, table cells and math; '&' only before
# an entity name. At the start of a line, headings, quotes and lists (#, >, -, +, '1.') do too.
_DOC_SPECIAL = re.compile(r"([\\`*_~\[\]<>|$]|&(?=[#A-Za-z]))")
_DOC_LINE_START = re.compile(r"^(\s*)(?:([#>+-])|(\d+)([.)]))")


def escape_document(text: object) -> str:
    """Record text for a Markdown document, on one line: only characters that would change its meaning are
    escaped (so 'et al.' stays readable), and addresses cannot become links (zero-width space, as on the pages)."""
    line = _AUTOLINK.sub(ZERO_WIDTH_SPACE, single_line(text))
    line = _DOC_SPECIAL.sub(r"\\\1", line)
    return _DOC_LINE_START.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), line
    )


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
