"""The explorer's tables as data frames: the breakdown, the drill-down, the data quality.

- :func:`breakdown` is :func:`~planlib.evaluation.indicators.disaggregate` with labels,
  per-group status and interval;
- :func:`drill_down` lists the units behind a figure by pseudonymous id and attributes only;
- :func:`data_quality` tabulates every warning, or every error of an invalid workbook.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from planlib.apps.explore.labels import value_label
from planlib.core.errors import PlanError, Problem
from planlib.evaluation.evaluate import status_of
from planlib.evaluation.indicators import DIMENSIONS, Counts, disaggregate
from planlib.evaluation.stats import ci95
from planlib.inputs.plan import Target

__all__ = ["DRILL_COLUMNS", "DRILL_KINDS", "DRILL_LIMIT", "breakdown", "data_quality", "drill_down"]

#: the only columns a drill-down may show: pseudonymous ids and disaggregation attributes
DRILL_COLUMNS = ("unit", "event", "student", *DIMENSIONS)
#: the drill-down lists, in the order the buttons show them
DRILL_KINDS = ("numerator", "denominator", "outside", "events")
#: at most this many drill-down rows are shown
DRILL_LIMIT = 1000
QUALITY_COLUMNS = ["severity", "table", "row", "column", "code", "message"]


def _by_month(table: pd.DataFrame, months: tuple[int, int]) -> pd.DataFrame:
    """Events by month from ``months[0]`` to ``months[1]``, with 0 where nothing happened."""
    first, last = months
    present = table.set_index("month")["numerator"]
    present = present[present.index.notna()]
    present.index = present.index.astype("int64")
    full = pd.RangeIndex(first, last + 1, name="month")
    return pd.DataFrame(
        {
            "month": full,
            "numerator": present.reindex(full, fill_value=0).astype("Int64").to_numpy(),
            "denominator": pd.array([pd.NA] * len(full), dtype="Int64"),
            "value": pd.array([pd.NA] * len(full), dtype="Float64"),
        }
    )


def _group_figures(table: pd.DataFrame, target: Target) -> pd.DataFrame:
    """``ci_low``, ``ci_high`` and ``status`` of each group (empty for event dimensions)."""
    lows, highs, statuses = [], [], []
    for n, d in zip(table["numerator"], table["denominator"], strict=True):
        if d is pd.NA:
            lows.append(None)
            highs.append(None)
            statuses.append(None)
            continue
        interval = ci95(target, int(n), int(d))
        lows.append(interval[0] if interval else None)
        highs.append(interval[1] if interval else None)
        statuses.append(status_of(target, int(n), int(d)))
    table["ci_low"] = pd.array(lows, dtype="Float64")
    table["ci_high"] = pd.array(highs, dtype="Float64")
    table["status"] = pd.Series(statuses, dtype=object)
    return table


def breakdown(
    counts: Counts, by: str, target: Target, *, lang: str = "vi", months: tuple[int, int] = (1, 12)
) -> pd.DataFrame:
    """:func:`~planlib.evaluation.indicators.disaggregate` with labels, and per group status and
    interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``by`` (the code), ``label``, ``numerator``, ``denominator``, ``value``,
        ``ci_low``, ``ci_high`` and ``status``; the last five are empty for event dimensions
        (month, cause, place, kind), where only the numerator's events are counted. Months
        are listed from ``months[0]`` to ``months[1]``, with 0 where nothing happened.
    """
    table = disaggregate(counts, by, factor=target.factor)
    if by == "month":
        table = _by_month(table, months)
    table.insert(1, "label", [value_label(by, v, lang) for v in table[by]])
    return _group_figures(table, target).reset_index(drop=True)


def _outside(counts: Counts) -> pd.DataFrame:
    """The denominator's units that are not in the numerator."""
    inside = set(counts.numerator["unit"])
    units = counts.denominator["unit"]
    if counts.unit == "incident" and inside and not units.isin(inside).any():
        # injuries counted as incidents over children: leave out the injured children
        inside |= set(counts.events["student"]) if counts.events is not None else set()
    return counts.denominator.loc[~units.isin(inside)]


def _drill_frame(counts: Counts, which: str) -> pd.DataFrame:
    if which == "numerator":
        return counts.numerator
    if which == "denominator":
        return counts.denominator
    if which == "outside":
        return _outside(counts)
    if which == "events":
        return counts.events if counts.events is not None else pd.DataFrame({"event": []})
    raise ValueError(f"which must be one of {', '.join(DRILL_KINDS)} (got {which!r})")


def drill_down(counts: Counts, which: str = "numerator") -> pd.DataFrame:
    """The units behind a figure, by pseudonymous id and attributes only.

    Parameters
    ----------
    counts
        An indicator's (filtered) counts.
    which
        ``numerator``, ``denominator``, ``outside`` (in the denominator but not the
        numerator: the children still to support, the cases not intervened in time) or
        ``events`` (the incidents behind the numerator).

    Returns
    -------
    pandas.DataFrame
        Only columns of :data:`DRILL_COLUMNS`: never a name or free text, even if a future
        indicator function passed one along; no ``cause`` for cases (it applies to injuries).
    """
    frame = _drill_frame(counts, which)
    columns = [c for c in frame.columns if c in DRILL_COLUMNS]
    if "kind" in counts.denominator.columns:  # cases (T4): a cause is recorded for injuries only
        columns = [c for c in columns if c != "cause"]
    sort = [c for c in ("unit", "event") if c in columns][:1]
    out = frame[columns]
    if sort:
        out = out.sort_values(sort, kind="stable")
    return out.reset_index(drop=True)


def _plan_rows(plan_error: PlanError) -> list[dict[str, object]]:
    return [
        {
            "severity": "error",
            "table": Path(plan_error.source).name,
            "row": None,
            "column": key or None,
            "code": "plan",
            "message": message,
        }
        for key, message in plan_error.problems
    ]


def data_quality(
    problems: Iterable[Problem], *, lang: str = "vi", plan_error: PlanError | None = None
) -> pd.DataFrame:
    """Every problem of a workbook (and of the plan file), errors first.

    Returns
    -------
    pandas.DataFrame
        Columns ``severity`` (``error``/``warning``), ``table``, ``row``, ``column`` (ids as
        in the data contract), ``code`` and ``message`` (the full sentence, in ``lang``).
    """
    rows = _plan_rows(plan_error) if plan_error is not None else []
    ordered = sorted(problems, key=lambda p: (not p.is_error, p.sort_key()))
    rows += [
        {
            "severity": p.severity,
            "table": p.table,
            "row": p.row,
            "column": p.column,
            "code": p.code,
            "message": p.message(lang),
        }
        for p in ordered
    ]
    frame = pd.DataFrame(rows, columns=QUALITY_COLUMNS)
    frame["row"] = frame["row"].astype("Int64")
    return frame
