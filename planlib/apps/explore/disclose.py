"""Counts as the explorer shows them: every count, or the public rule's while presenting.

The "trình chiếu" (presentation) switch applies :class:`planlib.core.disclosure.Public`, the
rule of the public report: a count from 1 to 4 is ``< 5``, a second cell of its row or column
is ``x`` so that none can be recomputed, and a value or interval that would reveal a hidden
count is not shown. :class:`~planlib.core.disclosure.Internal` shows every count.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from planlib.core.disclosure import Internal, is_hidden
from planlib.core.fmt import fmt_int

__all__ = ["event_counts", "figure_counts", "group_counts", "shown_text"]


def shown_text(count: int | str, lang: str) -> str:
    """A shown count as text: ``1.234``, or ``< 5``/``x`` as the rule left it."""
    return count if isinstance(count, str) else fmt_int(int(count), lang)


def figure_counts(rule: Internal, numerator: int, denominator: int) -> tuple[str, str, bool]:
    """One indicator's numerator and denominator as shown, and whether its value is hidden."""
    nums, dens, _ = rule.pairs([numerator], [denominator], totals=False)
    return nums[0], dens[0], is_hidden(nums[0]) or is_hidden(dens[0])  # type: ignore[return-value]


def group_counts(
    rule: Internal, numerators: Sequence[int], denominators: Sequence[int]
) -> tuple[list[int | str], list[int | str], list[bool]]:
    """A breakdown's counts as shown (its total is on the page), and which values are hidden."""
    nums, dens, _ = rule.pairs(numerators, denominators, totals=True)
    hidden = [is_hidden(n) or is_hidden(d) for n, d in zip(nums, dens, strict=True)]
    return nums, dens, hidden


def event_counts(rule: Internal, counts: Sequence[int]) -> tuple[list[int | str], list[bool]]:
    """Events per group as shown (with their total), and which are hidden."""
    frame = pd.DataFrame({"n": [int(c) for c in counts]})
    shown = rule.table(frame, ["n"], totals=True)["n"].tolist()
    return shown, [is_hidden(c) for c in shown]
