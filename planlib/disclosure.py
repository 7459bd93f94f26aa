"""Disclosure control for reports shared beyond the school (``--disclosure public``).

The rule, documented in every public report's appendix:

* **Primary suppression** — a count from 1 to 4 is shown as ``< 5`` (the AIHW "1–4 rule").
* **Complementary suppression** — in a table with totals, a row or column with exactly one
  suppressed cell gets a second cell hidden (the smallest other one, shown as ``x``), so no
  suppressed cell can be recomputed by subtraction from the total; repeated until no row or
  column has exactly one.
* **Unstable rates** — a rate whose numerator is below 10 is marked unstable (CDC/NCHS: rates
  based on fewer than 10 events should not be relied on) and, when its numerator is suppressed,
  its value and interval are not shown (they would reveal the count).
* Drill-downs (rows behind a figure) are never shown.

The school's own report (``internal``) shows every count.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

__all__ = [
    "COMPLEMENT",
    "DISCLOSURES",
    "SUPPRESSED",
    "Disclosure",
    "is_small",
    "show_count",
    "suppress_table",
]

Disclosure = Literal["internal", "public"]
DISCLOSURES: tuple[Disclosure, ...] = ("internal", "public")
SUPPRESSED = "< 5"
COMPLEMENT = "x"
SMALL_MIN, SMALL_MAX = 1, 4
UNSTABLE_BELOW = 10


def check_disclosure(value: str) -> Disclosure:
    """Return ``value`` if it is a disclosure level, else raise ``ValueError``."""
    if value not in DISCLOSURES:
        raise ValueError(f"disclosure must be one of {', '.join(DISCLOSURES)} (got {value!r})")
    return value  # type: ignore[return-value]


def is_small(count: object) -> bool:
    """Whether a count falls in the suppressed range 1–4."""
    try:
        return SMALL_MIN <= int(count) <= SMALL_MAX  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def show_count(count: int | None, disclosure: Disclosure, fmt=str) -> str:
    """A count as shown: ``< 5`` for 1–4 in a public report, else formatted with ``fmt``."""
    if count is None or pd.isna(count):
        return "—"
    if disclosure == "public" and is_small(count):
        return SUPPRESSED
    return fmt(int(count))


def suppress_table(
    table: pd.DataFrame,
    columns: list[str],
    *,
    disclosure: Disclosure,
    totals: bool = True,
) -> pd.DataFrame:
    """Suppress the count ``columns`` of a table for a public report.

    Parameters
    ----------
    table
        Rows of a breakdown (one per group); ``columns`` hold counts.
    columns
        The count columns. A single column is one group of cells whose total is shown (the
        breakdown of one figure); several columns form a grid with row and column totals.
    disclosure
        ``internal`` returns the table unchanged (as object columns of counts).
    totals
        Whether the report shows totals, which makes complementary suppression necessary.

    Returns
    -------
    pandas.DataFrame
        A copy whose count columns hold ints, ``< 5`` (suppressed) or ``x`` (hidden so that a
        suppressed cell cannot be recomputed).
    """
    out = table.copy()
    if disclosure != "public" or out.empty:
        return out
    values = out[columns].astype("Int64")
    small = values.map(is_small).to_numpy(dtype=bool)
    hidden = _complementary(values.fillna(0).to_numpy(dtype=int), small) if totals else small
    for j, column in enumerate(columns):
        out[column] = [
            SUPPRESSED if small[i, j] else COMPLEMENT if hidden[i, j] else _int_or_none(v)
            for i, v in enumerate(values[column])
        ]
    return out


def _int_or_none(value: object) -> int | None:
    return None if pd.isna(value) else int(value)  # type: ignore[arg-type]


def _complementary(values, hidden):
    """Suppress a second cell in every row and column that has exactly one suppressed cell."""
    hidden = hidden.copy()
    rows, cols = hidden.shape
    lines = [("col", j) for j in range(cols)] + (
        [("row", i) for i in range(rows)] if cols > 1 else []
    )
    changed = True
    while changed:
        changed = False
        for axis, k in lines:
            cells = (
                [(i, k) for i in range(rows)] if axis == "col" else [(k, j) for j in range(cols)]
            )
            if sum(hidden[c] for c in cells) != 1:
                continue
            candidates = [c for c in cells if not hidden[c]]
            if not candidates:
                continue
            smallest = min(candidates, key=lambda c: (values[c], c))
            hidden[smallest] = True
            changed = True
    return hidden
