"""The one filter state shared by every page, mirrored in the URL query string (permalinks)."""

from __future__ import annotations

import streamlit as st

from evidence import vocabulary as vocab
from evidence.errors import UnknownFilterValue
from evidence.filters import Filters
from ui.render import show_error

PAGE_KEYS = ("study", "compare")  # page-specific query parameters that are not filters
ACTIVE = "_active_filters"


def _from_url() -> Filters:
    try:
        return Filters.from_query(st.query_params.to_dict())
    except UnknownFilterValue as exc:
        show_error(exc, context="The link's filters could not be read; showing all records instead.")
        return Filters()


def _seed(year_bounds: tuple[int, int]) -> None:
    """Give each filter widget its value: from this session's filters, or from the URL on the first run.

    Streamlit forgets widget values when another page is shown, so the filters live under a plain
    session key and the widgets are re-seeded from it whenever their own key is missing.
    """
    if ACTIVE not in st.session_state:
        st.session_state[ACTIVE] = _from_url()
    f: Filters = st.session_state[ACTIVE]
    low, high = year_bounds
    values = {
        "f_classes": list(f.therapy_classes),
        "f_drugs": list(f.therapies),
        "f_antibodies": list(f.antibodies),
        "f_age": list(f.age_groups),
        "f_designs": list(f.designs),
        "f_pubtypes": list(f.publication_types),
        "f_domains": list(f.domains),
        "f_years": (max(low, f.year_min or low), min(high, f.year_max or high)),
        "f_min_n": f.min_n or 0,
        "f_text": f.text,
    }
    for key, value in values.items():
        if key not in st.session_state:
            st.session_state[key] = value


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


def _multi(container, label: str, key: str, options: dict, fmt, help: str | None = None) -> tuple[str, ...]:
    return tuple(container.multiselect(label, options=list(options), format_func=fmt, key=key, help=help))


def sidebar(year_bounds: tuple[int, int]) -> Filters:
    """Render the shared filter widgets in the sidebar (every page calls this) and return their filters."""
    _seed(year_bounds)
    sb = st.sidebar
    sb.header("Filters")
    therapy_classes = _multi(sb, "Therapy class", "f_classes", vocab.THERAPY_CLASSES, vocab.class_label)
    therapies = _multi(sb, "Drug", "f_drugs", vocab.THERAPIES, vocab.therapy_label)
    antibodies = _multi(
        sb,
        "Antibody positive",
        "f_antibodies",
        vocab.ANTIBODY_TERMS,
        vocab.antibody_label,
        help="An arm matches when its source reports at least one patient positive for the antibody. "
        "Arms whose source does not report antibodies never match.",
    )
    age_groups = _multi(
        sb,
        "Age group",
        "f_age",
        vocab.AGE_GROUPS,
        vocab.AGE_GROUPS.get,
        help="Adult-onset DM is indirect evidence for JDM.",
    )
    with sb.expander("More filters"):
        designs = _multi(st, "Design", "f_designs", vocab.DESIGNS, vocab.design_label)
        pub_types = _multi(st, "Publication type", "f_pubtypes", vocab.PUBLICATION_TYPES, vocab.PUBLICATION_TYPES.get)
        domains = _multi(st, "Outcome domain reported", "f_domains", vocab.OUTCOME_DOMAINS, vocab.OUTCOME_DOMAINS.get)
        low, high = year_bounds
        years = st.slider("Year", min_value=low, max_value=high, key="f_years")
        min_n = st.number_input("Minimum arm n", min_value=0, step=1, key="f_min_n")
        text = st.text_input("Search titles and summaries", key="f_text")
    filters = Filters(
        therapy_classes=therapy_classes,
        therapies=therapies,
        antibodies=antibodies,
        age_groups=age_groups,
        designs=designs,
        publication_types=pub_types,
        domains=domains,
        year_min=years[0] if years[0] > low else None,
        year_max=years[1] if years[1] < high else None,
        min_n=int(min_n) or None,
        text=text.strip(),
    )
    st.session_state[ACTIVE] = filters
    publish(filters)
    return filters


def active() -> Filters:
    """The filters of this run, as the sidebar set them (empty before the sidebar has run)."""
    return st.session_state.get(ACTIVE, Filters())
