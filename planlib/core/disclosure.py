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
* **Derived counts** — a count that the page gives by subtraction is protected like a shown
  one: the rest of a share (denominator minus numerator: children not promoted, cases not
  handled in time) from 1 to 4 hides the numerator (``x``), and a table's margins (row and
  column totals) are cells of the table (:func:`suppress_pairs`, :func:`suppress_crosstab`).
* Drill-downs (rows behind a figure) are never shown.

The school's own report (``internal``) shows every count.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "COMPLEMENT",
    "DISCLOSURES",
    "SUPPRESSED",
    "TOTAL",
    "UNSTABLE_BELOW",
    "Disclosure",
    "Internal",
    "Public",
    "Rule",
    "check_disclosure",
    "disclosure_rule",
    "is_hidden",
    "is_small",
    "is_unstable",
    "show_count",
    "suppress_crosstab",
    "suppress_pairs",
    "suppress_table",
]

Disclosure = Literal["internal", "public"]
DISCLOSURES: tuple[Disclosure, ...] = ("internal", "public")
SUPPRESSED = "< 5"
COMPLEMENT = "x"
SMALL_MIN, SMALL_MAX = 1, 4
UNSTABLE_BELOW = 10
#: label of the margins (row and column totals) of :func:`suppress_crosstab`
TOTAL = "total"


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


def is_hidden(shown: object) -> bool:
    """Whether a shown cell is hidden (``< 5`` or ``x``)."""
    return isinstance(shown, str) and shown in (SUPPRESSED, COMPLEMENT)


def is_unstable(numerator: int | None) -> bool:
    """Whether a rate rests on fewer than 10 events (CDC/NCHS: annotate it as unstable)."""
    return numerator is not None and not pd.isna(numerator) and int(numerator) < UNSTABLE_BELOW


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
        cells = [
            SUPPRESSED if small[i, j] else COMPLEMENT if hidden[i, j] else _int_or_none(v)
            for i, v in enumerate(values[column])
        ]
        # object, never pandas' str dtype (a column of only "< 5"): ints and marks mix
        out[column] = pd.Series(cells, index=out.index, dtype=object)
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


Cell = tuple[str, int]


def _protect(
    values: dict[Hashable, int],
    hidden: set[Hashable],
    lines: Iterable[Sequence[Hashable]],
    *,
    fixed: frozenset[Hashable] = frozenset(),
) -> set[Hashable]:
    """Hide more cells until no line (a sum: a row, a column, a part and its rest) has exactly
    one hidden cell; the smallest other cell of such a line is hidden, never a ``fixed`` one.

    Lines are looked at in order and the scan starts again after every added cell, so earlier
    lines (the rows of a part and its rest, where hiding the rest costs nothing) settle first.
    """
    hidden = set(hidden)
    lines = [list(line) for line in lines]
    rank = {cell: i for i, cell in enumerate(values)}
    while True:
        for line in lines:
            if sum(cell in hidden for cell in line) != 1:
                continue
            candidates = [c for c in line if c not in hidden and c not in fixed]
            if candidates:
                hidden.add(min(candidates, key=lambda c: (values[c], rank[c])))
                break
        else:
            return hidden


def _shown(value: int, hidden: bool) -> int | str:
    if not hidden:
        return value
    return SUPPRESSED if is_small(value) else COMPLEMENT


def _pair_cells(n: list[int], d: list[int]) -> tuple[dict[Cell, int], list[list[Cell]]]:
    """The cells of part/whole rows: numerator, rest (denominator − numerator), denominator."""
    values: dict[Cell, int] = {}
    lines: list[list[Cell]] = []
    for i, (num, den) in enumerate(zip(n, d, strict=True)):
        values[("n", i)], values[("d", i)] = num, den
        if 0 <= num <= den:  # the rest is a count too (children not counted, cases not timely)
            values[("r", i)] = den - num
            lines.append([("n", i), ("r", i), ("d", i)])
    return values, lines


def suppress_pairs(
    numerators: Sequence[int],
    denominators: Sequence[int],
    *,
    disclosure: Disclosure,
    totals: bool = True,
) -> tuple[list[int | str], list[int | str], tuple[int | str, int | str]]:
    """Numerators and denominators of rows whose numerator counts a part of the denominator.

    A share shows three counts: the numerator, the denominator and, by subtraction, the rest
    (children not promoted, cases not handled in time). In a public report a count from 1 to
    4 among the three is hidden, and so is a second one of the row, so that none can be
    recomputed from the other two: a small rest hides the numerator (``x``).

    Parameters
    ----------
    numerators, denominators
        One pair per row (a group of a breakdown, or a single indicator).
    disclosure
        ``internal`` returns the counts unchanged.
    totals
        Whether the total numerator and denominator are shown (on the page, as the
        indicator's own counts): then columns are protected too, with the total row's cells
        shown or hidden as they are on their own.

    Returns
    -------
    tuple
        Shown numerators, shown denominators (ints, ``< 5`` or ``x``) and the shown total
        ``(numerator, denominator)``.
    """
    n = [int(v) for v in numerators]
    d = [int(v) for v in denominators]
    total = (sum(n), sum(d))
    if check_disclosure(disclosure) != "public":
        return list(n), list(d), total
    # the total row first, on its own: that is how the page shows it elsewhere
    t_values, t_lines = _pair_cells([total[0]], [total[1]])
    t_hidden = _protect(t_values, {c for c, v in t_values.items() if is_small(v)}, t_lines)
    rows = len(n)
    values, lines = _pair_cells([*n, total[0]], [*d, total[1]])
    hidden = {c for c, v in values.items() if is_small(v) and c[1] < rows}
    hidden |= {(kind, rows) for kind, _ in t_hidden}
    fixed: frozenset[Hashable] = frozenset()
    if totals and rows:
        fixed = frozenset(c for c in values if c[1] == rows)
        for kind in ("n", "r", "d"):
            column = [(kind, i) for i in range(rows + 1)]
            if all(c in values for c in column):
                lines.append(column)
    else:
        lines = [line for line in lines if line[0][1] < rows]
    hidden = _protect(values, hidden, lines, fixed=fixed)
    shown_n = [_shown(v, ("n", i) in hidden) for i, v in enumerate(n)]
    shown_d = [_shown(v, ("d", i) in hidden) for i, v in enumerate(d)]
    shown_total = (
        _shown(total[0], ("n", 0) in t_hidden),
        _shown(total[1], ("d", 0) in t_hidden),
    )
    return shown_n, shown_d, shown_total


def suppress_crosstab(table: pd.DataFrame, *, disclosure: Disclosure) -> pd.DataFrame:
    """A two-way table of counts with its margins, as shown.

    Parameters
    ----------
    table
        Counts: one row per value of one dimension, one column per value of the other.
    disclosure
        ``internal`` only adds the margins.

    Returns
    -------
    pandas.DataFrame
        One row and one column more, both labelled :data:`TOTAL`; object cells holding ints,
        ``< 5`` or ``x``. Row totals, column totals and the grand total are cells like the
        others: a small total is suppressed, and no row or column (margins included) is left
        with exactly one hidden cell.
    """
    counts = table.fillna(0).astype(int).to_numpy()
    rows, cols = counts.shape
    full = np.zeros((rows + 1, cols + 1), dtype=int)
    full[:rows, :cols] = counts
    full[rows, :cols] = counts.sum(axis=0)
    full[:rows, cols] = counts.sum(axis=1)
    full[rows, cols] = counts.sum()
    out = pd.DataFrame(
        full.astype(object),
        index=[*table.index, TOTAL],
        columns=[*table.columns, TOTAL],
    )
    if check_disclosure(disclosure) != "public":
        return out
    values = {(i, j): int(full[i, j]) for i in range(rows + 1) for j in range(cols + 1)}
    lines = [[(i, j) for j in range(cols + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(cols + 1)]
    hidden = _protect(values, {c for c, v in values.items() if is_small(v)}, lines)
    for (i, j), value in values.items():
        out.iat[i, j] = _shown(value, (i, j) in hidden)
    return out


class Internal:
    """The school board's own report: every count shown as it is (the identity rule).

    The pages ask a rule, never ``if public``: :meth:`count`, :meth:`table`,
    :meth:`crosstab`, :meth:`pairs`, :meth:`hides` and the flags below. :class:`Public` is the
    same interface with suppression.
    """

    name: Disclosure = "internal"
    #: rows behind a figure (drill-down) may be listed
    drilldown = True
    #: rates on fewer than :data:`UNSTABLE_BELOW` events are marked unstable
    marks_unstable = False
    #: small counts are hidden: the page says so (banner, footnotes, the rule's appendix)
    suppresses = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other)

    def __hash__(self) -> int:
        return hash(self.name)

    def count(self, count: int | None, fmt=str) -> str:
        """A count as shown (``—`` when missing)."""
        return show_count(count, self.name, fmt)

    def hides(self, count: object) -> bool:
        """Whether this count is hidden on the page (so are values that would reveal it)."""
        return False

    def unstable(self, numerator: int | None) -> bool:
        """Whether a rate on this numerator is marked unstable."""
        return self.marks_unstable and is_unstable(numerator)

    def table(self, table: pd.DataFrame, columns: list[str], *, totals: bool = True):
        """The count ``columns`` of a breakdown as shown (:func:`suppress_table`)."""
        return suppress_table(table, columns, disclosure=self.name, totals=totals)

    def crosstab(self, table: pd.DataFrame) -> pd.DataFrame:
        """A two-way table with its margins as shown (:func:`suppress_crosstab`)."""
        return suppress_crosstab(table, disclosure=self.name)

    def pairs(self, numerators: Sequence[int], denominators: Sequence[int], *, totals=True):
        """Numerator/denominator rows as shown (:func:`suppress_pairs`)."""
        return suppress_pairs(numerators, denominators, disclosure=self.name, totals=totals)


class Public(Internal):
    """A report shared beyond the school: the 1–4 rule with complementary suppression."""

    name: Disclosure = "public"
    drilldown = False
    marks_unstable = True
    suppresses = True

    def hides(self, count: object) -> bool:
        return is_small(count) or is_hidden(count)


Rule = Internal


def disclosure_rule(value: str | Internal) -> Internal:
    """The rule object for ``internal`` or ``public`` (a rule is returned as it is).

    Raises ``ValueError`` naming the choices for anything else.
    """
    if isinstance(value, Internal):
        return value
    return Public() if check_disclosure(value) == "public" else Internal()
