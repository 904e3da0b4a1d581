"""Inverse-variance random-effects meta-analysis of study estimates yi with sampling variances vi, reproducing
R's metafor (escalc + rma, test = "z").

* ``logit_effects``, ``risk_ratio_effects``, ``risk_difference_effects`` are ``escalc(measure = "PLO" | "RR" |
  "RD")`` with metafor's default ``add = 1/2, to = "only0"``: 0.5 is added to every cell of a study that has a
  zero cell (for a proportion: 0 or all events); two-arm studies with no event in either arm are kept
  (``drop00 = FALSE``);
* ``estimate_tau2`` gives the between-study variance by REML (Fisher scoring, as rma()), DL or PM;
* ``fit`` returns the estimate, its standard error, tau², I² as metafor computes it, Cochran's Q and the weights;
  the prediction interval is ``mu ± z sqrt(tau² + se²)`` (metafor's predict()).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

METHODS = ("REML", "DL", "PM")
CONTINUITY = 0.5  # metafor escalc default add = 1/2
CONTINUITY_TO = ("only0", "all", "if0all", "none")  # metafor escalc `to` options
REML_THRESHOLD = 1e-10  # metafor stops Fisher scoring at a change below 1e-5; tighter here, same fixed point
REML_MAX_ITER = 1000


def _shift(zero: np.ndarray, add: float, to: str) -> np.ndarray:
    if to not in CONTINUITY_TO:
        raise ValueError(f"unknown continuity option {to!r}; known: {CONTINUITY_TO}")
    if to == "all" or (to == "if0all" and zero.any()):
        return np.full(zero.shape, add)
    if to == "only0":
        return np.where(zero, add, 0.0)
    return np.zeros(zero.shape)


def logit_effects(
    events: Sequence[int], totals: Sequence[int], add: float = CONTINUITY, to: str = "only0"
) -> tuple[np.ndarray, np.ndarray]:
    """Logit proportions yi and sampling variances vi, as escalc(measure = "PLO")."""
    x = np.asarray(events, dtype=float)
    m = np.asarray(totals, dtype=float) - x
    shift = _shift((x == 0) | (m == 0), add, to)
    x, m = x + shift, m + shift
    with np.errstate(divide="ignore"):
        return np.log(x / m), 1 / x + 1 / m


def _two_by_two(events_t, n_t, events_c, n_c, add: float, to: str):
    a, c = np.asarray(events_t, dtype=float), np.asarray(events_c, dtype=float)
    b, d = np.asarray(n_t, dtype=float) - a, np.asarray(n_c, dtype=float) - c
    shift = _shift((a == 0) | (b == 0) | (c == 0) | (d == 0), add, to)
    return a + shift, b + shift, c + shift, d + shift


def risk_ratio_effects(events_t, n_t, events_c, n_c, add: float = CONTINUITY, to: str = "only0"):
    """Log risk ratios (treated over control) and their variances, as escalc(measure = "RR")."""
    a, b, c, d = _two_by_two(events_t, n_t, events_c, n_c, add, to)
    return np.log((a / (a + b)) / (c / (c + d))), 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)


def risk_difference_effects(events_t, n_t, events_c, n_c, add: float = CONTINUITY, to: str = "only0"):
    """Risk differences (treated minus control) and their variances, as escalc(measure = "RD")."""
    a, b, c, d = _two_by_two(events_t, n_t, events_c, n_c, add, to)
    p1, p2 = a / (a + b), c / (c + d)
    return p1 - p2, p1 * (1 - p1) / (a + b) + p2 * (1 - p2) / (c + d)


def expit(x: float) -> float:
    """Inverse logit."""
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _fixed(yi: np.ndarray, vi: np.ndarray, tau2: float) -> tuple[float, float, np.ndarray]:
    w = 1 / (vi + tau2)
    mu = float(np.sum(w * yi) / np.sum(w))
    return mu, float(math.sqrt(1 / np.sum(w))), w


def q_statistic(yi: np.ndarray, vi: np.ndarray, tau2: float = 0.0) -> float:
    """Generalised Cochran Q: sum of w (yi - mu)^2 with w = 1/(vi + tau2); tau2 = 0 gives metafor's QE."""
    mu, _, w = _fixed(yi, vi, tau2)
    return float(np.sum(w * (yi - mu) ** 2))


def tau2_dl(yi: np.ndarray, vi: np.ndarray) -> float:
    """DerSimonian-Laird moment estimate of tau2, truncated at 0."""
    w = 1 / vi
    c = np.sum(w) - np.sum(w**2) / np.sum(w)
    return max(0.0, float((q_statistic(yi, vi) - (len(yi) - 1)) / c))


def tau2_pm(yi: np.ndarray, vi: np.ndarray) -> float:
    """Paule-Mandel estimate: the tau2 at which generalised Q equals k - 1 (0 when Q(0) is already below)."""
    target = len(yi) - 1
    if q_statistic(yi, vi, 0.0) <= target:
        return 0.0
    upper = max(1.0, float(np.var(yi, ddof=1)))
    while q_statistic(yi, vi, upper) > target:
        upper *= 10
        if upper > 1e12:
            raise RuntimeError("Paule-Mandel: no root for tau2 below 1e12")
    from scipy import optimize  # imported on first use: scipy adds seconds to the app's cold start

    return float(optimize.brentq(lambda t: q_statistic(yi, vi, t) - target, 0.0, upper, xtol=1e-14, rtol=1e-14))


def _tau2_he(yi: np.ndarray, vi: np.ndarray) -> float:
    """Hedges (HE) estimate, metafor's starting value for REML."""
    k = len(yi)
    return max(0.0, float((np.sum((yi - yi.mean()) ** 2) - np.sum(vi) * (k - 1) / k) / (k - 1)))


def _reml_loglik(yi: np.ndarray, vi: np.ndarray, tau2: float) -> float:
    mu, _, w = _fixed(yi, vi, tau2)
    k = len(yi)
    return float(
        -0.5 * (k - 1) * math.log(2 * math.pi)
        - 0.5 * np.sum(np.log(vi + tau2))
        - 0.5 * math.log(np.sum(w))
        - 0.5 * np.sum(w * (yi - mu) ** 2)
    )


def tau2_reml(yi: np.ndarray, vi: np.ndarray) -> float:
    """Restricted maximum likelihood tau2 by Fisher scoring with step halving at 0, as metafor's rma().

    Starts at the Hedges estimate like metafor; update (y'PPy - tr P) / tr PP for the intercept-only model;
    falls back to 0 when the likelihood at 0 is higher (metafor's ll0check).
    """
    tau2 = _tau2_he(yi, vi)
    for _ in range(REML_MAX_ITER):
        w = 1 / (vi + tau2)
        p = np.diag(w) - np.outer(w, w) / np.sum(w)
        py = p @ yi
        adj = float((py @ py - np.trace(p)) / np.sum(p * p))
        while tau2 + adj < 0:
            adj /= 2
        tau2 += adj
        if abs(adj) < REML_THRESHOLD:
            break
    if _reml_loglik(yi, vi, 0.0) > _reml_loglik(yi, vi, tau2):
        tau2 = 0.0
    return float(tau2)


def estimate_tau2(yi: np.ndarray, vi: np.ndarray, method: str = "REML") -> float:
    """Between-study variance by REML (metafor's default), DL or PM; 0 for a single study."""
    yi, vi = np.asarray(yi, dtype=float), np.asarray(vi, dtype=float)
    if len(yi) < 2:
        return 0.0
    if method == "REML":
        return tau2_reml(yi, vi)
    if method == "DL":
        return tau2_dl(yi, vi)
    if method == "PM":
        return tau2_pm(yi, vi)
    raise ValueError(f"unknown method {method!r}; known: {METHODS}")


def i_squared(vi: np.ndarray, tau2: float) -> float:
    """I² in percent as metafor computes it: 100 tau2 / (tau2 + s2), s2 the 'typical' sampling variance."""
    w = 1 / np.asarray(vi, dtype=float)
    k = len(w)
    if k < 2:
        return 0.0
    s2 = (k - 1) * np.sum(w) / (np.sum(w) ** 2 - np.sum(w**2))
    return float(100 * tau2 / (tau2 + s2))


@dataclass(frozen=True)
class Fit:
    """A random-effects fit on the model scale: estimate mu, its se, tau², I², Q with its p, weights (percent)."""

    mu: float
    se: float
    tau2: float
    i2: float
    q: float
    q_p: float
    weights: tuple[float, ...]

    def interval(self, z: float) -> tuple[float, float]:
        return self.mu - z * self.se, self.mu + z * self.se

    def prediction(self, z: float) -> tuple[float, float]:
        half = z * math.sqrt(self.tau2 + self.se**2)
        return self.mu - half, self.mu + half


def fit(yi: Sequence[float], vi: Sequence[float], method: str = "REML", tau2: float | None = None) -> Fit:
    """The random-effects fit of estimates yi with variances vi (tau2 given: e.g. from a GLMM)."""
    from scipy.special import gammaincc  # chi-squared tail; scipy.special loads far faster than scipy.stats

    yi, vi = np.asarray(yi, dtype=float), np.asarray(vi, dtype=float)
    t2 = estimate_tau2(yi, vi, method) if tau2 is None else tau2
    mu, se, w = _fixed(yi, vi, t2)
    q = q_statistic(yi, vi)
    k = len(yi)
    q_p = float(gammaincc((k - 1) / 2, q / 2)) if k > 1 else 1.0  # = chi2.sf(q, k - 1)
    weights = tuple(float(x) for x in 100 * w / np.sum(w))
    return Fit(mu=mu, se=se, tau2=t2, i2=i_squared(vi, t2), q=q, q_p=q_p, weights=weights)
