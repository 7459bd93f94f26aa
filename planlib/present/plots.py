"""Figures of the report notebooks: one look, words from the catalogue, numbers through Babel.

Every function takes the evaluation (data first) and keyword-only options, draws one small
figure (about 7 × 3,5 inches at 100 dpi) in planlib's style and returns the
:class:`~matplotlib.figure.Figure` already closed (``plt.close``), so a notebook shows it
exactly once with ``display(fig)`` and no figure accumulates in pyplot. A function returns
``None`` when there is nothing to draw (no data, denominator 0, an area without such content):
``display(None)`` shows nothing.

Status colours are those of the ``planlib_offline`` template's ``.status-*`` classes.

Disclosure: the figures of counts take ``disclosure``. In a public report (``"public"``) they
show the counts as the tables do (:mod:`planlib.core.disclosure`): a hidden bar (``< 5`` or ``x``)
is not drawn, its label says ``< 5`` or ``x`` at the baseline, and the axis is scaled on the
bars drawn only, so it reveals nothing; a value that would reveal a hidden count is not drawn.
"""

from __future__ import annotations

import datetime as dt
import functools
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from planlib.core.disclosure import Disclosure, check_disclosure, is_hidden, is_unstable
from planlib.core.fmt import fmt_number, fmt_value
from planlib.core.i18n import t
from planlib.evaluation import sections as areas
from planlib.evaluation.evaluate import Evaluation
from planlib.evaluation.indicators import NoData
from planlib.present import views
from planlib.present.textreport import target_text

__all__ = [
    "DPI",
    "FIGSIZE",
    "PALETTE",
    "STATUS_COLOURS",
    "activity_progress",
    "area_completion",
    "area_figures",
    "breakdown",
    "facility_funding",
    "funding_flows",
    "harm_cases",
    "indicator_value",
    "learning_results",
    "spending_by_area",
    "task_status",
]

FIGSIZE = (7.0, 3.5)
DPI = 100
#: text colours of the template's .status-* classes, and their light fills
STATUS_COLOURS = {
    "achieved": "#1b5e20",
    "not_achieved": "#b71c1c",
    "not_applicable": "#555",
    "no_data": "#7a4f00",
}
STATUS_FILLS = {
    "achieved": "#e3f2e5",
    "not_achieved": "#fbe4e4",
    "not_applicable": "#eeeeee",
    "no_data": "#fff1cc",
}
PRIMARY = "#1f3b5c"
LIGHT = "#a9c1d9"
ACCENT = "#c0504d"
THRESHOLD = "#333333"
#: categories (kinds of cases, sources…) in this order
FUNDING_COLOURS = ("#1f3b5c", "#d08c1c")
PALETTE = ["#1f3b5c", "#c0504d", "#4f8a3c", "#d08c1c", "#6b4c9a", "#3a87b8", "#8c8c8c"]
TASK_COLOURS = {
    "done": STATUS_COLOURS["achieved"],
    "in_progress": "#d08c1c",
    "not_started": STATUS_COLOURS["not_achieved"],
    "no_data": "#9e9e9e",
}
#: kinds of cases (contract order) -> colour, the same in every figure
KIND_COLOURS = dict(
    zip(
        (
            "injury",
            "violence",
            "sexual_abuse",
            "maltreatment",
            "child_labour",
            "exploitation",
            "other",
        ),
        PALETTE,
        strict=True,
    )
)
_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Liberation Sans"],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.labelcolor": "#333333",
    "axes.edgecolor": "#b0b0b0",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
}
_AXES = {"grid.color": "#e3e3e3", "axes.facecolor": "white"}

P = ParamSpec("P")


def _styled(fn: Callable[P, Figure | None]) -> Callable[P, Figure | None]:
    """Draw in planlib's style, lay out, and close every figure the function made."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure | None:
        before = set(plt.get_fignums())
        fig = None
        try:
            with sns.axes_style("whitegrid", _AXES), mpl.rc_context(_RC):
                fig = fn(*args, **kwargs)
                if fig is not None:
                    fig.draw_without_rendering()  # ticks and labels take this style now
        finally:
            for number in set(plt.get_fignums()) - before:
                plt.close(number)
        return fig

    return wrapper


def _new(figsize: tuple[float, float] = FIGSIZE) -> tuple[Figure, Any]:
    return plt.subplots(figsize=figsize, dpi=DPI, layout="constrained")


def _number_axis(axis: Any, lang: str, digits: int = 1, *, integer: bool = False) -> None:
    """Tick labels through Babel (``1,5``; ``10.000``)."""
    if integer:
        axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(
        FuncFormatter(lambda x, _pos: fmt_number(x, 0 if integer else digits, lang, trim=True))
    )


def _million_axis(axis: Any, lang: str) -> None:
    axis.set_major_formatter(FuncFormatter(lambda x, _pos: fmt_number(x / 1e6, 1, lang, trim=True)))


def _bar_labels(
    ax: Any, container: Any, lang: str, fmt: Callable[[float], str] | None = None
) -> None:
    labels = [
        (fmt(v) if fmt else fmt_number(v, 0, lang, trim=True)) if v else ""
        for v in container.datavalues
    ]
    ax.bar_label(container, labels=labels, padding=2, fontsize=8, color="#333333")


def _public(disclosure: str) -> bool:
    return check_disclosure(disclosure) == "public"


def _hidden_labels(
    ax: Any, positions: Sequence[float], texts: Sequence[str], *, horizontal: bool = False
) -> None:
    """Labels of bars not drawn (``< 5``, ``x``), at the baseline: nothing about their size."""
    for position, text in zip(positions, texts, strict=True):
        if horizontal:
            xy, offset, align = (0, position), (3, 0), {"va": "center", "ha": "left"}
        else:
            xy, offset, align = (position, 0), (0, 3), {"ha": "center", "va": "bottom"}
        ax.annotate(
            text,
            xy,
            xytext=offset,
            textcoords="offset points",
            fontsize=8,
            color="#555555",
            fontstyle="italic",
            **align,
        )


def _public_note(ax: Any, lang: str) -> None:
    """Say on the figure that hidden bars are not drawn."""
    ax.set_title(
        t("disc.chart_note", lang), loc="right", fontsize=7, fontweight="normal", color="#555555"
    )


def _count_top(drawn: Any) -> float:
    """Top of a count axis: the bars drawn (never a hidden one), and room for a ``< 5`` label."""
    return max(float(np.max(drawn, initial=0)), 5.0) * 1.15


def _ticks(
    ax: Any, axis: str, labels: Sequence[str], *, rotate: bool = False, wrap: int = 30
) -> None:
    positions = np.arange(len(labels))
    labels = [textwrap.fill(label, wrap) for label in labels]
    if axis == "x":
        ax.set_xticks(
            positions, labels, rotation=30 if rotate else 0, ha="right" if rotate else "center"
        )
    else:
        ax.set_yticks(positions, labels)


# --- one target ------------------------------------------------------------------------------


@_styled
def indicator_value(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> Figure | None:
    """The value as a point with its 95% interval, the target as a dashed line, and the zone
    where the target is met shaded. ``None`` when there is no value (no data, denominator 0).

    Public: when the value would reveal a hidden count, only the target and its zone are
    drawn, with a line saying the value is not shown; a value on fewer than 10 events is
    labelled "không ổn định".
    """
    result = views.indicator_result(ev, indicator_id)
    if result.value is None:
        return None
    if views.value_hidden(ev, indicator_id, disclosure=disclosure):
        return _target_only(result, lang)
    value = float(result.value)
    threshold = float(result.threshold)
    low, high = result.ci95 if result.ci95 is not None else (value, value)
    top = max(threshold, high, value) * 1.18 or 1.0
    if result.unit == "percent":
        top = min(max(top, threshold * 1.05), 105.0)
    fig, ax = _new((7.0, 2.3))
    upper = result.op in ("<", "<=")
    zone = (0, threshold) if upper else (threshold, top)
    ax.axvspan(*zone, color=STATUS_FILLS["achieved"], zorder=0, lw=0)
    ax.axvline(threshold, color=THRESHOLD, ls="--", lw=1.3, zorder=2)
    colour = STATUS_COLOURS[result.status]
    ax.errorbar(
        [value],
        [0],
        xerr=[[value - low], [high - value]],
        fmt="o",
        color=colour,
        ecolor=colour,
        elinewidth=2.2,
        capsize=7,
        capthick=2,
        markersize=10,
        zorder=3,
    )
    label = fmt_value(value, result.unit, lang)
    if _public(disclosure) and is_unstable(result.numerator):
        label += f" ({t('disc.unstable', lang)})"
    ax.annotate(
        label,
        (value, 0),
        xytext=(0, 13),
        textcoords="offset points",
        ha="center",
        fontsize=10,
        fontweight="bold",
        color=colour,
    )
    _indicator_axes(ax, result, top, lang)
    value = Line2D([], [], color=colour, marker="o", lw=2.2, label=t("plot.result_ci", lang))
    fig.legend(handles=[value, *_target_handles(result, lang)], loc="outside lower center", ncols=3)
    return fig


def _indicator_axes(ax: Any, result: Any, top: float, lang: str) -> None:
    """The one-row axes of an indicator figure: its id, its unit, Babel-formatted ticks."""
    ax.set_xlim(0, top)
    ax.set_ylim(-1, 1)
    ax.set_yticks([0], [result.id])
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(t(f"ax.value.{result.unit}", lang))
    ax.set_ylabel(t("ax.indicator", lang))
    _number_axis(ax.xaxis, lang)


def _target_handles(result: Any, lang: str) -> list[Any]:
    """Legend entries of the target line and the zone where the target is met."""
    rule = target_text(result, lang)
    return [
        Line2D([], [], color=THRESHOLD, ls="--", lw=1.3, label=t("plot.target", lang, rule=rule)),
        Patch(color=STATUS_FILLS["achieved"], label=t("plot.met_zone", lang)),
    ]


def _target_only(result: Any, lang: str) -> Figure:
    """:func:`indicator_value` without the value: the target, its zone, and why."""
    threshold = float(result.threshold)
    top = threshold * 1.18 or 1.0
    if result.unit == "percent":
        top = min(max(top, threshold * 1.05), 105.0)
    fig, ax = _new((7.0, 2.3))
    upper = result.op in ("<", "<=")
    ax.axvspan(*((0, threshold) if upper else (threshold, top)), color=STATUS_FILLS["achieved"])
    ax.axvline(threshold, color=THRESHOLD, ls="--", lw=1.3, zorder=2)
    ax.text(
        0.5,
        0.5,
        t("disc.value_hidden_plot", lang),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=9,
        fontstyle="italic",
        color="#555555",
    )
    _indicator_axes(ax, result, top, lang)
    fig.legend(handles=_target_handles(result, lang), loc="outside lower center", ncols=2)
    return fig


@_styled
def breakdown(
    ev: Evaluation,
    indicator_id: str,
    by: str,
    *,
    lang: str = "vi",
    disclosure: Disclosure = "internal",
) -> Figure | None:
    """One breakdown of a target (:func:`planlib.present.views.breakdown`).

    Events (month, cause, place of injuries): bars of the number of cases. Cases as units
    (T4): stacked bars, timely against not timely. People as units: the value of each group
    against the target line. ``None`` when there is nothing to draw. Public: the groups
    whose counts are hidden are not drawn; their label says ``< 5`` or ``x``.
    """
    result = views.indicator_result(ev, indicator_id)
    if not result.denominator:
        return None
    frame = views.breakdown(ev, indicator_id, by, disclosure=disclosure)
    if frame.empty:
        return None
    return _breakdown_chart(ev, result, frame, by, lang)


def _breakdown_chart(
    ev: Evaluation, result: Any, frame: pd.DataFrame, by: str, lang: str
) -> Figure:
    """Draw :func:`breakdown`; groups hidden by a public report are labelled, never drawn."""
    counts = ev.counts[result.id]
    dim = t(f"dim.{by}", lang)
    events = bool(frame["denominator"].isna().all())
    if by == "month" and events:
        months = _period_months(ev)
        frame = frame.set_index("month").reindex(months).fillna({"numerator": 0}).reset_index()
    labels = [_tick_label(by, v, lang) for v in frame[by]]
    numerators, denominators = list(frame["numerator"]), list(frame["denominator"])
    hidden = np.array(
        [is_hidden(n) or is_hidden(d) for n, d in zip(numerators, denominators, strict=True)]
    )
    marks = [
        str(n) if is_hidden(n) else str(d) for n, d in zip(numerators, denominators, strict=True)
    ]
    fig, ax = _new()
    x = np.arange(len(frame))
    shown = ~hidden
    if events:
        heights = np.array(
            [0.0 if h else float(n) for n, h in zip(numerators, hidden, strict=True)]
        )
        bars = ax.bar(x[shown], heights[shown], color=PRIMARY, width=0.65)
        _bar_labels(ax, bars, lang)
        ax.set_ylabel(t("ax.cases", lang))
        _number_axis(ax.yaxis, lang, integer=True)
        ax.set_ylim(0, _count_top(heights[shown]))
    elif "kind" in counts.denominator.columns:
        timely = np.array([0.0 if h else float(n) for n, h in zip(numerators, hidden, strict=True)])
        total = np.array(
            [0.0 if h else float(d) for d, h in zip(denominators, hidden, strict=True)]
        )
        ax.bar(
            x[shown],
            timely[shown],
            color=STATUS_COLOURS["achieved"],
            width=0.65,
            label=t("plot.timely", lang),
        )
        ax.bar(
            x[shown],
            (total - timely)[shown],
            bottom=timely[shown],
            color=ACCENT,
            width=0.65,
            label=t("plot.not_timely", lang),
        )
        ax.set_ylabel(t("ax.cases", lang))
        _number_axis(ax.yaxis, lang, integer=True)
        ax.set_ylim(0, _count_top(total[shown]))
        handles = [
            Patch(color=STATUS_COLOURS["achieved"], label=t("plot.timely", lang)),
            Patch(color=ACCENT, label=t("plot.not_timely", lang)),
        ]
        ax.legend(handles=handles, loc="upper right")
    else:
        values = frame["value"].astype(float).to_numpy()
        shown = shown & np.isfinite(values)
        bars = ax.bar(x[shown], values[shown], color=PRIMARY, width=0.65)
        _bar_labels(ax, bars, lang, lambda v: fmt_number(v, 1, lang))
        ax.axhline(
            float(result.threshold),
            color=THRESHOLD,
            ls="--",
            lw=1.3,
            label=t("plot.target", lang, rule=target_text(result, lang)),
        )
        ax.set_ylabel(t(f"ax.value.{result.unit}", lang))
        _number_axis(ax.yaxis, lang)
        ax.legend(loc="upper right")
        top = max(float(np.max(values[shown], initial=0)), float(result.threshold))
        ax.set_ylim(0, top * 1.2 or 1)
    _hidden_labels(ax, x[hidden], [m for m, h in zip(marks, hidden, strict=True) if h])
    _ticks(ax, "x", labels, rotate=len(labels) > 8 and by != "month")
    ax.set_xlim(-0.6, len(frame) - 0.4)
    ax.set_xlabel(dim)
    ax.set_title(t("by.dim", lang, dim=dim.lower()), loc="left")
    if hidden.any():
        _public_note(ax, lang)
    ax.grid(axis="x", visible=False)
    return fig


def _period_months(ev: Evaluation) -> list[int]:
    start, end = ev.start, ev.end
    if start.year != end.year:
        return sorted({(start.month + i - 1) % 12 + 1 for i in range(12)})
    return list(range(start.month, end.month + 1))


def _tick_label(by: str, value: object, lang: str) -> str:
    """Short tick labels: months as numbers (the axis says "Tháng") or short English names."""
    if by == "month":
        text = str(value)
        month = int(text[5:]) if len(text) == 7 else int(text)
        if lang == "en":
            from babel.dates import format_date

            return format_date(dt.date(2000, month, 1), "MMM", locale="en_GB")
        return str(month)
    return views.value_label(by, value, lang)


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
