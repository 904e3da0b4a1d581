"""Each schema rule rejects the record with a message at the right field path."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from evidence.schema import Study


def errors_of(record: dict) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        Study.model_validate(record)
    return [(".".join(map(str, e["loc"])), e["msg"]) for e in info.value.errors()]


def test_minimal_record_is_valid(record):
    study = Study.model_validate(record)
    assert study.arms[0].antibodies["anti_mda5"].positive == 3
    assert study.arms[0].antibodies["anti_mda5"].tested == 8


def set_path(record: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    target = record
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value


RULES = [
    # (field to change, new value, field path reported, words in the message)
    ("n_total", 5, "n_total", "arm n sum (10) exceeds study n_total (5)"),
    ("outcomes.0.responders", 10, "outcomes.0.responders", "responders (10) exceed evaluable (9)"),
    ("outcomes.0.evaluable", 11, "outcomes.0.evaluable", "evaluable (11) exceeds arm n (10)"),
    (
        "arms.0.antibodies",
        {"anti_mda5": {"positive": 9, "tested": 8}},
        "arms.0.antibodies.anti_mda5.positive",
        "positive (9) exceeds tested (8)",
    ),
    (
        "arms.0.antibodies",
        {"anti_mda5": {"positive": 3, "tested": 12}},
        "arms.0.antibodies.anti_mda5.tested",
        "tested (12) exceeds arm n (10)",
    ),
    (
        "arms.0.antibodies",
        {"anti_mda5": {"positive": 11}},
        "arms.0.antibodies.anti_mda5.positive",
        "positive (11) exceeds arm n (10)",
    ),
    ("year", 1900, "year", "not plausible"),
    ("year", 2999, "year", "not plausible"),
    ("url", "ftp://example.org/x", "url", "not a well-formed http(s) address"),
    ("url", "https://", "url", "not a well-formed http(s) address"),
    ("id", "Not A Slug", "id", "should match pattern"),
    ("doi", "doi:10.1/x", "doi", "should match pattern"),
    ("pmid", "PMID123", "pmid", "should match pattern"),
    ("arms.0.therapies", ["wonderdrug"], "arms.0.therapies", "unknown therapy 'wonderdrug'"),
    ("arms.0.therapy_class", "anti_cd20", "arms.0.therapy_class", "does not match therapies"),
    ("arms.0.therapy_class", "magic", "arms.0.therapy_class", "unknown therapy class"),
    ("arms.0.antibodies", {"anti-XYZ": {"positive": 1}}, "arms.0.antibodies", "unknown antibody"),
    ("arms.0.n", 0, "arms.0.n", "greater than or equal to 1"),
    ("outcomes.0.arm", "nosuch", "outcomes.0.arm", "not an arm id"),
    ("outcomes.0.measure", "vibes", "outcomes.0.measure", "unknown outcome measure"),
    ("outcomes.0.domain", "mood", "outcomes.0.domain", "unknown outcome domain"),
    ("outcomes.0.source_section", "", "outcomes.0.source_section", "at least 3 characters"),
    ("safety.0.arm", "nosuch", "safety.0.arm", "not an arm id"),
    ("safety.0.count", 11, "safety.0.count", "count (11) exceeds arm n (10)"),
    ("safety.0.kind", "bad_luck", "safety.0.kind", "Input should be"),
    (
        "disclosures",
        {"industry_ties": False, "companies": ["Pfizer"]},
        "disclosures.companies",
        "industry_ties is not true",
    ),
    ("same_cohort_as", ["valid-minimal"], "same_cohort_as", "same cohort as itself"),
    ("arms", [], "arms", "at least 1 item"),
    ("population.age_group", "teen", "population.age_group", "Input should be"),
    ("design", "anecdote", "design", "Input should be"),
]


@pytest.mark.parametrize(("path", "value", "field", "message"), RULES, ids=[f"{r[0]}={r[1]!r}" for r in RULES])
def test_rule_violation_is_reported_at_its_field(record, path, value, field, message):
    set_path(record, path, value)
    found = errors_of(record)
    assert any(loc == field and message in msg for loc, msg in found), found


def test_unknown_field_is_rejected(record):
    record["sponsor"] = "Someone"
    assert ("sponsor", "Extra inputs are not permitted") in errors_of(record)


def test_duplicate_arm_ids_are_rejected(record):
    record["arms"].append(dict(record["arms"][0], antibodies={}))
    record["n_total"] = 20
    assert ("arms.1.id", "arm id 'tofa' is used more than once") in errors_of(record)


def test_survey_arms_hold_no_patients(record):
    record.update(design="survey", n_total=None, n_respondents=200)
    assert any(loc == "arms.0.n" and "respondents, not patients" in msg for loc, msg in errors_of(record))
    record["arms"][0]["n"] = None
    record["arms"][0]["antibodies"] = {}
    record["outcomes"][0].update(responders=None, evaluable=None, denominator_basis=None)
    record["safety"] = []
    assert Study.model_validate(record).n_respondents == 200


def test_not_tested_antibody_is_absent_and_unstated_count_is_null(record):
    record["arms"][0]["antibodies"] = {"anti-p155/140": {"positive": None}}
    study = Study.model_validate(record)
    assert "anti_mda5" not in study.arms[0].antibodies
    assert study.arms[0].antibodies["anti_tif1g"].positive is None


def test_synonyms_and_brand_names_map_to_generic_names(record):
    record["arms"][0]["therapies"] = ["Xeljanz"]
    record["population"]["prior_failed_therapies"] = ["MMF", "Plaquenil", "jak_inhibitor"]
    study = Study.model_validate(record)
    assert study.arms[0].therapies == ["tofacitinib"]
    assert study.population.prior_failed_therapies == ["mycophenolate", "hydroxychloroquine", "jak_inhibitor"]


def test_several_study_level_violations_are_all_reported(record):
    record["n_total"] = 5
    record["safety"][0]["arm"] = "nosuch"
    record["outcomes"][0]["arm"] = "other"
    fields = {loc for loc, _ in errors_of(record)}
    assert {"n_total", "safety.0.arm", "outcomes.0.arm"} <= fields
