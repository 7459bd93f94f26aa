"""Figures of one target: the value against the target, breakdowns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from planlib.core.disclosure import is_hidden
from planlib.core.fmt import fmt_number, fmt_value
from planlib.core.i18n import t
from planlib.evaluation.evaluate import Evaluation
from planlib.present import shown as numbers
from planlib.present.context import Context
from planlib.present.plots.base import (
    ACCENT,
    MUTED,
    PRIMARY,
    STATUS_COLOURS,
    STATUS_FILLS,
    THRESHOLD,
    _bar_labels,
    _count_top,
    _hidden_labels,
    _new,
    _number_axis,
    _public_note,
    _styled,
    _ticks,
)
from planlib.present.textreport import target_text
from planlib.present.views.base import value_label

__all__ = ["breakdown", "indicator_value"]

# --- one target ------------------------------------------------------------------------------


@_styled
def indicator_value(ctx: Context, indicator_id: str) -> Figure | None:
    """The value as a point with its 95% interval, the target as a dashed line, and the zone
    where the target is met shaded. ``None`` when there is no value (no data, denominator 0).

    When the rule hides a count the value would reveal, only the target and its zone are
    drawn, with a line saying the value is not shown; a value the rule marks unstable is
    labelled "không ổn định".
    """
    lang = ctx.lang
    result = numbers.indicator_result(ctx.ev, indicator_id)
    if result.value is None:
        return None
    if numbers.value_hidden(ctx, indicator_id):
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
    if ctx.rule.unstable(result.numerator):
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
        color=MUTED,
    )
    _indicator_axes(ax, result, top, lang)
    fig.legend(handles=_target_handles(result, lang), loc="outside lower center", ncols=2)
    return fig


@_styled
def breakdown(ctx: Context, indicator_id: str, by: str) -> Figure | None:
    """One breakdown of a target (:func:`planlib.present.shown.breakdown`).

    Events (month, cause, place of injuries): bars of the number of cases. Cases as units
    (T4): stacked bars, timely against not timely. People as units: the value of each group
    against the target line. ``None`` when there is nothing to draw. The groups whose counts
    the rule hides are not drawn; their label says ``< 5`` or ``x``.
    """
    result = numbers.indicator_result(ctx.ev, indicator_id)
    if not result.denominator:
        return None
    frame = numbers.breakdown(ctx, indicator_id, by)
    if frame.empty:
        return None
    return _breakdown_chart(ctx.ev, result, frame, by, ctx.lang)


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
    pairs = list(zip(numerators, denominators, strict=True))
    hidden = np.array([is_hidden(n) or is_hidden(d) for n, d in pairs])
    marks = [str(n) if is_hidden(n) else str(d) for n, d in pairs]
    fig, ax = _new()
    x = np.arange(len(frame))
    if events:
        _event_bars(ax, x, _heights(numerators, hidden), ~hidden, lang)
    elif "kind" in counts.denominator.columns:
        total = _heights(denominators, hidden)
        _case_bars(ax, x, _heights(numerators, hidden), total, ~hidden, lang)
    else:
        _value_bars(ax, x, frame["value"].astype(float).to_numpy(), ~hidden, result, lang)
    _hidden_labels(ax, x[hidden], [m for m, h in zip(marks, hidden, strict=True) if h])
    _ticks(ax, "x", labels, rotate=len(labels) > 8 and by != "month")
    ax.set_xlim(-0.6, len(frame) - 0.4)
    ax.set_xlabel(dim)
    ax.set_title(t("by.dim", lang, dim=dim.lower()), loc="left")
    if hidden.any():
        _public_note(ax, lang)
    ax.grid(axis="x", visible=False)
    return fig


def _heights(counts: list[object], hidden: np.ndarray) -> np.ndarray:
    """Bar heights of counts: 0 for a hidden one (it is never drawn)."""
    return np.array([0.0 if h else float(c) for c, h in zip(counts, hidden, strict=True)])


def _event_bars(ax: Any, x: np.ndarray, heights: np.ndarray, shown: np.ndarray, lang: str) -> None:
    """Bars of the number of cases in each group (events: month, cause, place)."""
    bars = ax.bar(x[shown], heights[shown], color=PRIMARY, width=0.65)
    _bar_labels(ax, bars, lang)
    ax.set_ylabel(t("ax.cases", lang))
    _number_axis(ax.yaxis, lang, integer=True)
    ax.set_ylim(0, _count_top(heights[shown]))


def _case_bars(
    ax: Any, x: np.ndarray, timely: np.ndarray, total: np.ndarray, shown: np.ndarray, lang: str
) -> None:
    """Stacked bars of cases handled in time and not (cases as units: T4)."""
    colours = {"timely": STATUS_COLOURS["achieved"], "not_timely": ACCENT}
    ax.bar(x[shown], timely[shown], color=colours["timely"], width=0.65)
    ax.bar(
        x[shown],
        (total - timely)[shown],
        bottom=timely[shown],
        color=colours["not_timely"],
        width=0.65,
    )
    ax.set_ylabel(t("ax.cases", lang))
    _number_axis(ax.yaxis, lang, integer=True)
    ax.set_ylim(0, _count_top(total[shown]))
    handles = [Patch(color=c, label=t(f"plot.{key}", lang)) for key, c in colours.items()]
    ax.legend(handles=handles, loc="upper right")


def _value_bars(
    ax: Any, x: np.ndarray, values: np.ndarray, shown: np.ndarray, result: Any, lang: str
) -> None:
    """The value of each group (people as units) against the target line."""
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
    return value_label(by, value, lang)
