"""The numbers the solution-area and funding pages show, as the report's disclosure rule shows
them.

The views (tables, sentences) and the figures both read these, so a figure never draws a
number that a table hides. Internal reports show every count; public ones hide 1–4 (and a
second cell where a total would give one back), through the rule's methods.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from planlib.core.disclosure import is_hidden
from planlib.evaluation.activities import activity_progress
from planlib.evaluation.details import harm_cases
from planlib.evaluation.indicators import NoData
from planlib.evaluation.results import AreaResult
from planlib.evaluation.rows import codes, or_none
from planlib.present.context import Context

__all__ = [
    "TASK_STATUSES",
    "activity_counts",
    "area_counts",
    "area_status",
    "harm_counts",
    "harm_table",
    "learning_counts",
    "task_counts",
]

#: task statuses in the order of the tables and the figure (``no_data``: not reported)
TASK_STATUSES = (*codes("tasks", "status"), "no_data")


def area_status(entry: AreaResult) -> str:
    """``no_data``, ``not_planned``, ``complete`` or ``incomplete``."""
    if entry.status == "no_data" and entry.planned is None:
        return "no_data"
    if not entry.planned:
        return "not_planned"
    return "complete" if (entry.completion or 0) >= 1 else "incomplete"


def area_counts(ctx: Context) -> pd.DataFrame:
    """Planned and held activities (``planned``, ``counted``) of each area, as pages show them.

    One row per solution area with data (by id), then a ``"total"`` row. Public: object
    columns, ``< 5`` for 1–4 and ``x`` for a second area when one is hidden in a column
    (the totals are shown in the year-end report).
    """
    known = [e for e in ctx.ev.sections.solution_areas if e.counted is not None]
    frame = pd.DataFrame(
        {
            "planned": [int(e.planned or 0) for e in known],
            "counted": [int(e.counted or 0) for e in known],
        },
        index=pd.Index([e.id for e in known], dtype=object),
    )
    totals = frame.sum().map(lambda n: ctx.rule.count(int(n), int))
    frame = ctx.rule.table(ctx.rule.table(frame, ["planned"]), ["counted"])
    frame.loc["total"] = totals
    return frame


def activity_counts(ctx: Context, area_id: str) -> pd.DataFrame | None:
    """:func:`planlib.evaluation.activities.activity_progress` of one area as pages show it.

    ``None`` without data. ``planned`` and ``done`` are object columns: public, 1–4 as
    ``< 5`` and, among the planned kinds, whose totals are shown, a second one ``x`` when one
    is hidden in a column.
    """
    ev = ctx.ev
    progress = or_none(lambda: activity_progress(ev.workbook, ev.plan, area_id, ev.start, ev.end))
    if progress is None or progress.empty:
        return progress
    out = progress.astype({"planned": object, "done": object})
    planned = progress["in_plan"].to_numpy(dtype=bool)
    for column in ("planned", "done"):
        shown = ctx.rule.table(progress.loc[planned], [column])[column]
        out.loc[planned, column] = shown.to_numpy(dtype=object)
    out.loc[~planned, "done"] = [
        ctx.rule.count(int(v), int) for v in progress.loc[~planned, "done"]
    ]
    return out


def harm_table(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """``harm_cases`` rows (by, kind, count) as counts: one row per value, kinds across."""
    order = codes("incidents", "kind")
    present = set(frame["kind"])
    kinds = [k for k in order if k in present] + sorted(present - set(order))
    values = list(dict.fromkeys(frame[by]))
    rows = []
    for value in values:
        mine = frame.loc[
            frame[by].map(lambda v, value=value: v == value or (v is None and value is None))
        ]
        rows.append([int(mine.loc[mine["kind"] == k, "count"].sum()) for k in kinds])
    return pd.DataFrame(rows, index=pd.Index(values, dtype=object), columns=kinds)


def harm_counts(ctx: Context, by: str = "kind") -> pd.DataFrame | None:
    """Harm cases by ``by`` (rows; injuries only for ``cause``) and kind (columns), as shown.

    Returns
    -------
    pandas.DataFrame or None
        The rule's :meth:`~planlib.core.disclosure.Internal.crosstab` of the counts: the
        values of ``by`` and the kinds present, each with a margin labelled ``"total"``;
        ``None`` without data. For ``by="kind"`` the one column ``count``.
    """
    try:
        frame = harm_cases(ctx.ev.workbook, ctx.ev.start, ctx.ev.end, by)
    except NoData:
        return None
    if by == "kind":
        counts = pd.DataFrame(
            {"count": frame["count"].astype(int).to_numpy()},
            index=pd.Index(list(frame["kind"]), dtype=object),
        )
    else:
        if by == "cause":
            frame = frame.loc[frame["kind"] == "injury"]
        counts = harm_table(frame, by)
    return ctx.rule.crosstab(counts)


def _shown_measure(ctx: Context, measure: dict[str, Any], prefix: str) -> dict[str, Any]:
    """One year's ``value``, ``numerator``, ``denominator`` and ``hidden`` of a measure."""
    value, n, d = (measure[f"{prefix}{k}"] for k in ("value", "numerator", "denominator"))
    if measure["id"] == "dropouts":
        shown = value if value is None else ctx.rule.count(value, int)
        return {"value": shown, "hidden": is_hidden(shown)}
    if n is None or d is None:
        return {"hidden": False}
    nums, dens, _ = ctx.rule.pairs([n], [d], totals=False)
    hidden = is_hidden(nums[0]) or is_hidden(dens[0])
    return {"numerator": nums[0], "denominator": dens[0], "hidden": hidden} | (
        {"value": None} if hidden else {}
    )


def learning_counts(ctx: Context, area_id: str) -> list[dict[str, Any]] | None:
    """The learning measures of an area as pages show them (``None`` when there are none).

    One dict per measure: ``id``, ``status``, ``previous_source`` and, for this school year
    and the one before (``previous_`` prefixed), ``value``, ``numerator``, ``denominator`` and
    ``hidden``. Public: counts 1–4 as ``< 5``; a share whose rest (e.g. children not
    promoted) is 1–4 has its numerator ``x``; a share with a hidden count has ``value``
    ``None`` and ``hidden`` true.
    """
    block = ctx.ev.sections.area(area_id).learning
    if block is None:
        return None
    out = []
    for measure in block.measures:
        item = measure.to_dict()
        for prefix in ("", "previous_"):
            shown = _shown_measure(ctx, item, prefix)
            item |= {f"{prefix}{key}": value for key, value in shown.items()}
        out.append(item)
    return out


def task_counts(ctx: Context) -> pd.DataFrame:
    """Tasks of each responsible unit (rows, by id) by status (columns), as pages show them.

    The rule's :meth:`~planlib.core.disclosure.Internal.crosstab` of the counts, with margins
    labelled ``"total"``: a unit's tasks done are its ``done`` cell, its tasks its row total.
    """
    entries = ctx.ev.sections.responsibilities
    seen = {task.status for e in entries for task in e.tasks}
    statuses = [*TASK_STATUSES, *sorted(seen - set(TASK_STATUSES))]
    counts = pd.DataFrame(
        [[sum(task.status == s for task in e.tasks) for s in statuses] for e in entries],
        index=pd.Index([e.id for e in entries], dtype=object),
        columns=statuses,
        dtype=int,
    )
    return ctx.rule.crosstab(counts)
