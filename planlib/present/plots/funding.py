"""Figures of the funding and responsibilities page.

Every figure takes the report's context first; the task figure draws the counts the tables
show (:func:`planlib.present.shown_areas.task_counts`), never a hidden one.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from planlib.core.disclosure import is_hidden
from planlib.core.fmt import fmt_number
from planlib.evaluation.funding import FLOWS
from planlib.evaluation.funding import spending_by_area as spending_frame
from planlib.evaluation.indicators import NoData
from planlib.present.context import Context
from planlib.present.plots.base import (
    ACCENT,
    FUNDING_COLOURS,
    LIGHT,
    PRIMARY,
    TASK_COLOURS,
    _bar_labels,
    _count_top,
    _million_axis,
    _new,
    _number_axis,
    _public_note,
    _styled,
    _ticks,
)
from planlib.present.shown_areas import task_counts
from planlib.present.views.base import code_label

__all__ = ["funding_flows", "spending_by_area", "task_status"]


@_styled
def funding_flows(ctx: Context) -> Figure | None:
    """Planned, received and spent by funding group (million VND)."""
    entries = ctx.ev.sections.funding
    if not entries or any(e.planned is None for e in entries):
        return None
    lang = ctx.lang
    fig, ax = _new()
    x = np.arange(len(entries))
    width = 0.26
    for i, (flow, colour) in enumerate(zip(FLOWS, (LIGHT, PRIMARY, ACCENT), strict=True)):
        values = [float(getattr(e, flow) or 0) for e in entries]
        bars = ax.bar(
            x + (i - 1) * width, values, width=width, color=colour, label=ctx.t(f"flow.{flow}")
        )
        _bar_labels(ax, bars, lang, lambda v: fmt_number(v / 1e6, 1, lang, trim=True))
    group_labels = {g.id: g.label(lang) for g in ctx.ev.plan.funding}
    _ticks(ax, "x", [f"{e.id}: {group_labels.get(e.id, '')}" for e in entries])
    ax.set_xlabel(ctx.t("col.funding"))
    ax.set_ylabel(ctx.t("ax.million_vnd"))
    _million_axis(ax.yaxis, lang)
    top = max(float(getattr(e, f) or 0) for e in entries for f in FLOWS)
    ax.set_ylim(0, max(top, 1) * 1.15)
    ax.grid(axis="x", visible=False)
    fig.legend(loc="outside lower center", ncols=3)
    return fig


@_styled
def spending_by_area(ctx: Context) -> Figure | None:
    """Money spent by solution area, stacked by funding group (million VND)."""
    ev, lang = ctx.ev, ctx.lang
    try:
        frame = spending_frame(ev.workbook, ev.plan, ev.start, ev.end)
    except NoData:
        return None
    if frame.empty or not frame["amount_vnd"].any():
        return None
    no_area = ctx.t("area.no_area")
    frame = frame.assign(area=frame["area"].map(lambda a: a if a is not None else no_area))
    table = frame.pivot_table(
        index="area", columns="funding", values="amount_vnd", aggfunc="sum", sort=False
    )
    table = table.loc[table.sum(axis=1) > 0]
    fig, ax = _new()
    x = np.arange(len(table))
    bottom = np.zeros(len(table))
    for i, group in enumerate(table.columns):
        values = table[group].to_numpy(dtype=float)
        ax.bar(x, values, bottom=bottom, width=0.6, color=FUNDING_COLOURS[i % 2], label=group)
        bottom += values
    for xi, total in zip(x, bottom, strict=True):
        ax.annotate(
            fmt_number(total / 1e6, 1, lang, trim=True),
            (xi, total),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    _ticks(ax, "x", [str(a) for a in table.index])
    ax.set_xlabel(ctx.t("col.area"))
    ax.set_ylabel(ctx.t("ax.million_vnd"))
    _million_axis(ax.yaxis, lang)
    ax.set_ylim(0, max(bottom.max(initial=0), 1) * 1.15)
    ax.grid(axis="x", visible=False)
    fig.legend(loc="outside lower center", ncols=len(table.columns), title=ctx.t("col.funding"))
    return fig


@_styled
def task_status(ctx: Context) -> Figure | None:
    """Tasks of each responsible unit by status (stacked horizontal bars).

    The cells of :func:`~planlib.present.shown_areas.task_counts`: hidden ones are not drawn,
    and a unit with hidden cells is labelled with its number of tasks as the tables show it.
    """
    if not ctx.ev.sections.responsibilities:
        return None
    shown = task_counts(ctx)
    table, totals = shown.iloc[:-1, :-1], shown.iloc[:-1, -1]
    labels = {r.id: r.label(ctx.lang) for r in ctx.ev.plan.responsibilities}
    fig, ax = _new((7.0, max(2.2, 0.45 * len(table) + 1.2)))
    y = np.arange(len(table))
    left = np.zeros(len(table))
    for status in table.columns:
        cells = list(table[status])
        drawn = np.array([not is_hidden(c) and float(c) > 0 for c in cells])
        values = np.array([float(c) if d else 0.0 for c, d in zip(cells, drawn, strict=True)])
        if drawn.any():
            ax.barh(
                y[drawn],
                values[drawn],
                left=left[drawn],
                height=0.6,
                color=TASK_COLOURS.get(status, "#9e9e9e"),
                label=code_label("task", status, ctx.lang),
            )
        left += values
    partial = np.array(
        [any(is_hidden(c) for c in table.iloc[i]) or is_hidden(totals.iloc[i]) for i in y]
    )
    for yi in y[partial]:
        ax.annotate(
            str(totals.iloc[yi]),
            (left[yi], yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color="#555555",
            fontstyle="italic",
        )
    _ticks(ax, "y", [f"{unit} · {labels.get(unit, '')}" for unit in table.index])
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlabel(ctx.t("ax.tasks"))
    ax.set_ylabel(ctx.t("col.unit"))
    _number_axis(ax.xaxis, ctx.lang, integer=True)
    ax.set_xlim(0, _count_top(left) / 1.15 * 1.1)
    ax.grid(axis="y", visible=False)
    if partial.any():
        _public_note(ax, ctx.lang)
    if ax.get_legend_handles_labels()[0]:
        fig.legend(loc="outside lower center", ncols=4)
    return fig
