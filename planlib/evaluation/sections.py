"""Solution areas (S1–S6), funding (F1, F2) and responsibilities (R-*): the plan's means.

The target indicators (:mod:`planlib.evaluation.indicators`) measure the plan's ends; this module
measures
its means. The public functions are small and pure: each takes the checked workbook (and the
plan, the period ``start``–``end``, the reference date where needed) and returns a DataFrame a
notebook can plot or show. :func:`evaluate_sections` assembles them into the ``solution_areas``,
``funding`` and ``responsibilities`` sections of ``results.json``.

Only ids and enumeration codes leave this module (partner organisations and class names too);
free-text and personal columns (titles, evidence, purposes, names) are never read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pandas as pd

from planlib.core.contract import TABLES, normalize_key
from planlib.evaluation.indicators import NoData
from planlib.inputs.plan import Plan, SolutionArea
from planlib.inputs.workbook import Workbook, children_on, school_year_bounds

if TYPE_CHECKING:
    from planlib.evaluation.evaluate import Evaluation

__all__ = [
    "MEASURES",
    "REACH_GROUPS",
    "activities_by_kind",
    "activity_progress",
    "completion",
    "evaluate_sections",
    "facility_projects",
    "funding_flows",
    "harm_cases",
    "integrated_lesson_coverage",
    "learning_results",
    "partners",
    "reach_by_group",
    "responsibility_tasks",
    "school_year_ending_in",
    "spending_by_area",
]

Day = dt.date | pd.Timestamp
Entry = dict[str, Any]
T = pd.Timestamp

#: reach group -> ``activities`` column
REACH_GROUPS = {
    "students": "students_reached",
    "parents": "parents_reached",
    "staff": "staff_reached",
    "community": "community_reached",
}
#: S5 measures; ``dropouts`` is a count (fewer is better), the others are shares
MEASURES = ("good_fair_share", "promotion_rate", "graduation_rate", "dropouts")
FLOWS = ("planned", "received", "spent")


def _codes(table: str, column: str) -> tuple[str, ...]:
    enum = next(t for t in TABLES if t.id == table).column(column).enum
    assert enum is not None
    return enum.codes


KINDS = _codes("activities", "kind")


# --- helpers -------------------------------------------------------------------------------


def _need(workbook: Workbook, *tables: str) -> None:
    missing = [t for t in tables if t not in workbook.tables]
    if missing:
        raise NoData(missing)


def _in_period(dates: pd.Series, start: Day, end: Day) -> pd.Series:
    """Whether each date (time of day ignored) falls in ``start``–``end``."""
    days = dates.dt.normalize()
    return ((days >= T(start)) & (days <= T(end))).fillna(False).astype(bool)


def _activities(
    workbook: Workbook,
    start: Day,
    end: Day,
    *,
    area: str | None = None,
    unit: str | None = None,
    kind: str | None = None,
) -> pd.DataFrame:
    _need(workbook, "activities")
    acts = workbook.tables["activities"]
    mask = _in_period(acts["held_on"], start, end)
    for column, value in (("area", area), ("unit", unit), ("kind", kind)):
        if value is not None:
            mask &= (acts[column] == value).fillna(False).astype(bool)
    return acts.loc[mask]


def _ordered(frame: pd.DataFrame, column: str, codes: Sequence[str]) -> pd.DataFrame:
    """Sort rows by the enumeration order of ``column`` (then other values, empty last)."""
    rank = {code: i for i, code in enumerate(codes)}

    def key(values: pd.Series) -> pd.Series:
        return values.map(lambda v: (v is None or v is pd.NA, rank.get(v, len(rank)), str(v)))

    return frame.sort_values(column, key=key, kind="stable").reset_index(drop=True)


def _money(value: object) -> int | float | None:
    """An amount as a plain JSON number: integral amounts as ``int``."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def _share(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def _opt_int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[arg-type]


def _records(frame: pd.DataFrame) -> list[Entry]:
    """Rows as JSON-ready dicts (NA -> None, numpy scalars -> Python)."""
    out = []
    for row in frame.astype(object).to_dict("records"):
        out.append(
            {k: (None if v is None or v is pd.NA or v != v else _plain(v)) for k, v in row.items()}
        )
    return out


def _plain(value: object) -> object:
    return value.item() if hasattr(value, "item") else value


# --- activities (S1–S6, R-*) ---------------------------------------------------------------


def activities_by_kind(
    workbook: Workbook,
    start: Day,
    end: Day,
    *,
    area: str | None = None,
    unit: str | None = None,
) -> pd.DataFrame:
    """Activities held in the period, counted by kind.

    Parameters
    ----------
    workbook
        A checked workbook with an ``activities`` table.
    start, end
        The period (inclusive); an activity counts when ``held_on`` falls in it.
    area, unit
        Only the activities of this solution area / this unit.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind`` and ``done``: kinds with at least one activity, in contract order.

    Raises
    ------
    NoData
        When ``activities`` is absent.
    """
    acts = _activities(workbook, start, end, area=area, unit=unit)
    counts = acts["kind"].value_counts()
    frame = pd.DataFrame({"kind": counts.index.astype(object), "done": counts.to_numpy(int)})
    return _ordered(frame, "kind", KINDS)


def activity_progress(
    workbook: Workbook, plan: Plan, area_id: str, start: Day, end: Day
) -> pd.DataFrame:
    """Activities of one solution area held in the period, against the plan.

    Returns
    -------
    pandas.DataFrame
        One row per kind: ``kind``, ``planned``, ``done``, ``counted`` (``min(done, planned)``)
        and ``in_plan``. The kinds the plan file plans come first, in its order; kinds held but
        not planned follow with ``planned = counted = 0`` and ``in_plan`` false.

    Raises
    ------
    NoData
        When ``activities`` is absent.
    """
    planned = dict(plan.area(area_id).planned)
    done = activities_by_kind(workbook, start, end, area=area_id).set_index("kind")["done"]
    kinds = [*planned, *(k for k in done.index if k not in planned)]
    frame = pd.DataFrame(
        {
            "kind": pd.Series(kinds, dtype=object),
            "planned": [planned.get(k, 0) for k in kinds],
            "done": [int(done.get(k, 0)) for k in kinds],
        },
    ).astype({"planned": int, "done": int})
    frame["counted"] = frame[["planned", "done"]].min(axis=1)
    frame["in_plan"] = [k in planned for k in kinds]
    return frame


def completion(progress: pd.DataFrame) -> float | None:
    """Sum of ``counted`` over sum of ``planned`` (``None`` when nothing is planned)."""
    return _share(progress["counted"].sum(), progress["planned"].sum())


def reach_by_group(
    workbook: Workbook,
    start: Day,
    end: Day,
    *,
    area: str | None = None,
    unit: str | None = None,
) -> pd.DataFrame:
    """People reached by the activities held in the period, by group.

    Returns
    -------
    pandas.DataFrame
        Columns ``group`` (students, parents, staff, community) and ``reached`` (the sum of
        the group's column; ``<NA>`` when the workbook has no such column).
    """
    acts = _activities(workbook, start, end, area=area, unit=unit)
    reached = [
        int(acts[column].sum()) if column in acts.columns else pd.NA
        for column in REACH_GROUPS.values()
    ]
    return pd.DataFrame({"group": list(REACH_GROUPS), "reached": pd.array(reached, dtype="Int64")})


def _partner_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def partners(workbook: Workbook, start: Day, end: Day, *, area: str | None = None) -> pd.DataFrame:
    """Partner organisations of the activities held in the period.

    Names that differ only in case or spacing are one partner, shown by the spelling that
    sorts first.

    Returns
    -------
    pandas.DataFrame
        Columns ``partner`` and ``activities`` (how many activities named it), by name.

    Raises
    ------
    NoData
        When ``activities`` or its ``partners`` column is absent.
    """
    acts = _activities(workbook, start, end, area=area)
    if "partners" not in acts.columns:
        raise NoData(["activities.partners"])
    spellings: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for names in acts["partners"].dropna():
        keys = {_partner_key(n) for n in names}
        for name in names:
            spellings.setdefault(_partner_key(name), set()).add(name)
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    keys = sorted(counts)
    return pd.DataFrame(
        {
            "partner": pd.Series([min(spellings[k]) for k in keys], dtype=object),
            "activities": pd.Series([counts[k] for k in keys], dtype=int),
        }
    )


def integrated_lesson_coverage(
    workbook: Workbook, start: Day, end: Day, reference: Day, *, area: str | None = None
) -> pd.DataFrame:
    """Classes named by the ``integrated_lesson`` activities held in the period.

    Class names match when equal after :func:`~planlib.core.contract.normalize_key` (``6A``,
    ``6a`` and ``6 A`` are one class). The roster's classes are those of the children on
    ``reference``.

    Returns
    -------
    pandas.DataFrame
        Columns ``class_name``, ``grade``, ``on_roster``, ``lessons`` (activities naming the
        class) and ``covered``. Roster classes come first (by grade and name, each once),
        then classes that activities name but the roster does not have (``on_roster`` false).

    Raises
    ------
    NoData
        When ``activities`` or ``students`` (or the ``classes`` column) is absent.
    """
    _need(workbook, "activities", "students")
    acts = _activities(workbook, start, end, area=area, kind="integrated_lesson")
    if "classes" not in acts.columns:
        raise NoData(["activities.classes"])
    lessons: dict[str, int] = {}
    named: dict[str, set[str]] = {}
    for classes in acts["classes"].dropna():
        for key in {normalize_key(c) for c in classes}:
            lessons[key] = lessons.get(key, 0) + 1
        for name in classes:
            named.setdefault(normalize_key(name), set()).add(name)
    roster = children_on(workbook.tables["students"], T(reference))[["class_name", "grade"]]
    roster = roster.assign(key=roster["class_name"].map(normalize_key))
    roster = roster.sort_values(["grade", "class_name"], kind="stable").drop_duplicates("key")
    other = sorted(k for k in lessons if k not in set(roster["key"]))
    frame = pd.DataFrame(
        {
            "class_name": pd.Series(
                [*roster["class_name"], *(min(named[k]) for k in other)], dtype=object
            ),
            "grade": pd.array([*roster["grade"], *[pd.NA] * len(other)], dtype="Int64"),
            "on_roster": [True] * len(roster) + [False] * len(other),
            "lessons": [lessons.get(k, 0) for k in [*roster["key"], *other]],
        }
    ).astype({"lessons": int})
    frame["covered"] = frame["lessons"] > 0
    return frame


# --- S4: injury and harm cases ---------------------------------------------------------------


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
    _need(workbook, "incidents")
    incidents = workbook.tables["incidents"]
    rows = incidents.loc[_in_period(incidents["occurred_on"], start, end)]
    if by == "month":
        values = rows["occurred_on"].dt.strftime("%Y-%m")
        codes: Sequence[str] = sorted(set(values))
    elif by in ("kind", "cause", "place"):
        if by not in rows.columns:
            raise NoData([f"incidents.{by}"])
        values, codes = rows[by], _codes("incidents", by)
    else:
        raise ValueError(f"by must be kind, cause, place or month (got {by!r})")
    keys = [by] if by == "kind" else [by, "kind"]
    frame = pd.DataFrame({by: values.astype(object), "kind": rows["kind"].astype(object)})
    counts = frame.groupby(keys, dropna=False).size().rename("count").reset_index()
    counts = counts.astype({**{k: object for k in keys}, "count": int})
    counts = counts.replace({float("nan"): None})
    if by != "kind":
        counts = _ordered(counts, "kind", _codes("incidents", "kind"))
    return _ordered(counts, by, codes)


# --- S5: learning results against the previous school year ----------------------------------


def school_year_ending_in(start: Day, end: Day) -> str | None:
    """The latest school year ``YYYY-YYYY`` whose last day (31/08) falls in ``start``–``end``."""
    for first in range(T(end).year - 1, T(start).year - 2, -1):
        if T(start) <= school_year_bounds(f"{first}-{first + 1}")[1] <= T(end):
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
    """S5 measures of one school year, each against the previous school year.

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
    _need(workbook, "students")
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


# --- S6: playgrounds and covered grounds ----------------------------------------------------

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
    _need(workbook, "facilities")
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
    frame["completed_in_period"] = done & _in_period(frame["completed_on"], start, end)
    return frame.sort_values("project_id", kind="stable").reset_index(drop=True)


# --- F1, F2 -------------------------------------------------------------------------------


def _funding_rows(workbook: Workbook, start: Day, end: Day) -> pd.DataFrame:
    _need(workbook, "funding")
    funding = workbook.tables["funding"]
    return funding.loc[_in_period(funding["entry_on"], start, end)]


def funding_flows(workbook: Workbook, plan: Plan, start: Day, end: Day) -> pd.DataFrame:
    """Amounts by funding group of the plan, source and flow, for entries dated in the period.

    Returns
    -------
    pandas.DataFrame
        Columns ``funding`` (F1, F2, ...), ``source``, ``flow`` (planned, received, spent) and
        ``amount_vnd``: every combination of the plan's groups, their sources and the flows,
        zero when nothing was entered.

    Raises
    ------
    NoData
        When ``funding`` is absent.
    """
    rows = _funding_rows(workbook, start, end)
    sums = rows.groupby(["source", "flow"])["amount_vnd"].sum()
    grid = [
        {
            "funding": group.id,
            "source": source,
            "flow": flow,
            "amount_vnd": float(sums.get((source, flow), 0.0)),
        }
        for group in plan.funding
        for source in group.sources
        for flow in FLOWS
    ]
    columns = ["funding", "source", "flow", "amount_vnd"]
    return pd.DataFrame(grid, columns=columns).astype({"amount_vnd": float})


def spending_by_area(workbook: Workbook, plan: Plan, start: Day, end: Day) -> pd.DataFrame:
    """Money spent in the period by funding group and solution area.

    Returns
    -------
    pandas.DataFrame
        Columns ``funding``, ``area`` (the plan's areas in order, then ``None`` for spending
        with no area) and ``amount_vnd``; every combination, zero when nothing was spent.

    Raises
    ------
    NoData
        When ``funding`` is absent.
    """
    rows = _funding_rows(workbook, start, end)
    rows = rows.loc[rows["flow"] == "spent"]
    area = rows["area"] if "area" in rows.columns else pd.Series(None, index=rows.index)
    area = area.astype(object).where(area.notna(), None)
    known = [a.id for a in plan.solution_areas]
    areas = [*known, *sorted(set(area.dropna()) - set(known)), None]
    records = []
    for group in plan.funding:
        mine = rows["source"].isin(group.sources)
        for code in areas:
            here = area.isna() if code is None else area == code
            amount = float(rows.loc[mine & here, "amount_vnd"].sum())
            records.append((group.id, code, amount))
    return pd.DataFrame(
        {
            "funding": pd.Series([r[0] for r in records], dtype=object),
            "area": pd.Series([r[1] for r in records], dtype=object),
            "amount_vnd": pd.Series([r[2] for r in records], dtype=float),
        }
    )


# --- R-* ----------------------------------------------------------------------------------


def responsibility_tasks(workbook: Workbook, plan: Plan) -> pd.DataFrame:
    """Every task the plan gives a responsible unit, with its status from ``tasks``.

    A task with no row in ``tasks`` (or with no ``tasks`` table) has status ``no_data``: the
    school has not reported on it, which is not the same as "not started". Task ids match
    when equal after :func:`~planlib.core.contract.normalize_key`.

    Returns
    -------
    pandas.DataFrame
        Columns ``responsibility``, ``unit``, ``task_id``, ``status`` (``done`` /
        ``in_progress`` / ``not_started`` / ``no_data``) and ``completed_on``, in plan order.
    """
    reported: dict[str, tuple[str, object]] = {}
    tasks = workbook.tables.get("tasks")
    if tasks is not None:
        completed = tasks.get("completed_on", pd.Series(pd.NaT, index=tasks.index))
        for task_id, status, when in zip(tasks["task_id"], tasks["status"], completed, strict=True):
            reported[normalize_key(task_id)] = (status, when)
    records = [
        (resp.id, resp.unit, task.id, *reported.get(normalize_key(task.id), ("no_data", pd.NaT)))
        for resp in plan.responsibilities
        for task in resp.tasks
    ]
    columns = ["responsibility", "unit", "task_id", "status", "completed_on"]
    frame = pd.DataFrame(records, columns=columns)
    frame["completed_on"] = pd.to_datetime(frame["completed_on"])
    return frame


# --- the results.json sections ------------------------------------------------------------


def _or_none(fn: Callable[[], Any]) -> Any:
    """``fn()``, or ``None`` when the data it needs is absent."""
    try:
        return fn()
    except NoData:
        return None


def _head(entry_id: str, workbook: Workbook, tables: Iterable[str]) -> Entry:
    missing = [t for t in dict.fromkeys(tables) if t not in workbook.tables]
    return {"id": entry_id, "status": "no_data" if missing else "evaluated", "missing": missing}


def _harm_block(wb: Workbook, start: Day, end: Day) -> Entry | None:
    if "incidents" not in wb.tables:
        return None
    incidents = wb.tables["incidents"]
    rows = incidents.loc[_in_period(incidents["occurred_on"], start, end)]
    fatal = int(rows["fatal"].fillna(False).sum()) if "fatal" in rows.columns else None
    return {
        "total": len(rows),
        "injuries": int((rows["kind"] == "injury").sum()),
        "fatal": fatal,
        "children": int(rows["student_id"].nunique()),
        **{
            f"by_{by}": _or_none(lambda by=by: _records(harm_cases(wb, start, end, by)))
            for by in ("kind", "cause", "place", "month")
        },
    }


def _learning_block(wb: Workbook, plan: Plan, school_year: str | None) -> Entry | None:
    if "students" not in wb.tables or school_year is None:
        return None
    frame = learning_results(wb, plan, school_year).rename(columns={"measure": "id"})
    return {
        "school_year": school_year,
        "previous_school_year": _previous(school_year),
        "measures": _records(frame),
    }


def _facilities_block(wb: Workbook, start: Day, end: Day) -> Entry | None:
    if "facilities" not in wb.tables:
        return None
    projects = facility_projects(wb, start, end)
    done = projects["status"] == "done"
    budget, mobilized = projects["budget_vnd"].sum(), projects["mobilized_vnd"].sum()
    return {
        "projects": len(projects),
        "by_status": [
            {"status": status, "count": int((projects["status"] == status).sum())}
            for status in _codes("facilities", "status")
        ],
        "m2_done": _money(projects.loc[done, "area_m2"].sum()),
        "m2_done_in_period": _money(projects.loc[projects["completed_in_period"], "area_m2"].sum()),
        "budget_vnd": _money(budget),
        "mobilized_vnd": _money(mobilized),
        "mobilised_share": _share(mobilized, budget),
    }


def _coverage_block(wb: Workbook, start: Day, end: Day, reference: Day, area: str) -> Entry:
    frame = integrated_lesson_coverage(wb, start, end, reference, area=area)
    roster = frame.loc[frame["on_roster"]]
    covered = roster.loc[roster["covered"], "class_name"]
    return {
        "classes_covered": len(covered),
        "classes_total": len(roster),
        "share": _share(len(covered), len(roster)),
        "classes": list(covered),
        "other_classes": list(frame.loc[~frame["on_roster"], "class_name"]),
    }


def _area_entry(evaluation: Evaluation, area: SolutionArea) -> Entry:
    wb, plan = evaluation.workbook, evaluation.plan
    start, end = evaluation.start, evaluation.end
    extra_table = {"S4": "incidents", "S5": "students", "S6": "facilities"}.get(area.id)
    entry = _head(area.id, wb, ["activities", "students", *([extra_table] if extra_table else [])])
    progress = _or_none(lambda: activity_progress(wb, plan, area.id, start, end))
    if progress is None:
        entry |= dict.fromkeys(
            ("planned", "counted", "completion", "activities", "unplanned", "reach", "partners")
        )
    else:
        mine = progress.loc[progress["in_plan"]]
        reach = reach_by_group(wb, start, end, area=area.id)
        found = _or_none(lambda: partners(wb, start, end, area=area.id))
        entry |= {
            "planned": int(mine["planned"].sum()),
            "counted": int(mine["counted"].sum()),
            "completion": completion(progress),
            "activities": _records(mine[["kind", "planned", "done", "counted"]]),
            "unplanned": _records(progress.loc[~progress["in_plan"], ["kind", "done"]]),
            "reach": {
                g: _opt_int(n) for g, n in zip(reach["group"], reach["reached"], strict=True)
            },
            "partners": None
            if found is None
            else {"count": len(found), "names": list(found["partner"])},
        }
    entry["integrated_lessons"] = _or_none(
        lambda: _coverage_block(wb, start, end, evaluation.reference, area.id)
    )
    if area.id == "S4":
        entry["harm_cases"] = _harm_block(wb, start, end)
    elif area.id == "S5":
        school_year = school_year_ending_in(plan.period.start, plan.period.end)
        entry["learning"] = _learning_block(wb, plan, school_year)
    elif area.id == "S6":
        entry["facilities"] = _facilities_block(wb, start, end)
    return entry


def _funding_entries(evaluation: Evaluation) -> list[Entry]:
    wb, plan = evaluation.workbook, evaluation.plan
    flows = _or_none(lambda: funding_flows(wb, plan, evaluation.start, evaluation.end))
    spending = _or_none(lambda: spending_by_area(wb, plan, evaluation.start, evaluation.end))
    entries = []
    for group in plan.funding:
        entry = _head(group.id, wb, ["funding"]) | {"sources": list(group.sources)}
        if flows is None or spending is None:
            entries.append(
                entry | dict.fromkeys((*FLOWS, "mobilised_share", "by_source", "spent_by_area"))
            )
            continue
        mine = flows.loc[flows["funding"] == group.id]
        totals = mine.groupby("flow")["amount_vnd"].sum()
        by_source = mine.pivot_table(
            index="source", columns="flow", values="amount_vnd", sort=False
        )
        entry |= {flow: _money(totals[flow]) for flow in FLOWS}
        entry["mobilised_share"] = _share(totals["received"], totals["planned"])
        entry["by_source"] = [
            {"source": source, **{flow: _money(by_source.at[source, flow]) for flow in FLOWS}}
            for source in group.sources
        ]
        area_rows = spending.loc[spending["funding"] == group.id, ["area", "amount_vnd"]]
        entry["spent_by_area"] = [
            {"area": row["area"], "amount_vnd": _money(row["amount_vnd"])}
            for row in _records(area_rows)
        ]
        entries.append(entry)
    return entries


def _responsibility_entries(evaluation: Evaluation) -> list[Entry]:
    wb, plan = evaluation.workbook, evaluation.plan
    tasks = responsibility_tasks(wb, plan)
    entries = []
    for resp in plan.responsibilities:
        entry = _head(resp.id, wb, ["tasks", "activities"]) | {"unit": resp.unit}
        mine = tasks.loc[tasks["responsibility"] == resp.id]
        kinds = _or_none(
            lambda resp=resp: activities_by_kind(
                wb, evaluation.start, evaluation.end, unit=resp.unit
            )
        )
        entry |= {
            "tasks_done": int((mine["status"] == "done").sum()) if "tasks" in wb.tables else None,
            "tasks_total": len(mine),
            "tasks": [
                {
                    "id": task_id,
                    "status": status,
                    "completed_on": None if pd.isna(when) else when.date().isoformat(),
                }
                for task_id, status, when in mine[["task_id", "status", "completed_on"]].itertuples(
                    index=False
                )
            ],
            "activities": None if kinds is None else int(kinds["done"].sum()),
            "activities_by_kind": None
            if kinds is None
            else _records(kinds.rename(columns={"done": "count"})),
        }
        entries.append(entry)
    return entries


def evaluate_sections(evaluation: Evaluation) -> dict[str, list[Entry]]:
    """The ``solution_areas``, ``funding`` and ``responsibilities`` sections of results.json.

    One entry per solution area, funding group and responsibility of the plan, in plan order;
    each starts with ``id``, ``status`` (``evaluated``, or ``no_data`` when a table it reads is
    absent) and ``missing`` (those tables). Values that need an absent table or optional column
    are ``None``; nothing raises for absent data. Amounts are VND, shares unrounded 0–1.
    S5 looks at the school year that ends in the plan's period (also when ``as_of`` shortens
    the evaluation period), against the school year before it.
    """
    plan = evaluation.plan
    return {
        "solution_areas": [_area_entry(evaluation, area) for area in plan.solution_areas],
        "funding": _funding_entries(evaluation),
        "responsibilities": _responsibility_entries(evaluation),
    }
