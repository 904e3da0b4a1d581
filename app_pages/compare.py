"""Compare therapies side by side within the current filters, with charts and their data."""

import streamlit as st

from evidence.synthesis.charts import antibody_map, evidence_map, patients_by_design
from evidence.synthesis.comparison import DEFAULT_COMPARISON, INDIRECT_NOTE, compare, comparison_options
from ui import charts, data, render, state

view = data.page_setup().view
options = comparison_options()

st.title("Compare therapies")
if "compare_sel" not in st.session_state:
    from_url = [s for s in st.query_params.get("compare", "").split(",") if s in options]
    st.session_state["compare_sel"] = from_url[:4] if len(from_url) >= 2 else list(DEFAULT_COMPARISON)
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

table = compare(selections, view.arms, view.outcomes, view.safety, view.studies)
st.warning(INDIRECT_NOTE, icon=":material/balance:")
header = st.columns([1.2] + [2] * len(selections))
header[0].markdown("**Aspect**")
for col, name in zip(header[1:], table.columns, strict=True):
    col.markdown(f"**{render.escape_md(name)}**")
for aspect, row in table.iterrows():
    with st.container(border=True):
        cols = st.columns([1.2] + [2] * len(selections))
        cols[0].markdown(f"**{render.escape_md(aspect)}**")
        for col, value in zip(cols[1:], row, strict=True):
            col.markdown("  \n".join(render.escape_md(line) for line in str(value).split("\n")))

render.chart_section(
    "Patients by study design",
    patients_by_design(selections, view.arms, view.studies),
    charts.patients_by_design,
    "No patients in these arms within the current filters.",
    "Patients in each therapy's arms, stacked by design (each cohort counted once). " + INDIRECT_NOTE,
)
render.chart_section(
    "Evidence map",
    evidence_map(selections, view.outcomes),
    charts.evidence_map,
    "No outcomes are reported for these therapies within the current filters.",
    "Each bubble is a therapy and outcome domain: size is the patients in arms reporting that domain, colour the "
    "direction of effect the sources report ('mixed' when they differ). " + INDIRECT_NOTE,
)
render.chart_section(
    "Antibody phenotypes covered",
    antibody_map(selections, view.arms, view.studies),
    charts.antibody_coverage,
    "None of these arms reports antibody results.",
    "Bars add up the antibody-positive patients that sources state, per therapy; hover for the numbers tested and "
    "for arms that report positives without a count (listed per study in the table above). " + INDIRECT_NOTE,
)
render.footnote()
