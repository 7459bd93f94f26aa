"""The activities of the plan's means: by kind, against the plan, people reached, partners.

Every function takes the checked workbook and the period ``start``–``end`` (and the plan, the
reference date where needed) and returns a DataFrame a notebook can plot or show.
"""

from __future__ import annotations

import pandas as pd

from planlib.core.contract import normalize_key
from planlib.evaluation.indicators import NoData
from planlib.evaluation.rows import Day, codes, enum_order, in_period, need, ordered, share
from planlib.inputs.memo import remembered
from planlib.inputs.plan import Plan
from planlib.inputs.workbook import Workbook, children_on

__all__ = [
    "KINDS",
    "REACH_GROUPS",
    "activities_by_kind",
    "activity_progress",
    "completion",
    "integrated_lesson_coverage",
    "partners",
    "reach_by_group",
]

#: reach group -> ``activities`` column
REACH_GROUPS = {
    "students": "students_reached",
    "parents": "parents_reached",
    "staff": "staff_reached",
    "community": "community_reached",
}
KINDS = codes("activities", "kind")


def _activities(
    workbook: Workbook,
    start: Day,
    end: Day,
    *,
    area: str | None = None,
    unit: str | None = None,
    kind: str | None = None,
) -> pd.DataFrame:
    need(workbook, "activities")
    acts = workbook.tables["activities"]
    key = (pd.Timestamp(start), pd.Timestamp(end), area, unit, kind)
    return remembered(
        "activities", acts, key, lambda: _held(acts, start, end, area=area, unit=unit, kind=kind)
    )


def _held(
    acts: pd.DataFrame,
    start: Day,
    end: Day,
    *,
    area: str | None,
    unit: str | None,
    kind: str | None,
) -> pd.DataFrame:
    mask = in_period(acts["held_on"], start, end)
    for column, value in (("area", area), ("unit", unit), ("kind", kind)):
        if value is not None:
            mask &= (acts[column] == value).fillna(False).astype(bool)
    return acts.loc[mask]


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
    return ordered(frame, "kind", KINDS)


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
    done = _counts_by_area(workbook, start, end).get(area_id, {})
    kinds = [*planned, *(k for k in done if k not in planned)]
    planned_n = [int(planned.get(k, 0)) for k in kinds]
    done_n = [done.get(k, 0) for k in kinds]
    return pd.DataFrame(
        {
            "kind": pd.Series(kinds, dtype=object),
            "planned": pd.Series(planned_n, dtype=int),
            "done": pd.Series(done_n, dtype=int),
            "counted": pd.Series(map(min, planned_n, done_n), dtype=int),
            "in_plan": pd.Series([k in planned for k in kinds], dtype=bool),
        }
    )


def _counts_by_area(workbook: Workbook, start: Day, end: Day) -> dict[str, dict[str, int]]:
    """Activities held in the period: area -> kind -> how many, kinds in contract order (as
    :func:`activities_by_kind` orders them). One count for every area of an evaluation."""
    acts = _activities(workbook, start, end)
    key = (pd.Timestamp(start), pd.Timestamp(end))
    return remembered("activity_counts", acts, key, lambda: _count_by_area(acts))


def _count_by_area(held: pd.DataFrame) -> dict[str, dict[str, int]]:
    by_kind = enum_order(KINDS)
    counts: dict[str, dict[str, int]] = {}
    for (area, kind), n in held.groupby(["area", "kind"]).size().items():
        counts.setdefault(area, {})[kind] = int(n)
    return {
        area: dict(sorted(kinds.items(), key=lambda kv: by_kind(kv[0])))
        for area, kinds in counts.items()
    }


def completion(progress: pd.DataFrame) -> float | None:
    """Sum of ``counted`` over sum of ``planned`` (``None`` when nothing is planned)."""
    return share(progress["counted"].sum(), progress["planned"].sum())


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
    need(workbook, "activities", "students")
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
    roster = children_on(workbook.tables["students"], pd.Timestamp(reference))[
        ["class_name", "grade"]
    ]
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
