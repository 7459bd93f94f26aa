"""What the section modules share: the evaluation scope, period filters, JSON-ready values.

Only ids and enumeration codes leave the section modules (partner organisations and class
names too); free-text and personal columns (titles, evidence, purposes, names) are never read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

from planlib.core.contract import TABLES
from planlib.evaluation.indicators import NoData
from planlib.inputs.plan import Plan
from planlib.inputs.workbook import Workbook

__all__ = [
    "Day",
    "Scope",
    "codes",
    "head",
    "in_period",
    "money",
    "need",
    "opt_int",
    "or_none",
    "ordered",
    "records",
    "share",
]

Day = dt.date | pd.Timestamp
Result = TypeVar("Result")


@dataclass(frozen=True)
class Scope:
    """What the sections are computed from: the plan, the workbook and the period.

    Parameters
    ----------
    plan, workbook
        The plan and the checked workbook.
    start, end
        The evaluation period (inclusive).
    reference
        The day whose roster counts (the classes of integrated lessons).
    """

    plan: Plan
    workbook: Workbook
    start: dt.date
    end: dt.date
    reference: dt.date


def codes(table: str, column: str) -> tuple[str, ...]:
    """The enumeration codes of a contract column, in contract order."""
    enum = next(t for t in TABLES if t.id == table).column(column).enum
    assert enum is not None
    return enum.codes


def need(workbook: Workbook, *tables: str) -> None:
    """Raise :class:`NoData` naming the ``tables`` the workbook lacks."""
    missing = [t for t in tables if t not in workbook.tables]
    if missing:
        raise NoData(missing)


def or_none(fn: Callable[[], Result]) -> Result | None:
    """``fn()``, or ``None`` when the data it needs is absent."""
    try:
        return fn()
    except NoData:
        return None


def in_period(dates: pd.Series, start: Day, end: Day) -> pd.Series:
    """Whether each date (time of day ignored) falls in ``start``–``end``."""
    days = dates.dt.normalize()
    return ((days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))).fillna(False).astype(bool)


def enum_order(order: Sequence[str]) -> Callable[[object], tuple[bool, int, str]]:
    """The sort key of an enumeration's values: its order, then other values, empty last."""
    rank = {code: i for i, code in enumerate(order)}
    return lambda v: (v is None or v is pd.NA, rank.get(v, len(rank)), str(v))


def ordered(frame: pd.DataFrame, column: str, order: Sequence[str]) -> pd.DataFrame:
    """Sort rows by the enumeration order of ``column`` (then other values, empty last)."""
    key = enum_order(order)
    return frame.sort_values(column, key=lambda v: v.map(key), kind="stable").reset_index(drop=True)


def head(workbook: Workbook, tables: Iterable[str]) -> dict[str, Any]:
    """``status`` and ``missing`` of an entry that reads ``tables``."""
    missing = tuple(t for t in dict.fromkeys(tables) if t not in workbook.tables)
    return {"status": "no_data" if missing else "evaluated", "missing": missing}


def money(value: object) -> int | float | None:
    """An amount as a plain JSON number: integral amounts as ``int``."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def share(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator`` (``None`` when the denominator is 0)."""
    return float(numerator) / float(denominator) if denominator else None


def opt_int(value: object) -> int | None:
    """A count, or ``None`` when missing."""
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[arg-type]


def records(frame: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    """Rows as JSON-ready dicts (NA -> None, numpy scalars -> Python)."""
    return tuple(
        {k: (None if v is None or v is pd.NA or v != v else _plain(v)) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    )


def _plain(value: object) -> object:
    return value.item() if hasattr(value, "item") else value
