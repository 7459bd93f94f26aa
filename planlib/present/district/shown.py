"""The district's numbers as its report shows them, after the disclosure rule.

Every table, sentence and figure of the district report reads these, so a figure never
draws a school whose counts a table hides.

* A target's pooled numerator and denominator are one pair on their own (as a school's are
  on its own report): the rule's :meth:`~planlib.core.disclosure.Internal.pairs`.
* The schools' counts of one target are the rows of a table whose total is the pooled pair
  (shown on the same page): ``pairs(..., totals=True)``, so a school's small count also
  hides a second school's (``x``), and no hidden count can be recomputed from the total.
* A value (and its interval) whose numerator or denominator is hidden is not shown ("—"),
  and the funnel does not draw that school (its point would give the count back:
  value × denominator).

The rule covers counts of children, cases, activities and people. Counts of *schools*
(submissions received, schools achieving a target) and of data problems are not counts of
people and are shown as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from planlib.core.disclosure import is_hidden
from planlib.evaluation.district import PooledIndicator, SchoolFigure
from planlib.present.district.context import DistrictContext

__all__ = [
    "ShownFigure",
    "area_counts",
    "pooled_counts",
    "pooled_hidden",
    "school_figures",
]


@dataclass(frozen=True)
class ShownFigure:
    """One school on one target as the report shows it.

    ``numerator``/``denominator``: ints, ``< 5`` or ``x`` (``None`` without a denominator);
    ``hidden``: whether the value is withheld (and the school left off the funnel).
    """

    figure: SchoolFigure
    numerator: object
    denominator: object
    hidden: bool

    @property
    def value(self) -> float | None:
        """The school's value, ``None`` when hidden or missing."""
        return None if self.hidden else self.figure.value


def pooled_counts(ctx: DistrictContext, indicator: PooledIndicator) -> tuple[object, object]:
    """The pooled numerator and denominator as shown."""
    nums, dens, _ = ctx.rule.pairs([indicator.numerator], [indicator.denominator], totals=False)
    return nums[0], dens[0]


def pooled_hidden(ctx: DistrictContext, indicator: PooledIndicator) -> bool:
    """Whether the pooled value and interval are withheld (they would reveal a count)."""
    return any(is_hidden(c) for c in pooled_counts(ctx, indicator))


def school_figures(ctx: DistrictContext, indicator: PooledIndicator) -> list[ShownFigure]:
    """Each school's figure of one target, in submission order, as shown."""
    counted = [
        f for f in indicator.schools if f.denominator is not None and f.numerator is not None
    ]
    nums, dens, _ = ctx.rule.pairs(
        [int(f.numerator) for f in counted],  # type: ignore[arg-type]
        [int(f.denominator) for f in counted],  # type: ignore[arg-type]
        totals=True,
    )
    shown = {id(f): (n, d) for f, n, d in zip(counted, nums, dens, strict=True)}
    out = []
    for f in indicator.schools:
        n, d = shown.get(id(f), (f.numerator, f.denominator))
        out.append(ShownFigure(f, n, d, is_hidden(n) or is_hidden(d)))
    return out


def area_counts(
    ctx: DistrictContext, results: Mapping[str, Any] | None, area_id: str
) -> tuple[object, object, bool]:
    """One school's planned and held activities of an area (from its ``results.json``), as
    shown, and whether its completion is withheld.

    ``(None, None, False)`` when the school's results do not have the area.
    """
    entry = next(
        (a for a in (results or {}).get("solution_areas", []) if a.get("id") == area_id), None
    )
    if entry is None or entry.get("planned") is None or entry.get("counted") is None:
        return None, None, False
    return _pair(ctx, int(entry["counted"]), int(entry["planned"]))


def _pair(ctx: DistrictContext, counted: int, planned: int) -> tuple[object, object, bool]:
    nums, dens, _ = ctx.rule.pairs([counted], [planned], totals=False)
    return dens[0], nums[0], is_hidden(nums[0]) or is_hidden(dens[0])


def pooled_area_counts(ctx: DistrictContext, planned: int, counted: int):
    """The district's planned and held activities of an area as shown, and whether its
    completion is withheld."""
    return _pair(ctx, counted, planned)
