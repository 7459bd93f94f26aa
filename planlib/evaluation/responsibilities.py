"""Responsibilities (R-*): the tasks the plan gives each unit, and the unit's activities."""

from __future__ import annotations

import pandas as pd

from planlib.core.contract import normalize_key
from planlib.evaluation.activities import activities_by_kind
from planlib.evaluation.results import KindCount, ResponsibilityResult, TaskStatus
from planlib.evaluation.rows import Scope, head, or_none
from planlib.inputs.plan import Plan, Responsibility
from planlib.inputs.workbook import Workbook

__all__ = ["responsibility_entries", "responsibility_tasks"]


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


def _responsibility_entry(
    resp: Responsibility, scope: Scope, tasks: pd.DataFrame
) -> ResponsibilityResult:
    wb = scope.workbook
    mine = tasks.loc[tasks["responsibility"] == resp.id]
    kinds = or_none(lambda: activities_by_kind(wb, scope.start, scope.end, unit=resp.unit))
    rows = mine[["task_id", "status", "completed_on"]].itertuples(index=False)
    return ResponsibilityResult(
        id=resp.id,
        **head(wb, ["tasks", "activities"]),
        unit=resp.unit,
        tasks_done=int((mine["status"] == "done").sum()) if "tasks" in wb.tables else None,
        tasks_total=len(mine),
        tasks=tuple(
            TaskStatus(task_id, status, None if pd.isna(when) else when.date().isoformat())
            for task_id, status, when in rows
        ),
        activities=None if kinds is None else int(kinds["done"].sum()),
        activities_by_kind=None
        if kinds is None
        else tuple(KindCount(k, int(n)) for k, n in zip(kinds["kind"], kinds["done"], strict=True)),
    )


def responsibility_entries(scope: Scope) -> tuple[ResponsibilityResult, ...]:
    """The ``responsibilities`` section: one entry per responsible unit, in plan order."""
    tasks = responsibility_tasks(scope.workbook, scope.plan)
    return tuple(_responsibility_entry(resp, scope, tasks) for resp in scope.plan.responsibilities)
