"""Which units the planner keeps, and the figures of what is kept.

:func:`filter_counts` keeps the units of an indicator's
:class:`~planlib.evaluation.indicators.Counts` that match a :class:`Filters` (grades, classes,
sex, a month range), and :func:`recompute` gives the filtered figures by the plan's own rule
(:meth:`~planlib.inputs.plan.Target.holds`) and statistics. :func:`dimensions` lists the
breakdowns that make sense for an indicator.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from planlib.evaluation.evaluate import IndicatorResult, figures
from planlib.evaluation.indicators import DIMENSIONS, Counts
from planlib.inputs.plan import Parameters, Target

__all__ = ["Filters", "dimensions", "filter_counts", "months_apply", "recompute"]

#: unit attributes first, then event attributes, in the order the dropdown lists them
DIMENSION_ORDER = ("sex", "grade", "class_name", "role", "month", "kind", "cause", "place")


@dataclass(frozen=True)
class Filters:
    """Which units to keep; an empty selection keeps everything.

    Parameters
    ----------
    grades, classes, sexes
        Keep units whose ``grade`` / ``class_name`` / ``sex`` is one of these.
    months
        ``(first, last)`` month numbers: keep events (and units with an event) in that range.
    """

    grades: tuple[int, ...] = ()
    classes: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    months: tuple[int, int] | None = None

    def by_column(self) -> dict[str, tuple[object, ...]]:
        """The unit-attribute filters that are set, keyed by column."""
        pairs = {"grade": self.grades, "class_name": self.classes, "sex": self.sexes}
        return {column: values for column, values in pairs.items() if values}


def event_key(counts: Counts) -> str:
    """The events column that names a numerator unit: the child, or the incident itself."""
    return "student" if counts.unit == "student" else "event"


def months_apply(counts: Counts) -> bool:
    """Whether a month range means something for these counts (incident-based indicators)."""
    if "month" in counts.denominator.columns:
        return True
    return counts.events is not None and "month" in counts.events.columns


def _keep(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    return frame.loc[mask.fillna(False)]


def filter_counts(counts: Counts, filters: Filters) -> Counts:
    """Keep the units (and events) of ``counts`` that match ``filters``.

    Unit attributes filter numerator and denominator alike, so a filter on one group gives
    that group's row of :func:`~planlib.evaluation.indicators.disaggregate`. The month range
    filters the incidents: for T4 the cases themselves (numerator and denominator); for
    injuries the events, keeping in the numerator the children (or incidents) with an event in
    range while the denominator (the children of the reference date) stays whole. A filter on
    a column the counts do not have (sex of staff) does not apply and is ignored.
    """
    numerator, denominator, events = counts.numerator, counts.denominator, counts.events
    for column, values in filters.by_column().items():
        if column in denominator.columns:
            denominator = _keep(denominator, denominator[column].isin(values))
        if column in numerator.columns:
            numerator = _keep(numerator, numerator[column].isin(values))
    if filters.months is not None and months_apply(counts):
        first, last = filters.months
        if "month" in denominator.columns:
            denominator = _keep(denominator, denominator["month"].between(first, last))
            numerator = _keep(numerator, numerator["month"].between(first, last))
        elif events is not None:
            events = _keep(events, events["month"].between(first, last))
            numerator = numerator.loc[numerator["unit"].isin(events[event_key(counts)])]
    if events is not None:
        events = events.loc[events[event_key(counts)].isin(numerator["unit"])]
        events = events.reset_index(drop=True)
    return replace(
        counts,
        numerator=numerator.reset_index(drop=True),
        denominator=denominator.reset_index(drop=True),
        events=events,
    )


def recompute(
    result: IndicatorResult, target: Target, counts: Counts, parameters: Parameters
) -> IndicatorResult:
    """The figures of ``counts`` (usually filtered) by the plan's rule and statistics.

    Returns a copy of ``result`` with numerator, denominator, value, status, interval,
    headroom and small-numbers flag recomputed; unfiltered counts give ``result`` back.
    """
    return replace(result, **figures(target, counts.n, counts.d, parameters))


def _has_event_column(counts: Counts, column: str) -> bool:
    return counts.events is not None and column in counts.events.columns


def _applies(counts: Counts, dim: str) -> bool:
    """Whether a breakdown by ``dim`` makes sense for these counts."""
    if DIMENSIONS[dim] == "unit" or dim == "kind":
        return dim in counts.denominator.columns
    if dim == "month":
        return months_apply(counts)
    if dim == "cause":  # recorded for injuries, not for the cases of T4
        return _has_event_column(counts, dim) and "kind" not in counts.denominator.columns
    return _has_event_column(counts, dim)


def dimensions(counts: Counts | None) -> list[str]:
    """The disaggregations that make sense for these counts, in display order.

    Sex, grade and class (or role for staff) when the units carry them; month when the
    indicator counts incidents; cause (injuries only) and place when its events have them; kind
    of case when the denominator is made of cases (T4).
    """
    if counts is None:
        return []
    return [dim for dim in DIMENSION_ORDER if _applies(counts, dim)]
