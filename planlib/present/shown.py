"""The numbers a page shows: each target's result, its counts and breakdowns as the report's
disclosure rule shows them.

The views (tables, sentences) and the figures both read these, so a figure never draws a
number that a table hides.
"""

from __future__ import annotations

import pandas as pd

from planlib.core.contract import TABLES
from planlib.core.disclosure import is_hidden
from planlib.evaluation.evaluate import Evaluation, IndicatorResult
from planlib.evaluation.indicators import disaggregate
from planlib.present.context import Context

__all__ = [
    "breakdown",
    "chart_dimensions",
    "dimensions",
    "indicator_counts",
    "indicator_result",
    "is_event_count",
    "value_hidden",
]

#: order of the values of enumerated dimensions (the contract's order)
_ENUM_ORDER = {
    "cause": ("incidents", "cause"),
    "place": ("incidents", "place"),
    "kind": ("incidents", "kind"),
    "role": ("staff", "role"),
    "sex": ("students", "sex"),
}


def indicator_result(ev: Evaluation, indicator_id: str) -> IndicatorResult:
    """The result of one target; a ``KeyError`` naming the plan's targets if unknown."""
    for result in ev.indicators:
        if result.id == indicator_id:
            return result
    ids = ", ".join(r.id for r in ev.indicators)
    raise KeyError(f"{indicator_id!r} is not a target of plan {ev.plan.id} (targets: {ids})")


def indicator_counts(ctx: Context, indicator_id: str) -> tuple[object, object]:
    """The numerator and denominator of a target as the page shows them.

    The rule's :meth:`~planlib.core.disclosure.Internal.pairs` of the one pair: internal, the
    counts; public, ``< 5`` for 1–4 and ``x`` for a numerator whose rest (denominator −
    numerator) is 1–4.
    """
    result = indicator_result(ctx.ev, indicator_id)
    if result.numerator is None or result.denominator is None:
        return result.numerator, result.denominator
    nums, dens, _ = ctx.rule.pairs([result.numerator], [result.denominator], totals=False)
    return nums[0], dens[0]


def value_hidden(ctx: Context, indicator_id: str) -> bool:
    """Whether a target's value, interval and headroom are hidden (they would reveal a count)."""
    return any(is_hidden(c) for c in indicator_counts(ctx, indicator_id))


def dimensions(ev: Evaluation, indicator_id: str) -> list[str]:
    """The breakdown dimensions that have values for this indicator, in display order."""
    result = indicator_result(ev, indicator_id)
    counts = ev.counts.get(indicator_id)
    if counts is None or not result.denominator:
        return []
    out = []
    for by in ("sex", "grade", "class_name", "role", "kind", "month", "cause", "place"):
        source = counts.denominator if by in counts.denominator.columns else counts.events
        if source is None or by not in source.columns or not source[by].notna().any():
            continue
        if by == "kind" and source[by].nunique() < 2:
            continue
        out.append(by)
    return out


def chart_dimensions(ev: Evaluation, indicator_id: str) -> list[str]:
    """One or two dimensions worth a chart: when and why for events, who for people."""
    available = dimensions(ev, indicator_id)
    counts = ev.counts.get(indicator_id)
    if counts is None:
        return []
    if "kind" in counts.denominator.columns:  # the denominator is cases (T4)
        preferred = ["kind", "month", "place"]
    elif counts.events is not None and len(counts.events):
        preferred = ["month", "cause", "place", "grade"]
    else:
        preferred = ["grade", "role", "sex"]
    return [by for by in preferred if by in available][:2]


def _codes(by: str) -> tuple[str, ...]:
    """The contract's codes of an enumerated dimension, in order (empty for others)."""
    if by not in _ENUM_ORDER:
        return ()
    table_id, column_id = _ENUM_ORDER[by]
    enum = next(tb for tb in TABLES if tb.id == table_id).column(column_id).enum
    return enum.codes if enum is not None else ()


def _order(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    if by in _ENUM_ORDER:
        codes = _codes(by)
        rank = {code: i for i, code in enumerate(codes)}
        key = frame[by].map(lambda v: rank.get(v, len(rank)))
        return frame.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k")
    return frame.sort_values(by, kind="stable", na_position="last")


def breakdown(ctx: Context, indicator_id: str, by: str) -> pd.DataFrame:
    """Numerator, denominator and value by one dimension, with raw codes, as the rule shows them.

    Attributes of the counted units (sex, grade, class, role; and kind, place, month when the
    units are cases, as for T4) give each group its numerator, denominator and value; event
    attributes (month, cause, place of injuries) count the events behind the numerator.

    Returns
    -------
    pandas.DataFrame
        Columns ``by``, ``numerator``, ``denominator`` and ``value`` (the last two ``<NA>``
        for event counts), in the dimension's natural order. Public: the counts are object
        columns holding ints, ``< 5`` or ``x`` (the breakdown's total is the indicator's, shown
        on the same page, so complementary suppression applies), and the value of a group
        with a hidden count is ``<NA>``.
    """
    frame = _breakdown(ctx.ev, indicator_id, by)
    if not ctx.rule.suppresses or frame.empty:
        return frame
    if is_event_count(frame):
        return ctx.rule.table(frame, ["numerator"], totals=True)
    nums, dens, _ = ctx.rule.pairs(
        frame["numerator"].fillna(0).astype(int).tolist(),
        frame["denominator"].fillna(0).astype(int).tolist(),
        totals=True,
    )
    hidden = [is_hidden(n) or is_hidden(d) for n, d in zip(nums, dens, strict=True)]
    out = frame.copy()
    out["numerator"] = pd.Series(nums, index=frame.index, dtype=object)
    out["denominator"] = pd.Series(dens, index=frame.index, dtype=object)
    out["value"] = frame["value"].mask(pd.Series(hidden, index=frame.index))
    return out


def _breakdown(ev: Evaluation, indicator_id: str, by: str) -> pd.DataFrame:
    result = indicator_result(ev, indicator_id)
    counts = ev.counts.get(indicator_id)
    if counts is None:
        return pd.DataFrame(columns=[by, "numerator", "denominator", "value"])
    frame = disaggregate(counts, by, factor=result.factor)
    return _order(frame, by).reset_index(drop=True)


def is_event_count(frame: pd.DataFrame) -> bool:
    return bool(len(frame)) and bool(frame["denominator"].isna().all())
