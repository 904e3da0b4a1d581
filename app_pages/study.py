"""One study in full: citation, design, population, arms, outcomes, safety, disclosures, linked cohorts."""

import streamlit as st

from evidence import vocabulary as vocab
from evidence.links import pubmed_url
from evidence.study_detail import arm_rows, outcome_rows, safety_rows
from ui import data, nav, render, state

evidence = data.page_setup().evidence
ids, labels = data.study_choices(evidence)  # newest first, with their citations; shared per data version

st.title("Study")
wanted = st.query_params.get("study")
if wanted and wanted not in labels:
    st.warning(f"No valid study with id {render.escape_md(wanted[:80])}; it may have failed validation (see Overview).")
if st.session_state.get("_study_from_url") != wanted and wanted in labels:
    st.session_state["study_pick"] = wanted
    st.session_state["_study_from_url"] = wanted
if st.session_state.get("study_pick") not in labels:
    st.session_state["study_pick"] = ids[0]
chosen = st.selectbox("Study", ids, format_func=labels.get, key="study_pick")
state.set_page_param("study", chosen)
st.session_state["_study_from_url"] = chosen
study = evidence.studies.get(chosen)

st.subheader(render.escape_md(study.title), anchor=False)  # no heading anchor built from record text
byline = [study.author_list + (" (only the first author was visible)" if study.authors_truncated else "")]
byline += [study.venue or "venue not shown on the page read", str(study.year)]
st.markdown(" · ".join(render.escape_md(part) for part in byline))
links = [render.link("Source (DOI)" if study.doi else ("Source (PubMed)" if study.pmid else "Source"), study.url)]
if study.doi and study.pmid:
    links.append(render.link(f"PubMed {study.pmid}", pubmed_url(study.pmid)))
st.markdown(" · ".join(links))
if study.read_at:
    st.caption("Read at (where the curators read it): " + render.escape_md(study.read_at))
if vocab.AGE_GROUPS[study.population.age_group].indirect:
    st.warning("Adult-onset dermatomyositis: indirect evidence for children with JDM.")
elif study.population.age_group == vocab.MIXED_AGE_GROUP:
    st.warning("A mixed cohort of children and adults: results are not given for the children alone.")
if not vocab.DESIGNS[study.design].holds_patients:
    st.info("Clinician survey: respondents are not patients and are never counted as patients.")

st.markdown("#### What the study found")
st.markdown(render.escape_md(study.summary))
if study.outcomes:
    render.table(outcome_rows(study))
else:
    st.write("No outcomes are recorded from this source.")
st.markdown("#### Harms")
if study.safety:
    render.table(safety_rows(study))
else:
    st.write("The source reports no safety findings (not the same as 'no adverse events').")

left, right = st.columns(2)
with left:
    st.markdown("#### Design")
    render.text("Design", f"{vocab.design_label(study.design)} (evidence level {vocab.evidence_level(study.design)})")
    render.text(
        "Publication",
        vocab.PUBLICATION_TYPES.label(study.publication_type)
        + (f", abstract {study.abstract_number}" if study.abstract_number else ""),
    )
    render.text("Setting", study.setting)
    render.text("Countries", ", ".join(study.countries))
    render.text("Enrolment period", study.enrolment_period)
    render.text("Patients", study.n_total)
    if study.n_respondents:
        render.text("Survey respondents", study.n_respondents)
with right:
    p = study.population
    st.markdown("#### Population")
    render.text("Age group", vocab.AGE_GROUPS.label(p.age_group))
    render.text("Condition", p.condition)
    render.text("Age", p.age_details)
    render.text("Sex", p.sex)
    render.text("Refractory definition", p.refractory_definition)
    render.text(
        "Prior failed therapies",
        ", ".join(vocab.term_label(t) for t in p.prior_failed_therapies),
    )
    render.text("Prior therapy details", p.prior_therapy_notes)

st.markdown("#### Arms")
render.table(arm_rows(study))

st.markdown("#### Disclosures")
d = study.disclosures
if d.industry_ties is True:
    st.warning(
        "Author industry ties: " + render.escape_md(", ".join(d.companies) or "yes (companies not listed)"),
        icon=":material/work:",
    )
elif d.industry_ties is False:
    st.write("No author reports industry ties.")
else:
    st.write("Disclosures not stated in the source read.")
render.text("Funding", d.funding)

st.markdown("#### Same cohort")
members = evidence.cohort_members(study.id)  # links count both ways, whichever record names the other
if members:
    for other in members:
        label = labels.get(other, other)
        st.page_link(nav.STUDY, label=render.escape_md(label), query_params={"study": other})
    st.caption("These records report the same patients; patient totals count them once.")
else:
    st.write("No other record reports these patients.")
render.text("Notes", study.notes)
render.text("Last checked", study.last_checked)
if study.curation_notes:
    with st.expander("How this record was made (curation notes)"):
        st.markdown(render.escape_md(study.curation_notes))
