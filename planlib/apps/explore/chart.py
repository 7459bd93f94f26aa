"""The explorer's chart: the breakdown as bars, PNG bytes, in the report's colours.

Bars of a group are coloured by its status (:data:`planlib.present.style.STATUS_COLOURS`, as
the report's badges and figures); events are counted in the house colour. Every bar carries
its counts (numerator/denominator, as the disclosure rule shows them), a group with small
numbers says "n nhỏ", a breakdown without any case says so on the chart, and the plan's
threshold line always lies inside the plot, above the axis. Axis numbers are written as the
report writes them (Babel: ``0,5``). Matplotlib's object API only: no pyplot state in the
kernel.
"""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from planlib.apps.explore.disclose import event_counts, group_counts, shown_text
from planlib.apps.explore.labels import rule_text
from planlib.core.disclosure import Internal
from planlib.core.fmt import fmt_number, fmt_value
from planlib.core.i18n import t
from planlib.evaluation.evaluate import IndicatorResult
from planlib.evaluation.indicators import DIMENSIONS
from planlib.inputs.plan import Parameters, Target
from planlib.present.style import PALETTE, STATUS_COLOURS

__all__ = ["chart_figure", "chart_png"]

#: more groups than this: the tick labels turn
_TURN_TICKS = 8
#: room above the highest bar, interval or line, and below the axis for a threshold of 0
_TOP_ROOM, _BOTTOM_ROOM = 1.22, 0.06


def _dim(by: str, lang: str) -> str:
    """The dimension's name inside a sentence: ``giới tính``."""
    return t(f"dim.{by}", lang).lower()


def _number_axis(ax: Axes, lang: str) -> None:
    """Axis numbers as the report writes them: ``0,5``, ``1.000``."""

    def tick(value: float, _pos: object) -> str:
        return fmt_number(value, 2, lang, trim=True) if value >= 0 else ""  # no negative counts

    ax.yaxis.set_major_formatter(FuncFormatter(tick))


def _no_cases(ax: Axes, lang: str) -> None:
    ax.text(
        0.5,
        0.55,
        t("xp.chart.no_cases", lang),
        ha="center",
        va="center",
        transform=ax.transAxes,
        fontsize=13,
        color=PALETTE["muted"],
    )


def _event_bars(ax: Axes, table: pd.DataFrame, by: str, lang: str, rule: Internal) -> None:
    """Bars of the numerator's events per group (month, cause, place, kind), counts on top."""
    import seaborn as sns

    shown, hidden = event_counts(rule, [int(n) for n in table["numerator"]])
    y = [0.0 if h else float(n) for n, h in zip(table["numerator"], hidden, strict=True)]
    data = pd.DataFrame({"label": table["label"], "y": y})
    sns.barplot(
        data=data, x="label", y="y", ax=ax, color=PALETTE["primary"], errorbar=None, saturation=1
    )
    top = max([*y, 1.0]) * _TOP_ROOM
    for x, (height, count) in enumerate(zip(y, shown, strict=True)):
        ax.text(x, height + top * 0.02, shown_text(count, lang), ha="center", fontsize=8)
    ax.set_ylim(0, top)
    ax.set_ylabel(t("ax.cases", lang))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(t("xp.events_only", lang, dim=_dim(by, lang)), fontsize=9)
    if not any(int(n) for n in table["numerator"]):
        _no_cases(ax, lang)


def _small(n: int, d: int, parameters: Parameters) -> bool:
    """The evaluation's small-numbers rule for one group."""
    return d > 0 and (n < parameters.small_numerator or d < parameters.small_denominator)


def _group_bars(
    ax: Axes, table: pd.DataFrame, lang: str, rule: Internal, parameters: Parameters
) -> float:
    """Bars of each group's value coloured by status, their 95% intervals and counts on top.

    Returns the highest point drawn (bar or interval).
    """
    import seaborn as sns

    nums = [int(n) for n in table["numerator"]]
    dens = [int(d) for d in table["denominator"]]
    shown_n, shown_d, hidden = group_counts(rule, nums, dens)
    values = table["value"].astype("float64").fillna(0.0).to_numpy().copy()
    values[hidden] = 0.0  # a value that would reveal a hidden count is not drawn
    statuses = [s or "not_applicable" for s in table["status"]]
    data = pd.DataFrame({"label": table["label"], "y": values, "status": statuses})
    sns.barplot(
        data=data,
        x="label",
        y="y",
        hue="status",
        palette={s: STATUS_COLOURS[s] for s in set(statuses)},
        dodge=False,
        errorbar=None,
        saturation=1,  # the palette's own colours, as in the report
        legend=False,
        ax=ax,
    )
    low = table["ci_low"].astype("float64").to_numpy()
    high = table["ci_high"].astype("float64").to_numpy()
    ok = ~pd.isna(low) & ~pd.Series(hidden).to_numpy()
    ax.errorbar(
        [p for p, k in zip(range(len(table)), ok, strict=True) if k],
        values[ok],
        yerr=[values[ok] - low[ok], high[ok] - values[ok]],
        fmt="none",
        ecolor=PALETTE["threshold"],
        capsize=3,
        linewidth=1,
        label=t("col.ci", lang),
    )
    tops = [max(v, h) if k else v for v, h, k in zip(values, high, ok, strict=True)]
    for x, top in enumerate(tops):
        text = f"{shown_text(shown_n[x], lang)}/{shown_text(shown_d[x], lang)}"
        if _small(nums[x], dens[x], parameters):
            text += "\n" + t("xp.chart.small_n", lang)
        ax.annotate(
            text,
            (x, top),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    return float(max([*tops, 0.0]))


def _reference_lines(
    ax: Axes, target: Target, figures: IndicatorResult, lang: str, highest: float
) -> None:
    """The plan's threshold and the overall (filtered) value, inside the plot, with a legend."""
    threshold = float(target.threshold)
    overall = figures.value if figures.value is not None else 0.0
    top = max(highest, threshold, overall)
    top = top * _TOP_ROOM if top > 0 else 1.0
    ax.set_ylim(-top * _BOTTOM_ROOM, top)  # a threshold of 0 stays visible above the axis
    ax.axhline(
        threshold,
        color=PALETTE["threshold"],
        linestyle="--",
        linewidth=1.6,
        label=t("plot.target", lang, rule=rule_text(target, lang)),
        zorder=3,
    )
    if figures.value is not None:
        label = t("xp.overall", lang, value=fmt_value(figures.value, target.unit, lang))
        ax.axhline(
            figures.value, color=PALETTE["primary"], linestyle=":", linewidth=1.2, label=label
        )
    ax.set_ylabel(t(f"ax.value.{target.unit}", lang))
    ax.set_xlabel("")
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], linestyle="none"))
    labels.append(t("xp.chart.bar_counts", lang))
    ax.legend(
        handles, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False
    )


def chart_figure(
    table: pd.DataFrame,
    *,
    by: str,
    target: Target,
    figures: IndicatorResult,
    lang: str,
    rule: Internal | None = None,
    parameters: Parameters | None = None,
) -> Figure:
    """A bar chart of the breakdown ``table`` (:func:`~planlib.apps.explore.tables.breakdown`).

    Parameters
    ----------
    table
        The breakdown by ``by``.
    by
        The dimension.
    target
        The indicator's target: its threshold is drawn as a line.
    figures
        The overall (filtered) figures: their value is drawn as a line.
    lang
        ``vi`` or ``en``.
    rule
        The disclosure rule of the counts on the bars (default: every count).
    parameters
        The plan's parameters (the small-numbers rule).

    Returns
    -------
    matplotlib.figure.Figure
        Drawn on an Agg canvas (its tick labels can be read).
    """
    rule = rule or Internal()
    parameters = parameters or Parameters()
    fig = Figure(figsize=(8.6, 3.9), dpi=96, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    by_text = t("by.dim", lang, dim=_dim(by, lang))
    title = t("xp.chart.title", lang, id=target.id, label=target.label(lang), by=by_text)
    ax.set_title(title, fontsize=10, loc="left", wrap=True)
    if table.empty:
        ax.text(0.5, 0.5, t("xp.no_rows", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    elif DIMENSIONS.get(by) == "event":
        _event_bars(ax, table, by, lang, rule)
    else:
        highest = _group_bars(ax, table, lang, rule, parameters)
        _reference_lines(ax, target, figures, lang, highest)
        if not int(table["numerator"].sum()):
            _no_cases(ax, lang)
    _number_axis(ax, lang)
    if len(table) > _TURN_TICKS:
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.canvas.draw()
    return fig


def chart_png(table: pd.DataFrame, **options: object) -> bytes:
    """:func:`chart_figure` as PNG bytes (the same keyword options)."""
    fig = chart_figure(table, **options)  # type: ignore[arg-type]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
