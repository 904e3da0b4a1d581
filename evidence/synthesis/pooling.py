"""Random-effects pooling of single-arm proportions on the logit scale, reproducing R's metafor.

Validated input -> estimator -> result, in the spirit of PyMARE:

* ``ProportionData.from_counts`` checks the counts;
* ``logit_effects`` is ``escalc(measure="PLO")`` with metafor's default ``add = 1/2, to = "only0"`` (0.5 added
  to both cells only of studies with 0 or n events);
* ``estimate_tau2`` gives the between-study variance by REML (Fisher scoring, as metafor's ``rma``), DL or PM;
* ``pool_proportions`` returns a ``PooledProportion``: the inverse-variance estimate with a z-based 95% CI
  (``test = "z"``), the 95% prediction interval ``mu ± z * sqrt(tau2 + se^2)`` (metafor ``predict``), tau2,
  I² as metafor computes it, and the estimate back-transformed to a proportion (``transf.ilogit``).

One study is not pooled: it keeps its own Wilson interval (method None).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from statistics import NormalDist

import numpy as np

from evidence.synthesis.proportions import CI_LEVEL, check_counts, wilson_interval

METHODS = ("REML", "DL", "PM")
TEST = "z"
CONTINUITY = 0.5  # metafor escalc default add = 1/2
CONTINUITY_TO = ("only0", "all", "if0all", "none")  # metafor escalc `to` options
REML_THRESHOLD = 1e-10  # metafor stops Fisher scoring at a change below 1e-5; tighter here, same fixed point
REML_MAX_ITER = 1000


@dataclass(frozen=True)
class ProportionData:
    """Validated events and totals of the studies to pool, one per study (validated input)."""

    events: tuple[int, ...]
    totals: tuple[int, ...]
    labels: tuple[str, ...]

    @classmethod
    def from_counts(
        cls, events: Sequence[int], totals: Sequence[int], labels: Sequence[str] | None = None
    ) -> ProportionData:
        """Check the counts (whole numbers, 0 <= events <= total, total >= 1) and the labels' length."""
        if len(events) != len(totals):
            raise ValueError(f"{len(events)} event counts but {len(totals)} totals")
        if len(events) == 0:
            raise ValueError("nothing to pool: no studies")
        pairs = [check_counts(e, n) for e, n in zip(events, totals, strict=True)]
        names = tuple(str(x) for x in labels) if labels is not None else tuple(str(i + 1) for i in range(len(pairs)))
        if len(names) != len(pairs):
            raise ValueError(f"{len(names)} labels for {len(pairs)} studies")
        return cls(tuple(p[0] for p in pairs), tuple(p[1] for p in pairs), names)

    @property
    def k(self) -> int:
        return len(self.events)


def logit_effects(
    events: Sequence[int], totals: Sequence[int], add: float = CONTINUITY, to: str = "only0"
) -> tuple[np.ndarray, np.ndarray]:
    """Logit proportions yi and sampling variances vi, as metafor escalc(measure="PLO", add=1/2, to="only0").

    to="only0" adds `add` to both cells (events, non-events) of the studies with 0 or n events only; "all" to
    every study; "if0all" to every study when any has a zero cell; "none" never (0/n then gives infinite yi).
    """
    if to not in CONTINUITY_TO:
        raise ValueError(f"unknown continuity option {to!r}; known: {CONTINUITY_TO}")
    x = np.asarray(events, dtype=float)
    m = np.asarray(totals, dtype=float) - x
    zero = (x == 0) | (m == 0)
    if to == "all" or (to == "if0all" and zero.any()):
        shift = np.full_like(x, add)
    elif to == "only0":
        shift = np.where(zero, add, 0.0)
    else:
        shift = np.zeros_like(x)
    x, m = x + shift, m + shift
    with np.errstate(divide="ignore"):
        return np.log(x / m), 1 / x + 1 / m


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
    k = len(yi)
    w = 1 / vi
    c = np.sum(w) - np.sum(w**2) / np.sum(w)
    return max(0.0, float((q_statistic(yi, vi) - (k - 1)) / c))


def tau2_pm(yi: np.ndarray, vi: np.ndarray) -> float:
    """Paule-Mandel estimate: the tau2 at which generalised Q equals k - 1 (0 when Q(0) is already below)."""
    k = len(yi)
    target = k - 1
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
    else:  # pragma: no cover - Fisher scoring converges for intercept-only models; bounded search as a fallback
        from scipy import optimize

        res = optimize.minimize_scalar(lambda t: -_reml_loglik(yi, vi, t), bounds=(0, 1e6), method="bounded")
        tau2 = float(res.x)
    if _reml_loglik(yi, vi, 0.0) > _reml_loglik(yi, vi, tau2):
        tau2 = 0.0
    return float(tau2)


def estimate_tau2(yi: np.ndarray, vi: np.ndarray, method: str = "REML") -> float:
    """Between-study variance on the logit scale by REML (metafor's default), DL or PM."""
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
    s2 = (k - 1) * np.sum(w) / (np.sum(w) ** 2 - np.sum(w**2))
    return float(100 * tau2 / (tau2 + s2))


@dataclass(frozen=True)
class PooledProportion:
    """A pooled (or single-study) proportion with its intervals and heterogeneity (the result).

    estimate/ci/pi are proportions; logit_* are on the model scale. method None means not pooled (k = 1):
    the estimate is events/total with its Wilson interval and there is no tau2, I² or prediction interval.
    """

    k: int
    patients: int
    events: int
    method: str | None
    test: str
    estimate: float
    ci_low: float
    ci_high: float
    pi_low: float | None
    pi_high: float | None
    tau2: float | None
    i2: float | None
    q: float | None
    q_p: float | None
    logit_estimate: float | None
    logit_se: float | None
    weights: tuple[float, ...]  # percent, as metafor weights()
    ci_method: str
    level: float = CI_LEVEL

    @property
    def pooled(self) -> bool:
        return self.method is not None

    def to_dict(self) -> dict:
        """JSON-ready dict (plain floats, lists)."""
        out = asdict(self)
        out["weights"] = list(self.weights)
        return out


def pool_proportions(
    events: Sequence[int],
    totals: Sequence[int],
    method: str = "REML",
    level: float = CI_LEVEL,
    labels: Sequence[str] | None = None,
) -> PooledProportion:
    """Random-effects pooled proportion on the logit scale (metafor rma(measure="PLO", xi, ni, method), test z).

    The prediction interval is given only when k >= 3; with k = 1 nothing is pooled and the study's own Wilson
    interval is returned (method None).
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; known: {METHODS}")
    data = ProportionData.from_counts(events, totals, labels)
    patients, responders = sum(data.totals), sum(data.events)
    if data.k == 1:
        low, high = wilson_interval(data.events[0], data.totals[0], level)
        return PooledProportion(
            k=1,
            patients=patients,
            events=responders,
            method=None,
            test=TEST,
            estimate=data.events[0] / data.totals[0],
            ci_low=low,
            ci_high=high,
            pi_low=None,
            pi_high=None,
            tau2=None,
            i2=None,
            q=None,
            q_p=None,
            logit_estimate=None,
            logit_se=None,
            weights=(100.0,),
            ci_method="wilson",
            level=level,
        )
    yi, vi = logit_effects(data.events, data.totals)
    tau2 = estimate_tau2(yi, vi, method)
    mu, se, w = _fixed(yi, vi, tau2)
    from scipy.special import gammaincc  # chi-squared tail; scipy.special loads far faster than scipy.stats

    z = NormalDist().inv_cdf(1 - (1 - level) / 2)
    pi_low = pi_high = None
    if data.k >= 3:
        half = z * math.sqrt(tau2 + se**2)
        pi_low, pi_high = float(expit(mu - half)), float(expit(mu + half))
    q = q_statistic(yi, vi)
    return PooledProportion(
        k=data.k,
        patients=patients,
        events=responders,
        method=method,
        test=TEST,
        estimate=float(expit(mu)),
        ci_low=float(expit(mu - z * se)),
        ci_high=float(expit(mu + z * se)),
        pi_low=pi_low,
        pi_high=pi_high,
        tau2=tau2,
        i2=i_squared(vi, tau2),
        q=q,
        q_p=float(gammaincc((data.k - 1) / 2, q / 2)),  # = chi2.sf(q, k - 1)
        logit_estimate=mu,
        logit_se=se,
        weights=tuple(float(x) for x in 100 * w / np.sum(w)),
        ci_method=f"random effects ({method}), logit scale, {TEST} test",
        level=level,
    )
