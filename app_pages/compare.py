"""Compare therapies: which patients first, then the answer for them (one card per therapy: response, survival,
lung, steroid sparing, calcinosis, harms, effects against a control), other populations apart, forest plots,
and the details."""

import streamlit as st

from evidence.synthesis.charts import antibody_map, evidence_map, patients_by_design
from evidence.synthesis.comparison import INDIRECT_NOTE, compare
from ui import charts, compare_view, data, render

ctx = data.page_setup()
view = ctx.view

st.title("Compare therapies")
request = compare_view.question()
render.caption([*view.filters.describe(), "filters: the side panel (› at the top left)"])
if len(request.selections) < 2:
    st.warning("Choose at least two therapies or classes.")
    st.stop()

result = data.synthesis(view, request)
st.header(f"What happened to {compare_view.who_asked(request)}?", anchor=False)
compare_view.answer(result, request, view)
st.caption(INDIRECT_NOTE)

compare_view.downloads(result, request, view)

st.header("Forest plots", anchor=False)
compare_view.forests(result, request, view)

st.header("Details", anchor=False)
details = st.toggle("Show everything the studies report, side by side, and the charts", key="compare_details")
if details:
    table = compare(request.selections, view.arms, view.outcomes, view.safety, view.antibodies, view.cohorts)
    render.grid(table.rename_axis("Aspect").reset_index())
    render.chart_section(
        "Patients by study design",
        patients_by_design(request.selections, view.arms, view.cohorts),
        charts.patients_by_design,
        "No patients in these arms within the current filters.",
        "Patients in each therapy's arms, stacked by design (each cohort counted once). " + INDIRECT_NOTE,
    )
    render.chart_section(
        "Evidence map",
        evidence_map(request.selections, view.outcomes),
        charts.evidence_map,
        "No outcomes are reported for these therapies within the current filters.",
        "Each bubble is a therapy and outcome domain: size is the patients in arms reporting that domain, colour "
        "the direction of effect the sources report ('mixed' when they differ). " + INDIRECT_NOTE,
    )
    render.chart_section(
        "Antibody phenotypes covered",
        antibody_map(request.selections, view.arms, view.antibodies),
        charts.antibody_coverage,
        "None of these arms reports antibody results.",
        "Bars add up the antibody-positive patients that sources state, per therapy; hover for the numbers tested "
        "and for arms that report positives without a count. " + INDIRECT_NOTE,
    )
render.footnote()
