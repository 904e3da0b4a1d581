"""The evidence table has one row per arm; filters select exactly the expected arms; permalinks round-trip."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import UnknownFilterValue
from evidence.filters import Filters, apply_filters
from evidence.schema import Study
from evidence.table import ARM_COLUMNS, evidence_table, outcomes_table, safety_table

REQUIRED = {
    "study_id",
    "citation",
    "year",
    "design",
    "evidence_level",
    "therapy",
    "therapy_class",
    "age_group",
    "n",
    "antibodies",
    "outcomes",
    "safety",
    "url",
}


def make(record: dict, **changes) -> Study:
    return Study.model_validate({**record, **changes})


@pytest.fixture
def tiny(record):
    """Three small studies: paediatric JAKi with MDA5, adult DM abatacept, paediatric IVIG without antibodies."""
    jak = make(record, id="jak")
    aba = make(
        record,
        id="aba",
        year=2015,
        design="open_label_trial",
        summary="Adults given abatacept in an open-label trial; a test record.",
        population={"age_group": "adult_dm", "condition": "Adult DM"},
        arms=[
            {
                "id": "aba",
                "label": "Abatacept",
                "therapies": ["abatacept"],
                "therapy_class": "t_cell_costimulation_modulator",
                "n": 10,
                "antibodies": {"anti-NXP2": {"positive": 0, "tested": 10}},
            }
        ],
        outcomes=[],
        safety=[],
    )
    ivig = make(
        record,
        id="ivig",
        arms=[{"id": "ivig", "label": "IVIG", "therapies": ["ivig"], "therapy_class": "immunoglobulin", "n": 4}],
        outcomes=[],
        safety=[],
        n_total=4,
    )
    return evidence_table([jak, aba, ivig])


def test_table_has_the_documented_columns_and_one_row_per_arm(evidence):
    assert set(evidence.arms.columns) >= REQUIRED
    assert list(evidence.arms.columns) == ARM_COLUMNS
    assert len(evidence.arms) == sum(len(s.arms) for s in evidence.studies)
    assert evidence.arms["n"].dtype == "Int64"


def test_antibody_text_shows_positive_over_tested_and_not_reported(tiny):
    assert tiny.set_index("study_id").loc["jak", "antibodies"] == "anti-MDA5 3/8"
    assert tiny.set_index("study_id").loc["ivig", "antibodies"] == "not reported"


FILTER_CASES = [
    (Filters(), ["jak", "aba", "ivig"]),
    (Filters(antibodies=("anti_mda5",)), ["jak"]),
    (Filters(antibodies=("anti-MJ",)), []),  # tested 10 but positive 0: 'none' is not a match
    (Filters(age_groups=("pediatric",)), ["jak", "ivig"]),
    (Filters(age_groups=("adult_dm",)), ["aba"]),
    (Filters(therapy_classes=("jak_inhibitor", "immunoglobulin")), ["jak", "ivig"]),
    (Filters(therapies=("Orencia",)), ["aba"]),
    (Filters(designs=("open_label_trial",)), ["aba"]),
    (Filters(year_min=2016), ["jak", "ivig"]),
    (Filters(year_max=2015), ["aba"]),
    (Filters(min_n=5), ["jak", "aba"]),
    (Filters(domains=("skin",)), ["jak"]),
    (Filters(text="ABATACEPT IN AN OPEN"), ["aba"]),
    (Filters(antibodies=("anti_mda5",), age_groups=("adult_dm",)), []),
]


@pytest.mark.parametrize(("filters", "expected"), FILTER_CASES, ids=[str(f.to_query()) for f, _ in FILTER_CASES])
def test_filters_select_exactly_the_expected_arms(tiny, filters, expected):
    assert apply_filters(tiny, filters)["study_id"].tolist() == expected


def test_unknown_filter_values_raise_a_typed_error():
    with pytest.raises(UnknownFilterValue, match="Antibody positive: unknown value 'anti-unicorn'"):
        Filters(antibodies=("anti-unicorn",))


def test_filters_round_trip_through_the_query_string():
    f = Filters(
        therapy_classes=("jak_inhibitor",),
        antibodies=("anti_mda5", "anti_nxp2"),
        age_groups=("pediatric",),
        year_min=2018,
        min_n=3,
        text="lung",
    )
    query = f.to_query()
    assert query == {
        "therapy_classes": "jak_inhibitor",
        "antibodies": "anti_mda5,anti_nxp2",
        "age_groups": "pediatric",
        "year_min": "2018",
        "min_n": "3",
        "text": "lung",
    }
    assert Filters.from_query(query) == f
    assert Filters.from_query({}) == Filters()


def test_a_bad_number_in_the_query_string_is_a_typed_error():
    with pytest.raises(UnknownFilterValue, match="whole number"):
        Filters.from_query({"year_min": "soon"})


def test_outcome_and_safety_tables_keep_counts_and_sources(record):
    study = make(record)
    out = outcomes_table([study]).iloc[0]
    assert (out["responders"], out["evaluable"], out["result"], out["source_section"]) == (
        6,
        9,
        "6/9, improved",
        "abstract: results",
    )
    safe = safety_table([study]).iloc[0]
    assert (safe["kind"], safe["count"], safe["denominator"]) == ("herpes_zoster", 1, 10)


def test_unstated_counts_stay_missing_not_zero(record):
    record["outcomes"][0].update(responders=None, evaluable=None, denominator_basis=None)
    out = outcomes_table([make(record)]).iloc[0]
    assert pd.isna(out["responders"]) and pd.isna(out["evaluable"])
    assert out["result"] == "improved"


def test_real_data_anti_mda5_filter_finds_arms_with_mda5_positive_patients_or_their_results(evidence):
    rows = apply_filters(evidence.arms, Filters(antibodies=("anti_mda5",)))
    assert {"torres-sanchez-2026-jaki-abatacept", "le-voyer-2021-jaki-jdm"} <= set(rows["study_id"])
    by_id = {s.id: s for s in evidence.studies}
    for sid, aid in zip(rows["study_id"], rows["arm_id"], strict=True):
        study = by_id[sid]
        arm = next(a for a in study.arms if a.id == aid)
        counts = arm.antibodies.get("anti_mda5")
        counted = counts is not None and (counts.positive is None or counts.positive > 0)
        subgroup = any(
            o.subgroup and o.subgroup.antibody == "anti_mda5" and o.arm in (aid, None) for o in study.outcomes
        )
        assert counted or subgroup, (sid, aid)


def test_real_data_adult_dm_filter_returns_only_adult_onset_studies(evidence):
    rows = apply_filters(evidence.arms, Filters(age_groups=("adult_dm",)))
    by_id = {s.id: s for s in evidence.studies}
    assert len(rows) > 0
    assert {by_id[s].population.age_group for s in rows["study_id"]} == {"adult_dm"}


def test_the_filters_dataclass_has_exactly_the_fields_the_filter_specs_define():
    import dataclasses

    from evidence.filters import FILTERS

    spec_fields = [(name, default) for spec in FILTERS for name, _, default in spec.fields]
    assert [(f.name, f.default) for f in dataclasses.fields(Filters)] == spec_fields
