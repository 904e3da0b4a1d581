"""The one filter state shared by every page, mirrored in the URL query string (permalinks).

The sidebar is derived from evidence.filters.FILTERS: one widget per filter, keyed by its name. The Filters
value lives under one plain session key. Streamlit forgets widget values when another page renders, so on every
run the widgets are re-seeded from that value, and a widget change writes the value back through an on_change
callback (callbacks run before the script).
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from evidence.filters import FILTERS, Filters
from evidence.limits import MAX_LINK_TEXT
from evidence.profile import QUERY_KEYS

PAGE_KEYS = ("study", *QUERY_KEYS)  # page-specific query parameters that are not filters
ACTIVE = "_active_filters"
NOTES = "_link_notes"
_BOUNDS = "_year_bounds"


def _key(spec) -> str:
    return f"f_{spec.name}"


def _from_url() -> tuple[Filters, list[str]]:
    return Filters.parse_query(st.query_params.to_dict())


def _widget_values(f: Filters, bounds: tuple[int, int]) -> dict[str, object]:
    low, high = bounds
    values: dict[str, object] = {}
    for spec in FILTERS:
        if spec.widget == "multiselect":
            values[_key(spec)] = list(getattr(f, spec.name))
        elif spec.widget == "year_range":
            lo = min(max(low, f.year_min if f.year_min is not None else low), high)
            hi = max(min(high, f.year_max if f.year_max is not None else high), lo)
            values[_key(spec)] = (lo, hi)
        elif spec.widget == "number":
            values[_key(spec)] = getattr(f, spec.name) or 0
        else:
            values[_key(spec)] = getattr(f, spec.name)
    return values


def _filters_from_widgets() -> Filters:
    ss = st.session_state
    low, high = ss[_BOUNDS]
    kwargs: dict[str, object] = {}
    for spec in FILTERS:
        value = ss[_key(spec)]
        if spec.widget == "multiselect":
            kwargs[spec.name] = tuple(value)
        elif spec.widget == "year_range":
            kwargs["year_min"] = value[0] if value[0] > low else None
            kwargs["year_max"] = value[1] if value[1] < high else None
        elif spec.widget == "number":
            kwargs[spec.name] = int(value) or None
        else:
            kwargs[spec.name] = str(value).strip()
    return Filters(**kwargs)


def _on_change() -> None:
    st.session_state[ACTIVE] = _filters_from_widgets()
    st.session_state[NOTES] = []


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


def _widget(container, spec, bounds: tuple[int, int]) -> None:
    key = _key(spec)
    if spec.widget == "multiselect":
        container.multiselect(
            spec.label,
            options=list(spec.terms),
            format_func=spec.terms.label,
            key=key,
            help=spec.help,
            on_change=_on_change,
        )
    elif spec.widget == "year_range":
        low, high = bounds
        container.slider(spec.label, min_value=low, max_value=high, key=key, on_change=_on_change)
    elif spec.widget == "number":
        container.number_input(spec.label, min_value=0, step=1, key=key, on_change=_on_change)
    else:
        container.text_input(spec.label, key=key, on_change=_on_change, max_chars=MAX_LINK_TEXT)


def sidebar(year_bounds: tuple[int, int]) -> tuple[Filters, list[str]]:
    """Render the shared filter widgets (every page calls this); return the filters and notes about the link."""
    ss = st.session_state
    ss[_BOUNDS] = year_bounds
    if ACTIVE not in ss:
        ss[ACTIVE], ss[NOTES] = _from_url()
    filters = ss[ACTIVE]
    seeded = _widget_values(filters, year_bounds)
    for key, value in seeded.items():
        ss[key] = value
    sb = st.sidebar
    sb.header("Filters")
    sb.caption("They narrow the records on every page, and the page address keeps them.")
    for spec in FILTERS:
        if spec.section == "main":
            _widget(sb, spec, year_bounds)
    with sb.expander("More filters"):
        for spec in FILTERS:
            if spec.section != "main":
                _widget(st, spec, year_bounds)
    shown = _filters_from_widgets()  # what the widgets show after clamping to the data's years
    if dataclasses.astuple(shown) != dataclasses.astuple(filters):
        if (shown.year_min, shown.year_max) != (filters.year_min, filters.year_max):
            ss.setdefault(NOTES, []).append(
                f"Year: the link asked for {filters.year_min or 'any'} to {filters.year_max or 'any'}, outside the "
                f"data's years {year_bounds[0]} to {year_bounds[1]}; the nearest years are used."
            )
        ss[ACTIVE] = filters = shown
    publish(filters)
    return filters, list(ss.get(NOTES, []))
