"""Pooling, as the methods literature recommends for small series: which estimator, and when not to pool.

Proportions (responders, patients with a harm):
* one study: its own proportion with the exact (Clopper-Pearson) interval; not pooled;
* every study at 0%, or every study at 100%: not pooled; the summed counts with their exact interval, because
  any model would place the estimate inside (0, 1) although no study observed anything but 0% or 100%;
* method "auto" (the default): the binomial-normal model (GLMM, evidence.synthesis.glmm) when any study has 0 or
  all of its patients responding, else the logit-scale random-effects model by REML; REML, DL, PM and GLMM can
  be chosen;
* a pooled estimate must lie within the range of its studies' observed proportions; otherwise (or when the GLMM
  has no finite estimate) the summed counts are shown with their exact interval, and the reason is given.

Comparisons against a control (risk ratio, risk difference): random effects by REML on escalc's effects, as
metafor::rma(measure = "RR" | "RD"); one study keeps its own estimate with its Wald interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np

from evidence.synthesis import random_effects as re
from evidence.synthesis.exact import CI_LEVEL, EXACT, check_counts, exact_interval
from evidence.synthesis.glmm import fit_glmm
from evidence.synthesis.random_effects import expit
from evidence.synthesis.results import Estimate

METHODS = ("auto", "REML", "DL", "PM", "GLMM")
ONE_STUDY = "one study: its own result, not pooled"
ALL_OR_NONE = "every study reports {what} of its patients responding: not pooled; the counts are added"
OUTSIDE = "the model's estimate fell outside the studies' own results: not pooled; the counts are added"
NO_GLMM = "the binomial-normal model has no finite estimate for these studies: not pooled; the counts are added"


def _z(level: float) -> float:
    return NormalDist().inv_cdf(1 - (1 - level) / 2)


def summed_counts(events: Sequence[int], totals: Sequence[int], reason: str, level: float = CI_LEVEL) -> Estimate:
    """The counts added up with their exact interval: the honest summary when a model cannot be trusted."""
    x, n = sum(events), sum(totals)
    low, high = exact_interval(x, n, level)
    return Estimate(
        k=len(events), patients=n, events=x, method=None, estimate=x / n, ci_low=low, ci_high=high,
        ci_method=f"{EXACT}, summed counts" if len(events) > 1 else EXACT, not_pooled=reason,
        weights=tuple(100.0 * t / n for t in totals),
    )  # fmt: skip


def choose_method(events: Sequence[int], totals: Sequence[int], method: str) -> str:
    """The estimator a method setting stands for with these counts (auto: GLMM with 0% or 100% studies)."""
    if method != "auto":
        return method
    edge = any(x == 0 or x == n for x, n in zip(events, totals, strict=True))
    return "GLMM" if edge else "REML"


def pool_proportions(
    events: Sequence[int], totals: Sequence[int], method: str = "auto", level: float = CI_LEVEL
) -> Estimate:
    """A summary proportion of single-arm counts by the rules in this module's docstring."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; known: {METHODS}")
    if len(events) != len(totals) or not events:
        raise ValueError("pooling needs one total per count, and at least one study")
    pairs = [check_counts(x, n) for x, n in zip(events, totals, strict=True)]
    x = [p[0] for p in pairs]
    n = [p[1] for p in pairs]
    if len(pairs) == 1:
        return summed_counts(x, n, ONE_STUDY, level)
    if all(a == b for a, b in pairs):
        return summed_counts(x, n, ALL_OR_NONE.format(what="all"), level)
    if all(a == 0 for a, _ in pairs):
        return summed_counts(x, n, ALL_OR_NONE.format(what="none"), level)
    chosen = choose_method(x, n, method)
    yi, vi = re.logit_effects(x, n)
    z = _z(level)
    if chosen == "GLMM":
        model = fit_glmm(x, n)
        if model is None:
            return summed_counts(x, n, NO_GLMM, level)
        summary = re.fit(yi, vi, tau2=model.tau2)
        mu, se, tau2 = model.mu, model.se, model.tau2
        ci_method = "binomial-normal random-effects model (GLMM, maximum likelihood), logit scale, z test"
    else:
        summary = re.fit(yi, vi, chosen)
        mu, se, tau2 = summary.mu, summary.se, summary.tau2
        ci_method = f"random effects ({chosen}), logit scale, 0.5 added to studies of 0% or 100%, z test"
    estimate = expit(mu)
    observed = [a / b for a, b in pairs]
    if not min(observed) - 1e-12 <= estimate <= max(observed) + 1e-12:
        return summed_counts(x, n, OUTSIDE, level)
    pi_low = pi_high = None
    if len(pairs) >= 3:
        half = z * math.sqrt(tau2 + se**2)
        pi_low, pi_high = expit(mu - half), expit(mu + half)
    return Estimate(
        k=len(pairs), patients=sum(n), events=sum(x), method=chosen, estimate=estimate,
        ci_low=expit(mu - z * se), ci_high=expit(mu + z * se), ci_method=ci_method, pi_low=pi_low, pi_high=pi_high,
        tau2=tau2, i2=summary.i2, q=summary.q, q_p=summary.q_p, weights=summary.weights,
    )  # fmt: skip


def effects(measure: str, events_t, n_t, events_c, n_c) -> tuple[np.ndarray, np.ndarray]:
    """Per-study log risk ratios or risk differences and their variances (escalc)."""
    if measure == "RR":
        return re.risk_ratio_effects(events_t, n_t, events_c, n_c)
    if measure == "RD":
        return re.risk_difference_effects(events_t, n_t, events_c, n_c)
    raise ValueError(f"unknown measure {measure!r}; known: RR, RD")


def back(measure: str, value: float) -> float:
    """An effect on its natural scale (a ratio for RR)."""
    return math.exp(value) if measure == "RR" else value


def pool_effects(
    measure: str, events_t: Sequence[int], n_t: Sequence[int], events_c: Sequence[int], n_c: Sequence[int],
    level: float = CI_LEVEL,
) -> Estimate:  # fmt: skip
    """Random-effects (REML) risk ratio or difference of treated against control arms; one study not pooled."""
    for pair in (*zip(events_t, n_t, strict=True), *zip(events_c, n_c, strict=True)):
        check_counts(*pair)
    yi, vi = effects(measure, events_t, n_t, events_c, n_c)
    z = _z(level)
    scale = "ratio" if measure == "RR" else "difference"
    patients, events = sum(n_t) + sum(n_c), sum(events_t)
    if len(yi) == 1:
        se = math.sqrt(vi[0])
        return Estimate(
            k=1, patients=patients, events=events, method=None, estimate=back(measure, yi[0]),
            ci_low=back(measure, yi[0] - z * se), ci_high=back(measure, yi[0] + z * se),
            ci_method="Wald, from the study's counts (0.5 added to zero cells)", not_pooled=ONE_STUDY, scale=scale,
            weights=(100.0,),
        )  # fmt: skip
    summary = re.fit(yi, vi, "REML")
    low, high = summary.interval(z)
    pi_low = pi_high = None
    if len(yi) >= 3:
        pi_low, pi_high = (back(measure, v) for v in summary.prediction(z))
    return Estimate(
        k=len(yi), patients=patients, events=events, method="REML", estimate=back(measure, summary.mu),
        ci_low=back(measure, low), ci_high=back(measure, high),
        ci_method=f"random effects (REML), {'log scale, ' if measure == 'RR' else ''}z test",
        pi_low=pi_low, pi_high=pi_high, tau2=summary.tau2, i2=summary.i2, q=summary.q, q_p=summary.q_p,
        weights=summary.weights, scale=scale,
    )  # fmt: skip


def study_effect(measure: str, events_t: int, n_t: int, events_c: int, n_c: int, level: float = CI_LEVEL):
    """One study's own effect and Wald interval on the natural scale."""
    yi, vi = effects(measure, [events_t], [n_t], [events_c], [n_c])
    se, z = math.sqrt(vi[0]), _z(level)
    return back(measure, yi[0]), back(measure, yi[0] - z * se), back(measure, yi[0] + z * se)
