"""Figures of funding and responsibilities."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from planlib.core.disclosure import Disclosure, is_hidden
from planlib.core.fmt import fmt_number
from planlib.core.i18n import t
from planlib.evaluation import sections as areas
from planlib.evaluation.evaluate import Evaluation
from planlib.evaluation.indicators import NoData
from planlib.present import views
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
    _public,
    _public_note,
    _styled,
    _ticks,
)

__all__ = ["funding_flows", "spending_by_area", "task_status"]

# --- funding and responsibilities ------------------------------------------------------------


@_styled
def funding_flows(ev: Evaluation, *, lang: str = "vi") -> Figure | None:
    """Planned, received and spent by funding group (million VND)."""
    entries = ev.sections.get("funding", [])
    if not entries or any(e.get("planned") is None for e in entries):
        return None
    flows = ("planned", "received", "spent")
    colours = (LIGHT, PRIMARY, ACCENT)
    fig, ax = _new()
    x = np.arange(len(entries))
    width = 0.26
    for i, (flow, colour) in enumerate(zip(flows, colours, strict=True)):
        values = [float(e.get(flow) or 0) for e in entries]
        bars = ax.bar(
            x + (i - 1) * width, values, width=width, color=colour, label=t(f"flow.{flow}", lang)
        )
        _bar_labels(ax, bars, lang, lambda v: fmt_number(v / 1e6, 1, lang, trim=True))
    group_labels = {g.id: g.label(lang) for g in ev.plan.funding}
    _ticks(ax, "x", [f"{e['id']}: {group_labels.get(e['id'], '')}" for e in entries])
    ax.set_xlabel(t("col.funding", lang))
    ax.set_ylabel(t("ax.million_vnd", lang))
    _million_axis(ax.yaxis, lang)
    top = max(float(e.get(f) or 0) for e in entries for f in flows)
    ax.set_ylim(0, max(top, 1) * 1.15)
    ax.grid(axis="x", visible=False)
    fig.legend(loc="outside lower center", ncols=3)
    return fig


@_styled
def spending_by_area(ev: Evaluation, *, lang: str = "vi") -> Figure | None:
    """Money spent by solution area, stacked by funding group (million VND)."""
    try:
        frame = areas.spending_by_area(ev.workbook, ev.plan, ev.start, ev.end)
    except NoData:
        return None
    if frame.empty or not frame["amount_vnd"].any():
        return None
    frame = frame.assign(
        area=frame["area"].map(lambda a: a if a is not None else t("area.no_area", lang))
    )
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
    ax.set_xlabel(t("col.area", lang))
    ax.set_ylabel(t("ax.million_vnd", lang))
    _million_axis(ax.yaxis, lang)
    ax.set_ylim(0, max(bottom.max(initial=0), 1) * 1.15)
    ax.grid(axis="x", visible=False)
    fig.legend(loc="outside lower center", ncols=len(table.columns), title=t("col.funding", lang))
    return fig


@_styled
def task_status(
    ev: Evaluation, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> Figure | None:
    """Tasks of each responsible unit by status (stacked horizontal bars).

    Public: the cells of :func:`planlib.present.views.task_counts`; hidden ones are not drawn, and a
    unit with hidden cells is labelled with its number of tasks as the tables show it.
    """
    entries = ev.sections.get("responsibilities", [])
    if not entries:
        return None
    if _public(disclosure):
        return _task_status_public(ev, lang)
    statuses = list(TASK_COLOURS)
    labels = {r.id: r.label(lang) for r in ev.plan.responsibilities}
    counts = pd.DataFrame(
        [[sum(1 for task in e["tasks"] if task["status"] == s) for s in statuses] for e in entries],
        columns=statuses,
    )
    fig, ax = _new((7.0, max(2.2, 0.45 * len(entries) + 1.2)))
    y = np.arange(len(entries))
    left = np.zeros(len(entries))
    for status in statuses:
        values = counts[status].to_numpy(dtype=float)
        if values.any():
            ax.barh(
                y,
                values,
                left=left,
                height=0.6,
                color=TASK_COLOURS[status],
                label=views.code_label("task", status, lang),
            )
        left += values
    _ticks(ax, "y", [f"{e['id']} · {labels.get(e['id'], '')}" for e in entries])
    ax.invert_yaxis()
    ax.set_xlabel(t("ax.tasks", lang))
    ax.set_ylabel(t("col.unit", lang))
    _number_axis(ax.xaxis, lang, integer=True)
    ax.set_xlim(0, max(left.max(initial=0), 1) * 1.1)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=4)
    return fig


def _task_status_public(ev: Evaluation, lang: str) -> Figure:
    shown = views.task_counts(ev, disclosure="public")
    table, totals = shown.iloc[:-1, :-1], shown.iloc[:-1, -1]
    labels = {r.id: r.label(lang) for r in ev.plan.responsibilities}
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
                label=views.code_label("task", status, lang),
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
    ax.set_xlabel(t("ax.tasks", lang))
    ax.set_ylabel(t("col.unit", lang))
    _number_axis(ax.xaxis, lang, integer=True)
    ax.set_xlim(0, _count_top(left) / 1.15 * 1.1)
    ax.grid(axis="y", visible=False)
    if partial.any():
        _public_note(ax, lang)
    if ax.get_legend_handles_labels()[0]:
        fig.legend(loc="outside lower center", ncols=4)
    return fig
