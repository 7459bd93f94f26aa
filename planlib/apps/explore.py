"""The explorer: where the school stands during the year, in JupyterLab widgets.

``notebooks/00_explore.ipynb`` only calls :func:`build_explorer`. Everything it shows comes
from the pure functions of this module, so they can be tested without a browser:

- :func:`filter_counts` keeps the units of an indicator's
:class:`~planlib.evaluation.indicators.Counts`
  that match a :class:`Filters` (grades, classes, sex, a month range), and :func:`recompute`
  gives the filtered figures by the plan's own rule (:meth:`~planlib.inputs.plan.Target.holds`) and
  statistics (:func:`~planlib.evaluation.stats.ci95`, :func:`~planlib.evaluation.stats.headroom`);
- :func:`breakdown` is :func:`~planlib.evaluation.indicators.disaggregate` with labels, per-group
status
  and interval;
- :func:`what_if` answers "how many more injuries can we afford this year?";
- :func:`drill_down` lists the units behind a figure by pseudonymous id and attributes only;
- :func:`data_quality` tabulates every warning, or every error of an invalid workbook.

:class:`Explorer` owns the widgets and keeps what it shows in plain attributes (``figures``,
``table``, ``drill``, ``what_if_result``, ``quality``, ``chart_png``, ``status_text``).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import html
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from planlib.core.contract import TABLES
from planlib.core.errors import DataError, PlanError, Problem, UsageError
from planlib.core.fmt import fmt_date, fmt_int, fmt_value
from planlib.core.i18n import LABELS, check_lang, t
from planlib.evaluation.evaluate import Evaluation, IndicatorResult, evaluate, figures, status_of
from planlib.evaluation.indicators import DIMENSIONS, Counts, disaggregate
from planlib.evaluation.session import open_plan, open_school_workbook
from planlib.evaluation.stats import ci95
from planlib.inputs.plan import Parameters, Plan, Target
from planlib.inputs.workbook import Workbook
from planlib.present.textreport import ci_text, headroom_text, target_text

__all__ = [
    "DRILL_COLUMNS",
    "Explorer",
    "Filters",
    "WhatIf",
    "breakdown",
    "build_explorer",
    "data_quality",
    "dimensions",
    "drill_down",
    "filter_counts",
    "recompute",
    "what_if",
]

#: the only columns a drill-down may show: pseudonymous ids and disaggregation attributes
DRILL_COLUMNS = ("unit", "event", "student", *DIMENSIONS)
#: unit attributes first, then event attributes, in the order the dropdown lists them
_DIMENSION_ORDER = ("sex", "grade", "class_name", "role", "month", "kind", "cause", "place")
DRILL_LIMIT = 1000
STATUS_COLOURS = {
    "achieved": "#1b7a3a",
    "not_achieved": "#c0392b",
    "not_applicable": "#7f8c8d",
    "no_data": "#b9770e",
}
_DRILL_KINDS = ("numerator", "denominator", "outside", "events")


# --- filtering and recomputing ---------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Which units to keep; an empty selection keeps everything.

    Parameters
    ----------
    grades, classes, sexes
        Keep units whose ``grade`` / ``class_name`` / ``sex`` is one of these.
    months
        ``(first, last)`` month numbers: keep events (and units with an event) in that range.
    """

    grades: tuple[int, ...] = ()
    classes: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    months: tuple[int, int] | None = None

    @property
    def active(self) -> bool:
        return bool(self.grades or self.classes or self.sexes or self.months is not None)

    def by_column(self) -> dict[str, tuple[object, ...]]:
        """The unit-attribute filters that are set, keyed by column."""
        pairs = {"grade": self.grades, "class_name": self.classes, "sex": self.sexes}
        return {column: values for column, values in pairs.items() if values}


def _event_key(counts: Counts) -> str:
    """The events column that names a numerator unit: the child, or the incident itself."""
    return "student" if counts.unit == "student" else "event"


def months_apply(counts: Counts) -> bool:
    """Whether a month range means something for these counts (incident-based indicators)."""
    if "month" in counts.denominator.columns:
        return True
    return counts.events is not None and "month" in counts.events.columns


def filter_counts(counts: Counts, filters: Filters) -> Counts:
    """Keep the units (and events) of ``counts`` that match ``filters``.

    Unit attributes filter numerator and denominator alike, so a filter on one group gives
    that group's row of :func:`~planlib.evaluation.indicators.disaggregate`. The month range
    filters the
    incidents: for T4 the cases themselves (numerator and denominator); for injuries the
    events, keeping in the numerator the children (or incidents) with an event in range while
    the denominator (the children of the reference date) stays whole. A filter on a column the
    counts do not have (sex of staff) does not apply and is ignored.
    """
    numerator, denominator, events = counts.numerator, counts.denominator, counts.events
    for column, values in filters.by_column().items():
        if column in denominator.columns:
            denominator = denominator.loc[denominator[column].isin(values).fillna(False)]
        if column in numerator.columns:
            numerator = numerator.loc[numerator[column].isin(values).fillna(False)]
    if filters.months is not None and months_apply(counts):
        first, last = filters.months
        if "month" in denominator.columns:
            denominator = denominator.loc[denominator["month"].between(first, last).fillna(False)]
            numerator = numerator.loc[numerator["month"].between(first, last).fillna(False)]
        elif events is not None:
            events = events.loc[events["month"].between(first, last).fillna(False)]
            numerator = numerator.loc[numerator["unit"].isin(events[_event_key(counts)])]
    if events is not None:
        events = events.loc[events[_event_key(counts)].isin(numerator["unit"])]
        events = events.reset_index(drop=True)
    return replace(
        counts,
        numerator=numerator.reset_index(drop=True),
        denominator=denominator.reset_index(drop=True),
        events=events,
    )


def recompute(
    result: IndicatorResult, target: Target, counts: Counts, parameters: Parameters
) -> IndicatorResult:
    """The figures of ``counts`` (usually filtered) by the plan's rule and statistics.

    Returns a copy of ``result`` with numerator, denominator, value, status, interval,
    headroom and small-numbers flag recomputed; unfiltered counts give ``result`` back.
    """
    return replace(result, **figures(target, counts.n, counts.d, parameters))


def _has_event_column(counts: Counts, column: str) -> bool:
    return counts.events is not None and column in counts.events.columns


def dimensions(counts: Counts | None) -> list[str]:
    """The disaggregations that make sense for these counts, in display order.

    Sex, grade and class (or role for staff) when the units carry them; month when the
    indicator counts incidents; cause (injuries only) and place when its events have them; kind
    of case when the denominator is made of cases (T4).
    """
    if counts is None:
        return []
    out = []
    for dim in _DIMENSION_ORDER:
        if DIMENSIONS[dim] == "unit":
            ok = dim in counts.denominator.columns
        elif dim == "month":
            ok = months_apply(counts)
        elif dim == "kind":
            ok = "kind" in counts.denominator.columns
        elif dim == "cause":  # recorded for injuries, not for the cases of T4
            ok = _has_event_column(counts, dim) and "kind" not in counts.denominator.columns
        else:
            ok = _has_event_column(counts, dim)
        if ok:
            out.append(dim)
    return out


# --- labels ------------------------------------------------------------------------------------


def _label(key: str, lang: str, fallback: str, **params: object) -> str:
    return t(key, lang, **params) if key in LABELS else fallback


def value_label(dim: str, value: object, lang: str = "vi") -> str:
    """A dimension value in words: ``F`` → ``Nữ``, ``7`` (grade) → ``Khối 7``."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return t("not_recorded", lang)
    if dim == "grade":
        return t("grade.value", lang, g=value)
    if dim == "month":
        from babel.dates import get_month_names

        name = get_month_names("abbreviated", locale="en_GB")[int(value)]  # type: ignore[call-overload]
        return t("month.value", lang, m=value, name=name)
    prefix = {"sex": "sex", "role": "role", "kind": "incident", "cause": "cause", "place": "place"}
    if dim in prefix:
        return _label(f"{prefix[dim]}.{value}", lang, str(value))
    return str(value)


def _column_label(column: str, lang: str, unit: str = "student") -> str:
    if column == "unit":
        return t(f"xp.col.unit.{unit}", lang)
    if column in ("event", "student"):
        return t(f"xp.col.{column}", lang)
    return _label(f"dim.{column}", lang, column)


def _nouns(target: Target, parameters: Parameters, lang: str) -> tuple[str, str]:
    """Short nouns for the numerator and denominator: ``trẻ em bị TNTT``, ``trẻ em``."""
    method = target.method
    num_key = f"noun.num.{method}"
    if method == "injury_rate" and parameters.injury_count == "incidents":
        num_key += ".incidents"
    return (
        _label(num_key, lang, t("xp.noun.cases", lang)),
        _label(f"noun.den.{method}", lang, t("xp.noun.units", lang)),
    )


def _rule(target: Target, lang: str) -> str:
    threshold = fmt_value(float(target.threshold), target.unit, lang, 2, trim=True)
    return t(f"xp.rule.{target.op}", lang, x=threshold)


# --- what if -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIf:
    """The figures an indicator would have with other counts, and what that leaves.

    ``more`` is, for an upper-bound rule, how many more numerator cases still meet it (``None``
    when the rule is already broken or cannot hold); for a lower-bound rule, how many more are
    needed (0 when met).
    """

    numerator: int
    denominator: int
    value: float | None
    status: str
    ci95: tuple[float, float] | None
    allowed_max: int | None
    required_min: int | None
    more: int | None
    sentence: str


def what_if(
    target: Target,
    numerator: int,
    denominator: int,
    *,
    lang: str = "vi",
    parameters: Parameters | None = None,
) -> WhatIf:
    """Value, status, interval and headroom for these counts, and a sentence saying them.

    Examples
    --------
    >>> from planlib.inputs.plan import load_plan
    >>> w = what_if(load_plan().target("T2.1"), 0, 612)
    >>> w.allowed_max, w.more
    (3, 3)
    >>> w.sentence
    'Với 612 trẻ em, thêm tối đa 3 trẻ em bị TNTT nữa thì T2.1 vẫn dưới 60/10.000.'
    """
    parameters = parameters or Parameters()
    numerator, denominator = max(0, int(numerator)), max(0, int(denominator))
    counted = figures(target, numerator, denominator, parameters)
    allowed_max, required_min = counted["allowed_max"], counted["required_min"]
    num_noun, den_noun = _nouns(target, parameters, lang)
    words = {
        "id": target.id,
        "d": fmt_int(denominator, lang),
        "den": den_noun,
        "num": num_noun,
        "n": fmt_int(numerator, lang),
        "rule": _rule(target, lang),
    }
    more: int | None = None
    if denominator == 0:
        sentence = t("xp.whatif.no_denominator", lang)
    elif target.upper_bound:
        if allowed_max is None:
            sentence = t("xp.whatif.upper_impossible", lang, **words)
        elif numerator < allowed_max:
            more = allowed_max - numerator
            sentence = t("xp.whatif.upper_room", lang, more=fmt_int(more, lang), **words)
        elif numerator == allowed_max:
            more = 0
            sentence = t("xp.whatif.upper_full", lang, **words)
        else:
            over = fmt_int(numerator - allowed_max, lang)
            sentence = t(
                "xp.whatif.upper_over", lang, max=fmt_int(allowed_max, lang), over=over, **words
            )
    else:
        needed = required_min if required_min is not None else 0
        more = max(0, needed - numerator)
        key = "xp.whatif.lower_met" if more == 0 else "xp.whatif.lower_short"
        sentence = t(
            key,
            lang,
            min=fmt_int(needed, lang),
            more=fmt_int(more, lang),
            spare=fmt_int(numerator - needed, lang),
            **words,
        )
    counted.pop("small_numbers")
    return WhatIf(**counted, more=more, sentence=sentence)


# --- tables ------------------------------------------------------------------------------------


def breakdown(
    counts: Counts, by: str, target: Target, *, lang: str = "vi", months: tuple[int, int] = (1, 12)
) -> pd.DataFrame:
    """:func:`~planlib.evaluation.indicators.disaggregate` with labels, and per group status and
    interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``by`` (the code), ``label``, ``numerator``, ``denominator``, ``value``,
        ``ci_low``, ``ci_high`` and ``status``; the last five are empty for event dimensions
        (month, cause, place, kind), where only the numerator's events are counted. Months
        are listed from ``months[0]`` to ``months[1]``, with 0 where nothing happened.
    """
    table = disaggregate(counts, by, factor=target.factor)
    if by == "month":
        first, last = months
        present = table.set_index("month")["numerator"]
        present = present[present.index.notna()]
        present.index = present.index.astype("int64")
        full = pd.RangeIndex(first, last + 1, name="month")
        table = pd.DataFrame(
            {
                "month": full,
                "numerator": present.reindex(full, fill_value=0).astype("Int64").to_numpy(),
                "denominator": pd.array([pd.NA] * len(full), dtype="Int64"),
                "value": pd.array([pd.NA] * len(full), dtype="Float64"),
            }
        )
    table.insert(1, "label", [value_label(by, v, lang) for v in table[by]])
    lows, highs, statuses = [], [], []
    for n, d in zip(table["numerator"], table["denominator"], strict=True):
        if d is pd.NA:
            lows.append(None)
            highs.append(None)
            statuses.append(None)
            continue
        interval = ci95(target, int(n), int(d))
        lows.append(interval[0] if interval else None)
        highs.append(interval[1] if interval else None)
        statuses.append(status_of(target, int(n), int(d)))
    table["ci_low"] = pd.array(lows, dtype="Float64")
    table["ci_high"] = pd.array(highs, dtype="Float64")
    table["status"] = pd.Series(statuses, dtype=object)
    return table.reset_index(drop=True)


def drill_down(counts: Counts, which: str = "numerator") -> pd.DataFrame:
    """The units behind a figure, by pseudonymous id and attributes only.

    Parameters
    ----------
    counts
        An indicator's (filtered) counts.
    which
        ``numerator``, ``denominator``, ``outside`` (in the denominator but not the
        numerator: the children still to support, the cases not intervened in time) or
        ``events`` (the incidents behind the numerator).

    Returns
    -------
    pandas.DataFrame
        Only columns of :data:`DRILL_COLUMNS`: never a name or free text, even if a future
        indicator function passed one along.
    """
    if which == "numerator":
        frame = counts.numerator
    elif which == "denominator":
        frame = counts.denominator
    elif which == "outside":
        inside = set(counts.numerator["unit"])
        units = counts.denominator["unit"]
        if counts.unit == "incident" and inside and not units.isin(inside).any():
            # injuries counted as incidents over children: leave out the injured children
            inside |= set(counts.events["student"]) if counts.events is not None else set()
        frame = counts.denominator.loc[~units.isin(inside)]
    elif which == "events":
        frame = counts.events if counts.events is not None else pd.DataFrame({"event": []})
    else:
        raise ValueError(f"which must be one of {', '.join(_DRILL_KINDS)} (got {which!r})")
    columns = [c for c in frame.columns if c in DRILL_COLUMNS]
    sort = [c for c in ("unit", "event") if c in columns][:1]
    out = frame[columns]
    if sort:
        out = out.sort_values(sort, kind="stable")
    return out.reset_index(drop=True)


_TABLE_NAMES = {table.id: (table.vi, table.en) for table in TABLES}
_COLUMN_NAMES = {
    (table.id, col.id): (col.vi, col.en or col.id) for table in TABLES for col in table.columns
}


def data_quality(
    problems: Iterable[Problem], *, lang: str = "vi", plan_error: PlanError | None = None
) -> pd.DataFrame:
    """Every problem of a workbook (and of the plan file), errors first.

    Returns
    -------
    pandas.DataFrame
        Columns ``severity`` (``error``/``warning``), ``table``, ``row``, ``column`` (ids as
        in the data contract), ``code`` and ``message`` (the full sentence, in ``lang``).
    """
    rows: list[dict[str, object]] = []
    if plan_error is not None:
        rows += [
            {
                "severity": "error",
                "table": Path(plan_error.source).name,
                "row": None,
                "column": key or None,
                "code": "plan",
                "message": message,
            }
            for key, message in plan_error.problems
        ]
    ordered = sorted(problems, key=lambda p: (not p.is_error, p.sort_key()))
    rows += [
        {
            "severity": p.severity,
            "table": p.table,
            "row": p.row,
            "column": p.column,
            "code": p.code,
            "message": p.message(lang),
        }
        for p in ordered
    ]
    frame = pd.DataFrame(rows, columns=["severity", "table", "row", "column", "code", "message"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


# --- HTML and chart ----------------------------------------------------------------------------

_CSS = """<style>
.planlib-explorer .planlib-grid { border-collapse: collapse; font-size: 13px; margin: 4px 0; }
.planlib-explorer .planlib-grid th { background: #eef2f5; text-align: left; padding: 3px 8px;
  border-bottom: 1px solid #9aa5b1; position: sticky; top: 0; }
.planlib-explorer .planlib-grid td { padding: 2px 8px; border-bottom: 1px solid #e1e5ea; }
.planlib-explorer .planlib-scroll { max-height: 380px; overflow: auto; }
.planlib-explorer .planlib-banner { background: #fff4d6; border: 1px solid #e0b000;
  padding: 4px 8px; margin: 4px 0; }
.planlib-explorer .planlib-error { background: #fdecea; border: 1px solid #c0392b;
  padding: 4px 8px; margin: 4px 0; }
.planlib-explorer .planlib-figures td { padding: 2px 12px 2px 0; }
.planlib-explorer .planlib-status { font-weight: bold; color: white; padding: 1px 8px;
  border-radius: 3px; }
.planlib-explorer .planlib-note { color: #555; font-size: 12px; }
.planlib-explorer p { margin: 3px 0; }
.planlib-explorer .lm-TabBar-tab { flex: 0 0 auto !important; max-width: none !important; }
</style>"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _grid(frame: pd.DataFrame) -> str:
    if frame.empty:
        return ""
    return frame.to_html(index=False, escape=True, border=0, classes="planlib-grid", na_rep="—")


def _status_badge(status: str | None, lang: str) -> str:
    if status is None:
        return "—"
    colour = STATUS_COLOURS.get(status, "#555")
    label = _e(t(f"status.{status}", lang))
    return f'<span class="planlib-status" style="background:{colour}">{label}</span>'


def _chart_png(
    table: pd.DataFrame,
    *,
    by: str,
    target: Target,
    figures: IndicatorResult,
    lang: str,
) -> bytes:
    """A bar chart of the breakdown as PNG bytes (matplotlib's object API: no pyplot state)."""
    import seaborn as sns
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.8), dpi=96, layout="constrained")
    ax = fig.add_subplot()
    title = f"{target.id} — {t('by.dim', lang, dim=t(f'dim.{by}', lang).lower())}"
    ax.set_title(title, fontsize=11, loc="left")
    event_dim = DIMENSIONS.get(by) == "event"
    if table.empty:
        ax.text(0.5, 0.5, t("xp.no_rows", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    elif event_dim:
        data = pd.DataFrame(
            {"label": table["label"], "y": table["numerator"].astype("float64").to_numpy()}
        )
        sns.barplot(data=data, x="label", y="y", ax=ax, color="#4a78a8", errorbar=None)
        ax.set_ylabel(t("ax.cases", lang))
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(t("xp.events_only", lang, dim=t(f"dim.{by}", lang).lower()), fontsize=9)
    else:
        values = table["value"].astype("float64").fillna(0.0).to_numpy()
        statuses = [s or "not_applicable" for s in table["status"]]
        data = pd.DataFrame({"label": table["label"], "y": values, "status": statuses})
        palette = {s: STATUS_COLOURS[s] for s in set(statuses)}
        sns.barplot(
            data=data,
            x="label",
            y="y",
            hue="status",
            palette=palette,
            dodge=False,
            errorbar=None,
            legend=False,
            ax=ax,
        )
        low = table["ci_low"].astype("float64").to_numpy()
        high = table["ci_high"].astype("float64").to_numpy()
        ok = ~pd.isna(low)
        positions = range(len(table))
        ax.errorbar(
            [p for p, k in zip(positions, ok, strict=True) if k],
            values[ok],
            yerr=[values[ok] - low[ok], high[ok] - values[ok]],
            fmt="none",
            ecolor="#333",
            capsize=3,
            linewidth=1,
            label=t("col.ci", lang),
        )
        ax.axhline(
            float(target.threshold),
            color="#222",
            linestyle="--",
            linewidth=1.2,
            label=t("plot.target", lang, rule=_rule(target, lang)),
        )
        if figures.value is not None:
            ax.axhline(
                figures.value,
                color="#4a78a8",
                linestyle=":",
                linewidth=1.2,
                label=f"{t('xp.overall', lang)}: {fmt_value(figures.value, target.unit, lang)}",
            )
        ax.set_ylabel(t(f"ax.value.{target.unit}", lang))
        ax.set_xlabel("")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    if len(table) > 8:
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


# --- the widgets -------------------------------------------------------------------------------


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class Explorer:
    """The explorer's widgets and what they currently show.

    Build it with :func:`build_explorer`; display :attr:`widget`. Changing any widget's
    ``value`` (in the browser or from Python) recomputes and redraws.

    Attributes
    ----------
    evaluation
        The evaluation for the chosen as-of date, ``None`` when the workbook is invalid.
    figures
        The chosen indicator's figures under the current filters (an ``IndicatorResult``).
    counts
        Its filtered :class:`~planlib.evaluation.indicators.Counts` (``None`` without data).
    table
        The breakdown shown (:func:`breakdown`).
    drill
        The drill-down rows shown (:func:`drill_down`).
    what_if_result
        The what-if panel's :class:`WhatIf`.
    quality
        The data-quality table (:func:`data_quality`).
    chart_png
        The chart, PNG bytes.
    status_text
        The status in words (``Không đạt``).
    """

    def __init__(
        self,
        plan: Plan | None,
        workbook: Workbook | None,
        *,
        problems: Iterable[Problem] = (),
        plan_error: PlanError | None = None,
        data_path: str | Path | None = None,
        as_of: str | dt.date | None = None,
        lang: str = "vi",
    ) -> None:
        import ipywidgets as w

        self.lang = check_lang(lang)
        self.plan = plan
        self.workbook = workbook
        self.problems = tuple(problems)
        self.plan_error = plan_error
        self._busy = False
        self._evaluations: dict[dt.date | None, Evaluation] = {}
        self.evaluation: Evaluation | None = None
        self.counts: Counts | None = None
        self.figures: IndicatorResult | None = None
        self.table = pd.DataFrame()
        self.drill = pd.DataFrame()
        self.what_if_result: WhatIf | None = None
        self.quality = pd.DataFrame()
        self.chart_png = b""
        self.status_text = ""

        period = plan.period if plan is not None else None
        day = _as_date(as_of)
        if period is not None:
            day = period.end if day is None else min(max(day, period.start), period.end)

        self.header = w.HTML()
        self.data_path = w.Text(value="" if data_path is None else str(data_path))
        self.load_button = w.Button(icon="folder-open")
        self.as_of = w.DatePicker(
            value=day,
            min=period.start if period else None,
            max=period.end if period else None,
        )
        self.language = w.ToggleButtons(
            options=[(t("xp.lang.vi", "vi"), "vi"), (t("xp.lang.en", "en"), "en")],
            value=self.lang,
            style={"button_width": "90px"},
        )
        self.indicator = w.Dropdown(options=[], layout=w.Layout(width="560px"))
        self.dimension = w.Dropdown(options=[])
        self.summary = w.HTML()
        self.grades = w.SelectMultiple(options=[], rows=4, layout=w.Layout(width="170px"))
        self.classes = w.SelectMultiple(options=[], rows=4, layout=w.Layout(width="170px"))
        self.sex = w.Dropdown(options=[], layout=w.Layout(width="200px"))
        self.months = w.IntRangeSlider(value=(1, 12), min=1, max=12, step=1)
        self.reset_button = w.Button(icon="filter")
        self.chart = w.Output()
        self.table_html = w.HTML()
        self.drill_choice = w.ToggleButtons(options=[])
        self.drill_html = w.HTML()
        self.extra = w.IntText(value=0, layout=w.Layout(width="260px"))
        self.enrolment = w.BoundedIntText(
            value=0, min=0, max=10_000_000, layout=w.Layout(width="260px")
        )
        self.what_if_html = w.HTML()
        self.quality_html = w.HTML()
        self.tabs = w.Tab(
            children=[
                self.chart,
                self.table_html,
                w.VBox([self.drill_choice, self.drill_html]),
                w.VBox([self.extra, self.enrolment, self.what_if_html]),
                self.quality_html,
            ]
        )
        for widget, css in [
            (self.indicator, "planlib-indicator"),
            (self.dimension, "planlib-dimension"),
            (self.chart, "planlib-chart"),
            (self.table_html, "planlib-table"),
            (self.summary, "planlib-summary"),
            (self.drill_html, "planlib-drill"),
            (self.what_if_html, "planlib-what-if"),
            (self.quality_html, "planlib-quality"),
            (self.as_of, "planlib-as-of"),
            (self.language, "planlib-language"),
            (self.sex, "planlib-sex"),
            (self.extra, "planlib-extra"),
            (self.enrolment, "planlib-enrolment"),
        ]:
            widget.add_class(css)
        self.widget = w.VBox(
            [
                self.header,
                w.HBox([self.data_path, self.load_button, self.as_of, self.language]),
                w.HBox([self.indicator, self.dimension]),
                self.summary,
                w.HBox([self.grades, self.classes, w.VBox([self.sex, self.months])]),
                self.reset_button,
                self.tabs,
            ]
        )
        self.widget.add_class("planlib-explorer")

        self.indicator.observe(self._on_indicator, names="value")
        for widget in (self.dimension, self.classes, self.sex, self.months):
            widget.observe(self._on_selection, names="value")
        self.grades.observe(self._on_grades, names="value")
        self.drill_choice.observe(self._on_drill, names="value")
        self.extra.observe(self._on_what_if, names="value")
        self.enrolment.observe(self._on_what_if, names="value")
        self.as_of.observe(self._on_as_of, names="value")
        self.language.observe(self._on_language, names="value")
        self.load_button.on_click(self._on_load)
        self.reset_button.on_click(lambda _button: self.reset_filters())
        self._start()

    # --- state -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """Change widgets without each change recomputing."""
        busy, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = busy

    @property
    def valid(self) -> bool:
        return self.plan is not None and self.workbook is not None

    @property
    def target(self) -> Target | None:
        if self.plan is None or not self.indicator.value:
            return None
        return self.plan.target(self.indicator.value)

    @property
    def filters(self) -> Filters:
        months = tuple(self.months.value)
        full = months == (self.months.min, self.months.max)
        return Filters(
            grades=tuple(self.grades.value),
            classes=tuple(self.classes.value),
            sexes=(self.sex.value,) if self.sex.value else (),
            months=None if full else (int(months[0]), int(months[1])),  # type: ignore[arg-type]
        )

    def _evaluate(self) -> None:
        if not self.valid:
            self.evaluation = None
            return
        assert self.plan is not None and self.workbook is not None
        day = self.as_of.value
        if day is None or day >= self.plan.period.end:
            day = None  # the whole period, exactly as the reports evaluate it
        if day not in self._evaluations:
            self._evaluations[day] = evaluate(self.workbook, self.plan, as_of=day)
        self.evaluation = self._evaluations[day]

    def _start(self) -> None:
        with self._quiet():
            self._evaluate()
            self.quality = data_quality(self.problems, lang=self.lang, plan_error=self.plan_error)
            if self.plan is not None:
                self.indicator.options = self._indicator_options()
                self.indicator.value = self.plan.targets[0].id
            self._fill_filter_options()
            self._fill_dimensions()
            self._apply_labels()
            self.tabs.selected_index = 0 if self.valid else 4
        self._refresh()

    def _indicator_options(self) -> list[tuple[str, str]]:
        assert self.plan is not None
        return [(f"{tg.id} — {tg.label(self.lang)}", tg.id) for tg in self.plan.targets]

    def _all_units(self) -> pd.DataFrame:
        if self.evaluation is None:
            return pd.DataFrame(columns=["grade", "class_name", "sex"])
        frames = [c.denominator for c in self.evaluation.counts.values()]
        frames += [c.numerator for c in self.evaluation.counts.values()]
        columns = ["grade", "class_name", "sex"]
        return pd.concat(
            [f.reindex(columns=columns) for f in frames if "sex" in f.columns], ignore_index=True
        )

    def _fill_filter_options(self) -> None:
        units = self._all_units()
        grades = sorted({int(g) for g in units["grade"].dropna()})
        chosen = tuple(g for g in self.grades.value if g in grades)
        self.grades.options = [(t("grade.value", self.lang, g=g), g) for g in grades]
        self.grades.value = chosen
        self._fill_class_options()
        sexes = sorted(set(units["sex"].dropna()))
        sex = self.sex.value if self.sex.value in sexes else ""
        self.sex.options = [(t("xp.sex_all", self.lang), "")] + [
            (value_label("sex", s, self.lang), s) for s in sexes
        ]
        self.sex.value = sex

    def _fill_class_options(self) -> None:
        units = self._all_units()
        if self.grades.value:
            units = units.loc[units["grade"].isin(self.grades.value).fillna(False)]
        classes = sorted(set(units["class_name"].dropna()))
        chosen = tuple(c for c in self.classes.value if c in classes)
        self.classes.options = classes
        self.classes.value = chosen

    def _fill_dimensions(self) -> None:
        counts = self.evaluation.counts.get(self.indicator.value) if self.evaluation else None
        dims = dimensions(counts)
        current = self.dimension.value
        self.dimension.options = [(t(f"dim.{d}", self.lang), d) for d in dims]
        if dims:
            self.dimension.value = current if current in dims else dims[0]
        for widget, column in (
            (self.grades, "grade"),
            (self.classes, "class_name"),
            (self.sex, "sex"),
        ):
            widget.disabled = counts is None or column not in counts.denominator.columns
        self.months.disabled = counts is None or not months_apply(counts)
        self.extra.disabled = self.enrolment.disabled = counts is None

    def _apply_labels(self) -> None:
        lang = self.lang
        self.data_path.description = t("xp.data_path", lang)
        self.data_path.placeholder = t("xp.data_placeholder", lang)
        self.load_button.description = t("xp.load", lang)
        self.as_of.description = t("xp.as_of", lang)
        self.indicator.description = t("col.indicator", lang)
        self.dimension.description = t("xp.dimension", lang)
        self.grades.description = t("dim.grade", lang)
        self.classes.description = t("dim.class_name", lang)
        self.sex.description = t("dim.sex", lang)
        self.months.description = t("dim.month", lang)
        self.reset_button.description = t("xp.reset", lang)
        self.extra.description = t("xp.whatif.extra", lang)
        self.enrolment.description = t("xp.whatif.denominator", lang)
        for widget in (self.data_path, self.as_of, self.indicator, self.dimension, self.sex):
            widget.style.description_width = "initial"
        for widget in (self.extra, self.enrolment, self.grades, self.classes, self.months):
            widget.style.description_width = "initial"
        self.tabs.titles = (
            t("xp.tab.chart", lang),
            t("xp.tab.table", lang),
            t("xp.tab.drill", lang),
            t("xp.tab.what_if", lang),
            t("xp.tab.quality", lang, n=len(self.quality)),
        )
        if self.plan is not None:
            value = self.indicator.value
            self.indicator.options = self._indicator_options()
            self.indicator.value = value
        value = self.dimension.value
        self.dimension.options = [(t(f"dim.{d}", lang), d) for _, d in self.dimension.options]
        self.dimension.value = value
        chosen = self.grades.value
        self.grades.options = [(t("grade.value", lang, g=g), g) for _, g in self.grades.options]
        self.grades.value = chosen
        sex = self.sex.value
        self.sex.options = [
            (t("xp.sex_all", lang) if not s else value_label("sex", s, lang), s)
            for _, s in self.sex.options
        ]
        self.sex.value = sex
        self.header.value = self._header_html()

    # --- events ----------------------------------------------------------------------------

    def _on_indicator(self, _change: dict[str, Any]) -> None:
        if self._busy:
            return
        with self._quiet():
            self._fill_dimensions()
        self._refresh()

    def _on_selection(self, _change: dict[str, Any]) -> None:
        if not self._busy:
            self._refresh()

    def _on_grades(self, _change: dict[str, Any]) -> None:
        if self._busy:
            return
        with self._quiet():
            self._fill_class_options()
        self._refresh()

    def _on_drill(self, _change: dict[str, Any]) -> None:
        if not self._busy:
            self._render_drill()

    def _on_what_if(self, _change: dict[str, Any]) -> None:
        if not self._busy:
            self._render_what_if()

    def _on_as_of(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        if change["new"] is None and self.plan is not None:
            with self._quiet():
                self.as_of.value = self.plan.period.end
        with self._quiet():
            self._evaluate()
            self._fill_filter_options()
            self._fill_dimensions()
        self._refresh()

    def _on_language(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        self.lang = change["new"]
        with self._quiet():
            self.quality = data_quality(self.problems, lang=self.lang, plan_error=self.plan_error)
            self._apply_labels()
            self._fill_drill_choices()
        self._refresh()

    def _on_load(self, _button: object) -> None:
        """Open the workbook named in the path box (empty: the sample school)."""
        path = self.data_path.value.strip() or None
        if self.plan is None:
            return
        self.workbook, self.problems = _load_workbook(path, self.plan)
        self._evaluations.clear()
        self._start()

    def reset_filters(self) -> None:
        """Clear every filter and redraw."""
        with self._quiet():
            self.grades.value = ()
            self._fill_class_options()
            self.classes.value = ()
            self.sex.value = ""
            self.months.value = (self.months.min, self.months.max)
        self._refresh()

    # --- rendering -------------------------------------------------------------------------

    def _refresh(self) -> None:
        target = self.target
        result = None
        counts = None
        if self.evaluation is not None and target is not None:
            result = self.evaluation.indicator(target.id)
            full = self.evaluation.counts.get(target.id)
            if full is not None:
                counts = filter_counts(full, self.filters)
                assert self.plan is not None
                result = recompute(result, target, counts, self.plan.parameters)
        self.counts, self.figures = counts, result
        self.status_text = t(f"status.{result.status}", self.lang) if result else ""
        by = self.dimension.value
        if counts is not None and target is not None and by:
            months = self.filters.months or (self.months.min, self.months.max)
            self.table = breakdown(counts, by, target, lang=self.lang, months=months)
        else:
            self.table = pd.DataFrame()
        with self._quiet():
            self.extra.value = 0
            self.enrolment.value = counts.d if counts is not None else 0
            self._fill_drill_choices()
        self.summary.value = self._summary_html()
        self._render_chart()
        self.table_html.value = self._table_html()
        self._render_drill()
        self._render_what_if()
        self.quality_html.value = self._quality_html()

    def _render_chart(self) -> None:
        target, figures = self.target, self.figures
        if target is None or figures is None or self.counts is None or not self.dimension.value:
            self.chart_png = b""
            self.chart.outputs = ()
            return
        self.chart_png = _chart_png(
            self.table, by=self.dimension.value, target=target, figures=figures, lang=self.lang
        )
        self.chart.outputs = (
            {
                "output_type": "display_data",
                "data": {
                    "image/png": base64.b64encode(self.chart_png).decode("ascii"),
                    "text/plain": f"<{target.id}: {self.dimension.value}>",
                },
                "metadata": {},
            },
        )

    def _fill_drill_choices(self) -> None:
        counts = self.counts
        kinds = ["numerator", "denominator", "outside"]
        if counts is not None and counts.events is not None:
            kinds.append("events")
        sizes = {k: len(drill_down(counts, k)) if counts is not None else 0 for k in kinds}
        current = self.drill_choice.value or "numerator"
        self.drill_choice.options = [
            (t(f"xp.drill.{k}", self.lang, n=fmt_int(sizes[k], self.lang)), k) for k in kinds
        ]
        self.drill_choice.value = current if current in kinds else "numerator"

    def _render_drill(self) -> None:
        lang = self.lang
        if self.counts is None:
            self.drill = pd.DataFrame()
            self.drill_html.value = f'<p class="planlib-note">{_e(t("xp.no_rows", lang))}</p>'
            return
        self.drill = drill_down(self.counts, self.drill_choice.value or "numerator")
        shown = self.drill.head(DRILL_LIMIT).copy()
        for column in shown.columns:
            if column in DIMENSIONS:
                shown[column] = [value_label(column, v, lang) for v in shown[column]]
        unit = self.counts.unit
        shown.columns = [_column_label(c, lang, unit) for c in shown.columns]
        parts = [f'<p class="planlib-note">{_e(t("xp.drill.note", lang))}</p>']
        if len(self.drill) > DRILL_LIMIT:
            note = t("xp.drill.truncated", lang, shown=DRILL_LIMIT, total=len(self.drill))
            parts.append(f'<p class="planlib-note">{_e(note)}</p>')
        if self.drill.empty:
            parts.append(f"<p>{_e(t('xp.no_rows', lang))}</p>")
        else:
            parts.append(f'<div class="planlib-scroll">{_grid(shown)}</div>')
        self.drill_html.value = "".join(parts)

    def _render_what_if(self) -> None:
        target, counts = self.target, self.counts
        if target is None or counts is None or self.plan is None:
            self.what_if_result = None
            self.what_if_html.value = ""
            return
        lang = self.lang
        numerator = counts.n + int(self.extra.value or 0)
        result = what_if(
            target,
            numerator,
            int(self.enrolment.value or 0),
            lang=lang,
            parameters=self.plan.parameters,
        )
        self.what_if_result = result
        probe = replace(
            self.figures,  # type: ignore[arg-type]
            value=result.value,
            ci95=result.ci95,
            allowed_max=result.allowed_max,
            required_min=result.required_min,
        )
        rows = [
            (
                t("col.counts", lang),
                f"{fmt_int(result.numerator, lang)}/{fmt_int(result.denominator, lang)}",
            ),
            (t("col.value", lang), fmt_value(result.value, target.unit, lang)),
            (t("col.target", lang), target_text(probe, lang)),
            (t("col.ci", lang), ci_text(probe, lang)),
            (t("col.headroom", lang), headroom_text(probe, lang)),
        ]
        cells = "".join(f"<tr><td>{_e(k)}</td><td><b>{_e(v)}</b></td></tr>" for k, v in rows)
        self.what_if_html.value = (
            f'<p class="planlib-note">{_e(t("xp.whatif.intro", lang))}</p>'
            f'<table class="planlib-figures">{cells}<tr><td>{_e(t("col.status", lang))}</td>'
            f"<td>{_status_badge(result.status, lang)}</td></tr></table>"
            f'<p class="planlib-what-if-sentence">{_e(result.sentence)}</p>'
        )

    def _header_html(self) -> str:
        lang = self.lang
        parts = [_CSS, f"<h3>{_e(t('xp.title', lang))}</h3>"]
        if self.plan is not None:
            school = self.plan.school.name
            parts.append(f"<div><b>{_e(school)}</b> — {_e(self.plan.title(lang))}</div>")
        if self.workbook is not None and self.workbook.sample:
            parts.append(f'<div class="planlib-banner">{_e(t("sample_banner", lang))}</div>')
        errors = int((self.quality["severity"] == "error").sum()) if len(self.quality) else 0
        if errors:
            heading = t("plan_error", lang) if self.plan is None else ""
            heading = heading or t("errors_heading", lang, n=errors)
            parts.append(f'<div class="planlib-error">{_e(heading)}</div>')
        return "".join(parts)

    def _summary_html(self) -> str:
        lang = self.lang
        result, target = self.figures, self.target
        if result is None or target is None or self.evaluation is None:
            return ""
        counts = (
            f"{fmt_int(result.numerator, lang)}/{fmt_int(result.denominator, lang)}"
            if result.numerator is not None and result.denominator is not None
            else "—"
        )
        rows = [
            (t("col.value", lang), f"<b>{_e(fmt_value(result.value, result.unit, lang))}</b>"),
            (t("col.target", lang), _e(target_text(result, lang))),
            (t("col.status", lang), _status_badge(result.status, lang)),
            (t("col.counts", lang), _e(counts)),
            (t("col.ci", lang), _e(ci_text(result, lang))),
            (t("col.headroom", lang), _e(headroom_text(result, lang))),
        ]
        head = "".join(f"<th>{_e(k)}</th>" for k, _ in rows)
        body = "".join(f"<td>{v}</td>" for _, v in rows)
        scope = self._scope_text()
        notes = [f'<p class="planlib-note">{_e(scope)}</p>']
        if result.status == "no_data":
            missing = ", ".join(result.missing)
            notes.append(f"<p>{_e(t('tgt.no_data', lang, missing=missing))}</p>")
        if result.small_numbers:
            notes.append(f'<p class="planlib-note">* {_e(t("small_numbers", lang))}</p>')
        if "day_precision" in result.notes:
            notes.append(f'<p class="planlib-note">{_e(t("day_precision", lang))}</p>')
        if self.counts is not None and self.plan is not None:
            now = what_if(
                target, self.counts.n, self.counts.d, lang=lang, parameters=self.plan.parameters
            )
            notes.append(f'<p class="planlib-headroom-sentence">{_e(now.sentence)}</p>')
        return f"<table class='planlib-grid'><tr>{head}</tr><tr>{body}</tr></table>{''.join(notes)}"

    def _scope_text(self) -> str:
        lang = self.lang
        assert self.evaluation is not None
        period = t(
            "xp.scope",
            lang,
            start=fmt_date(self.evaluation.start, lang),
            end=fmt_date(self.evaluation.end, lang),
        )
        filters = self.filters
        counts = self.evaluation.counts.get(self.indicator.value)
        words, ignored = [], []
        for column, values in filters.by_column().items():
            text = ", ".join(value_label(column, v, lang) for v in values)
            applies = counts is not None and column in counts.denominator.columns
            (words if applies else ignored).append(text)
        if filters.months is not None:
            first, last = filters.months
            text = f"{t('dim.month', lang).lower()} {first}–{last}"
            (words if counts is not None and months_apply(counts) else ignored).append(text)
        if words:
            period += " " + t("xp.filtered", lang, filters="; ".join(words))
        if ignored:
            period += " " + t("xp.filter_na", lang, filters="; ".join(ignored))
        return period

    def _table_html(self) -> str:
        lang = self.lang
        table, target = self.table, self.target
        if target is None or self.counts is None or not self.dimension.value:
            return f'<p class="planlib-note">{_e(t("xp.no_rows", lang))}</p>'
        by = self.dimension.value
        if table.empty:
            return f"<p>{_e(t('xp.no_rows', lang))}</p>"
        if DIMENSIONS.get(by) == "event":
            shown = pd.DataFrame(
                {
                    t(f"dim.{by}", lang): table["label"],
                    t("ax.cases", lang): [fmt_int(int(n), lang) for n in table["numerator"]],
                }
            )
            note = t("xp.events_only", lang, dim=t(f"dim.{by}", lang).lower())
            return f'<p class="planlib-note">{_e(note)}</p>{_grid(shown)}'
        shown = pd.DataFrame(
            {
                t(f"dim.{by}", lang): table["label"],
                t("col.numerator", lang): [fmt_int(int(n), lang) for n in table["numerator"]],
                t("col.denominator", lang): [fmt_int(int(d), lang) for d in table["denominator"]],
                t("col.value", lang): [
                    fmt_value(None if v is pd.NA else float(v), target.unit, lang)
                    for v in table["value"]
                ],
                t("col.ci", lang): [
                    "—"
                    if low is pd.NA
                    else f"{fmt_value(float(low), target.unit, lang)}–"
                    f"{fmt_value(float(high), target.unit, lang)}"
                    for low, high in zip(table["ci_low"], table["ci_high"], strict=True)
                ],
                t("col.status", lang): [
                    t(f"status.{s}", lang) if s else "—" for s in table["status"]
                ],
            }
        )
        return _grid(shown)

    def _quality_html(self) -> str:
        lang = self.lang
        if self.quality.empty:
            return f"<p>{_e(t('xp.quality_none', lang))}</p>"
        shown = pd.DataFrame(
            {
                t("xp.col.severity", lang): [
                    t(f"xp.severity.{s}", lang) for s in self.quality["severity"]
                ],
                t("col.table", lang): [_table_name(v, lang) for v in self.quality["table"]],
                t("col.row", lang): [
                    "" if r is pd.NA else str(int(r)) for r in self.quality["row"]
                ],
                t("col.column", lang): [
                    _column_name(tb, c, lang)
                    for tb, c in zip(self.quality["table"], self.quality["column"], strict=True)
                ],
                t("col.message", lang): self.quality["message"],
            }
        )
        errors = int((self.quality["severity"] == "error").sum())
        heading = (
            t("errors_heading", lang, n=errors)
            if errors
            else t("warnings_heading", lang, n=len(self.quality))
        )
        return f"<p><b>{_e(heading)}</b></p><div class='planlib-scroll'>{_grid(shown)}</div>"


def _table_name(table: object, lang: str) -> str:
    if table is None or table is pd.NA:
        return ""
    vi, en = _TABLE_NAMES.get(str(table), (str(table), str(table)))
    return f"{en if lang == 'en' else vi} ({table})" if str(table) in _TABLE_NAMES else vi


def _column_name(table: object, column: object, lang: str) -> str:
    if column is None or column is pd.NA:
        return ""
    names = _COLUMN_NAMES.get((str(table), str(column)))
    if names is None:
        return str(column)
    return f"{names[1] if lang == 'en' else names[0]} ({column})"


def _load_workbook(
    data_path: str | Path | None, plan: Plan
) -> tuple[Workbook | None, tuple[Problem, ...]]:
    """The checked workbook and its warnings, or ``None`` and every problem when invalid."""
    try:
        workbook = open_school_workbook(data_path, plan)
    except DataError as exc:
        return None, tuple(exc.problems)
    except UsageError:  # no such file or folder: shown in the data-quality tab
        return None, (Problem("path_missing", table_label=Path(str(data_path)).name),)
    return workbook, tuple(workbook.warnings)


def build_explorer(
    data_path: str | Path | None = None,
    as_of: str | dt.date | None = None,
    lang: str = "vi",
    *,
    plan_path: str | Path | None = None,
) -> Explorer:
    """Load the workbook and the plan and build the explorer; display ``.widget``.

    Parameters
    ----------
    data_path
        The school's workbook (a folder of CSV files or an ``.xlsx``); ``None`` for the
        bundled sample school.
    as_of
        ``YYYY-MM-DD`` (or a date) to look mid-year: indicators for the period up to that day.
        ``None``: the whole plan period.
    lang
        ``vi`` (default) or ``en``; the explorer has a switch as well.
    plan_path
        The plan file; ``None`` for ``parameters/plan_2023.yaml``.

    Returns
    -------
    Explorer
        Never raises for a bad workbook or plan file: the explorer opens on its data-quality
        tab, listing every error with table, row and column.
    """
    check_lang(lang)
    try:
        plan = open_plan(plan_path)
    except PlanError as exc:
        return Explorer(None, None, plan_error=exc, data_path=data_path, as_of=as_of, lang=lang)
    workbook, problems = _load_workbook(data_path, plan)
    return Explorer(plan, workbook, problems=problems, data_path=data_path, as_of=as_of, lang=lang)
