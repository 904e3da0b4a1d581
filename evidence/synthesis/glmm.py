"""The binomial-normal random-effects model (a logistic GLMM) for pooling sparse proportions, as R's
metafor::rma.glmm(measure = "PLO") fits it through lme4::glmer (maximum likelihood, adaptive Gauss-Hermite
quadrature with 7 points per study).

Model: x_i ~ Binomial(n_i, expit(mu + tau u_i)), u_i ~ N(0, 1). Unlike the logit transformation with 0.5 added to
studies of 0 or all responders, it uses the counts directly, so small all-responder series are not pulled toward
50% (Stijnen et al., Stat Med 2010). Estimates: mu and tau by maximum likelihood; the standard error of mu from
the numerical Hessian of the deviance in (tau, mu), as lme4's vcov() takes it; I² with metafor's "typical"
within-study variance of the 0.5-corrected logits. `fit_glmm` returns None when the likelihood keeps rising as
tau grows (e.g. one study with none and another with all responding): no finite estimate exists.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

NODES = 7  # metafor's default nAGQ
MAX_TAU = 20.0  # beyond this on the logit scale the likelihood is flat: no finite estimate
_GH_T, _GH_W = np.polynomial.hermite.hermgauss(NODES)


@dataclass(frozen=True)
class GlmmFit:
    """Maximum-likelihood fit: mu and its standard error (logit scale), tau², and the log-likelihood."""

    mu: float
    se: float
    tau2: float
    loglik: float


def _log_binom(x: np.ndarray, n: np.ndarray, eta: np.ndarray) -> np.ndarray:
    # log(expit(eta)^x (1-expit(eta))^(n-x)) computed stably
    return x * eta - n * np.logaddexp(0.0, eta)


def _expit(values: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -values))


def _study_logliks(
    x: np.ndarray, n: np.ndarray, mu: float, tau: float, start: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per study, log of the integral over u of Binomial(x | n, expit(mu + tau u)) phi(u), by 7-point adaptive
    quadrature around each study's mode (computed for all studies at once, from `start` when given: the modes
    move little between nearby parameters); and the modes."""
    if tau <= 0.0:
        return _log_binom(x, n, np.full_like(x, mu)), np.zeros_like(x)
    # Each study's mode solves h'(u) = tau (x - n p(u)) - u = 0, with h' strictly decreasing; the root lies in
    # [tau (x - n), tau x]. Newton steps, replaced by bisection whenever they leave the bracket (never a cycle).
    lo, hi = tau * (x - n), tau * x
    u = np.clip(np.zeros_like(x) if start is None else start, lo, hi)
    for _ in range(100):
        p = _expit(mu + tau * u)
        grad = tau * (x - n * p) - u
        lo, hi = np.where(grad > 0, u, lo), np.where(grad > 0, hi, u)
        newton = u + grad / (tau * tau * n * p * (1 - p) + 1.0)
        inside = (newton > lo) & (newton < hi)
        new = np.where(inside, newton, 0.5 * (lo + hi))
        done = np.max(np.abs(new - u)) < 1e-11
        u = new
        if done:
            break
    p = _expit(mu + tau * u)
    scale = 1.0 / np.sqrt(tau * tau * n * p * (1 - p) + 1.0)
    points = u[:, None] + math.sqrt(2.0) * scale[:, None] * _GH_T[None, :]
    values = (
        _log_binom(x[:, None], n[:, None], mu + tau * points)
        - 0.5 * points**2
        - 0.5 * math.log(2 * math.pi)
        + _GH_T[None, :] ** 2
    )
    top = values.max(axis=1)
    weighted = np.log((_GH_W[None, :] * np.exp(values - top[:, None])).sum(axis=1))
    return np.log(math.sqrt(2.0) * scale) + top + weighted, u


def loglik(events: Sequence[int], totals: Sequence[int], mu: float, tau: float) -> float:
    """Marginal log-likelihood of the binomial-normal model (binomial coefficients left out: a constant)."""
    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    return float(np.sum(_study_logliks(x, n, mu, tau)[0]))


def _hessian(f, point: np.ndarray, step: float = 1e-4) -> np.ndarray:
    k = len(point)
    out = np.zeros((k, k))
    for i in range(k):
        for j in range(i, k):
            e_i, e_j = np.eye(k)[i] * step, np.eye(k)[j] * step
            value = (f(point + e_i + e_j) - f(point + e_i - e_j) - f(point - e_i + e_j) + f(point - e_i - e_j)) / (
                4 * step * step
            )
            out[i, j] = out[j, i] = value
    return out


def fit_glmm(events: Sequence[int], totals: Sequence[int]) -> GlmmFit | None:
    """Maximum-likelihood mu and tau² of the binomial-normal model; None when tau has no finite estimate.

    L-BFGS-B over (tau, mu) within tau >= 0 (lme4's bound), from the logit-scale REML estimate; each evaluation
    starts every study's mode search where the last one ended.
    """
    from scipy import optimize  # on first use: scipy adds seconds to the app's cold start

    from evidence.synthesis import random_effects as re

    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    modes = {"u": None}

    def deviance(params: np.ndarray) -> float:
        tau, mu = min(abs(float(params[0])), MAX_TAU), float(params[1])
        if abs(mu) > 40:
            return math.inf
        logliks, modes["u"] = _study_logliks(x, n, mu, tau, modes["u"])
        return -2.0 * float(np.sum(logliks))

    start = re.fit(*re.logit_effects(x, n), "REML")
    res = optimize.minimize(
        deviance,
        np.array([max(math.sqrt(start.tau2), 0.1), start.mu]),
        method="L-BFGS-B",
        bounds=[(0.0, MAX_TAU), (-30.0, 30.0)],
        options={"ftol": 1e-14, "gtol": 1e-9, "maxiter": 500},
    )
    tau, mu = float(res.x[0]), float(res.x[1])
    if tau >= MAX_TAU * 0.999 or abs(mu) > 25.0:  # tau or mu runs off: no finite estimate
        return None
    modes["u"] = None
    if tau < 1e-4:  # on the boundary: the fixed-effect logistic model (tau = 0)
        tau = 0.0
        variance = 2.0 / _hessian(lambda p: deviance(np.array([0.0, p[0]])), np.array([mu]))[0, 0]
    else:
        try:
            variance = 2.0 * float(np.linalg.inv(_hessian(deviance, np.array([tau, mu])))[1, 1])
        except np.linalg.LinAlgError:
            return None
    if not math.isfinite(variance) or variance <= 0:
        return None
    return GlmmFit(mu=mu, se=math.sqrt(variance), tau2=tau * tau, loglik=-0.5 * deviance(np.array([tau, mu])))
