"""Per-arm proportions with 95% Wilson score intervals, for outcome responders and safety findings.

Wilson (not the Wald interval) because arms here are small and often 0/n or n/n, where Wald collapses to a
zero-width interval; computed with statsmodels' proportion_confint(method="wilson").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CI_METHOD = "wilson"
CI_LEVEL = 0.95


@dataclass(frozen=True)
class Proportion:
    """Events out of a total, with its Wilson score interval."""

    events: int
    total: int
    estimate: float
    ci_low: float
    ci_high: float
    ci_method: str = CI_METHOD
    level: float = CI_LEVEL


def check_counts(events: int, total: int) -> tuple[int, int]:
    """Validate one count pair (whole numbers, 0 <= events <= total, total >= 1) so no silent nonsense is pooled."""
    if isinstance(events, bool) or isinstance(total, bool):
        raise TypeError("events and total must be whole numbers, not flags")
    e, n = int(events), int(total)
    if e != events or n != total:
        raise ValueError(f"events ({events}) and total ({total}) must be whole numbers")
    if n < 1:
        raise ValueError(f"total must be at least 1, got {total}")
    if not 0 <= e <= n:
        raise ValueError(f"events ({events}) must lie between 0 and total ({total})")
    return e, n


def _wilson(events: np.ndarray, totals: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """statsmodels' Wilson bounds; exactly 0 for 0/n and 1 for n/n (the formula's value, without rounding noise)."""
    from statsmodels.stats.proportion import proportion_confint  # on first use: a slow import

    low, high = proportion_confint(events, totals, alpha=1 - level, method="wilson")
    low = np.where(events == 0, 0.0, np.clip(low, 0.0, 1.0))
    high = np.where(events == totals, 1.0, np.clip(high, 0.0, 1.0))
    return low, high


def wilson_interval(events: int, total: int, level: float = CI_LEVEL) -> tuple[float, float]:
    """Wilson score interval for events/total (statsmodels proportion_confint, method="wilson")."""
    e, n = check_counts(events, total)
    low, high = _wilson(np.array([e]), np.array([n]), level)
    return float(low[0]), float(high[0])


def proportion(events: int, total: int, level: float = CI_LEVEL) -> Proportion:
    """events/total with its Wilson interval: the per-arm number a clinician reads first."""
    e, n = check_counts(events, total)
    low, high = wilson_interval(e, n, level)
    return Proportion(events=e, total=n, estimate=e / n, ci_low=low, ci_high=high, level=level)


def add_proportions(table: pd.DataFrame, events: str, total: str, level: float = CI_LEVEL) -> pd.DataFrame:
    """Rows of table where both count columns are stated, plus proportion, ci_low, ci_high (Wilson) and ci_method.

    Rows without a stated count or denominator are left out (a missing denominator is never guessed); the
    original index is kept so callers can join back.
    """
    stated = table[table[events].notna() & table[total].notna()].copy()
    if stated.empty:
        for column in ("proportion", "ci_low", "ci_high"):
            stated[column] = pd.Series(dtype="float64")
        stated["ci_method"] = pd.Series(dtype="object")
        return stated
    e = stated[events].astype("int64").to_numpy()
    n = stated[total].astype("int64").to_numpy()
    for x, m in zip(e, n, strict=True):
        check_counts(int(x), int(m))
    low, high = _wilson(e, n, level)
    stated["proportion"] = e / n
    stated["ci_low"] = low
    stated["ci_high"] = high
    stated["ci_method"] = CI_METHOD
    return stated


def outcome_proportions(outcomes: pd.DataFrame, level: float = CI_LEVEL) -> pd.DataFrame:
    """Outcome rows (evidence.table.outcomes_table) with responders and evaluable, plus Wilson proportions."""
    return add_proportions(outcomes, "responders", "evaluable", level)


def safety_proportions(safety: pd.DataFrame, level: float = CI_LEVEL) -> pd.DataFrame:
    """Safety findings (evidence.table.safety_table) with count and denominator, plus Wilson proportions."""
    return add_proportions(safety, "count", "denominator", level)
