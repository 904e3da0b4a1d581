"""Counts and their exact intervals: the check every count pair passes before any statistic, and the
Clopper-Pearson 95% interval used for one study, for summed counts that are not pooled, and for harms.

Clopper-Pearson (not Wilson or Wald) because series here are small and often 0/n or n/n: the exact interval never
claims more certainty than the binomial distribution allows, and it is what "exact" means in the methods
literature (R: binom.test(x, n)$conf.int).
"""

from __future__ import annotations

CI_LEVEL = 0.95
EXACT = "exact (Clopper-Pearson)"


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


def exact_interval(events: int, total: int, level: float = CI_LEVEL) -> tuple[float, float]:
    """Clopper-Pearson interval for events/total: beta quantiles, exactly 0 for 0/n and 1 for n/n."""
    from scipy.special import betaincinv  # scipy.special loads far faster than scipy.stats

    e, n = check_counts(events, total)
    alpha = 1 - level
    low = 0.0 if e == 0 else float(betaincinv(e, n - e + 1, alpha / 2))
    high = 1.0 if e == n else float(betaincinv(e + 1, n - e, 1 - alpha / 2))
    return low, high
