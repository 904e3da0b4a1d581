"""GRADE-style certainty: each rule on its own, then the label they add up to."""

from __future__ import annotations

import pytest

from evidence.synthesis.certainty import (
    MIN_PATIENTS,
    Question,
    StudyTraits,
    grade,
    imprecision,
    inconsistency,
    indirectness,
    risk_of_bias,
    starting_level,
)
from evidence.synthesis.contributions import AntibodyBasis
from evidence.synthesis.results import Estimate


def study(study_id="s", design="case_series", patients=10, industry_ties=None) -> StudyTraits:
    return StudyTraits(study_id, design, patients, industry_ties)


def estimate(patients=40, low=0.4, high=0.6, k=2, i2=0.0, pi=(None, None), scale="proportion", method="REML"):
    return Estimate(
        k=k, patients=patients, events=patients // 2, method=method, estimate=(low + high) / 2, ci_low=low,
        ci_high=high, ci_method="test", pi_low=pi[0], pi_high=pi[1], i2=i2, tau2=0.0, scale=scale,
    )  # fmt: skip


def question(population="pediatric", asked="pediatric", comparative=False, antibody=None):
    return Question(comparative, population, asked, antibody, "anti-MDA5-positive" if antibody else None)


@pytest.mark.parametrize(
    ("designs", "comparative", "start", "words"),
    [
        (["rct"], True, "high", "randomised comparison"),
        (["rct", "retrospective_cohort"], True, "low", "non-randomised comparison"),
        (["rct"], False, "low", "one arm of randomised trials, summarised without the comparator"),
        (["rct", "rct"], False, "low", "single arms of randomised trials"),
        (["case_series"], False, "low", "single-arm results without a comparison (case series)"),
    ],
)
def test_only_a_randomised_comparison_starts_high_and_a_trial_arm_says_what_it_is(designs, comparative, start, words):
    level, reason = starting_level([study(f"s{i}", d) for i, d in enumerate(designs)], comparative)
    assert level == start and words in reason


@pytest.mark.parametrize(
    ("studies", "levels", "phrase"),
    [
        ([study("a", "retrospective_cohort", 30), study("b", patients=10)], 1, "retrospective design (1 of 2 studies"),
        ([study("a", "retrospective_cohort", 10), study("b", patients=30)], 0, None),  # a minority of patients
        ([study("a", "retrospective_cohort", industry_ties=True)], 2, "industry ties (the only study)"),
    ],
)
def test_risk_of_bias_counts_concerns_held_by_most_patients(studies, levels, phrase):
    judgement = risk_of_bias(studies)
    assert judgement.levels == levels
    assert phrase is None or any(phrase in r for r in judgement.reasons)


@pytest.mark.parametrize(
    ("pooled", "levels"),
    [
        (estimate(i2=75.0), 1),
        (estimate(i2=10.0, pi=(0.2, 0.9), low=0.55, high=0.7), 1),  # the PI crosses 50% while the CI does not
        (estimate(i2=10.0, pi=(0.2, 0.9), low=0.4, high=0.6), 0),  # the CI crosses too: imprecision, not this
        (estimate(k=1, i2=None, method=None), 0),
        (estimate(scale="ratio", low=0.6, high=0.8, pi=(0.4, 1.3)), 1),  # the PI crosses no effect
    ],
)
def test_inconsistency_is_heterogeneity_or_a_prediction_interval_crossing_the_decision_line(pooled, levels):
    assert inconsistency(pooled).levels == levels


@pytest.mark.parametrize(
    ("q", "levels", "words"),
    [
        (question("pediatric", "pediatric"), 0, None),
        (question("adult_dm", "pediatric"), 1, "adults with adult-onset dm, not children with jdm"),
        (question("mixed", "pediatric"), 1, "children and adults together"),
        (question("adult_dm", "any"), 0, None),  # any age: each population shown apart, none indirect
        (question(antibody=AntibodyBasis("mixed_cohort", 2, 10)), 1, "2 of 10 tested patients were anti-mda5-positive"),
        (question("adult_dm", "pediatric", antibody=AntibodyBasis("mixed_cohort", 2, None)), 2, "whole-cohort"),
        (question(antibody=AntibodyBasis("subgroup")), 0, None),
    ],
)
def test_indirectness_for_another_population_or_a_mixed_cohort_under_an_antibody(q, levels, words):
    judgement = indirectness(q)
    assert judgement.levels == levels
    assert words is None or any(words in r.lower() for r in judgement.reasons)


@pytest.mark.parametrize(
    ("pooled", "levels"),
    [
        (estimate(patients=MIN_PATIENTS, low=0.5, high=0.7), 0),
        (estimate(patients=MIN_PATIENTS - 1, low=0.5, high=0.7), 1),
        (estimate(patients=20, low=0.2, high=0.9), 2),
        (estimate(patients=515, scale="ratio", low=0.56, high=0.86), 0),
        (estimate(patients=515, scale="ratio", low=0.56, high=1.2), 1),  # includes no difference
    ],
)
def test_imprecision_is_few_patients_or_a_wide_or_inconclusive_interval(pooled, levels):
    assert imprecision(pooled).levels == levels


def test_the_label_adds_the_levels_and_stops_at_very_low_with_every_reason_listed():
    certainty = grade([study("a", "retrospective_cohort", 5)], estimate(patients=5, low=0.1, high=0.9, k=1), question())
    assert certainty.label == "very low"
    assert certainty.reasons[0].startswith("starts low")
    assert len(certainty.reasons) == 4  # start, retrospective, few patients, wide interval
    rct = grade(
        [study("a", "rct", 300)], estimate(patients=300, scale="ratio", low=0.5, high=0.8), question(comparative=True)
    )
    assert (rct.label, rct.reasons) == ("high", ("starts high: randomised comparison",))
