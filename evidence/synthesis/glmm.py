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


def _expit(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    z = math.exp(value)
    return z / (1.0 + z)


def _study_loglik(x: float, n: float, mu: float, tau: float) -> float:
    """log of the integral over u of Binomial(x | n, expit(mu + tau u)) phi(u), by 7-point adaptive quadrature."""
    if tau <= 0.0:
        return float(_log_binom(np.array(x), np.array(n), np.array(mu)))

    def h(u: np.ndarray) -> np.ndarray:
        return _log_binom(x, n, mu + tau * u) - 0.5 * u * u - 0.5 * math.log(2 * math.pi)

    u = 0.0  # damped Newton steps for the mode of h (strictly concave, so the mode is unique)
    for _ in range(200):
        p = _expit(mu + tau * u)
        grad = tau * (x - n * p) - u
        curv = tau * tau * n * p * (1 - p) + 1.0
        step = max(-5.0, min(5.0, grad / curv))
        u += step
        if abs(step) < 1e-12:
            break
    p = _expit(mu + tau * u)
    scale = 1.0 / math.sqrt(tau * tau * n * p * (1 - p) + 1.0)
    points = u + math.sqrt(2.0) * scale * _GH_T
    values = h(points) + _GH_T**2
    top = float(np.max(values))
    return math.log(math.sqrt(2.0) * scale) + top + math.log(float(np.sum(_GH_W * np.exp(values - top))))


def loglik(events: Sequence[int], totals: Sequence[int], mu: float, tau: float) -> float:
    """Marginal log-likelihood of the binomial-normal model (binomial coefficients left out: a constant)."""
    return sum(_study_loglik(float(x), float(n), mu, tau) for x, n in zip(events, totals, strict=True))


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
    """Maximum-likelihood mu and tau² of the binomial-normal model; None when tau has no finite estimate."""
    from scipy import optimize  # on first use: scipy adds seconds to the app's cold start

    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    start_mu = math.log((x.sum() + 0.5) / (n.sum() - x.sum() + 0.5))

    def deviance(params: np.ndarray) -> float:
        return -2.0 * loglik(x, n, float(params[1]), abs(float(params[0])))

    best = None
    for start_tau in (0.5, 1.5):
        res = optimize.minimize(
            deviance,
            np.array([start_tau, start_mu]),
            method="L-BFGS-B",
            bounds=[(0.0, MAX_TAU), (-30.0, 30.0)],
            options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 2000},
        )
        if best is None or res.fun < best.fun:
            best = res
    tau, mu = float(best.x[0]), float(best.x[1])
    if tau >= MAX_TAU * 0.999:
        return None
    polish = optimize.minimize(
        deviance, np.array([tau, mu]), method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 4000}
    )
    if polish.fun < best.fun:
        tau, mu = abs(float(polish.x[0])), float(polish.x[1])
    if abs(mu) > 25.0:  # every study at 0% or 100%: mu runs off to infinity
        return None
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
    se = math.sqrt(variance)
    return GlmmFit(mu=mu, se=se, tau2=tau * tau, loglik=-0.5 * deviance(np.array([tau, mu])))
