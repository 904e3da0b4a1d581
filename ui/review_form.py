"""The add-study review form: one widget per value, each with the text it came from; arms, outcomes and safety
findings as editable tables; plain-word messages and the to-fill list recomputed from what the curator typed.
The words and rules live in evidence.ingest.form; this module only draws widgets and reads them back."""

from __future__ import annotations

import copy
from typing import Any

import pandas as pd
import streamlit as st

from evidence.ingest.draft import Draft
from evidence.ingest.form import field_label, form_fields, form_messages, set_value, still_to_fill
from ui import render

STATE = "ingest_record"
TABLES = ("arms", "outcomes", "safety")
_SKIP_IN_TABLES = ("antibodies", "subgroup")  # nested values: edited in the YAML view
LONG = ("summary", "response_definition", "notes", "concomitant", "dose")  # written as text below the table
FIRST = {  # the columns a curator reads and writes first (the others follow, to the right)
    "arms": ("id", "label", "therapies", "n"),
    "outcomes": ("arm", "measure", "responders", "evaluable", "denominator_basis"),
    "safety": ("arm", "kind", "count"),
}
GROUPS = (
    ("Citation", ("id", "title", "authors", "authors_truncated", "year", "venue", "publication_type",
                  "abstract_number", "url", "read_at", "doi", "pmid", "pmcid", "trial_registration", "last_checked")),
    ("Patients and design", ("design", "setting", "countries", "enrolment_period", "n_total", "n_respondents",
                             "population.", "summary")),
    ("Disclosures and notes", ("disclosures.", "same_cohort_as", "notes", "curation_notes")),
)  # fmt: skip


def _in_group(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or (p.endswith(".") and path.startswith(p)) for p in prefixes)


def _widget(field, key: str) -> Any:
    label, value = field.label, field.value
    if field.kind == "integer":
        text = st.text_input(label, "" if value is None else str(value), key=key)
        return int(text) if text.strip().isdigit() else (None if not text.strip() else text)
    if field.kind == "number":
        text = st.text_input(label, "" if value is None else str(value), key=key)
        try:
            return float(text) if text.strip() else None
        except ValueError:
            return text
    if field.kind == "yes_no":
        choice = st.selectbox(label, ["not stated", "yes", "no"], index=[None, True, False].index(value), key=key)
        return {"not stated": None, "yes": True, "no": False}[choice]
    if field.kind in ("choice", "multi_choice") and field.options:
        ids = [o for o, _ in field.options]
        names = dict(field.options)
        if field.kind == "multi_choice":
            return st.multiselect(label, ids, default=[v for v in value or [] if v in names], format_func=names.get,
                                  key=key)  # fmt: skip
        options = [None, *ids]
        return st.selectbox(label, options, index=options.index(value) if value in options else 0,
                            format_func=lambda o: "—" if o is None else names[o], key=key)  # fmt: skip
    if field.kind == "list_text":
        text = st.text_input(label + " (separated by ';')", "; ".join(str(v) for v in value or []), key=key)
        return [part.strip() for part in text.split(";") if part.strip()]
    if field.kind == "long_text":
        return st.text_area(label, "" if value is None else str(value), key=key, height=90) or None
    return st.text_input(label, "" if value is None else str(value), key=key) or None


def _base(record: dict, name: str, key: str) -> pd.DataFrame:
    """The table as first shown for this draft version: the editor keeps its edits relative to it, so it must not
    change while the curator edits (a new draft or applied YAML starts a new version)."""
    if key not in st.session_state:
        items = record.get(name) or []
        skip = (*_SKIP_IN_TABLES, *LONG)
        frame = pd.DataFrame([{k: v for k, v in item.items() if k not in skip} for item in items])
        if not frame.empty:
            first = [c for c in FIRST[name] if c in frame]
            frame = frame[first + [c for c in frame.columns if c not in first]]
            for column in frame.columns:  # lists as ';'-separated text, the table's editable form
                frame[column] = frame[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
            frame = frame.astype(object).where(frame.notna(), None)
        st.session_state[key] = frame
    return st.session_state[key]


def _table(record: dict, name: str, draft_version: int) -> None:
    items = record.get(name) or []
    frame = _base(record, name, f"form_base_{name}_{draft_version}")
    if frame.empty:
        what = {"safety": "safety findings"}.get(name, name)
        st.caption(f"No {what} were drafted; add them in the YAML view below.")
        return
    edited = st.data_editor(
        frame,
        key=f"form_{name}_{draft_version}",
        num_rows="fixed",
        width="stretch",
        column_config={c: st.column_config.Column(field_label(f"{name}.0.{c}").split(", ", 1)[-1]) for c in frame},
    )
    for i, row in enumerate(edited.to_dict("records")):
        for column, value in row.items():
            original = items[i].get(column)
            if isinstance(original, list):
                value = [p.strip() for p in str(value or "").split(";") if p.strip()]
            elif isinstance(original, int) and not isinstance(original, bool) and isinstance(value, float):
                value = int(value)
            items[i][column] = None if isinstance(value, float) and pd.isna(value) else value
    for i, item in enumerate(items):  # long text one box per item: easier to write than a table cell
        for column in (c for c in LONG if c in item):
            path = f"{name}.{i}.{column}"
            text = st.text_area(field_label(path), item[column] or "", key=f"form_{path}_{draft_version}", height=68)
            item[column] = text.strip() or None


def review(draft: Draft, draft_version: int) -> dict:
    """Draw the form for the session's record (started from the draft) and return the record as edited."""
    record = copy.deepcopy(st.session_state.get(STATE) or draft.record)
    fields = {f.path: f for f in form_fields(draft, record)}
    for title, prefixes in GROUPS:
        st.markdown(f"**{title}**")
        for path, field in fields.items():
            if path.split(".")[0] in TABLES or not _in_group(path, prefixes):
                continue
            value_col, source_col = st.columns([3, 2])
            with value_col:
                set_value(record, path, _widget(field, f"form_{path}_{draft_version}"))
            if field.snippet:
                source_col.caption("From the text: " + render.escape_md(" ".join(field.snippet.split())[:240]))
            elif field.to_fill:
                source_col.caption("Not in the text: to fill in.")
    for name in TABLES:
        st.markdown(f"**{name.capitalize()}**")
        _table(record, name, draft_version)
    st.session_state[STATE] = record
    return record


def messages(record: dict) -> None:
    """What keeps the record from validating, in plain words, and what is still to fill in."""
    problems = form_messages(record)
    left = still_to_fill(record)
    if problems:
        st.warning(
            f"{sum(len(v) for v in problems.values())} thing(s) to correct before saving:", icon=":material/rule:"
        )
        st.markdown("\n".join(f"- {render.escape_md(m)}" for ms in problems.values() for m in ms))
    else:
        st.success("The record validates.", icon=":material/check_circle:")
    st.caption("Still to fill in: " + (render.escape_md(", ".join(label for _, label in left)) or "nothing"))
