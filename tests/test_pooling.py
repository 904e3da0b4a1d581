"""Pooling reproduces metafor, and the summary of findings pools only what means something, each patient once.

Reference values come from tests/data/metafor/reference.json, written by make_reference.R (R 4.2, metafor 3.8-1);
R is not needed to run these tests. Tolerances: proportions (estimate, CI, PI) 1e-5 on the proportion scale,
tau2 1e-4, I² 0.01 points; the residual gap is metafor's own stopping rules (REML Fisher scoring stops at a
change below 1e-5, PM's uniroot at tol 1.2e-4), here both are solved to 1e-10 or better.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.meta_analysis import combine_effects

from evidence.cohorts import cohort_groups
from evidence.synthesis.pooling import (
    ProportionData,
    estimate_tau2,
    logit_effects,
    pool_proportions,
)
from evidence.synthesis.proportions import wilson_interval
from evidence.synthesis.summary import (
    HARMONISED_OUTCOMES,
    RECORD_KEYS,
    once_per_cohort,
    study_report,
    summary_of_findings,
)
from evidence.table import OUTCOME_COLUMNS, evidence_table, outcomes_table

REFERENCE = json.loads((Path(__file__).parent / "data" / "metafor" / "reference.json").read_text())
DATASETS = REFERENCE["datasets"]
PROPORTION_TOL = 1e-5
TAU2_TOL = 1e-4
I2_TOL = 0.01
METHODS = ("REML", "DL", "PM")

FITS = [
    pytest.param(name, method, id=f"{name}-{method}")
    for name, data in DATASETS.items()
    if len(data["xi"]) >= 2
    for method in METHODS
]


# --- metafor agreement -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DATASETS))
def test_logit_effects_match_escalc_plo_with_half_added_only_to_zero_or_full_arms(name):
    data = DATASETS[name]
    yi, vi = logit_effects(data["xi"], data["ni"])
    np.testing.assert_allclose(yi, data["yi"], rtol=1e-12)
    np.testing.assert_allclose(vi, data["vi"], rtol=1e-12)


@pytest.mark.parametrize(("name", "method"), FITS)
def test_pooled_proportion_and_its_intervals_match_metafor(name, method):
    data, ref = DATASETS[name], DATASETS[name]["fits"][method]
    pooled = pool_proportions(data["xi"], data["ni"], method)
    assert (pooled.k, pooled.method, pooled.test) == (ref["k"], method, "z")
    assert pooled.estimate == pytest.approx(ref["proportion"], abs=PROPORTION_TOL)
    assert pooled.ci_low == pytest.approx(ref["proportion_ci_lb"], abs=PROPORTION_TOL)
    assert pooled.ci_high == pytest.approx(ref["proportion_ci_ub"], abs=PROPORTION_TOL)
    assert pooled.logit_estimate == pytest.approx(ref["estimate"], abs=PROPORTION_TOL)
    assert pooled.logit_se == pytest.approx(ref["se"], abs=PROPORTION_TOL)


@pytest.mark.parametrize(("name", "method"), FITS)
def test_tau2_i2_q_and_weights_match_metafor(name, method):
    data, ref = DATASETS[name], DATASETS[name]["fits"][method]
    pooled = pool_proportions(data["xi"], data["ni"], method)
    assert pooled.tau2 == pytest.approx(ref["tau2"], abs=TAU2_TOL)
    assert pooled.i2 == pytest.approx(ref["I2"], abs=I2_TOL)
    assert pooled.q == pytest.approx(ref["QE"], rel=1e-10)
    assert pooled.q_p == pytest.approx(ref["QEp"], abs=1e-8)
    np.testing.assert_allclose(pooled.weights, ref["weights"], atol=1e-3)


@pytest.mark.parametrize(("name", "method"), [f for f in FITS if len(DATASETS[f.values[0]]["xi"]) >= 3])
def test_prediction_interval_matches_metafor_predict_when_there_are_three_or_more_studies(name, method):
    data, ref = DATASETS[name], DATASETS[name]["fits"][method]
    pooled = pool_proportions(data["xi"], data["ni"], method)
    assert pooled.pi_low == pytest.approx(ref["proportion_pi_lb"], abs=PROPORTION_TOL)
    assert pooled.pi_high == pytest.approx(ref["proportion_pi_ub"], abs=PROPORTION_TOL)


def test_two_studies_are_pooled_but_get_no_prediction_interval():
    pooled = pool_proportions(DATASETS["two_studies"]["xi"], DATASETS["two_studies"]["ni"])
    assert pooled.method == "REML"
    assert (pooled.pi_low, pooled.pi_high) == (None, None)


def test_one_study_is_not_pooled_and_keeps_its_own_wilson_interval():
    pooled = pool_proportions([7], [12], "REML")
    assert (pooled.k, pooled.method, pooled.tau2, pooled.i2, pooled.pi_low) == (1, None, None, None, None)
    assert pooled.estimate == pytest.approx(7 / 12)
    assert (pooled.ci_low, pooled.ci_high) == pytest.approx(wilson_interval(7, 12))
    assert pooled.ci_method == "wilson"


@pytest.mark.parametrize("name", ["three_homogeneous", "ten_homogeneous", "all_responders"])
def test_homogeneous_studies_give_tau2_of_exactly_zero_by_every_method(name):
    yi, vi = logit_effects(DATASETS[name]["xi"], DATASETS[name]["ni"])
    assert [estimate_tau2(yi, vi, m) for m in METHODS] == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("name", ["zeros_and_full", "three_heterogeneous", "ten_heterogeneous", "jdm_anti_tnf"])
def test_paule_mandel_and_dersimonian_laird_agree_with_statsmodels_where_tau2_is_positive(name):
    yi, vi = logit_effects(DATASETS[name]["xi"], DATASETS[name]["ni"])
    statsmodels_pm = combine_effects(yi, vi, method_re="pm").tau2
    statsmodels_dl = combine_effects(yi, vi, method_re="dl").tau2
    assert estimate_tau2(yi, vi, "PM") == pytest.approx(statsmodels_pm, abs=1e-4)
    assert estimate_tau2(yi, vi, "DL") == pytest.approx(statsmodels_dl, rel=1e-10)


@pytest.mark.parametrize(
    ("to", "expected_yi"),
    [
        ("only0", [np.log(0.5 / 8.5), np.log(3 / 7)]),
        ("all", [np.log(0.5 / 8.5), np.log(3.5 / 7.5)]),
        ("if0all", [np.log(0.5 / 8.5), np.log(3.5 / 7.5)]),
        ("none", [-np.inf, np.log(3 / 7)]),
    ],
)
def test_continuity_correction_options_follow_escalc(to, expected_yi):
    yi, _ = logit_effects([0, 3], [8, 10], to=to)
    np.testing.assert_allclose(yi, expected_yi)


@pytest.mark.parametrize(
    ("events", "totals"),
    [([3, 5], [2, 8]), ([1], [0]), ([], []), ([1, 2], [3])],
)
def test_invalid_counts_are_refused_before_pooling(events, totals):
    with pytest.raises(ValueError):
        ProportionData.from_counts(events, totals)


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method"):
        pool_proportions([1, 2], [3, 4], "HS")


def test_a_pooled_result_serialises_to_json():
    pooled = pool_proportions(DATASETS["jdm_anti_tnf"]["xi"], DATASETS["jdm_anti_tnf"]["ni"], "PM")
    assert json.loads(json.dumps(pooled.to_dict()))["method"] == "PM"


# --- building pools from the outcomes table ----------------------------------------------------------------------


def row(study_id: str, responders: int | None, evaluable: int | None, **values) -> dict:
    """One outcomes_table row; defaults describe a paediatric tofacitinib case series without industry ties."""
    base = {
        "study_id": study_id,
        "arm_id": "tofacitinib",
        "citation": f"{study_id} citation",
        "short_citation": study_id,
        "year": 2021,
        "design": "case_series",
        "evidence_level": 4,
        "age_group": "pediatric",
        "therapy": "Tofacitinib",
        "therapy_ids": ("tofacitinib",),
        "therapy_class": "jak_inhibitor",
        "arm_n": evaluable,
        "subgroup": None,
        "subgroup_antibody": None,
        "measure": "remission",
        "domain": "remission",
        "timepoint_months": None,
        "responders": responders,
        "evaluable": evaluable,
        "result": "",
        "direction": "improved",
        "significant": None,
        "p_value": None,
        "summary": "",
        "source_section": "results",
        "industry_ties": None,
        "url": "https://example.org",
    }
    return base | values


def table(*rows: dict) -> pd.DataFrame:
    df = pd.DataFrame(list(rows), columns=OUTCOME_COLUMNS)
    return df.astype({"arm_n": "Int64", "responders": "Int64", "evaluable": "Int64"})


def remission(result, therapy="tofacitinib", subgroup=None):
    return result.finding(therapy, "remission", subgroup)


def test_a_drug_pools_only_arms_given_that_drug_alone():
    outcomes = table(
        row("yu-2021", 3, 3),
        row("zhang-2023", 42, 88),
        row("ding-2021", 20, 24, therapy_ids=("tofacitinib", "ruxolitinib")),  # combination: not tofacitinib
    )
    finding = remission(summary_of_findings(outcomes, ["tofacitinib"], {}))
    assert [s.study_id for s in finding.studies] == ["yu-2021", "zhang-2023"]
    assert finding.pooled.patients == 91


def test_a_class_pools_its_arms_but_never_mixed_whole_study_rows_or_comparator_arms():
    outcomes = table(
        row("wang-2022", 15, 20, therapy_ids=("baricitinib",)),
        row("le-voyer-2021", 5, 10, arm_id=None, therapy_ids=("ruxolitinib", "baricitinib")),
        row("wu-2025", 9, 12, arm_id=None, therapy_ids=("tofacitinib", "tacrolimus"), therapy_class="mixed"),
        row("trial", 2, 10, arm_id="placebo", therapy_ids=("placebo",), therapy_class="placebo_control"),
    )
    finding = remission(summary_of_findings(outcomes, ["jak_inhibitor"], {}), "jak_inhibitor")
    assert [s.study_id for s in finding.studies] == ["le-voyer-2021", "wang-2022"]


@pytest.mark.parametrize("selection", ["placebo", "placebo_control", "control", "usual_care"])
def test_asking_to_pool_a_comparator_is_refused(selection):
    with pytest.raises(ValueError, match="comparator"):
        summary_of_findings(table(row("a", 1, 2)), [selection], {})


def test_an_unknown_selection_or_method_is_refused():
    with pytest.raises(ValueError):
        summary_of_findings(table(row("a", 1, 2)), ["mixed"], {})
    with pytest.raises(ValueError):
        summary_of_findings(table(row("a", 1, 2)), ["tofacitinib"], {}, method="ML")


def test_only_harmonised_outcome_definitions_are_pooled():
    outcomes = table(row("a", 5, 10), row("b", 8, 10, measure="cmas", domain="muscle"))
    result = summary_of_findings(outcomes, ["tofacitinib"], {})
    assert [f.outcome for f in result] == ["remission"]
    assert set(HARMONISED_OUTCOMES) >= {f.outcome for f in result}
    with pytest.raises(ValueError, match="not harmonised"):
        summary_of_findings(outcomes, ["tofacitinib"], {}, measures=["cmas"])


def test_author_defined_clinical_response_stays_its_own_category():
    outcomes = table(
        row("a", 5, 10, measure="clinical_response", domain="global"),
        row("b", 7, 10, measure="imacs_doi", domain="global"),
    )
    result = summary_of_findings(outcomes, ["tofacitinib"], {})
    assert {(f.outcome, f.pooled.k) for f in result} == {("clinical_response", 1), ("imacs_doi", 1)}


def test_antibody_subgroups_pool_across_studies_apart_from_whole_arm_rows():
    mda5 = {"subgroup": "anti-MDA5-positive patients", "subgroup_antibody": "anti_mda5"}
    outcomes = table(
        row("le-voyer-2021", 2, 2, **mda5),
        row("yamazaki-2024", 2, 3, subgroup="children with anti-MDA5 antibodies", subgroup_antibody="anti_mda5"),
        row("le-voyer-2021", 5, 10),
        row("zhang-2023", 16, 20, subgroup="patients with ILD"),  # no antibody: keyed by its own label
    )
    result = summary_of_findings(outcomes, ["tofacitinib"], {})
    keys = [(f.subgroup, f.pooled.k) for f in result]
    assert keys == [(None, 1), ("anti_mda5", 2), ("patients with ILD", 1)]
    assert remission(result, subgroup="anti_mda5").subgroup_label == "anti-MDA5-positive patients"


def test_a_cohort_reported_twice_counts_once_taking_the_report_with_most_patients():
    outcomes = table(
        row("boulter-2011", 19, 23, year=2011),
        row("campanilho-marques-2020", 40, 60, year=2020),
        row("yu-2021", 3, 3),
    )
    cohorts = {"boulter-2011": "boulter-2011", "campanilho-marques-2020": "boulter-2011"}
    finding = remission(summary_of_findings(outcomes, ["tofacitinib"], cohorts))
    assert [s.study_id for s in finding.studies] == ["campanilho-marques-2020", "yu-2021"]
    assert finding.pooled.patients == 63
    (alternative,) = finding.studies[0].alternatives
    assert (alternative.study_id, alternative.responders, alternative.evaluable) == ("boulter-2011", 19, 23)
    assert "same cohort as campanilho-marques-2020" in alternative.reason


@pytest.mark.parametrize(
    ("reports", "kept"),
    [
        ([("a", 2008, 3), ("b", 2010, 3)], "b"),  # equal evaluable: the more recent year
        ([("hassan-2008-tacrolimus-jdm", 2008, 3), ("hassan-2008-tacrolimus-jdm-abstract", 2008, 3)], None),
        ([("a", 2020, 5), ("b", 2008, 6)], "b"),  # most evaluable wins over recency
    ],
)
def test_the_cohort_rule_breaks_ties_by_year_then_study_id(reports, kept):
    outcomes = table(*(row(sid, 1, n, year=year) for sid, year, n in reports))
    built = [study_report(outcomes[outcomes["study_id"] == sid]) for sid, _, _ in reports]
    (chosen,) = once_per_cohort(built, {sid: "cohort" for sid, _, _ in reports})
    assert chosen.study_id == (kept or sorted(sid for sid, _, _ in reports)[0])
    assert len(chosen.alternatives) == 1


def test_studies_not_in_the_cohort_map_are_their_own_cohort():
    built = [study_report(table(row("a", 1, 3))), study_report(table(row("b", 2, 3)))]
    assert [r.study_id for r in once_per_cohort(built, {})] == ["a", "b"]


def test_one_study_contributes_one_result_the_one_with_most_patients_then_the_latest_timepoint():
    outcomes = table(
        row("zhang-2023", 16, 40, timepoint_months=6.0),
        row("zhang-2023", 37, 40, timepoint_months=12.0),
        row("zhang-2023", 30, 35, timepoint_months=24.0),
    )
    report = study_report(outcomes)
    assert (report.responders, report.evaluable, report.timepoint_months) == (37, 40, 12.0)
    assert sorted(a.evaluable for a in report.alternatives) == [35, 40]


def test_arms_of_one_study_are_not_summed_because_they_may_share_patients():
    outcomes = table(
        row("boulter-2011", 19, 23, arm_id="infliximab", therapy_ids=("infliximab",), therapy_class="tnf_inhibitor"),
        row("boulter-2011", 8, 9, arm_id="adalimumab", therapy_ids=("adalimumab",), therapy_class="tnf_inhibitor"),
    )
    finding = remission(summary_of_findings(outcomes, ["tnf_inhibitor"], {}), "tnf_inhibitor")
    (only,) = finding.studies
    assert (only.arm_ids, only.responders, only.evaluable) == (("infliximab",), 19, 23)
    assert "arms may share patients" in only.alternatives[0].reason


def test_a_whole_study_result_is_preferred_to_an_arm_result_covering_as_many_patients():
    outcomes = table(row("tjarnlund-2018", 8, 19, arm_id=None), row("tjarnlund-2018", 5, 19, arm_id="immediate"))
    report = study_report(outcomes)
    assert (report.arm_ids, report.responders) == ((), 8)


def test_results_without_a_denominator_are_listed_as_excluded_not_guessed():
    outcomes = table(row("wang-2022", 15, 20), row("zhang-2023", 44, None))
    finding = remission(summary_of_findings(outcomes, ["tofacitinib"], {}))
    assert finding.pooled.k == 1
    assert [(e.study_id, e.reason) for e in finding.excluded] == [("zhang-2023", "no denominator (evaluable) stated")]


def test_survey_rows_hold_no_patients_and_are_never_pooled():
    outcomes = table(row("sherman-2025", 150, 229, design="survey"), row("yu-2021", 3, 3))
    assert [s.study_id for s in remission(summary_of_findings(outcomes, ["tofacitinib"], {})).studies] == ["yu-2021"]


# --- certainty, records and forest data through the summary -----------------------------------------------------


def test_certainty_uses_the_population_asked_for():
    outcomes = table(row("paik-2021", 10, 10, age_group="adult_dm", design="open_label_trial", industry_ties=True))
    for population, has_indirectness in (("pediatric", True), (None, False)):
        finding = remission(summary_of_findings(outcomes, ["tofacitinib"], {}, population))
        assert finding.certainty.label == "very low"
        assert any(r.startswith("indirectness") for r in finding.certainty.reasons) is has_indirectness


def test_a_comparator_arm_found_in_the_arms_table_lifts_the_no_comparator_concern():
    outcomes = table(row("proderm", 37, 47, design="rct", arm_id="ivig", therapy_ids=("ivig",)))
    arms = pd.DataFrame({"study_id": ["proderm"], "therapy_class": ["placebo_control"], "therapy_ids": [("placebo",)]})
    without = remission(summary_of_findings(outcomes, ["ivig"], {}), "ivig")
    with_arms = remission(summary_of_findings(outcomes, ["ivig"], {}, arms=arms), "ivig")
    assert any("no comparator" in r for r in without.certainty.reasons)
    assert not any("no comparator" in r for r in with_arms.certainty.reasons)
    assert (without.certainty.label, with_arms.certainty.label) == ("low", "moderate")


def _three_study_result(method: str = "REML"):
    outcomes = table(
        row("wang-2022", 15, 20, year=2022),
        row("le-voyer-2021", 5, 10, year=2021),
        row("yamazaki-2024", 2, 2, year=2024),
    )
    return summary_of_findings(outcomes, ["tofacitinib"], {}, "pediatric", method)


def test_records_are_json_ready_with_the_documented_keys():
    records = _three_study_result().to_records()
    (record,) = json.loads(json.dumps(records))
    assert tuple(record) == RECORD_KEYS
    assert (record["k"], record["patients"], record["method"], record["test"]) == (3, 32, "REML", "z")
    assert 0 <= record["i2"] <= 100
    assert record["pi_low"] <= record["ci_low"] < record["estimate"] < record["ci_high"] <= record["pi_high"]
    assert record["certainty"] == "very low"
    assert record["reasons"][0].startswith("starts low")
    assert [s["study_id"] for s in record["studies"]] == ["le-voyer-2021", "wang-2022", "yamazaki-2024"]
    assert set(record["studies"][0]) >= {
        "study_id",
        "responders",
        "evaluable",
        "proportion",
        "ci_low",
        "ci_high",
        "alternatives",
    }


def test_pooled_values_equal_pooling_the_chosen_counts_directly():
    (finding,) = _three_study_result("PM")
    direct = pool_proportions([5, 15, 2], [10, 20, 2], "PM")
    assert finding.pooled == direct


def test_the_table_view_has_one_row_per_finding_with_reasons_as_text():
    df = _three_study_result().to_df()
    assert len(df) == 1
    assert df.loc[0, "studies"] == "le-voyer-2021, wang-2022, yamazaki-2024"
    assert "imprecision" in df.loc[0, "reasons"]


def test_forest_data_has_a_row_per_study_and_a_pooled_row_with_weights_summing_to_100():
    forest = _three_study_result().forest("tofacitinib", "remission")
    assert forest["kind"].tolist() == ["study", "study", "study", "pooled"]
    assert forest.loc[forest["kind"] == "study", "weight"].sum() == pytest.approx(100)
    assert forest.loc[0, "estimate"] == pytest.approx(0.5)
    assert forest.loc[0, "ci_low"] == pytest.approx(wilson_interval(5, 10)[0])
    pooled = forest.iloc[-1]
    assert pooled["pi_low"] <= pooled["ci_low"]


def test_a_single_study_forest_says_it_was_not_pooled():
    result = summary_of_findings(table(row("yu-2021", 3, 3)), ["tofacitinib"], {})
    forest = result.forest("tofacitinib", "remission")
    assert forest.iloc[-1]["label"].startswith("Single study, not pooled")
    assert np.isnan(forest.iloc[-1]["pi_low"])


# --- the real records -------------------------------------------------------------------------------------------


def test_every_drug_and_class_in_the_real_records_pools_and_serialises(data_result):
    from evidence.synthesis.comparison import comparison_options

    studies = data_result.studies
    outcomes = outcomes_table(studies)
    result = summary_of_findings(
        outcomes, list(comparison_options()), cohort_groups(studies), "pediatric", arms=evidence_table(studies)
    )
    records = json.loads(json.dumps(result.to_records()))
    assert records
    for record in records:
        assert record["certainty"] in {"high", "moderate", "low", "very low"}
        assert (record["method"] is None) == (record["k"] == 1)
        ids = [s["study_id"] for s in record["studies"]]
        cohorts = cohort_groups(studies)
        assert len({cohorts.get(i, i) for i in ids}) == len(ids)  # each cohort once
