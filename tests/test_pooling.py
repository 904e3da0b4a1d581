"""The estimators reproduce R (metafor, lme4, binom.test), and the pooling rules never show an estimate outside
what the studies observed without saying why.

Reference values come from tests/data/metafor/reference.json, written by make_reference.R (R 4.2, metafor 3.8-1,
lme4 1.1-31); R is not needed to run these tests. Tolerances: logit REML/DL/PM estimates and intervals 1e-5 on the
proportion scale, tau² 1e-4 (metafor stops Fisher scoring at a change below 1e-5; here 1e-10), I² 0.01 points;
GLMM (a numerical optimum and a finite-difference Hessian, as lme4's) 1e-4 on the proportion scale, 1e-3 for
tau² and 0.05 points of I²; RR/RD 1e-4 (metafor's REML stopping rule again); exact intervals 1e-9.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from statsmodels.stats.meta_analysis import combine_effects

from evidence.synthesis import random_effects as re
from evidence.synthesis.exact import exact_interval
from evidence.synthesis.glmm import fit_glmm
from evidence.synthesis.pooling import ALL_OR_NONE, NO_GLMM, ONE_STUDY, OUTSIDE, pool_effects, pool_proportions

REFERENCE = json.loads((Path(__file__).parent / "data" / "metafor" / "reference.json").read_text())
DATASETS = REFERENCE["datasets"]
METHODS = ("REML", "DL", "PM")
FITS = [
    pytest.param(name, method, id=f"{name}-{method}")
    for name, data in DATASETS.items()
    if len(data["xi"]) >= 2 and not all(x == n for x, n in zip(data["xi"], data["ni"], strict=True))
    for method in METHODS
]


# --- logit random effects (REML, DL, PM) ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DATASETS))
def test_logit_effects_match_escalc_plo_with_half_added_only_to_zero_or_full_arms(name):
    data = DATASETS[name]
    yi, vi = re.logit_effects(data["xi"], data["ni"])
    np.testing.assert_allclose(yi, data["yi"], rtol=1e-12)
    np.testing.assert_allclose(vi, data["vi"], rtol=1e-12)


@pytest.mark.parametrize(("name", "method"), FITS)
def test_pooled_proportion_intervals_tau2_i2_and_weights_match_metafor(name, method):
    data, ref = DATASETS[name], DATASETS[name]["fits"][method]
    pooled = pool_proportions(data["xi"], data["ni"], method)
    assert (pooled.k, pooled.method, pooled.test) == (ref["k"], method, "z")
    for ours, theirs in [("estimate", "proportion"), ("ci_low", "proportion_ci_lb"), ("ci_high", "proportion_ci_ub")]:
        assert getattr(pooled, ours) == pytest.approx(ref[theirs], abs=1e-5), ours
    if ref["k"] >= 3:
        assert pooled.pi_low == pytest.approx(ref["proportion_pi_lb"], abs=1e-5)
        assert pooled.pi_high == pytest.approx(ref["proportion_pi_ub"], abs=1e-5)
    else:
        assert (pooled.pi_low, pooled.pi_high) == (None, None)
    assert pooled.tau2 == pytest.approx(ref["tau2"], abs=1e-4)
    assert pooled.i2 == pytest.approx(ref["I2"], abs=0.01)
    assert pooled.q == pytest.approx(ref["QE"], rel=1e-10)
    np.testing.assert_allclose(pooled.weights, ref["weights"], atol=1e-3)


@pytest.mark.parametrize("name", ["three_homogeneous", "ten_homogeneous"])
def test_homogeneous_studies_give_tau2_of_exactly_zero_by_every_method(name):
    yi, vi = re.logit_effects(DATASETS[name]["xi"], DATASETS[name]["ni"])
    assert [re.estimate_tau2(yi, vi, m) for m in METHODS] == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("name", ["zeros_and_full", "three_heterogeneous", "ten_heterogeneous", "jdm_anti_tnf"])
def test_paule_mandel_and_dersimonian_laird_agree_with_statsmodels_where_tau2_is_positive(name):
    yi, vi = re.logit_effects(DATASETS[name]["xi"], DATASETS[name]["ni"])
    assert re.estimate_tau2(yi, vi, "PM") == pytest.approx(combine_effects(yi, vi, method_re="pm").tau2, abs=1e-4)
    assert re.estimate_tau2(yi, vi, "DL") == pytest.approx(combine_effects(yi, vi, method_re="dl").tau2, rel=1e-10)


# --- the binomial-normal model (GLMM) ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(REFERENCE["glmm"]))
def test_glmm_matches_metafor_rma_glmm(name):
    ref = REFERENCE["glmm"][name]
    pooled = pool_proportions(ref["xi"], ref["ni"], "GLMM")
    assert pooled.method == "GLMM"
    assert pooled.estimate == pytest.approx(ref["proportion"], abs=1e-4)
    assert pooled.ci_low == pytest.approx(ref["proportion_ci_lb"], abs=1e-4)
    assert pooled.ci_high == pytest.approx(ref["proportion_ci_ub"], abs=1e-4)
    assert pooled.tau2 == pytest.approx(ref["tau2"], abs=1e-3)
    assert pooled.i2 == pytest.approx(ref["I2"], abs=0.05)
    if len(ref["xi"]) >= 3:
        assert pooled.pi_low == pytest.approx(ref["proportion_pi_lb"], abs=1e-4)


def test_glmm_has_no_estimate_when_one_study_has_none_and_another_all_responding():
    assert fit_glmm([0, 5], [3, 5]) is None
    pooled = pool_proportions([0, 5], [3, 5], "GLMM")
    assert (pooled.method, pooled.not_pooled, pooled.events, pooled.patients) == (None, NO_GLMM, 5, 8)


# --- effects against a control ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "measure"), [(n, m) for n in REFERENCE["effects"] for m in ("RR", "RD")])
def test_risk_ratio_and_difference_match_metafor(name, measure):
    data = REFERENCE["effects"][name]
    ref = data["fits"][measure]
    pooled = pool_effects(measure, data["ai"], data["n1i"], data["ci"], data["n2i"])
    back = math.exp if measure == "RR" else (lambda v: v)
    assert pooled.estimate == pytest.approx(back(ref["estimate"]), rel=1e-4, abs=1e-4)
    assert pooled.ci_low == pytest.approx(back(ref["ci_lb"]), rel=1e-4, abs=1e-4)
    assert pooled.ci_high == pytest.approx(back(ref["ci_ub"]), rel=1e-4, abs=1e-4)
    assert pooled.scale == ("ratio" if measure == "RR" else "difference")
    if len(data["ai"]) >= 2:
        assert pooled.method == "REML" and pooled.tau2 == pytest.approx(ref["tau2"], abs=1e-4)
        assert pooled.i2 == pytest.approx(ref["I2"], abs=0.01)
    else:
        assert (pooled.method, pooled.not_pooled) == (None, ONE_STUDY)


# --- exact intervals and the pooling rules ---------------------------------------------------------------------


@pytest.mark.parametrize("case", REFERENCE["exact"], ids=lambda c: f"{c['events']}/{c['total']}")
def test_exact_interval_matches_binom_test(case):
    low, high = exact_interval(case["events"], case["total"])
    assert (low, high) == pytest.approx((case["ci_lb"], case["ci_ub"]), abs=1e-9)


def test_one_study_is_not_pooled_and_keeps_its_exact_interval():
    pooled = pool_proportions([7], [12], "REML")
    assert (pooled.k, pooled.method, pooled.tau2, pooled.pi_low, pooled.not_pooled) == (1, None, None, None, ONE_STUDY)
    assert (pooled.estimate, pooled.ci_low, pooled.ci_high) == pytest.approx((7 / 12, *exact_interval(7, 12)))


@pytest.mark.parametrize(("events", "what", "estimate"), [([3, 2, 5, 1], "all", 1.0), ([0, 0], "none", 0.0)])
def test_when_every_study_reports_all_or_none_the_counts_are_added_not_pooled(events, what, estimate):
    totals = [3, 2, 5, 1] if what == "all" else [4, 6]
    pooled = pool_proportions(events if what == "all" else [0, 0], totals, "REML")
    assert pooled.method is None and pooled.not_pooled == ALL_OR_NONE.format(what=what)
    assert pooled.estimate == estimate  # never 83% for 4 of 4, as a 0.5 correction would show
    assert (pooled.ci_low, pooled.ci_high) == pytest.approx(exact_interval(pooled.events, pooled.patients))


def test_auto_uses_the_binomial_normal_model_when_a_study_has_none_or_all_responding():
    assert pool_proportions([2, 9, 5], [2, 10, 10]).method == "GLMM"
    assert pool_proportions([1, 9, 5], [2, 10, 10]).method == "REML"


@pytest.mark.parametrize("method", ["auto", "REML", "DL", "PM", "GLMM"])
@pytest.mark.parametrize(
    ("events", "totals"),
    [([9, 4, 3], [10, 4, 3]), ([1, 0, 0, 2], [10, 8, 5, 20]), ([24, 1, 2, 16], [24, 1, 2, 24]), ([19, 15], [20, 24])],
)
def test_a_pooled_estimate_lies_within_the_studies_observed_proportions(method, events, totals):
    pooled = pool_proportions(events, totals, method)
    observed = [x / n for x, n in zip(events, totals, strict=True)]
    assert min(observed) <= pooled.estimate <= max(observed)
    assert pooled.pooled or pooled.not_pooled in (OUTSIDE, NO_GLMM)


@pytest.mark.parametrize(
    ("events", "totals"), [([3, 5], [2, 8]), ([1], [0]), ([], []), ([1, 2], [3]), ([1.5, 2], [3, 4]), ([True], [2])]
)
def test_invalid_counts_are_refused_before_pooling(events, totals):
    with pytest.raises((ValueError, TypeError)):
        pool_proportions(events, totals)


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method"):
        pool_proportions([1, 2], [3, 4], "HS")
