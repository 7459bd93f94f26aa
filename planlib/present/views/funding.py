"""The funding and responsibilities page (notebook ``30_funding_and_responsibilities``).

``r.funding()`` (:meth:`planlib.present.report.Report.funding`) gives its
:class:`FundingView`; each method is one notebook cell. :func:`funding_summary` and
:func:`responsibilities_summary` are the year-end report's short versions.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown
from matplotlib.figure import Figure

from planlib.core.fmt import fmt_date
from planlib.evaluation.funding import FLOWS
from planlib.evaluation.results import FundingResult, ResponsibilityResult, TaskStatus
from planlib.present.context import Context, page_name
from planlib.present.fragments import badge, frame_table, join, link, paragraph, table
from planlib.present.html import Fragment
from planlib.present.plots import funding as charts
from planlib.present.shown_areas import task_counts
from planlib.present.views.area import count_text, no_data, titled
from planlib.present.views.base import (
    DASH,
    TASK_CLASS,
    _as_date,
    _cell,
    _money,
    _share,
    code_label,
)
from planlib.present.views.page import PageView

__all__ = ["FundingView", "funding_summary", "responsibilities_summary"]


def _missing(ctx: Context) -> bool:
    return any(e.planned is None for e in ctx.ev.sections.funding)


def _sums(entries: tuple[FundingResult, ...]) -> dict[str, float]:
    return {f: sum(getattr(e, f) or 0 for e in entries) for f in FLOWS}


def _more(ctx: Context, links: bool) -> object:
    """`` Chi tiết →`` linking to the funding page (nothing when ``links`` is false)."""
    return join([" ", link(page_name("funding"), ctx.t("rpt.details") + " →")]) if links else ""


def funding_frame(ctx: Context) -> pd.DataFrame:
    """F1, F2…: planned, received, spent and the mobilised share (received / planned)."""
    lang = ctx.lang
    keys = ("id", "funding", "planned", "received", "spent", "mobilised_share")
    rows = [
        [
            group.id,
            group.label(lang),
            *(_money(getattr(entry, f), lang) for f in FLOWS),
            _share(entry.mobilised_share, lang),
        ]
        for entry, group in zip(ctx.ev.sections.funding, ctx.ev.plan.funding, strict=True)
    ]
    return pd.DataFrame(rows, columns=[ctx.t(f"col.{k}") for k in keys])


def funding_table(ctx: Context) -> Fragment:
    """:func:`funding_frame` with a total row; or why there is none."""
    if _missing(ctx):
        return no_data(ctx, "funding")
    frame = funding_frame(ctx)
    sums = _sums(ctx.ev.sections.funding)
    total = [
        "",
        ctx.t("col.total"),
        *(_money(sums[f], ctx.lang) for f in FLOWS),
        DASH,  # a share over groups of different kinds would mislead
    ]
    return frame_table(frame, numeric=frame.columns[2:], total=total)


def funding_summary(ctx: Context, *, links: bool = True) -> Fragment:
    """The funding table of the year-end report, with a sentence and a link to the details."""
    if _missing(ctx):
        return funding_table(ctx)
    sums = _sums(ctx.ev.sections.funding)
    line = ctx.t("fund.line", **{f: _money(v, ctx.lang) for f, v in sums.items()})
    return join([paragraph(join([line, _more(ctx, links)])), funding_table(ctx)])


def _spending_rows(ctx: Context) -> list[list[object]]:
    """One row per solution area (then spending on no area, if any): amounts by group."""
    entries = ctx.ev.sections.funding
    labels = {a.id: a.label(ctx.lang) for a in ctx.ev.plan.solution_areas}
    order = list(dict.fromkeys(s.area for e in entries for s in e.spent_by_area or ()))
    rows = []
    for area in order:
        amounts = [
            next((s.amount_vnd for s in e.spent_by_area or () if s.area == area), 0)
            for e in entries
        ]
        if area is None and not any(amounts):
            continue
        name = f"{area} — {labels.get(area, '')}".rstrip(" —") if area else ctx.t("area.no_area")
        money = [_money(a, ctx.lang) for a in amounts]
        rows.append([name, *money, _money(sum(a or 0 for a in amounts), ctx.lang)])
    return rows


def _task_row(ctx: Context, task: TaskStatus, labels: dict[str, str]) -> list[object]:
    when = _as_date(task.completed_on)
    css = TASK_CLASS.get(task.status, "status-no_data")
    return [
        task.id,
        labels.get(task.id, ""),
        badge(css, code_label("task", task.status, ctx.lang)),
        fmt_date(when, ctx.lang) if when else DASH,
    ]


def _tasks_shown(ctx: Context, entry: ResponsibilityResult) -> tuple[object, object]:
    """A unit's tasks done and tasks, as the rule shows them (the task table's cells)."""
    if entry.tasks_done is None:
        return entry.tasks_done, entry.tasks_total
    shown = task_counts(ctx)
    return shown.at[entry.id, "done"], shown.at[entry.id, "total"]


def _unit_activities(ctx: Context, entry: ResponsibilityResult) -> Fragment | str:
    """A unit's activities of the period by kind, with a total (empty when none)."""
    kinds = entry.activities_by_kind or ()
    if not kinds:
        return ""
    frame = ctx.rule.table(pd.DataFrame({"count": [k.count for k in kinds]}), ["count"])
    rows = [
        [code_label("activity", k.kind, ctx.lang), _cell(n, ctx.lang)]
        for k, n in zip(kinds, frame["count"], strict=True)
    ]
    total = [ctx.t("col.total"), count_text(ctx, sum(k.count for k in kinds))]
    return table([ctx.t("col.kind"), ctx.t("col.activities")], rows, numeric=[1], total=total)


def _unit(ctx: Context, entry: ResponsibilityResult) -> Fragment:
    """One unit (R-*) under its heading: its tasks with their status, its activities."""
    resp = next(r for r in ctx.ev.plan.responsibilities if r.id == entry.id)
    labels = {task.id: task.label(ctx.lang) for task in resp.tasks}
    done, total = _tasks_shown(ctx, entry)
    line = ctx.t(
        "resp.line",
        done=_cell(done, ctx.lang),
        total=_cell(total, ctx.lang),
        activities=count_text(ctx, entry.activities),
    )
    keys = ("id", "task", "status", "completed_on")
    tasks = table(
        [ctx.t(f"col.{k}") for k in keys],
        [_task_row(ctx, task, labels) for task in entry.tasks],
        nowrap=(0, 3),
    )
    title = f"{resp.id} — {resp.label(ctx.lang)}"
    return titled(title, paragraph(line), tasks, _unit_activities(ctx, entry), level=3)


def responsibilities_summary(ctx: Context, *, links: bool = True) -> Fragment:
    """One row per responsible unit: tasks done of total, activities held, as the rule shows."""
    plan = {r.id: r for r in ctx.ev.plan.responsibilities}
    rows = []
    for entry in ctx.ev.sections.responsibilities:
        done, total = _tasks_shown(ctx, entry)
        rows.append(
            [
                entry.id,
                plan[entry.id].label(ctx.lang),
                f"{_cell(done, ctx.lang)}/{_cell(total, ctx.lang)}",
                count_text(ctx, entry.activities),
            ]
        )
    margins = task_counts(ctx).loc["total"]
    line = ctx.t(
        "rpt.summary_tasks",
        done=_cell(margins["done"], ctx.lang),
        total=_cell(margins["total"], ctx.lang),
    )
    columns = [ctx.t(f"col.{k}") for k in ("id", "unit", "tasks_done", "activities")]
    return join([paragraph(join([line, _more(ctx, links)])), table(columns, rows, numeric=[2, 3])])


class FundingView(PageView):
    """The views of the funding and responsibilities page, bound to a report."""

    def title(self) -> Markdown:
        """``# Kinh phí và trách nhiệm…`` (the page's title)."""
        return self.heading("h.funding_page", level=1)

    def flows(self) -> Fragment:
        """F1, F2…: planned, received, spent and mobilised share, with a total row."""
        return funding_table(self.ctx)

    def flows_chart(self) -> Figure | None:
        """Planned, received and spent by funding group (a figure)."""
        return charts.funding_flows(self.ctx)

    def sources(self) -> Fragment:
        """Planned, received and spent by source within each funding group."""
        ctx = self.ctx
        if _missing(ctx):
            return Fragment("")
        rows = [
            [
                entry.id,
                code_label("fsource", s.source, ctx.lang),
                *(_money(getattr(s, f), ctx.lang) for f in FLOWS),
            ]
            for entry in ctx.ev.sections.funding
            for s in entry.by_source or ()
        ]
        columns = [ctx.t(f"col.{k}") for k in ("id", "source", *FLOWS)]
        return table(columns, rows, numeric=[2, 3, 4])

    def spending_chart(self) -> Figure | None:
        """Money spent by solution area, stacked by funding group (a figure)."""
        return charts.spending_by_area(self.ctx)

    def spending(self) -> Fragment:
        """Money spent by solution area (rows) and funding group (columns)."""
        ctx = self.ctx
        if _missing(ctx):
            return no_data(ctx, "funding")
        entries = ctx.ev.sections.funding
        columns = [ctx.t("col.area"), *(e.id for e in entries), ctx.t("col.total")]
        sums = [sum(s.amount_vnd or 0 for s in e.spent_by_area or ()) for e in entries]
        total = [ctx.t("col.total"), *(_money(v, ctx.lang) for v in sums)]
        total.append(_money(sum(sums), ctx.lang))
        numeric = range(1, len(columns))
        return table(columns, _spending_rows(ctx), numeric=numeric, total=total, nowrap=())

    def tasks_chart(self) -> Figure | None:
        """Tasks of each responsible unit by status (a figure)."""
        return charts.task_status(self.ctx)

    def responsibilities(self) -> Fragment:
        """Each unit (R-*): its tasks with their status, and its activities in the period."""
        return join(_unit(self.ctx, entry) for entry in self.ctx.ev.sections.responsibilities)
