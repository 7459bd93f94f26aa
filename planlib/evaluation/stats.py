"""Confidence intervals and headroom of an indicator, exactly and from scipy."""

from __future__ import annotations

import math
from fractions import Fraction

from scipy import stats

from planlib.inputs.plan import Target

__all__ = ["ci95", "headroom", "poisson_exact_ci", "wilson_ci"]


def wilson_ci(numerator: int, denominator: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion, as fractions of 1 (``scipy.stats.binomtest``)."""
    result = stats.binomtest(numerator, denominator).proportion_ci(
        confidence_level=confidence, method="wilson"
    )
    return float(result.low), float(result.high)


def poisson_exact_ci(count: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval of a Poisson count from chi-square quantiles."""
    alpha = 1 - confidence
    low = 0.0 if count == 0 else float(stats.chi2.ppf(alpha / 2, 2 * count)) / 2
    high = float(stats.chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
    return low, high


def ci95(target: Target, numerator: int, denominator: int) -> tuple[float, float] | None:
    """95% interval in the indicator's unit: Wilson for %, exact Poisson for rates."""
    if denominator <= 0:
        return None
    if target.unit == "percent" and numerator <= denominator:
        low, high = wilson_ci(numerator, denominator)
        return low * target.factor, high * target.factor
    low, high = poisson_exact_ci(numerator)
    return low / denominator * target.factor, high / denominator * target.factor


def headroom(target: Target, denominator: int) -> tuple[int | None, int | None]:
    """``(allowed_max, required_min)`` for the rule at this denominator.

    For an upper-bound rule, the largest numerator that still meets it (``None`` if none
    does); for a lower-bound rule, the smallest numerator that meets it. The other is ``None``.

    Examples
    --------
    600 children, T2.2 below 1,8 per 10.000: ``1.8 × 600 / 10000 = 0.108``, so no death is
    allowed (``allowed_max = 0``).
    """
    if denominator <= 0:
        return None, None
    bound = Fraction(target.threshold) * denominator / target.factor
    if target.op == "<":
        allowed = math.ceil(bound) - 1
    elif target.op == "<=":
        allowed = math.floor(bound)
    elif target.op == ">=":
        return None, math.ceil(bound)
    else:  # ">"
        return None, math.floor(bound) + 1
    return (allowed if allowed >= 0 else None), None
