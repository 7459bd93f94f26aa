"""Figures of the solution areas."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from planlib.core.disclosure import Disclosure, is_hidden
from planlib.core.fmt import fmt_number
from planlib.core.i18n import t
from planlib.evaluation import sections as areas
from planlib.evaluation.evaluate import Evaluation
from planlib.evaluation.indicators import NoData
from planlib.present import views
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
    _public,
    _public_note,
    _styled,
    _ticks,
)
from planlib.present.plots.target import (
    _period_months,
    _tick_label,
)

__all__ = [
    "activity_progress",
    "area_completion",
    "area_figures",
    "facility_funding",
    "harm_cases",
    "learning_results",
]

# --- solution areas --------------------------------------------------------------------------


@_styled
def activity_progress(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> Figure | None:
    """Planned against held activities of one area, by kind (horizontal bars).

    Public: activities held 1–4 (and their ``x`` complement) are not drawn, only labelled.
    """
    progress = views.activity_counts(ev, area_id, disclosure=disclosure)
    if progress is None or progress.empty:
        return None
    if _public(disclosure):
        return _activity_progress_public(progress, lang)
    labels = [views.code_label("activity", k, lang) for k in progress["kind"]]
    height = max(2.2, 0.55 * len(progress) + 1.2)
    fig, ax = _new((7.0, min(height, 4.5)))
    y = np.arange(len(progress))
    planned = ax.barh(
        y - 0.2, progress["planned"], height=0.38, color=LIGHT, label=t("col.planned", lang)
    )
    done = ax.barh(y + 0.2, progress["done"], height=0.38, color=PRIMARY, label=t("col.done", lang))
    _bar_labels(ax, planned, lang)
    _bar_labels(ax, done, lang)
    _ticks(ax, "y", labels)
    ax.invert_yaxis()
    ax.set_xlabel(t("ax.activities", lang))
    ax.set_ylabel(t("col.kind", lang))
    _number_axis(ax.xaxis, lang, integer=True)
    ax.set_xlim(0, max(int(progress[["planned", "done"]].to_numpy().max()), 1) * 1.15)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=2)
    return fig


def _activity_progress_public(progress: pd.DataFrame, lang: str) -> Figure:
    labels = [views.code_label("activity", k, lang) for k in progress["kind"]]
    height = max(2.2, 0.55 * len(progress) + 1.2)
    fig, ax = _new((7.0, min(height, 4.5)))
    y = np.arange(len(progress))
    drawn, any_hidden = [], False
    for column, shift, colour in (("planned", -0.2, LIGHT), ("done", 0.2, PRIMARY)):
        cells = list(progress[column])
        hidden = np.array([is_hidden(v) for v in cells])
        values = np.array([0.0 if h else float(v) for v, h in zip(cells, hidden, strict=True)])
        bars = ax.barh(
            y[~hidden] + shift,
            values[~hidden],
            height=0.38,
            color=colour,
            label=t(f"col.{column}", lang),
        )
        _bar_labels(ax, bars, lang)
        _hidden_labels(
            ax,
            y[hidden] + shift,
            [str(v) for v, h in zip(cells, hidden, strict=True) if h],
            horizontal=True,
        )
        drawn += list(values[~hidden])
        any_hidden = any_hidden or bool(hidden.any())
    _ticks(ax, "y", labels)
    ax.set_ylim(len(progress) - 0.5, -0.5)
    ax.set_xlabel(t("ax.activities", lang))
    ax.set_ylabel(t("col.kind", lang))
    _number_axis(ax.xaxis, lang, integer=True)
    ax.set_xlim(0, _count_top(drawn))
    ax.grid(axis="y", visible=False)
    if any_hidden:
        _public_note(ax, lang)
    handles = [
        Patch(color=LIGHT, label=t("col.planned", lang)),
        Patch(color=PRIMARY, label=t("col.done", lang)),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2)
    return fig


@_styled
def harm_cases(
    ev: Evaluation, by: str = "month", *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> Figure | None:
    """Injury and harm cases (S4) by month, cause or place, stacked by kind of case.

    Public: the cells of :func:`planlib.present.views.harm_counts`; a hidden cell is not drawn, and
    a
    group with hidden cells is labelled with its total as the table shows it.
    """
    try:
        frame = areas.harm_cases(ev.workbook, ev.start, ev.end, by)
    except NoData:
        return None
    if frame.empty:
        return None
    if _public(disclosure):
        return _harm_cases_public(ev, by, lang)
    if by == "cause":
        frame = frame.loc[frame["kind"] == "injury"]
    table = frame.pivot_table(
        index=by, columns="kind", values="count", aggfunc="sum", sort=False, dropna=False
    )
    table = table.fillna(0)
    if by == "month":
        year = ev.start.year
        months = (
            [f"{year}-{m:02d}" for m in _period_months(ev)]
            if ev.start.year == ev.end.year
            else list(table.index)
        )
        table = table.reindex(months).fillna(0)
    codes = list(KIND_COLOURS)
    table = table[sorted(table.columns, key=lambda k: codes.index(k) if k in codes else len(codes))]
    index = list(table.index)
    fig, ax = _new()
    x = np.arange(len(index))
    bottom = np.zeros(len(index))
    for i, kind in enumerate(table.columns):
        values = table[kind].to_numpy(dtype=float)
        ax.bar(
            x,
            values,
            bottom=bottom,
            width=0.65,
            color=KIND_COLOURS.get(kind, PALETTE[i % len(PALETTE)]),
            label=views.code_label("incident", kind, lang),
        )
        bottom += values
    _ticks(
        ax, "x", [_tick_label(by, v, lang) for v in index], rotate=by != "month" and len(index) > 4
    )
    ax.set_xlabel(t(f"dim.{by}", lang))
    ax.set_ylabel(t("ax.cases", lang))
    _number_axis(ax.yaxis, lang, integer=True)
    ax.set_ylim(0, max(bottom.max(initial=0), 1) * 1.15)
    ax.grid(axis="x", visible=False)
    fig.legend(loc="outside right upper")
    ax.set_title(t(f"area.harm_by.{by}", lang), loc="left")
    return fig


def _harm_cases_public(ev: Evaluation, by: str, lang: str) -> Figure | None:
    shown = views.harm_counts(ev, by, disclosure="public")
    if shown is None or len(shown) < 2:
        return None
    table, totals = shown.iloc[:-1, :-1], shown.iloc[:-1, -1]
    if by == "month" and ev.start.year == ev.end.year:
        months = [f"{ev.start.year}-{m:02d}" for m in _period_months(ev)]
        table = table.reindex(months).fillna(0)
        totals = totals.reindex(months).fillna(0)
    codes = list(KIND_COLOURS)
    kinds = sorted(table.columns, key=lambda k: codes.index(k) if k in codes else len(codes))
    index = list(table.index)
    fig, ax = _new()
    x = np.arange(len(index))
    bottom = np.zeros(len(index))
    handles = []
    for i, kind in enumerate(kinds):
        cells = list(table[kind])
        drawn = np.array([not is_hidden(c) and float(c) > 0 for c in cells])
        values = np.array([float(c) if d else 0.0 for c, d in zip(cells, drawn, strict=True)])
        colour = KIND_COLOURS.get(kind, PALETTE[i % len(PALETTE)])
        if drawn.any():
            ax.bar(x[drawn], values[drawn], bottom=bottom[drawn], width=0.65, color=colour)
            handles.append(Patch(color=colour, label=views.code_label("incident", kind, lang)))
        bottom += values
    partial = np.array(
        [any(is_hidden(c) for c in table.iloc[i]) or is_hidden(totals.iloc[i]) for i in x]
    )
    for xi in x[partial]:
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
    _ticks(
        ax, "x", [_tick_label(by, v, lang) for v in index], rotate=by != "month" and len(index) > 4
    )
    ax.set_xlim(-0.6, len(index) - 0.4)
    ax.set_xlabel(t(f"dim.{by}", lang))
    ax.set_ylabel(t("ax.cases", lang))
    _number_axis(ax.yaxis, lang, integer=True)
    ax.set_ylim(0, _count_top(bottom))
    ax.grid(axis="x", visible=False)
    if handles:
        fig.legend(handles=handles, loc="outside right upper")
    ax.set_title(t(f"area.harm_by.{by}", lang), loc="left")
    if partial.any():
        _public_note(ax, lang)
    return fig


@_styled
def learning_results(
    ev: Evaluation, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> Figure | None:
    """S5 shares (Tốt + Khá, promotion, graduation) of the school year against the one before.

    Public: a share that would reveal a hidden count (its numerator ``< 5`` or ``x``) is not
    drawn; its label says so.
    """
    entry = next((e for e in ev.sections.get("solution_areas", []) if e["id"] == "S5"), None)
    block = entry.get("learning") if entry else None
    measures = views.learning_counts(ev, disclosure=disclosure)
    if not block or not measures:
        return None
    shares = [
        m for m in measures if m["id"] != "dropouts" and (m["value"] is not None or m["hidden"])
    ]
    if not shares:
        return None
    if _public(disclosure):
        return _learning_public(shares, block, lang)
    labels = [views.code_label("measure", m["id"], lang) for m in shares]
    now = np.array([m["value"] * 100 for m in shares])
    before = np.array(
        [np.nan if m["previous_value"] is None else m["previous_value"] * 100 for m in shares]
    )
    has_previous = bool(np.isfinite(before).any())
    fig, ax = _new((7.0, 2.8))
    y = np.arange(len(shares))
    offset, height = (0.2, 0.38) if has_previous else (0.0, 0.55)
    if has_previous:
        prev = ax.barh(
            y - offset,
            np.nan_to_num(before),
            height=height,
            color=LIGHT,
            label=t("col.school_year", lang, year=block["previous_school_year"]),
        )
        _bar_labels(ax, prev, lang, lambda v: fmt_number(v, 1, lang) + "%")
    cur = ax.barh(
        y + offset,
        now,
        height=height,
        color=PRIMARY,
        label=t("col.school_year", lang, year=block["school_year"]),
    )
    _bar_labels(ax, cur, lang, lambda v: fmt_number(v, 1, lang) + "%")
    _ticks(ax, "y", labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xlabel(t("ax.share", lang))
    ax.set_ylabel(t("col.measure", lang))
    _number_axis(ax.xaxis, lang)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=2)
    return fig


def _learning_public(shares: list[dict[str, Any]], block: dict[str, Any], lang: str) -> Figure:
    labels = [views.code_label("measure", m["id"], lang) for m in shares]
    fig, ax = _new((7.0, 2.8))
    y = np.arange(len(shares))
    has_previous = any(m["previous_value"] is not None or m["previous_hidden"] for m in shares)
    offset, height = (0.2, 0.38) if has_previous else (0.0, 0.55)
    series = [("", block["school_year"], PRIMARY, offset)]
    if has_previous:
        series.insert(0, ("previous_", block["previous_school_year"], LIGHT, -offset))
    hidden_any, handles = False, []
    for prefix, year, colour, shift in series:
        handles.append(Patch(color=colour, label=t("col.school_year", lang, year=year)))
        values = np.array(
            [np.nan if m[f"{prefix}value"] is None else m[f"{prefix}value"] * 100 for m in shares]
        )
        hidden = np.array([bool(m[f"{prefix}hidden"]) for m in shares])
        drawn = np.isfinite(values)
        bars = ax.barh(y[drawn] + shift, values[drawn], height=height, color=colour)
        _bar_labels(ax, bars, lang, lambda v: fmt_number(v, 1, lang) + "%")
        _hidden_labels(
            ax, y[hidden] + shift, [t("disc.hidden", lang)] * int(hidden.sum()), horizontal=True
        )
        hidden_any = hidden_any or bool(hidden.any())
    _ticks(ax, "y", labels)
    ax.set_ylim(len(shares) - 0.5, -0.5)
    ax.set_xlim(0, 112)
    ax.set_xlabel(t("ax.share", lang))
    ax.set_ylabel(t("col.measure", lang))
    _number_axis(ax.xaxis, lang)
    ax.grid(axis="y", visible=False)
    if hidden_any:
        _public_note(ax, lang)
    fig.legend(handles=handles, loc="outside lower center", ncols=2)
    return fig


@_styled
def facility_funding(ev: Evaluation, *, lang: str = "vi") -> Figure | None:
    """S6: budget against money mobilised, per project (million VND)."""
    try:
        projects = areas.facility_projects(ev.workbook, ev.start, ev.end)
    except NoData:
        return None
    if projects.empty:
        return None
    labels = [
        f"{pid} · {views.code_label('facility', kind, lang)}"
        for pid, kind in zip(projects["project_id"], projects["kind"], strict=True)
    ]
    budget = projects["budget_vnd"].astype(float).fillna(0).to_numpy()
    mobilized = projects["mobilized_vnd"].astype(float).fillna(0).to_numpy()
    fig, ax = _new((7.0, max(2.2, 0.6 * len(projects) + 1.2)))
    y = np.arange(len(projects))
    b = ax.barh(y - 0.2, budget, height=0.38, color=LIGHT, label=t("col.budget", lang))
    m = ax.barh(y + 0.2, mobilized, height=0.38, color=PRIMARY, label=t("col.mobilized", lang))
    million = lambda v: fmt_number(v / 1e6, 1, lang, trim=True)  # noqa: E731 (a label format)
    _bar_labels(ax, b, lang, million)
    _bar_labels(ax, m, lang, million)
    _ticks(ax, "y", labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(budget.max(initial=0), mobilized.max(initial=0), 1) * 1.18)
    ax.set_xlabel(t("ax.million_vnd", lang))
    ax.set_ylabel(t("col.project", lang))
    _million_axis(ax.xaxis, lang)
    ax.grid(axis="y", visible=False)
    fig.legend(loc="outside lower center", ncols=2)
    return fig


def area_figures(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> list[Figure]:
    """The figures only some areas have: S4 cases by month and place, S5 learning, S6 money."""
    if area_id == "S4":
        figures = [
            harm_cases(ev, "month", lang=lang, disclosure=disclosure),
            harm_cases(ev, "place", lang=lang, disclosure=disclosure),
        ]
    elif area_id == "S5":
        figures = [learning_results(ev, lang=lang, disclosure=disclosure)]
    elif area_id == "S6":
        figures = [facility_funding(ev, lang=lang)]
    else:
        figures = []
    return [f for f in figures if f is not None]


@_styled
def area_completion(
    ev: Evaluation, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> Figure | None:
    """Completion of each solution area's planned activities (areas planning none are left out).

    Public: an area whose activities planned or held are hidden
    (:func:`planlib.present.views.area_counts`) is not drawn; its label says ``< 5`` or ``x``.
    """
    entries = [e for e in ev.sections.get("solution_areas", []) if e.get("completion") is not None]
    if not entries:
        return None
    if _public(disclosure):
        shown = views.area_counts(ev, disclosure=disclosure)
        marks = {
            e["id"]: next((str(c) for c in shown.loc[e["id"]] if is_hidden(c)), None)
            for e in entries
        }
        if any(marks.values()):
            return _area_completion_public(entries, marks, lang)
    labels = [e["id"] for e in entries]
    values = np.array([e["completion"] * 100 for e in entries])
    colours = [STATUS_COLOURS["achieved"] if v >= 100 else ACCENT for v in values]
    fig, ax = _new((7.0, max(2.2, 0.42 * len(entries) + 1.1)))
    y = np.arange(len(entries))
    bars = ax.barh(y, values, height=0.6, color=colours)
    _bar_labels(ax, bars, lang, lambda v: fmt_number(v, 1, lang) + "%")
    ax.axvline(100, color=THRESHOLD, ls="--", lw=1.2)
    _ticks(ax, "y", labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xlabel(t("ax.completion", lang))
    ax.set_ylabel(t("col.area", lang))
    _number_axis(ax.xaxis, lang)
    ax.grid(axis="y", visible=False)
    handles = [
        Patch(color=STATUS_COLOURS["achieved"], label=t("area.status.complete", lang)),
        Patch(color=ACCENT, label=t("area.status.incomplete", lang)),
        Line2D([], [], color=THRESHOLD, ls="--", label=t("plot.full", lang)),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)
    return fig


def _area_completion_public(
    entries: list[dict[str, Any]], marks: dict[str, str | None], lang: str
) -> Figure:
    labels = [e["id"] for e in entries]
    hidden = np.array([marks[e["id"]] is not None for e in entries])
    values = np.array(
        [0.0 if h else e["completion"] * 100 for e, h in zip(entries, hidden, strict=True)]
    )
    colours = np.array([STATUS_COLOURS["achieved"] if v >= 100 else ACCENT for v in values])
    fig, ax = _new((7.0, max(2.2, 0.42 * len(entries) + 1.1)))
    y = np.arange(len(entries))
    bars = ax.barh(y[~hidden], values[~hidden], height=0.6, color=list(colours[~hidden]))
    _bar_labels(ax, bars, lang, lambda v: fmt_number(v, 1, lang) + "%")
    _hidden_labels(
        ax,
        y[hidden],
        [str(marks[e["id"]]) for e, h in zip(entries, hidden, strict=True) if h],
        horizontal=True,
    )
    ax.axvline(100, color=THRESHOLD, ls="--", lw=1.2)
    _ticks(ax, "y", labels)
    ax.set_ylim(len(entries) - 0.5, -0.5)
    ax.set_xlim(0, 115)
    ax.set_xlabel(t("ax.completion", lang))
    ax.set_ylabel(t("col.area", lang))
    _number_axis(ax.xaxis, lang)
    ax.grid(axis="y", visible=False)
    _public_note(ax, lang)
    handles = [
        Patch(color=STATUS_COLOURS["achieved"], label=t("area.status.complete", lang)),
        Patch(color=ACCENT, label=t("area.status.incomplete", lang)),
        Line2D([], [], color=THRESHOLD, ls="--", label=t("plot.full", lang)),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3)
    return fig
