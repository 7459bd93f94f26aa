"""The funnel plot of one district target (Spiegelhalter 2005): each school's value against
its denominator, inside the 95% and 99,8% control limits around the funnel's centre.

The figure draws what the report's tables show (:mod:`planlib.present.district.shown`): a
school whose counts the disclosure rule hides is not drawn (its point would give the count
back, as value × denominator), the figure says that some were left off, and no point carries
a count. The schools outside the 99,8% limits get their name beside their point; the report
names them below the figure in words too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from planlib.core.fmt import fmt_value
from planlib.core.i18n import t
from planlib.evaluation.district import PooledIndicator
from planlib.evaluation.funnel import funnel_limits, has_width, level_key
from planlib.present.district.context import DistrictContext
from planlib.present.district.shown import ShownFigure, pooled_hidden, school_figures
from planlib.present.plots.base import (
    MUTED,
    PRIMARY,
    STATUS_COLOURS,
    THRESHOLD,
    _new,
    _number_axis,
    _styled,
)
from planlib.present.textreport import target_text

__all__ = ["funnel"]

_LEVELS = (0.95, 0.998)
_LIMIT_STYLE = {0.95: {"ls": "--", "lw": 1.1}, 0.998: {"ls": "-", "lw": 1.3}}
_LABEL_WIDTH = 24


def _grid(drawn: list[ShownFigure]) -> np.ndarray:
    """Whole denominators from a little left of the smallest school to a little past the
    largest: every one when they are few (small counts of cases), else 240 of them."""
    dens = [float(s.figure.denominator) for s in drawn]  # type: ignore[arg-type]
    low, high = max(np.floor(min(dens) * 0.5), 1.0), np.ceil(max(dens) * 1.15) + 1
    if high - low <= 240:
        return np.arange(low, high + 1).astype(np.int64)
    return np.unique(np.round(np.geomspace(low, high, 240))).astype(np.int64)


def _short(name: str) -> str:
    return name if len(name) <= _LABEL_WIDTH else name[: _LABEL_WIDTH - 1] + "…"


def _limits(ax: Any, ind: PooledIndicator, grid: np.ndarray, lang: str) -> tuple[list, float]:
    """The limit curves (:func:`planlib.evaluation.funnel.funnel_limits`, the limits the
    schools were tested against) and their legend entries, and the highest 95% limit drawn."""
    limits = funnel_limits(ind.centre, grid, factor=ind.factor, model=ind.model, levels=_LEVELS)  # type: ignore[arg-type]
    handles = []
    for level in _LEVELS:
        style = _LIMIT_STYLE[level]
        for side in ("lower", "upper"):
            ax.plot(grid, limits[f"{side}{level_key(level)}"], color=PRIMARY, **style, zorder=2)
        label = t(f"dst.plot.limit_{level_key(level)}", lang)
        handles.append(Line2D([], [], color=PRIMARY, label=label, **style))
    return handles, float(limits[f"upper{level_key(_LEVELS[0])}"].iloc[-1])


def _centre_lines(ax: Any, ind: PooledIndicator, lang: str) -> list[Any]:
    rule = target_text(ind, lang)  # type: ignore[arg-type]
    target = ax.axhline(ind.threshold, color=THRESHOLD, ls=":", lw=1.4, zorder=1)
    target.set_label(t("plot.target", lang, rule=rule))
    handles = [target]
    if not ind.centre_is_target and ind.centre is not None:
        value = fmt_value(ind.centre, ind.unit, lang)
        pooled = ax.axhline(ind.centre, color=MUTED, ls="-.", lw=1.0, zorder=1)
        pooled.set_label(t("dst.plot.pooled", lang, value=value))
        handles.append(pooled)
    return handles


def _points(ax: Any, drawn: list[ShownFigure], lang: str) -> list[Any]:
    """The schools' points, one scatter per look (status, outside or not: each drawn in the
    schools' order; the schools outside the 99,8% limits on top, named beside their point)."""
    statuses: list[str] = []
    groups: dict[tuple[str, bool], tuple[list[float], list[float]]] = {}
    for s in drawn:
        f = s.figure
        outside = f.outside998 is not None
        xs, ys = groups.setdefault((f.status, outside), ([], []))
        xs.append(f.denominator)  # type: ignore[arg-type]
        ys.append(f.value)  # type: ignore[arg-type]
        if outside:
            ax.annotate(
                _short(f.school), (f.denominator, f.value), xytext=(5, 4),
                textcoords="offset points", fontsize=7.5,
                color=STATUS_COLOURS.get(f.status, MUTED),
            )  # fmt: skip
        if f.status not in statuses:
            statuses.append(f.status)
    for (status, outside), (xs, ys) in groups.items():
        ax.scatter(
            xs, ys, s=46 if outside else 32, color=STATUS_COLOURS.get(status, MUTED),
            edgecolor="black" if outside else "white", linewidth=0.8, zorder=5 if outside else 4,
        )  # fmt: skip
    return [
        Line2D([], [], color=STATUS_COLOURS.get(s, MUTED), marker="o", ls="",
               label=t(f"status.{s}", lang))
        for s in statuses
    ]  # fmt: skip


@_styled
def funnel(ctx: DistrictContext, indicator_id: str) -> Figure | None:
    """The funnel plot of one target; ``None`` when no school can be drawn on it, when its
    centre gives a funnel no width (every school at 100%), or when its centre is a pooled
    value the disclosure rule withholds.

    Parameters
    ----------
    ctx
        The district, its language and disclosure rule.
    indicator_id
        The target (``T2.1``).
    """
    ind = ctx.ev.indicator(indicator_id)
    shown = [s for s in school_figures(ctx, ind) if s.figure.denominator]
    drawn = [s for s in shown if s.value is not None]
    if not drawn or not has_width(ind.centre, factor=ind.factor, model=ind.model):
        return None
    if not ind.centre_is_target and pooled_hidden(ctx, ind):
        return None  # centred on a pooled value the rule withholds: the centre would show it
    lang = ctx.lang
    fig, ax = _new((7.0, 3.6))
    grid = _grid(drawn)
    handles, upper95 = _limits(ax, ind, grid, lang)
    handles += _centre_lines(ax, ind, lang) + _points(ax, drawn, lang)
    values = [float(s.figure.value) for s in drawn]  # type: ignore[arg-type]
    top = max([*values, ind.threshold, ind.centre, upper95]) * 1.15
    if ind.unit == "percent":
        top = min(max(top, 5.0), 105.0)
    ax.set_ylim(0, top or 1.0)
    ax.set_xlim(grid[0], grid[-1])
    ax.set_xlabel(t("dst.ax.denominator", lang))
    ax.set_ylabel(t(f"ax.value.{ind.unit}", lang))
    ax.set_title(f"{ind.id} — {t('dst.plot.title', lang)}", loc="left")
    _number_axis(ax.xaxis, lang, integer=True)
    _number_axis(ax.yaxis, lang)
    if len(shown) > len(drawn):  # said without their number: nothing here reads as a count
        note = t("dst.plot.left_off", lang)
        ax.set_title(note, loc="right", fontsize=7, fontweight="normal", color=MUTED)
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=7.5)
    return fig
