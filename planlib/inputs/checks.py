"""The checks of a parsed workbook: uniqueness, dates, references and the contract's rules.

Each check is one function ``check(frames, context) -> problems`` listed in :data:`CHECKS`
and run in that order by :func:`run_checks`. A check reads the typed frames (one per table
present) and returns the problems it finds; it never changes the frames. To add a check, write
the function, give its messages a code in ``planlib/core/catalogue/problems.yaml`` and append
it to :data:`CHECKS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from planlib.core.contract import TABLES, Table, normalize_key, table_by_id
from planlib.core.errors import Problem, Severity
from planlib.inputs.roster import enrolment

__all__ = [
    "CHECKS",
    "DATE_ORDER",
    "REFERENCES",
    "CheckContext",
    "canonical_task_ids",
    "run_checks",
]

Frames = Mapping[str, pd.DataFrame]

REFERENCES = (  # (table, column, table the column refers to)
    ("special_circumstances", "student_id", "students"),
    ("incidents", "student_id", "students"),
    ("awareness", "student_id", "students"),
    ("trainings", "staff_id", "staff"),
)
DATE_ORDER: tuple[tuple[str, str, str, Severity, str], ...] = (
    # (table, later column, earlier column, severity, code)
    ("students", "left_on", "enrolled_on", "error", "date_order"),
    ("special_circumstances", "ended_on", "identified_on", "error", "date_order"),
    ("incidents", "intervened_on", "reported_on", "error", "date_order"),
    ("incidents", "reported_on", "occurred_on", "warning", "reported_before_occurred"),
)


@dataclass(frozen=True)
class CheckContext:
    """What the checks know besides the frames.

    Parameters
    ----------
    today
        The day the report is run: no date may be after it.
    task_ids
        The plan's task ids (empty: ``tasks.task_id`` is not checked).
    found
        The problems found before this check (parsing and the earlier checks).
    """

    today: dt.date
    task_ids: tuple[str, ...] = ()
    found: tuple[Problem, ...] = ()


Check = Callable[[Frames, CheckContext], list[Problem]]


def run_checks(
    frames: Frames,
    problems: list[Problem],
    *,
    today: dt.date,
    task_ids: Sequence[str] = (),
) -> None:
    """Run every check of :data:`CHECKS` in order, appending what each finds to ``problems``."""
    for check in CHECKS:
        context = CheckContext(today, tuple(task_ids), tuple(problems))
        problems += check(frames, context)


def _present(frames: Frames) -> list[tuple[Table, pd.DataFrame]]:
    return [(table, frames[table.id]) for table in TABLES if table.id in frames]


def _row(frame: pd.DataFrame, idx: object) -> int:
    return int(frame.at[idx, "_row"])


def _fmt(stamp: object) -> str:
    stamp = pd.Timestamp(stamp)
    if stamp.hour or stamp.minute:
        return stamp.strftime("%d/%m/%Y %H:%M")
    return stamp.strftime("%d/%m/%Y")


def _table_name(table_id: str) -> tuple[str, str]:
    """A table as messages name it, in both languages: ``Cán bộ giáo viên (staff)``."""
    table = table_by_id(table_id)
    return f"{table.vi} ({table.id})", f"{table.en} ({table.id})"


# --- one check per function ---------------------------------------------------------------


def check_unique(frames: Frames, context: CheckContext) -> list[Problem]:
    """A table's key (``students``: id and school year) appears once; later rows are errors."""
    problems: list[Problem] = []
    for table, frame in _present(frames):
        keys = [k for k in table.unique if k in frame.columns]
        if keys and len(keys) == len(table.unique):
            problems += _duplicates(table, frame, keys)
    return problems


def _duplicates(table: Table, frame: pd.DataFrame, keys: list[str]) -> list[Problem]:
    sub = frame[keys].astype("object")
    dup = sub.duplicated(keep=False) & sub.notna().all(axis=1)
    if not dup.any():
        return []
    first_rows: dict[tuple[object, ...], int] = {}
    for row_number, key in zip(frame["_row"], sub.itertuples(index=False, name=None), strict=True):
        first_rows.setdefault(key, int(row_number))
    problems = []
    for idx in frame.index[dup]:
        key = tuple(sub.loc[idx])
        row_number = _row(frame, idx)
        if first_rows[key] != row_number:
            params = {"other": first_rows[key]}
            problems.append(
                Problem("duplicate_id", table.id, row_number, keys[0], str(key[0]), params=params)
            )
    return problems


def check_future(frames: Frames, context: CheckContext) -> list[Problem]:
    """No date is after the day the report is run."""
    limit = pd.Timestamp(context.today) + pd.Timedelta(days=1)
    params = {"today": context.today.strftime("%d/%m/%Y")}
    problems = []
    for table, frame in _present(frames):
        for col in table.columns:
            if col.type not in ("date", "datetime") or col.id not in frame.columns:
                continue
            late = (frame[col.id] >= limit).fillna(False).astype(bool)
            problems += [
                Problem(
                    "future_date",
                    table.id,
                    _row(frame, idx),
                    col.id,
                    _fmt(frame.at[idx, col.id]),
                    params=params,
                )
                for idx in frame.index[late]
            ]
    return problems


def check_references(frames: Frames, context: CheckContext) -> list[Problem]:
    """Each id of :data:`REFERENCES` exists in the table it refers to (a warning if absent)."""
    problems = []
    for table, column, target in REFERENCES:
        frame = frames.get(table)
        if frame is None or column not in frame.columns:
            continue
        params = {"ref_table": _table_name(target), "ref": target}
        ref = frames.get(target)
        if ref is None or column not in ref.columns:
            if len(frame):
                problems.append(
                    Problem(
                        "refs_unchecked", table, column=column, severity="warning", params=params
                    )
                )
            continue
        bad = frame[column].notna() & ~frame[column].isin(set(ref[column].dropna()))
        problems += [
            Problem(
                "dangling_ref",
                table,
                _row(frame, idx),
                column,
                str(frame.at[idx, column]),
                params=params,
            )
            for idx in frame.index[bad]
        ]
    return problems


def check_date_order(frames: Frames, context: CheckContext) -> list[Problem]:
    """The pairs of :data:`DATE_ORDER` are in order; day precision unless both have a time."""
    problems = []
    for table, later, earlier, severity, code in DATE_ORDER:
        frame = frames.get(table)
        if frame is None or later not in frame.columns or earlier not in frame.columns:
            continue
        a, b = frame[later], frame[earlier]
        if f"{later}_has_time" in frame.columns or f"{earlier}_has_time" in frame.columns:
            precise = _has_time(frame, later) & _has_time(frame, earlier)
            wrong = (a < b) & precise | (a.dt.normalize() < b.dt.normalize()) & ~precise
        else:
            wrong = a < b
        other = table_by_id(table).column(earlier)
        problems += [
            Problem(
                code,
                table,
                _row(frame, idx),
                later,
                _fmt(a[idx]),
                severity=severity,
                params={"other_column": (other.vi, other.en), "other_value": _fmt(b[idx])},
            )
            for idx in frame.index[wrong.fillna(False).astype(bool)]
        ]
    return problems


def _has_time(frame: pd.DataFrame, column: str) -> pd.Series:
    name = f"{column}_has_time"
    if name in frame.columns:
        return frame[name].astype(bool)
    return pd.Series(False, index=frame.index)


def check_conditional(frames: Frames, context: CheckContext) -> list[Problem]:
    """Cells the contract requires only sometimes: a leaving reason, a cause, a report date.

    A cell already reported as unreadable is not reported again as missing.
    """
    empty = _empty(frames, "students", "left_on", "left_reason")
    empty += _empty(frames, "incidents", "kind", "cause", lambda kind: kind == "injury")
    empty += _empty(frames, "incidents", "kind", "reported_on", lambda kind: kind != "injury")
    unreadable = {(p.table, p.row, p.column) for p in context.found if p.is_error}
    return [p for p in empty if (p.table, p.row, p.column) not in unreadable]


_CONDITIONAL_CODES = {
    "left_reason": "left_reason_missing",
    "cause": "cause_missing",
    "reported_on": "reported_missing",
}


def _empty(
    frames: Frames,
    table: str,
    when: str,
    column: str,
    condition: Callable[[pd.Series], pd.Series] | None = None,
) -> list[Problem]:
    """Rows where ``when`` is filled (and meets ``condition``) but ``column`` is empty."""
    frame = frames.get(table)
    if frame is None or when not in frame.columns:
        return []
    rows = frame[when].notna()
    if condition is not None:
        rows &= condition(frame[when])
    values = frame.get(column, pd.Series(None, index=frame.index, dtype=object))
    return [
        Problem(_CONDITIONAL_CODES[column], table, _row(frame, idx), column)
        for idx in frame.index[rows & values.isna()]
    ]


def check_fatal(frames: Frames, context: CheckContext) -> list[Problem]:
    """A fatal incident's child has left the school by death on or after it (a warning)."""
    incidents, students = frames.get("incidents"), frames.get("students")
    if incidents is None or students is None:
        return []
    if "fatal" not in incidents.columns or "occurred_on" not in incidents.columns:
        return []
    if "left_reason" in students.columns and "left_on" in students.columns:
        deaths = students.loc[students["left_reason"] == "death", ["student_id", "left_on"]]
    else:
        deaths = pd.DataFrame(
            {"student_id": pd.Series(dtype=object), "left_on": pd.Series(dtype="datetime64[ns]")}
        )
    fatal = incidents["fatal"].fillna(False).astype(bool) & incidents["occurred_on"].notna()
    problems = []
    for _, inc in incidents.loc[fatal].iterrows():  # an unreadable date is reported already
        died = deaths.loc[deaths["student_id"] == inc["student_id"], "left_on"]
        if not (died >= inc["occurred_on"]).any():
            params = {"student": inc["student_id"], "other_value": _fmt(inc["occurred_on"])}
            problems.append(
                Problem(
                    "fatal_no_death",
                    "incidents",
                    int(inc["_row"]),
                    "fatal",
                    severity="warning",
                    params=params,
                )
            )
    return problems


def check_reach(frames: Frames, context: CheckContext) -> list[Problem]:
    """An activity reaches no more students than the school has that day (a warning)."""
    activities, students = frames.get("activities"), frames.get("students")
    if activities is None or students is None or "students_reached" not in activities.columns:
        return []
    if "sy_start" not in students.columns:
        return []
    rows = activities.loc[activities["students_reached"].notna() & activities["held_on"].notna()]
    enrolled = enrolment(students, rows["held_on"])
    reached = rows["students_reached"].astype("int64").to_numpy()
    return [
        Problem(
            "reach_exceeds",
            "activities",
            int(rows["_row"].iloc[i]),
            "students_reached",
            str(int(reached[i])),
            severity="warning",
            params={"enrolled": int(enrolled[i])},
        )
        for i in (reached > enrolled).nonzero()[0]
    ]


def check_tasks(frames: Frames, context: CheckContext) -> list[Problem]:
    """Each ``tasks.task_id`` is a task of the plan (when the plan's ids are given)."""
    tasks = frames.get("tasks")
    if not context.task_ids or tasks is None:
        return []
    mapped = _canonical(tasks, context.task_ids)
    params = {"choices": ", ".join(context.task_ids)}
    return [
        Problem(
            "unknown_task",
            "tasks",
            _row(tasks, idx),
            "task_id",
            str(tasks.at[idx, "task_id"]),
            params=params,
        )
        for idx in tasks.index[tasks["task_id"].notna() & mapped.isna()]
    ]


def _canonical(tasks: pd.DataFrame, task_ids: Sequence[str]) -> pd.Series:
    """Each row's task id as the plan spells it; ``None`` when the plan has no such task."""
    canonical = {normalize_key(task_id): task_id for task_id in task_ids}
    return tasks["task_id"].map(lambda v: canonical.get(normalize_key(v)) if v else None)


def canonical_task_ids(frames: Frames, task_ids: Sequence[str]) -> None:
    """Write each known ``tasks.task_id`` as the plan spells it (in place; others unchanged)."""
    tasks = frames.get("tasks")
    if task_ids and tasks is not None:
        mapped = _canonical(tasks, task_ids)
        tasks["task_id"] = mapped.where(mapped.notna(), tasks["task_id"])


def check_school_years(frames: Frames, context: CheckContext) -> list[Problem]:
    """A roster's school year has begun or is the next one; a child enrolls within the year.

    A ``school_year`` starting more than a year after the day the report is run (2098-2099)
    is an error. An ``enrolled_on`` after the end of the row's school year is a warning: the
    child would count in none of that year's denominators. An earlier ``enrolled_on`` is the
    usual case (the child enrolled in an earlier year) and is not reported.
    """
    students = frames.get("students")
    if students is None or "sy_start" not in students.columns:
        return []
    latest = pd.Timestamp(context.today) + pd.DateOffset(years=1)
    problems = [
        Problem(
            "school_year_future",
            "students",
            _row(students, idx),
            "school_year",
            str(students.at[idx, "school_year"]),
            params={"today": context.today.strftime("%d/%m/%Y")},
        )
        for idx in students.index[(students["sy_start"] > latest).fillna(False).astype(bool)]
    ]
    if "enrolled_on" in students.columns:
        late = (students["enrolled_on"] > students["sy_end"]).fillna(False).astype(bool)
        problems += [
            Problem(
                "enrolled_after_year",
                "students",
                _row(students, idx),
                "enrolled_on",
                _fmt(students.at[idx, "enrolled_on"]),
                severity="warning",
                params={"school_year": str(students.at[idx, "school_year"])},
            )
            for idx in students.index[late]
        ]
    return problems


#: Every check, in the order they run.
CHECKS: tuple[Check, ...] = (
    check_unique,
    check_future,
    check_references,
    check_date_order,
    check_conditional,
    check_fatal,
    check_reach,
    check_tasks,
    check_school_years,
)
