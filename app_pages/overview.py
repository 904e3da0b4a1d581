"""Overview (the home page): where to start, what the evidence base holds for each population, what was
searched and what is missing, and records that failed validation."""

import streamlit as st

from evidence import vocabulary as vocab
from evidence.coverage import load_coverage
from evidence.settings import data_dir
from ui import data, nav, render

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

with st.container(border=True):
    st.page_link(
        nav.COMPARE,
        label="**Start here:** what worked, and how sure we are, for a child like yours (Compare therapies)",
        icon=":material/arrow_forward:",
    )

st.subheader("Who the evidence is about", anchor=False)
with st.container(horizontal=True, gap="medium"):
    for group, (studies, patients) in summary.populations.items():
        indirect = vocab.AGE_GROUPS[group].indirect
        st.metric(
            vocab.AGE_GROUPS.label(group),
            f"{patients:,} patients",
            delta=f"{studies} {'study' if studies == 1 else 'studies'}" + (" · indirect" if indirect else ""),
            delta_color="off",
            delta_arrow="off",
            width=260,
            help="Patients counted once per cohort; surveys add none."
            + (" Indirect evidence for children: shown apart on Compare and rated down." if indirect else ""),
        )
st.caption(
    f"{summary.studies} studies and {summary.therapies} therapies in all; data last checked {summary.last_checked}; "
    f"data version {evidence.version}."
)

coverage = load_coverage(data_dir())
st.subheader("What was searched", anchor=False)
if coverage is None:
    st.write("No coverage statement is available for this data folder.")
else:
    st.markdown(
        render.escape_md(
            f"Last search {coverage.last_search.isoformat()}: {len(evidence.studies)} reports recorded, "
            f"{len(coverage.gaps)} found but not recorded (the reasons are listed below). Sources: "
            + "; ".join(coverage.sources)
            + ". "
            + coverage.method
        )
    )
    with st.expander(f"Reports found but not recorded ({len(coverage.gaps)})"):
        render.table([{"Report": g.report, "Why it is not recorded": g.reason} for g in coverage.gaps])

left, right = st.columns(2)
with left:
    st.subheader("Designs", anchor=False)
    render.table(
        [
            {"Design": vocab.design_label(d), "Evidence level": vocab.evidence_level(d), "Studies": n}
            for d, n in summary.designs.items()
        ]
    )
with right:
    st.subheader("Therapy classes", anchor=False)
    render.table(classes)

st.subheader("How to read this", anchor=False)
st.markdown(
    """
- **Start with Compare therapies**: choose the patients (children with JDM by default, an antibody, a
  manifestation) and the therapies; each finding is one sentence with its certainty, about those patients.
- **Counts stay counts.** Results read *responders of evaluable* as the source states them; a blank means the
  source does not say, never zero.
- **Evidence about other patients** (adult-onset dermatomyositis, mixed cohorts of children and adults) is shown
  apart, labelled, and rated down.
- **Most rescue-therapy evidence in JDM is small and uncontrolled**, so most certainty is low or very low.
- Filters in the side panel (› at the top left) apply to every page, and the page address holds them: copy it
  to share the view.
"""
)
