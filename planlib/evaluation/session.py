"""Open a plan and a workbook and evaluate them: the one way every app starts.

The command line, the run, the report notebooks and the explorer all call these, so a
school's workbook is opened, checked and evaluated the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from planlib.evaluation.evaluate import Evaluation, evaluate
from planlib.evaluation.indicators import REGISTRY
from planlib.inputs.plan import Plan, default_plan_path, load_plan
from planlib.inputs.workbook import Workbook, open_workbook

__all__ = ["open_evaluation", "open_plan", "open_school_workbook", "school_identity"]

#: what the school's identity sheet may say, as results.json and the report header use it
IDENTITY = ("name", "district", "province", "place", "head", "report_number")


def open_plan(path: Path | str | None = None) -> Plan:
    """The plan file at ``path`` (``None``: the bundled 2023 plan), methods checked.

    Raises
    ------
    PlanError
        Naming the key path of every wrong key or value, and a target whose method is not
        one of the registered indicator methods.

    Notes
    -----
    A plan file already loaded by this process and unchanged since (same size and
    modification time) is not parsed again: a district opens it once per school.
    """
    file = Path(path) if path is not None else default_plan_path()
    try:
        stat = file.resolve().stat()
    except OSError:  # load_plan names the problem
        return load_plan(file, methods=REGISTRY)
    return _cached_plan(str(file.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _cached_plan(path: str, mtime_ns: int, size: int) -> Plan:
    """:func:`load_plan` of ``path`` as it was at ``mtime_ns`` and ``size`` (the cache key)."""
    return load_plan(path, methods=REGISTRY)


def open_school_workbook(
    data: Path | str | None, plan: Plan, *, today: dt.date | None = None
) -> Workbook:
    """The school's checked workbook (``None``: the sample school), its tasks from ``plan``."""
    return open_workbook(data, today=today, task_ids=plan.task_ids)


def school_identity(workbook: Workbook) -> dict[str, str]:
    """The school's identity from its ``Thông tin trường`` sheet (empty when absent).

    The sheet overrides the plan file's ``school:`` block for this workbook, field by field.
    """
    frame = workbook.tables.get("school")
    if frame is None or frame.empty:
        return {}
    row = frame.iloc[0]
    return {
        key: str(row[key]).strip()
        for key in IDENTITY
        if key in frame.columns and row[key] is not None and str(row[key]).strip()
    }


def open_evaluation(
    data: Path | str | None = None,
    plan: Plan | Path | str | None = None,
    *,
    as_of: dt.date | None = None,
    school: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> Evaluation:
    """Open the plan and the workbook, check them, and evaluate.

    Parameters
    ----------
    data
        A workbook file or a folder of CSV files; ``None`` for the bundled sample school.
    plan
        A loaded plan, or the path of a plan file (``None``: the bundled 2023 plan).
    as_of
        Look mid-year (see :func:`planlib.evaluation.evaluate.evaluate`).
    school
        Overrides of the school's identity (before them: the workbook's identity sheet, then
        the plan file's ``school:`` block).
    today
        The day the report is run (dates after it are errors); default today.

    Raises
    ------
    PlanError, UsageError, DataError
        A wrong plan file, a missing workbook, a workbook that breaks the contract.
    """
    plan = plan if isinstance(plan, Plan) else open_plan(plan)
    workbook = open_school_workbook(data, plan, today=today)
    identity = {**school_identity(workbook), **(school or {})}
    return evaluate(workbook, plan, as_of=as_of, school=identity or None)
