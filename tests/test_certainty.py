"""GRADE-style certainty: each rule on its own, then the label they add up to."""

from __future__ import annotations

import pytest

from evidence.synthesis.certainty import (
    LEVELS,
    MAX_CI_WIDTH,
    MIN_PATIENTS,
    StudyTraits,
    grade,
    imprecision,
    inconsistency,
    indirectness,
    resolve_population,
    risk_of_bias,
    starting_level,
)


def study(
    study_id: str = "s",
    design: str = "case_series",
    patients: int = 10,
    has_comparator: bool = False,
    industry_ties: bool | None = None,
    age_group: str = "pediatric",
) -> StudyTraits:
    return StudyTraits(study_id, design, patients, has_comparator, industry_ties, age_group)


RCT = study("proderm", "rct", 47, has_comparator=True)


# --- start by design -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("designs", "start"),
    [
        (["rct"], "high"),
        (["rct", "rct"], "high"),
        (["rct", "case_series"], "low"),  # a mixed body starts where its weakest design does
        (["open_label_trial"], "low"),
        (["retrospective_cohort", "case_report"], "low"),
    ],
)
def test_evidence_starts_high_only_when_every_study_is_randomised(designs, start):
    level, reason = starting_level([study(f"s{i}", d) for i, d in enumerate(designs)])
    assert level == start
    assert reason.startswith(f"starts {start}")


# --- risk of bias ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("studies", "levels", "phrase"),
    [
        ([study(has_comparator=False)], 1, "no comparator arm"),
        ([study(design="retrospective_cohort", has_comparator=True)], 1, "retrospective design"),
        ([study(has_comparator=True, industry_ties=True)], 1, "industry ties"),
        ([study(design="retrospective_cohort", has_comparator=False)], 2, "retrospective design"),
        ([study(has_comparator=False, industry_ties=True, design="retrospective_cohort")], 2, "industry ties"),
    ],
)
def test_each_risk_of_bias_concern_rates_down_and_two_or_more_rate_down_twice(studies, levels, phrase):
    judgement = risk_of_bias(studies)
    assert judgement.levels == levels
    assert any(phrase in r for r in judgement.reasons)


def test_a_randomised_trial_with_a_comparator_and_no_industry_ties_has_no_risk_of_bias_concern():
    assert risk_of_bias([RCT]).levels == 0


def test_unstated_industry_ties_are_not_counted_as_ties():
    assert risk_of_bias([study(has_comparator=True, industry_ties=None)]).levels == 0


def test_a_concern_in_studies_holding_less_than_half_the_patients_does_not_rate_down():
    body = [RCT, study("small-series", "retrospective_cohort", 10, has_comparator=True)]
    assert risk_of_bias(body).levels == 0


def test_a_concern_in_studies_holding_half_the_patients_or_more_rates_down_and_says_how_much():
    body = [study("a", patients=30, has_comparator=True), study("b", "retrospective_cohort", 30, True)]
    judgement = risk_of_bias(body)
    assert judgement.levels == 1
    assert judgement.reasons == ("risk of bias: retrospective design (1 of 2 studies, 50% of patients)",)


# --- imprecision -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patients", "ci", "levels"),
    [
        (MIN_PATIENTS, (0.70, 0.85), 0),  # enough patients, narrow interval
        (MIN_PATIENTS - 1, (0.70, 0.85), 1),  # 99 patients
        (150, (0.40, 0.40 + MAX_CI_WIDTH + 0.01), 1),  # wide interval alone
        (150, (0.40, 0.40 + MAX_CI_WIDTH), 0),  # exactly 0.30 wide is not wider than 0.30
        (3, (0.44, 1.00), 2),  # a 3/3 case series: both
    ],
)
def test_imprecision_rates_down_for_few_patients_or_a_wide_interval_and_twice_for_both(patients, ci, levels):
    assert imprecision(patients, *ci).levels == levels


# --- inconsistency ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "i2", "pi", "ci", "levels"),
    [
        (1, None, (None, None), (0.2, 0.9), 0),  # one study: nothing to be inconsistent with
        (2, 79.2, (None, None), (0.35, 0.98), 1),  # I² above 50%
        (3, 50.0, (0.55, 0.95), (0.6, 0.9), 0),  # exactly 50% is not above it
        (4, 20.3, (0.44, 0.92), (0.55, 0.87), 1),  # PI crosses 0.5 although the CI does not
        (3, 0.0, (0.37, 0.61), (0.37, 0.61), 0),  # PI spans 0.5 only because the CI does: imprecision, not this
        (6, 75.8, (0.02, 0.97), (0.16, 0.83), 1),  # both signs count once
    ],
)
def test_inconsistency_rates_down_once_for_high_i2_or_a_prediction_interval_spanning_one_half(k, i2, pi, ci, levels):
    assert inconsistency(k, i2, *pi, *ci).levels == levels


# --- indirectness ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "age_groups", "levels"),
    [
        (None, ["adult_dm"], 0),  # no population asked: not judged
        ("pediatric", ["pediatric"], 0),
        ("pediatric", ["adult_dm"], 1),
        ("pediatric", ["adult_with_jdm"], 1),  # adults, even with juvenile-onset disease
        ("pediatric", ["mixed"], 0),  # mixed populations include children
        ("paediatric", ["adult_dm"], 1),  # British spelling
        ("adult", ["pediatric"], 1),
    ],
)
def test_indirectness_rates_down_when_most_patients_are_from_another_age_group(population, age_groups, levels):
    body = [study(f"s{i}", age_group=g) for i, g in enumerate(age_groups)]
    assert indirectness(body, population).levels == levels


def test_adult_studies_holding_a_minority_of_patients_do_not_make_paediatric_evidence_indirect():
    body = [study("jdm", patients=20), study("adult", patients=10, age_group="adult_dm")]
    assert indirectness(body, "pediatric").levels == 0


def test_an_unknown_population_is_refused():
    with pytest.raises(ValueError):
        resolve_population("martians")


# --- the label -------------------------------------------------------------------------------------------------


def test_a_large_randomised_body_without_concerns_stays_high():
    body = [study("a", "rct", 120, True), study("b", "rct", 80, True)]
    certainty = grade(body, k=2, patients=200, ci_low=0.55, ci_high=0.70, i2=0.0)
    assert certainty.label == "high"
    assert certainty.reasons == ("starts high: randomised trials",)


def test_an_industry_funded_randomised_trial_of_adults_asked_about_children_drops_three_levels():
    proderm = study("proderm", "rct", 47, has_comparator=True, industry_ties=True, age_group="adult_dm")
    certainty = grade([proderm], k=1, patients=47, ci_low=0.65, ci_high=0.88, population="pediatric")
    assert certainty.label == "very low"
    assert [r.split(":")[0] for r in certainty.reasons] == [
        "starts high",
        "risk of bias",
        "indirectness",
        "imprecision",
    ]


def test_the_same_trial_without_a_population_asked_is_low():
    proderm = study("proderm", "rct", 47, has_comparator=True, industry_ties=True, age_group="adult_dm")
    assert grade([proderm], k=1, patients=47, ci_low=0.65, ci_high=0.88).label == "low"


def test_a_small_case_series_is_capped_at_very_low_and_lists_every_reason():
    series = study("hassan-2008", "case_series", 3)
    certainty = grade([series], k=1, patients=3, ci_low=0.44, ci_high=1.0)
    assert certainty.label == LEVELS[-1] == "very low"
    assert certainty.reasons == (
        "starts low: non-randomised evidence (case series)",
        "risk of bias: no comparator arm (the only study)",
        "imprecision: 3 patients (fewer than 100)",
        "imprecision: 95% CI 0.44-1.00 is wider than 0.30",
    )


def test_grading_needs_at_least_one_study():
    with pytest.raises(ValueError):
        grade([], k=0, patients=0, ci_low=0.0, ci_high=1.0)
