"""Figures of the solution-area pages and of the year-end report's areas.

Every figure takes the report's context first and draws the numbers the tables show
(:mod:`planlib.present.shown_areas`): a count the disclosure rule hides is never drawn, only
labelled (``< 5``, ``x``), and the figure says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from planlib.core.disclosure import is_hidden
from planlib.core.fmt import fmt_number
from planlib.evaluation.details import facility_projects
from planlib.evaluation.indicators import NoData
from planlib.present.context import Context
from planlib.present.plots.base import (
    ACCENT,
    KIND_COLOURS,
    LIGHT,
    PALETTE,
    PRIMARY,
    STATUS_COLOURS,
    THRESHOLD,
    _bar_labels,
    _count_top,
    _hidden_labels,
    _million_axis,
    _new,
    _number_axis,
    _public_note,
    _styled,
    _ticks,
)
from planlib.present.plots.target import _period_months, _tick_label
from planlib.present.shown_areas import activity_counts, area_counts, harm_counts, learning_counts
from planlib.present.views.base import code_label

__all__ = [
    "activity_progress",
    "area_completion",
    "facility_funding",
    "harm_cases",
    "learning_results",
]


def _percent(lang: str) -> Any:
    return lambda v: fmt_number(v, 1, lang) + "%"


@_styled
def activity_progress(ctx: Context, area_id: str) -> Figure | None:
    """Planned against held activities of one area, by kind (horizontal bars).

    The counts of :func:`~planlib.present.shown_areas.activity_counts`: a hidden one (and its
    ``x`` complement) is not drawn, only labelled.
    """
    progress = activity_counts(ctx, area_id)
    if progress is None or progress.empty:
        return None
    labels = [code_label("activity", k, ctx.lang) for k in progress["kind"]]
    fig, ax = _new((7.0, min(max(2.2, 0.55 * len(progress) + 1.2), 4.5)))
    y = np.arange(len(progress))
    drawn, any_hidden, handles = [], False, []
    for column, shift, colour in (("planned", -0.2, LIGHT), ("done", 0.2, PRIMARY)):
        cells = list(progress[column])
        hidden = np.array([is_hidden(v) for v in cells])
        values = np.array([0.0 if h else float(v) for v, h in zip(cells, hidden, strict=True)])
        bars = ax.barh(y[~hidden] + shift, values[~hidden], height=0.38, color=colour)
        _bar_labels(ax, bars, ctx.lang)
        marks = [str(v) for v, h in zip(cells, hidden, strict=True) if h]
        _hidden_labels(ax, y[hidden] + shift, marks, horizontal=True)
        drawn += list(values[~hidden])
        any_hidden = any_hidden or bool(hidden.any())
        handles.append(Patch(color=colour, label=ctx.t(f"col.{column}")))
    _ticks(ax, "y", labels)
    ax.set_ylim(len(progress) - 0.5, -0.5)
    ax.set_xlabel(ctx.t("ax.activities"))
    ax.set_ylabel(ctx.t("col.kind"))
    _number_axis(ax.xaxis, ctx.lang, integer=True)
    ax.set_xlim(0, _count_top(drawn))
    ax.grid(axis="y", visible=False)
    if any_hidden:
        _public_note(ax, ctx.lang)
    fig.legend(handles=handles, loc="outside lower center", ncols=2)
    return fig


def _stack_order(kinds: Any) -> list[str]:
    order = list(KIND_COLOURS)
    return sorted(kinds, key=lambda k: order.index(k) if k in order else len(order))


def _group_totals(ax: Any, totals: Any, bottom: Any, partial: Any) -> None:
    """Label the groups with a hidden cell with their total as the table shows it."""
    for xi in np.arange(len(totals))[partial]:
        ax.annotate(
            str(totals.iloc[xi]),
            (xi, bottom[xi]),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
            color="#555555",
            fontstyle="italic",
        )


@_styled
def harm_cases(ctx: Context, by: str = "month") -> Figure | None:
    """Injury and harm cases by month, cause or place, stacked by kind of case.

    The cells of :func:`~planlib.present.shown_areas.harm_counts`: a hidden cell is not
    drawn, and a group with hidden cells is labelled with its total as the table shows it.
    """
    ev = ctx.ev
    shown = harm_counts(ctx, by)
    if shown is None or len(shown) < 2:
        return None
    table, totals = shown.iloc[:-1, :-1], shown.iloc[:-1, -1]
    if by == "month" and ev.start.year == ev.end.year:
        months = [f"{ev.start.year}-{m:02d}" for m in _period_months(ev)]
        table, totals = table.reindex(months).fillna(0), totals.reindex(months).fillna(0)
    index = list(table.index)
    fig, ax = _new()
    x = np.arange(len(index))
    bottom = np.zeros(len(index))
    handles = []
    for i, kind in enumerate(_stack_order(table.columns)):
        cells = list(table[kind])
        drawn = np.array([not is_hidden(c) and float(c) > 0 for c in cells])
        values = np.array([float(c) if d else 0.0 for c, d in zip(cells, drawn, strict=True)])
        colour = KIND_COLOURS.get(kind, PALETTE[i % len(PALETTE)])
        if drawn.any():
            ax.bar(x[drawn], values[drawn], bottom=bottom[drawn], width=0.65, color=colour)
            handles.append(Patch(color=colour, label=code_label("incident", kind, ctx.lang)))
        bottom += values
    partial = np.array(
        [any(is_hidden(c) for c in table.iloc[i]) or is_hidden(totals.iloc[i]) for i in x]
    )
    _group_totals(ax, totals, bottom, partial)
    rotate = by != "month" and len(index) > 4
    _ticks(ax, "x", [_tick_label(by, v, ctx.lang) for v in index], rotate=rotate)
    ax.set_xlim(-0.6, len(index) - 0.4)
    ax.set_xlabel(ctx.t(f"dim.{by}"))
    ax.set_ylabel(ctx.t("ax.cases"))
    _number_axis(ax.yaxis, ctx.lang, integer=True)
    ax.set_ylim(0, _count_top(bottom))
    ax.grid(axis="x", visible=False)
    if handles:
        fig.legend(handles=handles, loc="outside right upper")
    ax.set_title(ctx.t(f"area.harm_by.{by}"), loc="left")
    if partial.any():
        _public_note(ax, ctx.lang)
    return fig


@_styled
def learning_results(ctx: Context, area_id: str) -> Figure | None:
    """An area's learning shares (Tốt + Khá, promotion, graduation) against the year before.

    The measures of :func:`~planlib.present.shown_areas.learning_counts`: a share that would
    reveal a hidden count is not drawn; its label says so.
    """
    block = ctx.ev.sections.area(area_id).learning
    measures = learning_counts(ctx, area_id)
    if not block or not measures:
        return None
    shares = [
        m for m in measures if m["id"] != "dropouts" and (m["value"] is not None or m["hidden"])
    ]
    if not shares:
        return None
    fig, ax = _new((7.0, 2.8))
    y = np.arange(len(shares))
    has_previous = any(m["previous_value"] is not None or m["previous_hidden"] for m in shares)
    offset, height = (0.2, 0.38) if has_previous else (0.0, 0.55)
    series = [("", block.school_year, PRIMARY, offset)]
    if has_previous:
        series.insert(0, ("previous_", block.previous_school_year, LIGHT, -offset))
    hidden_any, handles = False, []
    for prefix, year, colour, shift in series:
        handles.append(Patch(color=colour, label=ctx.t("col.school_year", year=year)))
        values = np.array(
            [np.nan if m[f"{prefix}value"] is None else m[f"{prefix}value"] * 100 for m in shares]
        )
        hidden = np.array([bool(m[f"{prefix}hidden"]) for m in shares])
        drawn = np.isfinite(values)
        bars = ax.barh(y[drawn] + shift, values[drawn], height=height, color=colour)
        _bar_labels(ax, bars, ctx.lang, _percent(ctx.lang))
        marks = [ctx.t("disc.hidden")] * int(hidden.sum())
        _hidden_labels(ax, y[hidden] + shift, marks, horizontal=True)
        hidden_any = hidden_any or bool(hidden.any())
    _ticks(ax, "y", [code_label("measure", m["id"], ctx.lang) for m in shares])
    ax.set_ylim(len(shares) - 0.5, -0.5)
    ax.set_xlim(0, 112)
    ax.set_xlabel(ctx.t("ax.share"))
    ax.set_ylabel(ctx.t("col.measure"))
    _number_axis(ax.xaxis, ctx.lang)
    ax.grid(axis="y", visible=False)
    if hidden_any:
        _public_note(ax, ctx.lang)
    fig.legend(handles=handles, loc="outside lower center", ncols=2)
    return fig


@_styled
def facility_funding(ctx: Context) -> Figure | None:
    """Construction projects: budget against money mobilised, per project (million VND)."""
    ev, lang = ctx.ev, ctx.lang
    try:
        projects = facility_projects(ev.workbook, ev.start, ev.end)
    except NoData:
        return None
    if projects.empty:
        return None
    labels = [
        f"{pid} · {code_label('facility', kind, lang)}"
        for pid, kind in zip(projects["project_id"], projects["kind"], strict=True)
    ]
    budget = projects["budget_vnd"].astype(float).fillna(0).to_numpy()
    mobilized = projects["mobilized_vnd"].astype(float).fillna(0).to_numpy()
    fig, ax = _new((7.0, max(2.2, 0.6 * len(projects) + 1.2)))
    y = np.arange(len(projects))
    b = ax.barh(y - 0.2, budget, height=0.38, color=LIGHT, label=ctx.t("col.budget"))
    m = ax.barh(y + 0.2, mobilized, height=0.38, color=PRIMARY, label=ctx.t("col.mobilized"))
    million = lambda v: fmt_number(v / 1e6, 1, lang, trim=True)  # noqa: E731 (a label format)
    _bar_labels(ax, b, lang, million)
    _bar_labels(ax, m, lang, million)
    _ticks(ax, "y", labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(budget.max(initial=0), mobilized.max(initial=0), 1) * 1.18)
    ax.set_xlabel(ctx.t("ax.million_vnd"))
    ax.set_ylabel(ctx.t("col.project"))
    _million_axis(ax.xaxis, lang)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=2)
    return fig


@_styled
def area_completion(ctx: Context) -> Figure | None:
    """Completion of each solution area's planned activities (areas planning none left out).

    An area whose activities planned or held the rule hides
    (:func:`~planlib.present.shown_areas.area_counts`) is not drawn; its label says ``< 5``
    or ``x``.
    """
    entries = [e for e in ctx.ev.sections.solution_areas if e.completion is not None]
    if not entries:
        return None
    shown = area_counts(ctx)
    marks = [next((str(c) for c in shown.loc[e.id] if is_hidden(c)), None) for e in entries]
    hidden = np.array([mark is not None for mark in marks])
    values = np.array(
        [0.0 if h else (e.completion or 0) * 100 for e, h in zip(entries, hidden, strict=True)]
    )
    colours = np.array([STATUS_COLOURS["achieved"] if v >= 100 else ACCENT for v in values])
    fig, ax = _new((7.0, max(2.2, 0.42 * len(entries) + 1.1)))
    y = np.arange(len(entries))
    bars = ax.barh(y[~hidden], values[~hidden], height=0.6, color=list(colours[~hidden]))
    _bar_labels(ax, bars, ctx.lang, _percent(ctx.lang))
    _hidden_labels(ax, y[hidden], [m for m in marks if m is not None], horizontal=True)
    ax.axvline(100, color=THRESHOLD, ls="--", lw=1.2)
    _ticks(ax, "y", [e.id for e in entries])
    ax.set_ylim(len(entries) - 0.5, -0.5)
    ax.set_xlim(0, 115)
    ax.set_xlabel(ctx.t("ax.completion"))
    ax.set_ylabel(ctx.t("col.area"))
    _number_axis(ax.xaxis, ctx.lang)
    ax.grid(axis="y", visible=False)
    if hidden.any():
        _public_note(ax, ctx.lang)
    handles = [
        Patch(color=STATUS_COLOURS["achieved"], label=ctx.t("area.status.complete")),
        Patch(color=ACCENT, label=ctx.t("area.status.incomplete")),
        Line2D([], [], color=THRESHOLD, ls="--", label=ctx.t("plot.full")),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)
    return fig
