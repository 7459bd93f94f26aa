"""The explorer's chart: the breakdown as bars, PNG bytes, in the report's colours.

Bars of a group are coloured by its status (:data:`planlib.present.style.STATUS_COLOURS`, as
the report's badges and figures); events are counted in the house colour. Matplotlib's object
API only: no pyplot state in the kernel.
"""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from planlib.apps.explore.labels import rule_text
from planlib.core.fmt import fmt_value
from planlib.core.i18n import t
from planlib.evaluation.evaluate import IndicatorResult
from planlib.evaluation.indicators import DIMENSIONS
from planlib.inputs.plan import Target
from planlib.present.style import PALETTE, STATUS_COLOURS

__all__ = ["chart_png"]

#: more groups than this: the tick labels turn
_TURN_TICKS = 8


def _dim(by: str, lang: str) -> str:
    """The dimension's name inside a sentence: ``giới tính``."""
    return t(f"dim.{by}", lang).lower()


def _event_bars(ax: Axes, table: pd.DataFrame, by: str, lang: str) -> None:
    """Bars of the numerator's events per group (month, cause, place, kind)."""
    import seaborn as sns

    y = table["numerator"].astype("float64").to_numpy()
    data = pd.DataFrame({"label": table["label"], "y": y})
    sns.barplot(
        data=data, x="label", y="y", ax=ax, color=PALETTE["primary"], errorbar=None, saturation=1
    )
    ax.set_ylabel(t("ax.cases", lang))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(t("xp.events_only", lang, dim=_dim(by, lang)), fontsize=9)


def _group_bars(ax: Axes, table: pd.DataFrame, lang: str) -> None:
    """Bars of each group's value coloured by status, with their 95% intervals."""
    import seaborn as sns

    values = table["value"].astype("float64").fillna(0.0).to_numpy()
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
    ok = ~pd.isna(low)
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


def _reference_lines(ax: Axes, target: Target, figures: IndicatorResult, lang: str) -> None:
    """The plan's threshold and the overall (filtered) value, with a legend."""
    ax.axhline(
        float(target.threshold),
        color=PALETTE["threshold"],
        linestyle="--",
        linewidth=1.2,
        label=t("plot.target", lang, rule=rule_text(target, lang)),
    )
    if figures.value is not None:
        overall = t("xp.overall", lang, value=fmt_value(figures.value, target.unit, lang))
        ax.axhline(
            figures.value,
            color=PALETTE["primary"],
            linestyle=":",
            linewidth=1.2,
            label=overall,
        )
    ax.set_ylabel(t(f"ax.value.{target.unit}", lang))
    ax.set_xlabel("")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)


def chart_png(
    table: pd.DataFrame,
    *,
    by: str,
    target: Target,
    figures: IndicatorResult,
    lang: str,
) -> bytes:
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

    Returns
    -------
    bytes
        A PNG image.
    """
    fig = Figure(figsize=(8, 3.8), dpi=96, layout="constrained")
    ax = fig.add_subplot()
    title = t("xp.chart_title", lang, id=target.id, by=t("by.dim", lang, dim=_dim(by, lang)))
    ax.set_title(title, fontsize=11, loc="left")
    if table.empty:
        ax.text(0.5, 0.5, t("xp.no_rows", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    elif DIMENSIONS.get(by) == "event":
        _event_bars(ax, table, by, lang)
    else:
        _group_bars(ax, table, lang)
        _reference_lines(ax, target, figures, lang)
    if len(table) > _TURN_TICKS:
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
