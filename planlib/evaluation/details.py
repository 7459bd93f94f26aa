"""The details a plan gives some solution areas: harm cases, learning results, facilities.

A solution area of the plan file lists its ``details`` (``harm_cases``, ``learning``,
``facilities``, ``partners``); :data:`DETAILS` says what each needs and computes, so the
evaluation follows the plan, not the areas' ids. The presentation has its own registry of
what each detail shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from planlib.evaluation.indicators import NoData
from planlib.evaluation.results import (
    Facilities,
    HarmCases,
    Learning,
    Measure,
    StatusCount,
)
from planlib.evaluation.rows import (
    Day,
    Scope,
    codes,
    in_period,
    money,
    need,
    or_none,
    ordered,
    records,
    share,
)
from planlib.inputs.plan import Plan
from planlib.inputs.workbook import Workbook, school_year_bounds

__all__ = [
    "DETAILS",
    "FACILITY_COLUMNS",
    "MEASURES",
    "DetailKind",
    "facility_projects",
    "harm_cases",
    "learning_results",
    "school_year_ending_in",
]

#: learning measures; ``dropouts`` is a count (fewer is better), the others are shares
MEASURES = ("good_fair_share", "promotion_rate", "graduation_rate", "dropouts")

# --- harm cases -------------------------------------------------------------------------------


def harm_cases(workbook: Workbook, start: Day, end: Day, by: str = "kind") -> pd.DataFrame:
    """Injury and harm incidents that occurred in the period, counted by one dimension.

    Parameters
    ----------
    by
        ``kind``, ``cause``, ``place`` or ``month`` (``YYYY-MM`` of ``occurred_on``).

    Returns
    -------
    pandas.DataFrame
        Columns ``by``, ``kind`` (unless ``by`` is ``kind``) and ``count``: the combinations
        that occur, in contract order (months in time order, empty values last).

    Raises
    ------
    NoData
        When ``incidents`` (or the column ``by``) is absent.
    """
    need(workbook, "incidents")
    incidents = workbook.tables["incidents"]
    rows = incidents.loc[in_period(incidents["occurred_on"], start, end)]
    if by == "month":
        values = rows["occurred_on"].dt.strftime("%Y-%m")
        order: Sequence[str] = sorted(set(values))
    elif by in ("kind", "cause", "place"):
        if by not in rows.columns:
            raise NoData([f"incidents.{by}"])
        values, order = rows[by], codes("incidents", by)
    else:
        raise ValueError(f"by must be kind, cause, place or month (got {by!r})")
    keys = [by] if by == "kind" else [by, "kind"]
    frame = pd.DataFrame({by: values.astype(object), "kind": rows["kind"].astype(object)})
    counts = frame.groupby(keys, dropna=False).size().rename("count").reset_index()
    counts = counts.astype({**{k: object for k in keys}, "count": int})
    counts = counts.replace({float("nan"): None})
    if by != "kind":
        counts = ordered(counts, "kind", codes("incidents", "kind"))
    return ordered(counts, by, order)


# --- learning results against the previous school year -----------------------------------


def school_year_ending_in(start: Day, end: Day) -> str | None:
    """The latest school year ``YYYY-YYYY`` whose last day (31/08) falls in ``start``–``end``."""
    for first in range(pd.Timestamp(end).year - 1, pd.Timestamp(start).year - 2, -1):
        if (
            pd.Timestamp(start)
            <= school_year_bounds(f"{first}-{first + 1}")[1]
            <= pd.Timestamp(end)
        ):
            return f"{first}-{first + 1}"
    return None


def _previous(school_year: str) -> str:
    first = int(school_year[:4])
    return f"{first - 1}-{first}"


def _year_measures(
    students: pd.DataFrame, school_year: str
) -> dict[str, tuple[int, int | None] | None]:
    """``(numerator, denominator)`` of each measure for one school year (``None``: no value).

    Dropouts are ``(count, None)``. Nothing has a value when ``students`` lacks the year.
    """
    rows = students.loc[students["school_year"] == school_year]
    out: dict[str, tuple[int, int | None] | None] = dict.fromkeys(MEASURES)
    if rows.empty:
        return out

    def ratio(values: pd.Series, hits: Iterable[str]) -> tuple[int, int] | None:
        values = values.dropna()
        return (int(values.isin(list(hits)).sum()), len(values)) if len(values) else None

    if "learning_result" in rows.columns:
        out["good_fair_share"] = ratio(rows["learning_result"], ("good", "fair"))
    if "year_outcome" in rows.columns:
        grade = rows["grade"]
        out["promotion_rate"] = ratio(rows.loc[grade.between(6, 8), "year_outcome"], ("promoted",))
        out["graduation_rate"] = ratio(rows.loc[grade == 9, "year_outcome"], ("graduated",))
    if {"left_on", "left_reason"} <= set(students.columns):
        first, last = school_year_bounds(school_year)
        left = students["left_on"]
        dropout = (students["left_reason"] == "dropout") & (left >= first) & (left <= last)
        out["dropouts"] = (students.loc[dropout.fillna(False), "student_id"].nunique(), None)
    return out


def _value(pair: tuple[int, int | None] | None) -> Fraction | None:
    if pair is None:
        return None
    numerator, denominator = pair
    return Fraction(numerator) if denominator is None else Fraction(numerator, denominator)


def _trend(current: Fraction | None, previous: Fraction | None, *, fewer_better: bool) -> str:
    if current is None or previous is None:
        return "no_data"
    if current == previous:
        return "held"
    better = current < previous if fewer_better else current > previous
    return "improved" if better else "declined"


def learning_results(workbook: Workbook, plan: Plan, school_year: str) -> pd.DataFrame:
    """Learning measures of one school year, each against the previous school year.

    The previous year's value comes from ``students`` when the roster holds that year and gives
    the measure a value; otherwise from the plan's ``baseline`` (when its ``school_year`` is
    empty or is that year). Values are compared exactly (as fractions; a baseline of ``0.85``
    equals 17/20).

    Returns
    -------
    pandas.DataFrame
        One row per measure (:data:`MEASURES`): ``measure``, ``numerator``, ``denominator``,
        ``value``, ``previous_numerator``, ``previous_denominator``, ``previous_value``,
        ``previous_source`` (``students`` / ``baseline`` / ``None``) and ``status``
        (``improved`` / ``held`` / ``declined`` / ``no_data``). Shares are 0–1; dropouts are a
        count, and fewer is better.

    Raises
    ------
    NoData
        When ``students`` is absent.
    """
    need(workbook, "students")
    students = workbook.tables["students"]
    previous_year = _previous(school_year)
    current, previous = (
        _year_measures(students, school_year),
        _year_measures(students, previous_year),
    )
    baseline = next((a.baseline for a in plan.solution_areas if a.baseline is not None), None)
    if baseline is not None and baseline.school_year not in (None, previous_year):
        baseline = None
    rows = []
    for measure in MEASURES:
        now, before, source = _value(current[measure]), _value(previous[measure]), "students"
        if before is None:
            base = getattr(baseline, measure, None) if baseline is not None else None
            before = Fraction(repr(base)) if base is not None else None
            source = "baseline" if base is not None else None
        prev_pair = previous[measure] if source == "students" else None
        rows.append(
            {
                "measure": measure,
                "numerator": current[measure][0] if current[measure] else None,
                "denominator": current[measure][1] if current[measure] else None,
                "value": _number(now, measure),
                "previous_numerator": prev_pair[0] if prev_pair else None,
                "previous_denominator": prev_pair[1] if prev_pair else None,
                "previous_value": _number(before, measure),
                "previous_source": source,
                "status": _trend(now, before, fewer_better=measure == "dropouts"),
            }
        )
    return pd.DataFrame(rows, dtype=object)


def _number(value: Fraction | None, measure: str) -> int | float | None:
    if value is None:
        return None
    return int(value) if measure == "dropouts" else float(value)


# --- facilities: playgrounds and covered grounds ---------------------------------------------

FACILITY_COLUMNS = ("kind", "status", "area_m2", "budget_vnd", "mobilized_vnd", "completed_on")


def facility_projects(workbook: Workbook, start: Day, end: Day) -> pd.DataFrame:
    """The construction projects (their state as recorded), without their names.

    Returns
    -------
    pandas.DataFrame
        ``project_id`` and :data:`FACILITY_COLUMNS` (absent optional columns as ``<NA>``), plus
        ``completed_in_period``: done with ``completed_on`` in the period.

    Raises
    ------
    NoData
        When ``facilities`` is absent.
    """
    need(workbook, "facilities")
    source = workbook.tables["facilities"]
    frame = pd.DataFrame({"project_id": source["project_id"].astype(object)})
    for column in FACILITY_COLUMNS:
        if column in source.columns:
            frame[column] = source[column]
        elif column == "completed_on":
            frame[column] = pd.Series(pd.NaT, index=source.index, dtype="datetime64[ns]")
        else:
            frame[column] = pd.array([pd.NA] * len(source), dtype="Float64")
    done = frame["status"] == "done"
    frame["completed_in_period"] = done & in_period(frame["completed_on"], start, end)
    return frame.sort_values("project_id", kind="stable").reset_index(drop=True)


# --- the blocks of results.json ---------------------------------------------------------------


def _harm_block(scope: Scope) -> HarmCases | None:
    wb, start, end = scope.workbook, scope.start, scope.end
    if "incidents" not in wb.tables:
        return None
    incidents = wb.tables["incidents"]
    rows = incidents.loc[in_period(incidents["occurred_on"], start, end)]
    fatal = int(rows["fatal"].fillna(False).sum()) if "fatal" in rows.columns else None
    by = {
        f"by_{by}": or_none(lambda by=by: records(harm_cases(wb, start, end, by)))
        for by in ("kind", "cause", "place", "month")
    }
    return HarmCases(
        total=len(rows),
        injuries=int((rows["kind"] == "injury").sum()),
        fatal=fatal,
        children=int(rows["student_id"].nunique()),
        **by,
    )


def _learning_block(scope: Scope) -> Learning | None:
    school_year = school_year_ending_in(scope.plan.period.start, scope.plan.period.end)
    if "students" not in scope.workbook.tables or school_year is None:
        return None
    frame = learning_results(scope.workbook, scope.plan, school_year)
    measures = records(frame.rename(columns={"measure": "id"}))
    return Learning(
        school_year=school_year,
        previous_school_year=_previous(school_year),
        measures=tuple(Measure(**m) for m in measures),
    )


def _facilities_block(scope: Scope) -> Facilities | None:
    if "facilities" not in scope.workbook.tables:
        return None
    projects = facility_projects(scope.workbook, scope.start, scope.end)
    done = projects["status"] == "done"
    budget, mobilized = projects["budget_vnd"].sum(), projects["mobilized_vnd"].sum()
    in_period_m2 = projects.loc[projects["completed_in_period"], "area_m2"].sum()
    return Facilities(
        projects=len(projects),
        by_status=tuple(
            StatusCount(status, int((projects["status"] == status).sum()))
            for status in codes("facilities", "status")
        ),
        m2_done=money(projects.loc[done, "area_m2"].sum()),
        m2_done_in_period=money(in_period_m2),
        budget_vnd=money(budget),
        mobilized_vnd=money(mobilized),
        mobilised_share=share(mobilized, budget),
    )


@dataclass(frozen=True)
class DetailKind:
    """What one kind of area detail needs and computes.

    Parameters
    ----------
    tables
        Workbook tables the detail reads (an area lacking one is ``no_data``).
    compute
        Its block of the area's entry (the :class:`~planlib.evaluation.results.AreaResult`
        attribute named like the detail), or ``None`` for a detail only shown (partners).
    """

    tables: tuple[str, ...] = ()
    compute: Callable[[Scope], object] | None = None


#: detail name (a plan area's ``details``) -> what it needs and computes
DETAILS: dict[str, DetailKind] = {
    "partners": DetailKind(),
    "harm_cases": DetailKind(("incidents",), _harm_block),
    "learning": DetailKind(("students",), _learning_block),
    "facilities": DetailKind(("facilities",), _facilities_block),
}
