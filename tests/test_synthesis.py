"""Patient counts count a cohort once; comparisons and chart tables hold the right numbers."""

from __future__ import annotations

import pytest

from evidence.cohorts import cohort_groups, patient_count
from evidence.filters import Filters
from evidence.profile import DEFAULT_COMPARISON
from evidence.schema import Study
from evidence.store import LoadResult
from evidence.study_tables import antibody_table, study_table
from evidence.synthesis.charts import antibody_map, evidence_map, patients_by_design
from evidence.synthesis.comparison import compare
from evidence.synthesis.overview import class_summary, overview
from evidence.table import evidence_table, outcomes_table, safety_table
from evidence.view import Evidence


@pytest.fixture
def linked(record):
    """Trial (10 patients) and its meeting abstract (8 of the same patients), plus an unrelated survey."""
    trial = Study.model_validate({**record, "id": "trial", "same_cohort_as": ["abstract"]})
    abstract = Study.model_validate(
        {
            **record,
            "id": "abstract",
            "n_total": 8,
            "same_cohort_as": ["trial"],
            "arms": [dict(record["arms"][0], n=8, antibodies={})],
            "outcomes": [dict(record["outcomes"][0], evaluable=8, responders=5)],
            "safety": [],
        }
    )
    survey = Study.model_validate(
        {
            **record,
            "id": "survey",
            "design": "survey",
            "n_total": None,
            "n_respondents": 229,
            "arms": [dict(record["arms"][0], n=None, antibodies={})],
            "outcomes": [],
            "safety": [],
        }
    )
    return [trial, abstract, survey]


def test_records_of_one_cohort_share_a_group(linked):
    groups = cohort_groups(linked)
    assert groups["trial"] == groups["abstract"] != groups["survey"]


def test_a_cohort_reported_twice_is_counted_once_and_surveys_add_no_patients(linked):
    arms = evidence_table(linked)
    assert patient_count(arms, cohort_groups(linked)) == 10
    counts = overview(study_table(linked), arms, cohort_groups(linked))
    assert (counts.patients, counts.studies) == (10, 3)


def test_unlinked_studies_add_up(record):
    a = Study.model_validate({**record, "id": "a"})
    b = Study.model_validate({**record, "id": "b"})
    assert patient_count(evidence_table([a, b]), cohort_groups([a, b])) == 20


def test_view_reports_filtered_arms_and_patients(linked):
    ev = Evidence.from_result(LoadResult(tuple(linked), (), "v1"))
    view = ev.view(Filters(antibodies=("anti_mda5",)))
    assert view.arms["study_id"].tolist() == ["trial"]
    assert view.patients == 10
    assert view.outcomes["study_id"].tolist() == ["trial"]
    assert [s.id for s in view.studies] == ["trial"]


def test_comparison_has_one_column_per_selection_with_counts_and_citations(record):
    jak = Study.model_validate({**record, "id": "jak"})
    aba = Study.model_validate(
        {
            **record,
            "id": "aba",
            "arms": [
                dict(
                    record["arms"][0],
                    id="aba",
                    therapies=["abatacept"],
                    therapy_class="t_cell_costimulation_modulator",
                    antibodies={},
                )
            ],
            "outcomes": [
                dict(record["outcomes"][0], arm="aba", measure="glucocorticoid_dose", domain="steroid_sparing")
            ],
            "safety": [],
        }
    )
    studies = [jak, aba]
    table = compare(
        ["jak_inhibitor", "abatacept"],
        evidence_table(studies),
        outcomes_table(studies),
        safety_table(studies),
        antibody_table(studies),
        cohort_groups(studies),
    )
    assert list(table.columns) == ["JAK inhibitors", "Abatacept"]
    assert table.loc["Patients (each cohort once)"].tolist() == ["10", "10"]
    assert (
        table.loc["Antibody phenotypes (positive/tested)", "JAK inhibitors"] == "anti-MDA5: 3/8 [Tester A et al. 2020]"
    )
    assert table.loc["Outcomes: Skin", "JAK inhibitors"] == "CDASI: 6/9, improved [Tester A et al. 2020]"
    assert table.loc["Outcomes: Skin", "Abatacept"] == "none reported"
    assert table.loc["Outcomes: Steroid sparing", "Abatacept"].startswith(
        "Glucocorticoid dose (described): 6/9, improved"
    )
    assert table.loc["Safety findings", "JAK inhibitors"] == "Herpes zoster 1/10 [Tester A et al. 2020]"
    assert "Outcomes: Lung (ILD)" not in table.index  # domains nobody reports are left out


def test_chart_tables_hold_patients_domains_and_antibodies(record):
    jak = Study.model_validate({**record, "id": "jak"})
    arms, outs = evidence_table([jak]), outcomes_table([jak])
    assert patients_by_design(["jak_inhibitor"], arms, cohort_groups([jak])).to_dict("records") == [
        {"therapy": "JAK inhibitors", "design": "Case series", "patients": 10, "studies": 1}
    ]
    assert evidence_map(["jak_inhibitor"], outs).to_dict("records") == [
        {
            "therapy": "JAK inhibitors",
            "domain": "Skin",
            "studies": 1,
            "patients": 10,
            "direction": "improved",
            "results": 1,
        }
    ]
    ab = antibody_map(["jak_inhibitor"], arms, antibody_table([jak]))
    assert ab[["antibody", "positive", "tested", "arms_without_count"]].values.tolist() == [["anti-MDA5", 3, 8, 0]]


def test_antibody_counts_keep_each_arm_and_never_hide_stated_counts(record):
    a = Study.model_validate({**record, "id": "a"})
    b = Study.model_validate(
        {
            **record,
            "id": "b",
            "year": 2021,
            "arms": [dict(record["arms"][0], antibodies={"anti_mda5": {"positive": None}})],
        }
    )
    studies = [a, b]
    arms, outs, safe = evidence_table(studies), outcomes_table(studies), safety_table(studies)
    abs_, cohorts = antibody_table(studies), cohort_groups(studies)
    cell = compare(["jak_inhibitor", "abatacept"], arms, outs, safe, abs_, cohorts).loc[
        "Antibody phenotypes (positive/tested)", "JAK inhibitors"
    ]
    assert cell == "anti-MDA5: 3/8 [Tester A et al. 2020]; some (count not stated) [Tester A et al. 2021]"
    row = antibody_map(["jak_inhibitor"], arms, abs_).iloc[0]
    assert (row["positive"], row["tested"], row["arms"], row["arms_without_count"]) == (3, 8, 2, 1)


def test_default_comparison_on_real_data_names_therapies_as_clinicians_do(evidence):
    table = compare(
        DEFAULT_COMPARISON, evidence.arms, evidence.outcomes, evidence.safety, evidence.antibodies, evidence.cohorts
    )
    assert list(table.columns) == ["JAK inhibitors", "Abatacept", "Anifrolumab"]
    assert all(int(v) >= 1 for v in table.loc["Studies"])


def test_class_summary_counts_each_class(evidence):
    summary = class_summary(evidence.arms, evidence.cohorts).set_index("Therapy class")
    jak_studies = evidence.arms[evidence.arms["therapy_class"] == "jak_inhibitor"]["study_id"].nunique()
    assert summary.loc["JAK inhibitors", "Studies"] == jak_studies
