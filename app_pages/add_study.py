"""Add a study: paste an abstract, review the draft beside the text each value came from, check duplicates, save
(only where the deployment allows it) or download."""

import os

import streamlit as st

from evidence.ingest import IngestError, dump_record, find_duplicates, parse_abstract, save_record
from evidence.ingest.form import prepared
from evidence.settings import ALLOW_SAVE_VAR, data_dir, saving_allowed
from evidence.store import parse_text, records_folder, validate_record
from ui import data, render, review_form

ctx = data.page_setup(require_records=False)
st.title("Add a study")
st.caption(
    "Paste an abstract (an ACR or EULAR meeting-abstract page, or a PubMed abstract) or upload it as a .txt file. "
    "The draft holds only what the text states; everything else is listed to fill in. Check every value against "
    "the source before saving."
)

left, right = st.columns([3, 2])
pasted = left.text_area("Abstract text", height=220, key="ingest_text")
uploaded = right.file_uploader("…or upload a .txt file", type=["txt"], key="ingest_file")
if st.button("Draft the record", type="primary", key="ingest_go"):
    source: str | bytes = uploaded.getvalue() if uploaded is not None else pasted
    try:
        st.session_state["ingest_draft"] = parse_abstract(source)
        st.session_state["ingest_version"] = st.session_state.get("ingest_version", 0) + 1
        st.session_state.pop(review_form.STATE, None)
    except IngestError as exc:
        st.session_state.pop("ingest_draft", None)
        st.error(f"No draft: {render.escape_md(exc)}", icon=":material/error:")

draft = st.session_state.get("ingest_draft")
if draft is None:
    st.stop()

st.subheader("Review the draft")
st.write(
    f"Read as {draft.format_label}: {len(draft.sources)} values from the text. Check each value against the text "
    "beside it; correct or fill in the rest."
)
version = st.session_state.get("ingest_version", 0)
with st.expander("The abstract, with the text each value came from highlighted"):
    pieces = [
        f":orange-background[{render.escape_md(piece)}]" if marked else render.escape_md(piece)
        for piece, marked in draft.segments()
    ]
    st.markdown("".join(pieces).replace("\n", "  \n"))
with st.expander("Edit as YAML (for experts)"):
    text = st.text_area("The record as YAML", dump_record(st.session_state.get(review_form.STATE) or draft.record),
                        height=420, key=f"ingest_yaml_{version}")  # fmt: skip
    if st.button("Use this YAML", key="ingest_apply_yaml"):
        raw, problems = parse_text("draft.yaml", text)
        if problems:
            render.table([{"Where": p.field, "Problem": p.message} for p in problems])
        elif not isinstance(raw, dict):
            st.error("The YAML must be a mapping of field names to values.")
        else:
            st.session_state[review_form.STATE] = raw
            st.session_state["ingest_version"] = version + 1
            st.rerun()
record = review_form.review(draft, version)

# Validation: plain words for the curator; the loader's own rules decide whether it can be saved.
st.subheader("Before saving", anchor=False)
review_form.messages(record)
raw = prepared(record)
study, _ = validate_record(f"{record.get('id') or 'draft'}.yaml", raw)

st.subheader("Duplicates")
candidate = raw if study is not None else draft.record  # a well-typed record to compare (the draft until it validates)
matches = find_duplicates(candidate, ctx.evidence.studies) if ctx.evidence.studies else []
links: list[str] = []
if matches:
    st.warning(
        "This may report patients already in the evidence base. Link it as the same cohort rather than adding "
        "the same patients twice.",
        icon=":material/content_copy:",
    )
    for match in matches[:10]:
        if st.checkbox(f"Same cohort as {render.escape_md(match)}", key=f"ingest_link_{match.study_id}"):
            links.append(match.study_id)
else:
    st.write("No existing record shares its identifiers, title, first author and year, or size and therapies.")

st.subheader("Save")
if study is None:
    st.caption("Saving is possible once the record validates.")
    st.stop()
final = dict(candidate, same_cohort_as=sorted({*study.same_cohort_as, *links}))
folder = records_folder(data_dir())
if not saving_allowed():
    st.info(
        f"Saving from the browser is turned off on this server ({ALLOW_SAVE_VAR} is not set): download the file "
        "and add it to data/studies/ (a curator then checks it).",
        icon=":material/lock:",
    )
elif not os.access(folder, os.W_OK):
    st.info("The records folder is read-only here: download the file and add it to data/studies/.")
elif st.button(f"Save {study.id}.yaml into the records folder", key="ingest_save"):
    try:
        saved = save_record(final, folder, overwrite=False)  # an existing study is never replaced from here
        data.refresh()
        st.success(f"Saved {saved.name}. It is in the evidence base from now on.", icon=":material/save:")
    except IngestError as exc:
        st.error(render.escape_md(exc), icon=":material/error:")
st.download_button(
    "Download the YAML", dump_record(final), file_name=f"{study.id}.yaml", mime="text/yaml", key="ingest_dl"
)
