"""Hostile and careless input: odd files, coerced values, markup in links; nothing but our typed errors escapes."""

from __future__ import annotations

import contextlib
import os
import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from evidence import vocabulary as vocab
from evidence.errors import EvidenceError
from evidence.filters import FILTERS, Filters, apply_filters
from evidence.limits import MAX_RECORD_BYTES
from evidence.loader import load_studies
from evidence.schema import Study
from evidence.store import parse_bytes
from tests.conftest import FIXTURES

MINIMAL = yaml.safe_load((FIXTURES / "valid_minimal.yaml").read_text())
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def dump(record: dict) -> str:
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False)


# --- the loader isolates every file -------------------------------------------------------------------------


def test_odd_files_named_yaml_are_named_problems_and_the_good_record_still_loads(write_records, record, tmp_path):
    data = write_records({"good.yaml": dict(record, id="good")})
    folder = data / "studies"
    (folder / "a-folder.yaml").mkdir()
    (folder / "dangling.yaml").symlink_to(folder / "nowhere.yaml")
    outside = tmp_path / "outside.yaml"
    outside.write_text(dump(dict(record, id="outside")))
    (folder / "outside.yaml").symlink_to(outside)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "huge.yaml").write_text("title: " + "x" * (MAX_RECORD_BYTES + 10))
    result = load_studies(data)
    assert [s.id for s in result.studies] == ["good"]
    reasons = {p.file: p.message for p in result.problems}
    assert "a folder" in reasons["a-folder.yaml"]
    assert "broken link" in reasons["dangling.yaml"]
    assert "outside the records folder" in reasons["outside.yaml"]
    assert "outside the records folder" in reasons["zero.yaml"]
    assert "not a regular file" in reasons["pipe.yaml"]
    assert "at most 200,000" in reasons["huge.yaml"]
    assert result.version  # computed inside the same guard


def test_a_key_written_twice_is_an_error_naming_the_key_and_both_lines(write_records, record):
    text = dump(dict(record, id="twice")) + "n_total: 11\n"
    result = load_studies(write_records({"twice.yaml": text}))
    (problem,) = result.problems
    assert "'n_total' is written twice" in problem.message and "lines" in problem.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("title: " + "[" * 99_000 + "]" * 99_000, "nested more than"),  # would overflow the C composer's stack
        ("authors:\n" + "".join("  " * i + "- \n" for i in range(1, 60)), "nested more than"),
        ("- " * 90_000 + "x", "nested more than"),
        ("a: &x [1, 2]\nb: *x\n", "anchor"),
        ("n_total: *a\n", "alias"),
        ("id: a\n---\nid: b\n", "more than one YAML document"),
    ],
    ids=["deep-brackets", "deep-blocks", "deep-compact", "alias", "undefined-alias", "two-documents"],
)
def test_yaml_beyond_the_limits_is_a_named_problem_never_a_crash(write_records, text, words):
    data = write_records({"bad.yaml": text, "fine.yaml": dump(dict(MINIMAL, id="fine"))})
    result = load_studies(data)
    assert [s.id for s in result.studies] == ["fine"]
    assert any(words in p.message for p in result.problems if p.file == "bad.yaml")


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    study, problems = parse_bytes("bomb.yaml", bomb.encode())
    assert study is None and "anchor" in problems[0].message


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u202b", "\u061c"])
def test_text_with_a_bidirectional_control_is_refused(record, char):
    with pytest.raises(ValidationError, match="bidirectional-control"):
        Study.model_validate(dict(record, title=f"Tofacitinib {char}in JDM"))
    with pytest.raises(ValidationError, match="bidirectional-control"):
        Study.model_validate(dict(record, authors=[f"Evil{char} A"]))


def test_the_same_publication_twice_without_a_cohort_link_is_named_and_counted_once(write_records, record):
    data = write_records(
        {
            "first.yaml": dict(record, id="first", doi="10.1000/same"),
            "twin.yaml": dict(record, id="twin", doi="10.1000/same", title="Another title for the same paper"),
            "zcopy.yaml": dict(record, id="zcopy"),  # same title, first author and year as first.yaml
            "linked.yaml": dict(record, id="linked", same_cohort_as=["first"]),  # the same paper, linked: fine
        }
    )
    result = load_studies(data)
    assert [s.id for s in result.studies] == ["first", "linked"]
    reasons = {p.file: p.message for p in result.problems}
    assert "same DOI as first" in reasons["twin.yaml"]
    assert "same title, first author and year as first" in reasons["zcopy.yaml"]


def test_binary_and_non_utf8_files_are_named_problems(write_records):
    data = write_records({"nul.yaml": "id: a\x00b\n"})
    (data / "studies" / "latin1.yaml").write_bytes("title: caf\xe9".encode("latin-1"))
    reasons = {p.file: p.message for p in load_studies(data).problems}
    assert "NUL" in reasons["nul.yaml"] and "UTF-8" in reasons["latin1.yaml"]


# --- strict types for clinical numbers and flags -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("n_total",), True),
        (("year",), "2020"),
        (("disclosures", "industry_ties"), "no"),
        (("safety", 0, "count"), False),
        (("outcomes", 0, "responders"), "6"),
        (("arms", 0, "n"), 10.0),
        (("authors_truncated",), "yes"),
    ],
)
def test_careless_values_are_rejected_never_coerced(record, path, value):
    target = record
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    with pytest.raises(ValidationError) as err:
        Study.model_validate(record)
    assert tuple(err.value.errors()[0]["loc"][: len(path)]) == path


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "https://ok.example/)![x](http://evil.example/u.png)"),
        ("url", "javascript:alert(1)"),
        ("url", "https://ok.example/a b"),
        ("doi", "10.1000/x)![x](http://evil.example/u.png)"),
        ("doi", "10.1000/a b"),
        ("pmid", "12ab"),
        ("title", "x" * 100_000),
    ],
)
def test_markup_spaces_and_absurd_lengths_in_citation_fields_are_rejected(record, field, value):
    with pytest.raises(ValidationError):
        Study.model_validate(dict(record, **{field: value}))


def test_schema_literal_types_are_the_vocabulary(record):
    from typing import get_args

    from evidence import schema

    assert set(get_args(schema.Design)) == set(vocab.DESIGNS)
    assert set(get_args(schema.AgeGroup)) == set(vocab.AGE_GROUPS)
    assert set(get_args(schema.SafetyKind)) == set(vocab.SAFETY_KINDS)


def test_therapy_and_class_ids_are_disjoint_so_every_label_has_one_meaning():
    assert not set(vocab.THERAPIES) & set(vocab.THERAPY_CLASSES)
    assert vocab.class_id("placebo") == "placebo_control"  # old ids in old links and records still resolve
    assert vocab.class_id("plasma_exchange") == "apheresis"


# --- property-based: nothing but our own typed errors escapes ------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(allow_nan=True), st.text())
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)
)


@PROPERTY
@given(changes=st.dictionaries(st.sampled_from(list(Study.model_fields)), values, max_size=4))
def test_the_schema_raises_only_validation_errors_for_any_field_values(changes):
    with contextlib.suppress(ValidationError):  # anything else (TypeError, RecursionError, ...) fails the test
        Study.model_validate({**MINIMAL, **changes})


@PROPERTY
@given(text=st.text(max_size=400) | st.binary(max_size=400).map(lambda b: b.decode("latin-1")))
def test_the_loader_turns_any_file_content_into_a_study_or_named_problems(text):
    study, problems = parse_bytes("x.yaml", text.encode("utf-8", "surrogatepass"), "x")
    assert (study is None) == bool(problems)
    assert all(p.file == "x.yaml" and p.message for p in problems)


query_values = st.text(alphabet=string.printable + "γ€😀\x00", max_size=60)


@PROPERTY
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "therapy_classes",
                "therapies",
                "antibodies",
                "age_groups",
                "designs",
                "publication_types",
                "domains",
                "year_min",
                "year_max",
                "min_n",
                "text",
                "other",
            ]
        ),
        query_values,
        max_size=6,
    )
)
def test_any_query_string_parses_to_filters_and_notes_without_raising(params, evidence):
    filters, notes = Filters.parse_query(params)
    assert isinstance(notes, list)
    rows = apply_filters(evidence.arms, filters)
    assert len(rows) <= len(evidence.arms)
    assert Filters.from_query(filters.to_query()) == filters  # what is kept round-trips exactly


choice_values = {
    spec.name: st.lists(st.sampled_from(sorted(spec.terms)), max_size=3, unique=True).map(tuple)
    for spec in FILTERS
    if hasattr(spec, "terms")
}


@PROPERTY
@given(
    choices=st.fixed_dictionaries({}, optional=choice_values),
    year_min=st.none() | st.integers(1900, 2100),
    year_max=st.none() | st.integers(1900, 2100),
    min_n=st.none() | st.integers(1, 500),
    text=st.text(max_size=20),
)
def test_any_combination_of_filters_selects_a_subset_and_round_trips(
    evidence, choices, year_min, year_max, min_n, text
):
    if year_min is not None and year_max is not None and year_min > year_max:
        year_min, year_max = year_max, year_min  # a link with swapped years is put in order (tested above)
    try:
        filters = Filters(**choices, year_min=year_min, year_max=year_max, min_n=min_n, text=text.strip())
    except EvidenceError:
        return
    rows = apply_filters(evidence.arms, filters)
    assert set(rows.index) <= set(evidence.arms.index)
    assert Filters.parse_query(filters.to_query()) == (filters, [])
