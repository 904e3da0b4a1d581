"""The Compare page's parts: the question (patient profile and therapies, kept in the page address), the answer
as one card per therapy and population section, and forest plots. Words come from evidence.synthesis."""

from __future__ import annotations

import datetime as dt
from functools import partial

import streamlit as st

from evidence import report
from evidence import vocabulary as vocab
from evidence.export import MEDIA_TYPES
from evidence.profile import (
    METHOD_HELP,
    METHODS,
    QUERY_KEYS,
    CompareRequest,
    PatientProfile,
    comparison_options,
    parse_request,
)
from evidence.synthesis.labels import COMPARATORS, MEASURES, outcome_label, outcome_short, selection_label
from evidence.synthesis.presentation import certainty_line, headline, sections
from evidence.synthesis.results import Finding, SynthesisResult
from ui import data, render, state

_KEYS = {"selections": "cmp_sel", "age": "cmp_age", "antibody": "cmp_ab", "manifestation": "cmp_man"}
_NOTES = "_cmp_notes"
NONE = ""


def _seed() -> None:
    """The widgets' first values come from the page address (a shared link reproduces the same numbers)."""
    ss = st.session_state
    if _KEYS["selections"] in ss:
        return
    request, notes = parse_request(st.query_params.to_dict())
    ss[_NOTES] = notes
    ss[_KEYS["selections"]] = list(request.selections)
    ss[_KEYS["age"]] = request.profile.age
    ss[_KEYS["antibody"]] = request.profile.antibody or NONE
    ss[_KEYS["manifestation"]] = request.profile.manifestation or NONE
    ss["cmp_method"] = request.method
    ss["cmp_stated"] = request.stated_only


def question() -> CompareRequest:
    """The patient profile and therapies, read from the widgets and written back to the page address."""
    _seed()
    st.markdown("**Which patients?**")
    left, middle, right = st.columns([1.2, 1, 1])
    left.selectbox("Patients", list(vocab.PATIENT_PROFILES), format_func=vocab.PATIENT_PROFILES.label, key=_KEYS["age"])
    middle.selectbox(
        "Antibody (optional)",
        [NONE, *vocab.ANTIBODY_TERMS],
        format_func=lambda a: "Any antibody status" if a == NONE else f"{vocab.antibody_label(a)}-positive",
        key=_KEYS["antibody"],
        help="Results about antibody-positive patients: subgroup results, or studies in which every patient was "
        "positive. A mixed cohort's whole result is shown apart, with how many were positive.",
    )
    right.selectbox(
        "Manifestation (optional)",
        [NONE, *vocab.MANIFESTATIONS],
        format_func=lambda m: "All outcomes" if m == NONE else vocab.MANIFESTATIONS.label(m),
        key=_KEYS["manifestation"],
        help="Only outcomes of this manifestation (lung disease includes survival); harms are always shown.",
    )
    options = comparison_options()
    st.multiselect(
        "Therapies or classes to compare (2 to 4)",
        options=list(options),
        format_func=options.get,
        max_selections=4,
        key=_KEYS["selections"],
    )
    with st.expander("How the numbers are pooled"):
        st.radio("Pooling method", METHODS, horizontal=True, key="cmp_method", help=METHOD_HELP)
        st.toggle("Only denominators the sources state (leave out 'all patients treated')", key="cmp_stated")
    ss = st.session_state
    request = CompareRequest(
        selections=tuple(ss[_KEYS["selections"]]),
        profile=PatientProfile(
            age=ss[_KEYS["age"]],
            antibody=ss[_KEYS["antibody"]] or None,
            manifestation=ss[_KEYS["manifestation"]] or None,
        ),
        method=ss["cmp_method"],
        stated_only=ss["cmp_stated"],
    )
    wanted = request.to_query()
    for key in QUERY_KEYS:
        state.set_page_param(key, wanted.get(key))
    render.link_notes(ss.get(_NOTES, []))
    render.caption(request.describe())
    return request


def who_asked(request: CompareRequest) -> str:
    """'children with JDM, anti-MDA5-positive' for headings (the profile's words, first letter lower case)."""
    text = request.profile.describe()
    return text[0].lower() + text[1:]


def _finding_lines(finding: Finding) -> str:
    name = outcome_short(finding) if finding.kind != "comparative" else outcome_label(finding)
    if finding.kind == "comparative":
        name += f" ({MEASURES[finding.measure]}, against {COMPARATORS[finding.comparator]})"
    return (
        f"**{render.escape_md(name)}** — {render.escape_md(headline(finding))}  \n"
        f"{render.escape_md(finding.sentence)}  \n"
        f"{render.escape_md(certainty_line(finding))}"
    )


def _card(therapy: str, findings: list[Finding], reporting: tuple[int, int] | None, who: str) -> None:
    with st.container(border=True, width=360):
        st.markdown(f"#### {render.escape_md(selection_label(therapy))}")
        if not findings:
            st.caption(f"No study of this therapy states results with counts for {render.escape_md(who)}.")
        families = [("proportion", family.id, family.label) for family in vocab.OUTCOME_FAMILIES.values()]
        for kind, family, label in [*families, ("harm", "harms", "Harms"), ("comparative", None, "Against a control")]:
            chosen = [f for f in findings if f.kind == kind and (family is None or f.family == family)]
            if kind == "harm" and reporting and reporting[1]:
                label += f" ({reporting[0]} of {reporting[1]} studies reported harms)"
            if chosen:
                st.markdown(f"**{render.escape_md(label)}**")
                for f in chosen:
                    st.markdown(_finding_lines(f))


def answer(result: SynthesisResult, request: CompareRequest, view) -> None:
    """One section per population (and antibody basis), the asked-about patients first; one card per therapy."""
    parts = sections(list(result), request.profile)
    reporting = data.harms_reported(view, request)
    if not any(s.direct for s in parts):
        st.info(
            f"No study of these therapies states results with counts for {who_asked(request)}. "
            "Indirect evidence follows, if there is any.",
            icon=":material/info:",
        )
    first_direct = next((s for s in parts if s.direct), None)
    for section in parts:
        st.subheader(render.escape_md(section.heading), anchor=False)
        if not section.direct:
            st.caption("Indirect evidence: about other patients than those asked about; rated down for it.")
        with st.container(horizontal=True, gap="medium"):
            for therapy in request.selections:
                mine = [f for f in section.findings if f.therapy == therapy]
                if mine or section is first_direct:  # an empty card once, where it answers the question asked
                    _card(therapy, mine, reporting.get((therapy, section.key[0])), who_asked(request))
        with st.expander("Why this certainty, and how each number was computed"):
            render.table(
                [
                    {
                        "Therapy": selection_label(f.therapy),
                        "Outcome": outcome_label(f) + (f" ({f.measure})" if f.measure else ""),
                        "Certainty": f.certainty.label,
                        "Reasons": "; ".join(f.certainty.reasons),
                        "Method": f.pooled.method or (f.pooled.not_pooled or "not pooled"),
                        "Studies": f.pooled.k,
                        "tau²": f.pooled.tau2,
                        "I² (%)": f.pooled.i2,
                    }
                    for f in section.findings
                ]
            )
    st.caption(" ".join(f"{rule[0].upper()}{rule[1:]}." for rule in result.rules))


def downloads(result: SynthesisResult, request: CompareRequest, view) -> None:
    """The summary of findings as files to share or print (built when the button is pressed)."""
    on = dt.date.today()
    st.markdown("**Share or print this summary**")
    with st.container(horizontal=True, gap="small"):
        for fmt, label in (
            ("html", "Printable page (HTML)"),
            ("md", "Text (Markdown)"),
            ("xlsx", "Spreadsheet (Excel)"),
        ):
            st.download_button(
                label,
                data=partial(report.render, fmt, result, request, view.filters, view.version, on),
                file_name=report.file_name(request, view.filters, fmt, on),
                mime=MEDIA_TYPES[fmt],
                key=f"sof_{fmt}",
                on_click="ignore",
            )


def forests(result: SynthesisResult, request: CompareRequest, view) -> None:
    """One forest plot at a time (chosen from the groups in the answer), with its table."""
    groups: dict[tuple, str] = {}
    for f in result:
        key = (f.kind, f.outcome, f.population, f.antibody.basis if f.antibody else f.subgroup, f.measure)
        who = vocab.AGE_GROUPS.label(f.population)
        extra = f", {f.measure}" if f.measure else (f", {f.subgroup_label}" if f.subgroup_label else "")
        groups.setdefault(key, f"{outcome_label(f)}{extra} — {who}")
    if not groups:
        st.write("No summary to plot within the current filters.")
        return
    chosen = st.selectbox("Outcome", list(groups), format_func=groups.get, key="cmp_forest")
    figure, rows, hidden = data.forest(view, request, chosen)
    st.plotly_chart(figure, width="stretch", key="forest_chart")
    if hidden:
        st.caption(f"{hidden} studies with the smallest weights are not drawn; the table below lists every study.")
    with st.expander("The plot as a table"):
        render.table(
            rows[["therapy", "label", "population", "counts", "estimate", "ci_low", "ci_high", "weight"]].rename(
                columns={"therapy": "Therapy", "label": "Study", "population": "Patients", "counts": "Counts"}
            ),
            estimate=st.column_config.NumberColumn("Estimate", format="%.2f"),
            ci_low=st.column_config.NumberColumn("95% CI low", format="%.2f"),
            ci_high=st.column_config.NumberColumn("95% CI high", format="%.2f"),
            weight=st.column_config.NumberColumn("Weight in the pool (%)", format="%.1f"),
        )
