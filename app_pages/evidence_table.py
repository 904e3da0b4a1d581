"""Evidence table: the filtered arms, their outcomes and safety findings; a selected row opens its study."""

import streamlit as st

from ui import data, nav, render

view = data.page_setup().view

st.title("Evidence table")
c1, c2, c3 = st.columns(3)
c1.metric("Study arms shown", len(view.arms))
c2.metric("Studies", len(view.studies))
c3.metric(
    "Patients (all ages)",
    view.patients,
    help="Each cohort counted once; surveys add none. The Overview counts children and adults apart.",
)
render.caption([*view.filters.describe(), f"data version {view.version}"])

if view.arms.empty:
    st.warning("No study arm matches these filters. Remove a filter in the sidebar to see more.")
    st.stop()

shown = data.readable_table(view, "arms")
link = st.column_config.LinkColumn
# The columns a clinician reads first: study, therapy, n, results, source; the rest follow (scroll right).
columns = {
    "Study id": None,
    "Arm id": None,
    "Publication type": None,
    "Study": st.column_config.TextColumn("Study", width="medium", pinned=True),
    "Therapy": st.column_config.TextColumn("Therapy", width="medium"),
    "Patients in the arm (n)": st.column_config.NumberColumn(
        "n", help="Patients in this arm; blank when not stated", format="%d", width=50
    ),
    "Results": st.column_config.TextColumn("Results", width="large"),
    "Harms": st.column_config.TextColumn("Harms", width="medium"),
    "Source": link("Source", display_text="open", width=60),
    "Year": st.column_config.NumberColumn("Year", format="%d"),
    "Evidence level (1 = strongest)": st.column_config.NumberColumn(
        "Level", help="1 = randomised trial … 5 = case report / survey", format="%d"
    ),
    "Antibodies (positive/tested)": st.column_config.TextColumn("Antibodies (positive/tested)", width="medium"),
}
st.markdown("Select a row to open the full study.")
event = st.dataframe(
    shown,
    column_config=columns,
    hide_index=True,
    placeholder="—",
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="evidence_rows",
)
rows = event.selection.rows if event else []
if rows:
    study_id = view.arms.iloc[rows[0]]["study_id"]
    st.switch_page(nav.STUDY, query_params={**view.filters.to_query(), "study": study_id})

source = link("Source", display_text="open source")
choices = {"outcomes": f"Outcomes ({len(view.outcomes)})", "safety": f"Safety findings ({len(view.safety)})"}
shown_long = st.segmented_control(
    "Also show", list(choices), format_func=choices.get, default=None, key="long_table"
)  # one long table at a time: each is sent to the browser only when asked for
if shown_long == "safety" and view.safety.empty:
    st.write("No safety findings are reported for these arms.")
elif shown_long:
    render.table(data.readable_table(view, shown_long), **{"Study id": None, "Source": source})
render.footnote()
