"""Overview (the home page): what the evidence base holds, how to read it, and records that failed validation."""

import streamlit as st

from evidence import vocabulary as vocab
from ui import data, render

ctx = data.page_setup(require_records=False)  # an empty folder still shows why its records failed
evidence, result = ctx.evidence, ctx.result
summary, classes = data.overview_tables(evidence)

st.title("Refractory juvenile dermatomyositis: rescue-therapy evidence")
st.info(
    "An evidence summary for clinicians, not a treatment recommendation. Every number comes from the cited "
    "source; check the source before acting on it.",
    icon=":material/info:",
)
render.show_problems(result.problems)
if not evidence.studies:
    st.warning("There are no valid study records to summarise yet.", icon=":material/folder_off:")
    st.stop()

cols = st.columns(5)
cols[0].metric("Studies", summary.studies)
cols[1].metric(
    "Patients",
    summary.patients,
    help="Each cohort counted once across records marked as the same cohort; surveys add none.",
)
cols[2].metric("Therapies", summary.therapies)
cols[3].metric("Study arms", summary.arms)
cols[4].metric("Data last checked", summary.last_checked or "—")
st.caption(f"Data version {evidence.version}")

left, right = st.columns(2)
with left:
    st.subheader("Designs")
    render.table(
        [
            {"Design": vocab.design_label(d), "Evidence level": vocab.evidence_level(d), "Studies": n}
            for d, n in summary.designs.items()
        ]
    )
with right:
    st.subheader("Age groups")
    render.table([{"Age group": vocab.AGE_GROUPS.label(a), "Studies": n} for a, n in summary.age_groups.items()])
st.subheader("Therapy classes")
render.table(classes)

st.subheader("How to read this")
st.markdown(
    """
- **One row per study arm.** A study comparing two drugs has two rows; *n* is the arm's patients.
- **Counts stay counts.** Results read *responders/evaluable* as the source states them; a blank means the
  source does not say, never zero. Antibodies read *positive/tested*; "not reported" is not "none".
- **Evidence level** runs from 1 (randomised trial) to 5 (case report, survey). Most JDM rescue-therapy
  evidence is level 3–5: uncontrolled, small and retrospective.
- **Adult-onset DM** rows are indirect evidence for JDM and are labelled so.
- **Comparisons across studies are indirect**: patients, definitions of refractory disease and outcome
  measures differ.
- Filters in the sidebar apply to every page, and the page address holds them: copy it to share the view.
"""
)
