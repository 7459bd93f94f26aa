"""The funnel's control limits drawn as curves: exact binomial or Poisson quantiles (scipy).

Spiegelhalter (2005), "Funnel plots for comparing institutional performance", Statistics in
Medicine 24:1185–1202, appendix A.1.1: the limit at level ``p`` for a denominator ``n`` is the
``p`` quantile ``r`` of the count under the centre, interpolated between ``r − 1`` and ``r``
so that the curve is smooth::

    alpha = (F(r) − p) / (F(r) − F(r − 1));   limit = (r − alpha) / n × factor

with ``F`` the binomial CDF (a proportion, centre ``θ``: ``Binomial(n, θ / factor)``) or the
Poisson CDF (a rate per 10.000: ``Poisson(n θ / factor)``). A school is compared with these
curves, never with the other schools' raw rates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy import stats

__all__ = ["limit_curves"]


def _quantile_limit(p: float, n: np.ndarray, centre: float, factor: int, model: str) -> np.ndarray:
    """The interpolated ``p`` quantile of the count at each denominator, in the unit."""
    if model == "binomial":
        dist = stats.binom(n, min(max(centre / factor, 0.0), 1.0))
    else:
        dist = stats.poisson(n * max(centre, 0.0) / factor)
    r = dist.ppf(p)
    upper, lower = dist.cdf(r), dist.cdf(r - 1)
    step = upper - lower
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(step > 0, (upper - p) / step, 0.0)
    limit = (r - alpha) / n * factor
    if model == "binomial":
        limit = np.clip(limit, 0.0, float(factor))
    return np.maximum(limit, 0.0)


def limit_curves(
    centre: float,
    denominators: Sequence[float] | np.ndarray,
    *,
    factor: int,
    model: Literal["binomial", "poisson"],
    levels: Sequence[float] = (0.95, 0.998),
) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    """Lower and upper control limits around ``centre`` at each denominator.

    Parameters
    ----------
    centre
        The funnel's centre in the indicator's unit (1,5 for 1,5%; 60 for 60/10.000).
    denominators
        Positive denominators (children, cases) at which to draw the limits.
    factor
        100 for a percentage, 10.000 for a rate per 10.000.
    model
        ``binomial`` (a proportion) or ``poisson`` (a rate).
    levels
        Two-sided coverage of each pair of limits.

    Returns
    -------
    dict
        level -> ``(lower, upper)`` arrays, in the indicator's unit.
    """
    n = np.asarray(denominators, dtype=float)
    if model == "binomial":
        n = np.maximum(np.round(n), 1.0)
    out = {}
    for level in levels:
        tail = (1.0 - level) / 2.0
        out[level] = (
            _quantile_limit(tail, n, centre, factor, model),
            _quantile_limit(1.0 - tail, n, centre, factor, model),
        )
    return out


def count_position(
    numerator: int,
    denominator: int,
    centre: float,
    *,
    factor: int,
    model: Literal["binomial", "poisson"],
    level: float,
) -> Literal["above", "below"] | None:
    """Where a school's count lies against the limits at ``level``, compared as counts.

    ``above`` when the numerator is beyond the upper ``(1 + level) / 2`` quantile of the count
    under the centre (the chance of as many or more is below the tail), ``below`` when it is
    under the lower quantile, else ``None``. Comparing counts, not the interpolated curve,
    keeps a school at 100% of 8 cases inside a funnel centred on 82%.
    """
    if denominator <= 0:
        return None
    if model == "binomial":
        dist = stats.binom(denominator, min(max(centre / factor, 0.0), 1.0))
    else:
        dist = stats.poisson(denominator * max(centre, 0.0) / factor)
    tail = (1.0 - level) / 2.0
    if numerator > dist.ppf(1.0 - tail):
        return "above"
    if numerator < dist.ppf(tail):
        return "below"
    return None
