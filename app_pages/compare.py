"""Compare therapies: the answer first (summary of findings with certainty), then forest plots, then the details."""

import streamlit as st

from evidence.synthesis.charts import antibody_map, evidence_map, patients_by_design
from evidence.synthesis.comparison import (
    DEFAULT_COMPARISON,
    INDIRECT_NOTE,
    compare,
    comparison_options,
    parse_selections,
    population_for,
)
from evidence.synthesis.presentation import ALL_PATIENTS, certainty_rows, sof_table, subgroups
from ui import charts, data, render, state

ctx = data.page_setup()
view = ctx.view
options = comparison_options()

st.title("Compare therapies")
if "compare_sel" not in st.session_state:
    from_url = parse_selections(st.query_params.get("compare", ""))
    st.session_state["compare_sel"] = from_url if len(from_url) >= 2 else list(DEFAULT_COMPARISON)
selections = st.multiselect(
    "Therapies or classes to compare (2 to 4)",
    options=list(options),
    format_func=options.get,
    max_selections=4,
    key="compare_sel",
)
state.set_page_param("compare", ",".join(selections))
render.caption([*view.filters.describe(), "sidebar filters apply here too"])
if len(selections) < 2:
    st.warning("Choose at least two therapies or classes.")
    st.stop()

population = population_for(view.filters)
result = data.synthesis(view, tuple(selections), population)
st.warning(INDIRECT_NOTE, icon=":material/balance:")

st.header("How often did patients respond?")
groups = subgroups(result)
wanted = [k for k in view.filters.antibodies if any(g == k for g, _ in groups)]
ordered = [g for g in groups if g[0] in wanted] + [g for g in groups if g[0] not in wanted]
if not groups:
    st.info(
        "No study of these therapies states both responders and evaluable patients for a harmonised outcome "
        "within the current filters. The details below list what the studies do report.",
        icon=":material/info:",
    )
labels = {key: label for key, label in ordered}
chosen = (
    st.radio(
        "Patients",
        [key for key, _ in ordered],
        format_func=lambda k: labels[k] if k is not None else ALL_PATIENTS,
        horizontal=True,
        key="compare_subgroup",
    )
    if ordered
    else None
)
if ordered:
    st.caption(
        "Each cell: proportion responding with its 95% interval (one study: Wilson interval, marked 'not pooled'; "
        "several: random-effects pool on the logit scale, REML, as R's metafor computes it, with 0.5 added to "
        "studies with 0 or all responders), the studies and patients behind it, and the GRADE-style certainty. "
        "Patients of one cohort reported twice count once. An empty cell: no study states responders and "
        "evaluable patients."
    )
    render.grid(sof_table(result, selections, chosen))
    st.caption(
        "IMACS DOI: IMACS definition of improvement. TIS ≥20/40/60: ACR/EULAR total improvement score, minimal, "
        "moderate or major improvement. Skin clear: complete skin response. Inactive disease: clinically inactive "
        "disease or remission. Author-defined: improvement as each study defined it."
    )
    with st.expander("Why this certainty: every reason, per therapy and outcome"):
        render.table(certainty_rows(result, chosen))

    st.header("Forest plots")
    for outcome, title, figure, rows, hidden in data.forests(view, tuple(selections), population, chosen):
        st.plotly_chart(figure, width="stretch", key=f"forest_{outcome}")
        if hidden:
            st.caption(f"{hidden} studies with the smallest weights are not drawn; the table below lists every study.")
        with st.expander(f"{title}: the studies as a table"):
            render.table(
                rows[["therapy", "label", "responders", "evaluable", "estimate", "ci_low", "ci_high", "weight"]],
                estimate=st.column_config.NumberColumn("Proportion", format="percent"),
                ci_low=st.column_config.NumberColumn("95% CI low", format="percent"),
                ci_high=st.column_config.NumberColumn("95% CI high", format="percent"),
                weight=st.column_config.NumberColumn("Weight (%)", format="%.1f"),
            )

st.header("Details")
details = st.toggle("Show everything the studies report, side by side, and the charts", key="compare_details")
if details:
    table = compare(selections, view.arms, view.outcomes, view.safety, view.antibodies, view.cohorts)
    render.grid(table.rename_axis("Aspect").reset_index())
if details:
    render.chart_section(
        "Patients by study design",
        patients_by_design(selections, view.arms, view.cohorts),
        charts.patients_by_design,
        "No patients in these arms within the current filters.",
        "Patients in each therapy's arms, stacked by design (each cohort counted once). " + INDIRECT_NOTE,
    )
    render.chart_section(
        "Evidence map",
        evidence_map(selections, view.outcomes),
        charts.evidence_map,
        "No outcomes are reported for these therapies within the current filters.",
        "Each bubble is a therapy and outcome domain: size is the patients in arms reporting that domain, colour "
        "the direction of effect the sources report ('mixed' when they differ). " + INDIRECT_NOTE,
    )
    render.chart_section(
        "Antibody phenotypes covered",
        antibody_map(selections, view.arms, view.antibodies),
        charts.antibody_coverage,
        "None of these arms reports antibody results.",
        "Bars add up the antibody-positive patients that sources state, per therapy; hover for the numbers tested "
        "and for arms that report positives without a count. " + INDIRECT_NOTE,
    )
render.footnote()
