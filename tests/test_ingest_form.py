"""The review form's domain part: fields in plain words with their source snippets, plain validation messages by
field label, quoted dates accepted, and the to-fill list recomputed from edited values (invented abstracts)."""

from __future__ import annotations

import copy
import datetime as dt
import re

from evidence.ingest import parse_abstract, read_abstract
from evidence.ingest.form import field_label, form_fields, form_messages, prepared, set_value, still_to_fill
from evidence.schema import Study
from tests.conftest import FIXTURES

ABSTRACT = FIXTURES / "abstracts" / "pubmed_rct_adults.txt"
RAW = re.compile(r"Input should|\b(?:outcomes|arms|safety)\.\d|\btimepoint_months\b|\bn_total\b")


def _draft():
    return parse_abstract(read_abstract(ABSTRACT))


def _completed(record: dict) -> dict:
    """What a curator adds before saving: the parts the parser leaves empty."""
    done = copy.deepcopy(record)
    done.update(summary="An invented trial summary in the curator's own words.", last_checked="2026-12-06")
    for item in (*done["outcomes"], *done["safety"]):
        item["summary"] = "Curator's words."
    for outcome in done["outcomes"]:
        outcome["direction"] = outcome["direction"] or "not_reported"
    return done


def test_labels_are_plain_words_numbered_from_one():
    assert field_label("year") == "Year"
    assert field_label("outcomes.2.timepoint_months") == "Outcome 3, time point (months)"
    assert field_label("arms.0.n") == "Arm 1, number of patients"
    assert field_label("population.age_group") == "Age group"
    assert field_label("authors.1") == "Authors, item 2"


def test_every_field_has_a_widget_and_the_snippet_it_came_from():
    draft = _draft()
    fields = {f.path: f for f in form_fields(draft)}
    assert fields["title"].kind == "long_text" and fields["title"].snippet == draft.sources["title"].snippet
    assert fields["year"].kind == "integer" and fields["year"].value == 2022
    design = fields["design"]
    assert design.kind == "choice" and ("rct", "Randomised controlled trial") in design.options
    assert fields["summary"].snippet is None and fields["summary"].to_fill  # nothing read: the curator writes it
    arm_choices = fields["outcomes.0.arm"].options
    assert [key for key, _ in arm_choices] == [a["id"] for a in draft.record["arms"]]
    assert all(not RAW.search(f.label) for f in fields.values())


def test_validation_errors_become_plain_messages_keyed_by_label():
    record = _completed(_draft().record)
    record["year"] = "twenty twenty"
    record["outcomes"][0]["timepoint_months"] = "six"
    messages = form_messages(record)
    assert messages["Year"] == ["Year must be a whole number such as 2024"]
    assert messages["Outcome 1, time point (months)"] == [
        "Outcome 1, time point (months) must be a number, such as 6 or 2.5"
    ]
    assert all(not RAW.search(m) for ms in messages.values() for m in ms)


def test_a_quoted_date_is_accepted_and_a_completed_record_validates():
    record = _completed(_draft().record)
    for written in ("2026-12-06", "'2026-12-06'", '"2026-12-06"', dt.date(2026, 12, 6)):
        record["last_checked"] = written
        assert form_messages(record) == {}, written
    assert Study.model_validate(prepared(record)).last_checked == dt.date(2026, 12, 6)
    record["last_checked"] = "6 December"
    assert form_messages(record) == {"Date checked": ["Date checked must be a date such as 2026-12-06"]}


def test_rule_messages_name_fields_in_words():
    record = _completed(_draft().record)
    outcome = record["outcomes"][0]
    set_value(record, "outcomes.0.responders", (outcome["evaluable"] or 1) + 1)
    set_value(record, "outcomes.0.evaluable", outcome["evaluable"] or 1)
    set_value(record, "outcomes.0.denominator_basis", "stated")
    (label, messages), *_ = form_messages(record).items()
    assert label == "Outcome 1, patients with the result" and "exceed" in messages[0]
    assert not RAW.search(messages[0])


def test_the_to_fill_list_follows_the_edited_values():
    record = copy.deepcopy(_draft().record)
    before = dict(still_to_fill(record))
    assert before["summary"] == "Summary (in your own words)"
    set_value(record, "summary", "Our words about this invented trial.")
    after = dict(still_to_fill(record))
    assert "summary" not in after and set(after) < set(before)
