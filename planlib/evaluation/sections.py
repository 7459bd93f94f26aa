"""The plan's means: the ``solution_areas``, ``funding`` and ``responsibilities`` sections.

The target indicators (:mod:`planlib.evaluation.indicators`) measure the plan's ends; the
sections measure its means. :func:`evaluate_sections` computes them, typed
(:mod:`planlib.evaluation.results`), from the plan, the workbook and the period, before the
evaluation that holds them is built. What an area shows beyond its activities follows the
``details`` the plan file gives it (:data:`planlib.evaluation.details.DETAILS`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from planlib.evaluation.activities import (
    activity_progress,
    completion,
    integrated_lesson_coverage,
    partners,
    reach_by_group,
)
from planlib.evaluation.details import DETAILS
from planlib.evaluation.funding import funding_entries
from planlib.evaluation.responsibilities import responsibility_entries
from planlib.evaluation.results import (
    ActivityCount,
    AreaResult,
    HeldActivity,
    LessonCoverage,
    Partners,
    Sections,
)
from planlib.evaluation.rows import Scope, head, opt_int, or_none, share
from planlib.inputs.plan import Plan, SolutionArea
from planlib.inputs.workbook import Workbook

__all__ = ["area_entry", "area_totals", "evaluate_sections"]

_ACTIVITY_KEYS = ("planned", "counted", "completion", "activities", "unplanned", "reach")


def _progress(scope: Scope, area_id: str) -> pd.DataFrame | None:
    """:func:`activity_progress` of the area in the scope (``None`` without ``activities``)."""
    wb, start, end = scope.workbook, scope.start, scope.end
    return or_none(lambda: activity_progress(wb, scope.plan, area_id, start, end))


def _totals(progress: pd.DataFrame) -> dict[str, object]:
    """``planned``, ``counted`` (of the planned kinds) and ``completion`` of an area."""
    mine = progress.loc[progress["in_plan"]]
    return {
        "planned": int(mine["planned"].sum()),
        "counted": int(mine["counted"].sum()),
        "completion": completion(progress),
    }


def _activity_fields(scope: Scope, area_id: str) -> dict[str, object]:
    """The activity part of an area's entry (all ``None`` without ``activities``)."""
    wb, start, end = scope.workbook, scope.start, scope.end
    progress = _progress(scope, area_id)
    if progress is None:
        return dict.fromkeys((*_ACTIVITY_KEYS, "partners"))
    mine, other = progress.loc[progress["in_plan"]], progress.loc[~progress["in_plan"]]
    reach = reach_by_group(wb, start, end, area=area_id)
    found = or_none(lambda: partners(wb, start, end, area=area_id))
    return {
        **_totals(progress),
        "activities": tuple(
            ActivityCount(r.kind, int(r.planned), int(r.done), int(r.counted))
            for r in mine.itertuples(index=False)
        ),
        "unplanned": tuple(
            HeldActivity(r.kind, int(r.done)) for r in other.itertuples(index=False)
        ),
        "reach": {g: opt_int(n) for g, n in zip(reach["group"], reach["reached"], strict=True)},
        "partners": None if found is None else Partners(len(found), tuple(found["partner"])),
    }


def _coverage(scope: Scope, area_id: str) -> LessonCoverage:
    frame = integrated_lesson_coverage(
        scope.workbook, scope.start, scope.end, scope.reference, area=area_id
    )
    roster = frame.loc[frame["on_roster"]]
    covered = roster.loc[roster["covered"], "class_name"]
    return LessonCoverage(
        classes_covered=len(covered),
        classes_total=len(roster),
        share=share(len(covered), len(roster)),
        classes=tuple(covered),
        other_classes=tuple(frame.loc[~frame["on_roster"], "class_name"]),
    )


def _tables(area: SolutionArea) -> list[str]:
    """The tables an area's entry reads (its ``status`` is ``no_data`` without one)."""
    kinds = [DETAILS[name] for name in area.details]
    return ["activities", "students", *(t for kind in kinds for t in kind.tables)]


def area_entry(scope: Scope, area: SolutionArea) -> AreaResult:
    """One solution area: its activities against the plan, reach, partners, lessons, details.

    ``status`` is ``no_data`` when ``activities``, ``students`` or a table of one of the
    area's ``details`` is absent; ``missing`` names them.
    """
    kinds = [DETAILS[name] for name in area.details]
    tables = _tables(area)
    blocks = {
        name: kind.compute(scope)
        for name, kind in zip(area.details, kinds, strict=True)
        if kind.compute is not None
    }
    return AreaResult(
        id=area.id,
        **head(scope.workbook, tables),
        **_activity_fields(scope, area.id),
        integrated_lessons=or_none(lambda: _coverage(scope, area.id)),
        details=area.details,
        **blocks,
    )


def area_totals(scope: Scope, area: SolutionArea) -> AreaResult:
    """One solution area as a district compiles it: :func:`area_entry`'s ``status``,
    ``missing``, ``planned``, ``counted`` and ``completion``, nothing else computed."""
    progress = _progress(scope, area.id)
    totals = dict.fromkeys(("planned", "counted", "completion"))
    return AreaResult(
        id=area.id,
        **head(scope.workbook, _tables(area)),
        **(totals if progress is None else _totals(progress)),
        activities=None,
        unplanned=None,
        reach=None,
        partners=None,
        integrated_lessons=None,
    )


def evaluate_sections(
    plan: Plan,
    workbook: Workbook,
    *,
    start: dt.date,
    end: dt.date,
    reference: dt.date,
    district: bool = False,
) -> Sections:
    """The ``solution_areas``, ``funding`` and ``responsibilities`` sections of results.json.

    One entry per solution area, funding group and responsibility of the plan, in plan order;
    each starts with ``id``, ``status`` (``evaluated``, or ``no_data`` when a table it reads is
    absent) and ``missing`` (those tables). Values that need an absent table or optional column
    are ``None``; nothing raises for absent data. Amounts are VND, shares unrounded 0–1.
    Learning results look at the school year that ends in the plan's period (also when
    ``as_of`` shortens the evaluation period), against the school year before it.

    Parameters
    ----------
    plan, workbook
        The plan and the checked workbook.
    start, end
        The evaluation period (inclusive).
    reference
        The evaluation's reference date (the roster of integrated lessons).
    district
        Only what a district compiles of a school (:mod:`planlib.evaluation.district`): each
        area's totals (:func:`area_totals`) and the funding, no responsibilities.
    """
    scope = Scope(plan, workbook, start, end, reference)
    if district:
        return Sections(
            solution_areas=tuple(area_totals(scope, area) for area in plan.solution_areas),
            funding=funding_entries(scope),
        )
    return Sections(
        solution_areas=tuple(area_entry(scope, area) for area in plan.solution_areas),
        funding=funding_entries(scope),
        responsibilities=responsibility_entries(scope),
    )
