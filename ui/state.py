"""The one filter state shared by every page, mirrored in the URL query string (permalinks).

The Filters value lives under one plain session key. Streamlit forgets widget values when another page
renders, so on every run the widgets are re-seeded from that value, and a widget change writes the value
back through an on_change callback (callbacks run before the script).
"""

from __future__ import annotations

import streamlit as st

from evidence import vocabulary as vocab
from evidence.errors import UnknownFilterValue
from evidence.filters import Filters
from ui.render import show_error

PAGE_KEYS = ("study", "compare")  # page-specific query parameters that are not filters
ACTIVE = "_active_filters"
_BOUNDS = "_year_bounds"
_MULTI = {  # widget key -> (Filters field, label, vocabulary, formatter, help)
    "f_classes": ("therapy_classes", "Therapy class", vocab.THERAPY_CLASSES, vocab.class_label, None),
    "f_drugs": ("therapies", "Drug", vocab.THERAPIES, vocab.therapy_label, None),
    "f_antibodies": (
        "antibodies",
        "Antibody positive",
        vocab.ANTIBODY_TERMS,
        vocab.antibody_label,
        "An arm matches when its source reports at least one patient positive for the antibody. "
        "Arms whose source does not report antibodies never match.",
    ),
    "f_age": (
        "age_groups",
        "Age group",
        vocab.AGE_GROUPS,
        vocab.AGE_GROUPS.label,
        "Adult-onset DM is indirect evidence.",
    ),
}
_MORE = {
    "f_designs": ("designs", "Design", vocab.DESIGNS, vocab.design_label, None),
    "f_pubtypes": ("publication_types", "Publication type", vocab.PUBLICATION_TYPES, vocab.PUBLICATION_TYPES.label, None),
    "f_domains": ("domains", "Outcome domain reported", vocab.OUTCOME_DOMAINS, vocab.OUTCOME_DOMAINS.label, None),
}


def _from_url() -> Filters:
    try:
        return Filters.from_query(st.query_params.to_dict())
    except UnknownFilterValue as exc:
        show_error(exc, context="The link's filters could not be read; showing all records instead.")
        return Filters()


def _widget_values(f: Filters, bounds: tuple[int, int]) -> dict[str, object]:
    low, high = bounds
    values: dict[str, object] = {key: list(getattr(f, spec[0])) for key, spec in {**_MULTI, **_MORE}.items()}
    values["f_years"] = (max(low, f.year_min or low), min(high, f.year_max or high))
    values["f_min_n"] = f.min_n or 0
    values["f_text"] = f.text
    return values


def _filters_from_widgets() -> Filters:
    ss = st.session_state
    low, high = ss[_BOUNDS]
    years = ss["f_years"]
    return Filters(
        **{spec[0]: tuple(ss[key]) for key, spec in {**_MULTI, **_MORE}.items()},
        year_min=years[0] if years[0] > low else None,
        year_max=years[1] if years[1] < high else None,
        min_n=int(ss["f_min_n"]) or None,
        text=ss["f_text"].strip(),
    )


def _on_change() -> None:
    st.session_state[ACTIVE] = _filters_from_widgets()


def publish(filters: Filters) -> None:
    """Write the filters to the URL, keeping page-specific parameters such as ?study=."""
    keep = {k: st.query_params[k] for k in PAGE_KEYS if k in st.query_params}
    wanted = {**filters.to_query(), **keep}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def set_page_param(name: str, value: str | None) -> None:
    """Set or clear a page-specific query parameter (e.g. the open study)."""
    if value:
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


def _multiselects(container, specs: dict) -> None:
    for key, (_, label, options, fmt, help_text) in specs.items():
        container.multiselect(
            label, options=list(options), format_func=fmt, key=key, help=help_text, on_change=_on_change
        )


def sidebar(year_bounds: tuple[int, int]) -> Filters:
    """Render the shared filter widgets in the sidebar (every page calls this) and return the filters."""
    ss = st.session_state
    ss[_BOUNDS] = year_bounds
    if ACTIVE not in ss:
        ss[ACTIVE] = _from_url()
    for key, value in _widget_values(ss[ACTIVE], year_bounds).items():
        ss[key] = value
    sb = st.sidebar
    sb.header("Filters")
    _multiselects(sb, _MULTI)
    with sb.expander("More filters"):
        _multiselects(st, _MORE)
        low, high = year_bounds
        st.slider("Year", min_value=low, max_value=high, key="f_years", on_change=_on_change)
        st.number_input("Minimum arm n", min_value=0, step=1, key="f_min_n", on_change=_on_change)
        st.text_input("Search titles and summaries", key="f_text", on_change=_on_change)
    publish(ss[ACTIVE])
    return ss[ACTIVE]
