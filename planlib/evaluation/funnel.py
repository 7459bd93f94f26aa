"""Funnel plots: exact control limits around a centre, and where a school lies against them.

Spiegelhalter D. J. (2005), "Funnel plots for comparing institutional performance",
*Statistics in Medicine* 24:1185-1202. For a school with denominator ``n`` and a centre θ (a
proportion, or a rate per unit), the observed count ``r`` is compared with the exact
distribution it would have if the school's true value were θ: binomial ``Bin(n, θ)`` for a
proportion (``unit == "percent"``), Poisson ``Poi(nθ)`` for a rate (per 10.000 or 100.000).
The limit at probability ``p`` (``0.025``/``0.975`` for 95%, ``0.001``/``0.999`` for 99.8%) is
interpolated between the integers so that the funnel is a smooth curve (the paper's appendix)::

    r_p = F⁻¹(p)                 the smallest count with F(r_p) ≥ p  (scipy ``ppf``)
    α   = (F(r_p) − p) / (F(r_p) − F(r_p − 1))
    limit = (r_p − α) / n × factor

``F`` is the exact distribution function (``scipy.stats.binom``/``poisson``). A limit below 0
is shown at 0: where so few cases are expected that ``F(0) ≥ p`` (e.g. 20 children at 1 per
10.000), even the upper limit is 0, and a single case lies above it.

**Outside the limits** (:func:`position`) is the exact test, decided on integer counts: with
``q = (1 − level) / 2``, a school's count ``r`` is *above* when ``r > r_{1−q}`` and *below* when
``r < r_q`` (``r_p = F⁻¹(p)`` as above), i.e. when it lies strictly outside the central quantile
range of its own denominator. Equivalently ``P(X ≥ r) ≤ q`` (above) and ``P(X ≤ r) < q``
(below). A count equal to ``r_{1−q}`` is inside, although its point may be drawn up to one
count above the interpolated curve (``r_p − α ≤ r_p``): the curve is for the eye, the flag is
the test, and a flagged point always lies beyond the curve. So 10 of 10 children supported,
against a district centre of 95%, is not "above" (``P(X ≥ 10) = 0.95¹⁰ ≈ 0.6``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "LEVELS",
    "Model",
    "count_limits",
    "funnel_limits",
    "has_width",
    "level_key",
    "model_of",
    "position",
    "quantile_counts",
]

Model = Literal["binomial", "poisson"]
Side = Literal["above", "below"]

#: the two funnels of a district report: 95% and 99.8% limits
LEVELS = (0.95, 0.998)


def model_of(unit: str) -> Model:
    """``binomial`` for a percentage, ``poisson`` for a rate per 10.000 or 100.000."""
    return "binomial" if unit == "percent" else "poisson"


def level_key(level: float) -> str:
    """The column suffix of a level: ``0.95`` -> ``"95"``, ``0.998`` -> ``"998"``."""
    return f"{level * 100:g}".replace(".", "")


def has_width(centre: float | None, *, factor: int, model: Model) -> bool:
    """Whether a funnel around ``centre`` (in the indicator's unit) has any width.

    Not at 0 (every count would be 0), nor at 100% or beyond for a proportion.
    """
    if centre is None:
        return False
    theta = float(centre) / factor
    return theta > 0 and (model == "poisson" or theta < 1)


def _distribution(model: Model, denominators: np.ndarray, theta: float):
    if model == "binomial":
        return stats.binom(denominators, theta)
    return stats.poisson(denominators * theta)


def count_limits(
    centre: float, denominators: Sequence[int] | np.ndarray, p: float, *, factor: int, model: Model
) -> np.ndarray:
    """The interpolated limit ``r_p − α`` at probability ``p``, in counts, per denominator.

    Parameters
    ----------
    centre
        θ in the indicator's unit (``85`` for 85%, ``60`` for 60 per 10.000).
    denominators
        The denominators ``n`` (positive integers).
    p
        The probability of the limit (``0.999`` for the upper 99.8% limit).
    factor, model
        The indicator's factor (100, 10 000) and its distribution.
    """
    n = np.asarray(denominators, dtype=np.int64)
    theta = float(centre) / factor
    dist = _distribution(model, n, theta)
    r = dist.ppf(p)
    at, below = dist.cdf(r), dist.cdf(r - 1)
    alpha = np.where(at > below, (at - p) / np.where(at > below, at - below, 1.0), 0.0)
    return r - alpha


def funnel_limits(
    centre: float,
    denominators: Sequence[int] | np.ndarray,
    *,
    factor: int,
    model: Model,
    levels: Sequence[float] = LEVELS,
) -> pd.DataFrame:
    """Control limits around ``centre`` for each denominator, in the indicator's unit.

    Parameters
    ----------
    centre
        θ in the indicator's unit; must give a funnel width (:func:`has_width`).
    denominators
        The denominators to compute limits at (a school's, or a grid for a smooth curve).
    factor, model
        The indicator's factor and distribution (:func:`model_of`).
    levels
        Two-sided coverage of each funnel.

    Returns
    -------
    pandas.DataFrame
        Column ``denominator``, then ``lower<k>``/``upper<k>`` per level, ``k`` =
        :func:`level_key` (``lower95``, ``upper95``, ``lower998``, ``upper998``). A limit below
        0 is 0.

    Raises
    ------
    ValueError
        When the centre gives a funnel of no width or a denominator is not positive.
    """
    n = np.asarray(denominators, dtype=np.int64)
    if not has_width(centre, factor=factor, model=model):
        raise ValueError(f"a funnel around {centre} has no width ({model})")
    if n.size and n.min() <= 0:
        raise ValueError("denominators must be positive")
    frame = pd.DataFrame({"denominator": n})
    for level in levels:
        tail = (1 - level) / 2
        low = count_limits(centre, n, tail, factor=factor, model=model)
        high = count_limits(centre, n, 1 - tail, factor=factor, model=model)
        frame[f"lower{level_key(level)}"] = np.maximum(low, 0.0) / n * factor
        frame[f"upper{level_key(level)}"] = np.maximum(high, 0.0) / n * factor
    return frame


def quantile_counts(
    centre: float, denominator: int, level: float, *, factor: int, model: Model
) -> tuple[int, int]:
    """``(r_q, r_{1−q})``: the counts bounding the central ``level`` range at ``denominator``."""
    tail = (1 - level) / 2
    dist = _distribution(model, np.asarray([denominator], dtype=np.int64), float(centre) / factor)
    return int(dist.ppf(tail)[0]), int(dist.ppf(1 - tail)[0])


def position(
    numerator: int,
    denominator: int,
    *,
    centre: float | None,
    factor: int,
    model: Model,
    level: float = 0.998,
) -> Side | None:
    """Whether a school's count lies above or below the ``level`` limits at its denominator.

    The exact test on counts (see the module's docstring): ``"above"`` when
    ``numerator > r_{1−q}``, ``"below"`` when ``numerator < r_q``, else ``None``; ``None`` too
    when there is no denominator or the centre gives no funnel width.

    Examples
    --------
    >>> position(18, 605, centre=60, factor=10_000, model="poisson")
    'above'
    >>> position(5, 603, centre=60, factor=10_000, model="poisson") is None
    True
    >>> position(10, 10, centre=95, factor=100, model="binomial") is None
    True
    """
    if denominator <= 0 or not has_width(centre, factor=factor, model=model):
        return None
    low, high = quantile_counts(centre, denominator, level, factor=factor, model=model)  # type: ignore[arg-type]
    if numerator > high:
        return "above"
    return "below" if numerator < low else None
