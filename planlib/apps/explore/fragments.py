"""The explorer's HTML: its state rendered by the templates of ``templates/explorer/``.

Each function takes an :class:`~planlib.apps.explore.state.ExplorerState` and returns a
:class:`~planlib.present.html.Fragment` (autoescaped: a class name or id from the workbook can
never become markup). The styles are the report's (:func:`planlib.present.style.stylesheet`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd
from markupsafe import Markup

from planlib.apps.explore.disclose import event_counts, figure_counts, group_counts, shown_text
from planlib.apps.explore.filters import months_apply
from planlib.apps.explore.labels import column_label, quality_column, quality_table, value_label
from planlib.apps.explore.state import ExplorerState
from planlib.apps.explore.tables import DRILL_LIMIT
from planlib.core.fmt import fmt_date, fmt_int, fmt_value
from planlib.core.i18n import LABELS, t
from planlib.evaluation.evaluate import IndicatorResult
from planlib.evaluation.indicators import DIMENSIONS
from planlib.present.html import Fragment, render
from planlib.present.style import stylesheet
from planlib.present.textreport import ci_text, headroom_text, target_text

__all__ = [
    "Grid",
    "breakdown_html",
    "chart_note_html",
    "drill_html",
    "filters_html",
    "header_html",
    "quality_html",
    "scope_text",
    "style_html",
    "summary_html",
    "what_if_html",
]

DASH = "—"
#: the summary's columns (catalogue keys ``col.*``) and their explanations (``xp.help.*``)
SUMMARY_COLUMNS = ("value", "target", "status", "counts", "ci", "headroom")
_HELP = {
    "value": ("value", "star"),
    "target": ("threshold",),
    "status": ("status",),
    "counts": ("numerator", "denominator"),
    "ci": ("ci",),
    "headroom": ("headroom",),
}


@dataclass(frozen=True)
class Grid:
    """A table for ``explorer/macros.html.j2``'s ``grid``: headers and rows of text."""

    columns: Sequence[str]
    rows: Sequence[Sequence[str]]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Grid:
        """The cells of ``frame`` as text, missing values as a dash."""
        rows = [[DASH if pd.isna(v) else str(v) for v in row] for row in frame.itertuples(False)]
        return cls([str(c) for c in frame.columns], rows)


def style_html() -> Fragment:
    """The one stylesheet, to embed once in the explorer."""
    return render("explorer/style.html.j2", css=Markup(stylesheet()))  # our own CSS, not data


def header_html(state: ExplorerState) -> Fragment:
    """Title, school and plan, the sample ribbon and, when the data are invalid, a banner."""
    lang, plan = state.lang, state.plan
    error = ""
    if state.errors:
        error = t("plan_error", lang) if plan is None else t("errors_heading", lang, n=state.errors)
    sample = state.workbook is not None and state.workbook.sample
    return render(
        "explorer/header.html.j2",
        title=t("xp.title", lang),
        school=state.school_name,
        plan_title=plan.title(lang) if plan is not None else "",
        sample=t("sample_banner", lang) if sample else "",
        error=error,
        notices=state.notice_texts(),
        loaded=state.loaded_text(),
        presentation=t("xp.presentation_on", lang) if state.presentation else "",
    )


def _shown_figures(state: ExplorerState, result: IndicatorResult) -> tuple[str, bool]:
    """The counts ``n/d`` as the rule shows them, and whether the value is hidden."""
    if result.numerator is None or result.denominator is None:
        return DASH, False
    n, d, hidden = figure_counts(state.rule, result.numerator, result.denominator)
    return f"{shown_text(n, state.lang)}/{shown_text(d, state.lang)}", hidden


def _headings(lang: str) -> list[tuple[str, str]]:
    """The summary's column headings and their tooltips."""
    return [
        (t(f"col.{key}", lang), " ".join(t(f"xp.help.{h}", lang) for h in _HELP[key]))
        for key in SUMMARY_COLUMNS
    ]


def summary_html(state: ExplorerState) -> Fragment:
    """The figures under the current filters: value, target, status, counts, interval, room."""
    lang, result, target = state.lang, state.figures, state.target
    if result is None or target is None or state.evaluation is None:
        return Fragment()
    headroom = state.headroom_now()
    missing = ", ".join(result.missing)
    counts, hidden = _shown_figures(state, result)
    value = fmt_value(result.value, result.unit, lang)
    if result.small_numbers and result.value is not None:
        value += " *"
    return render(
        "explorer/summary.html.j2",
        headings=_headings(lang),
        help_title=t("xp.help.title", lang),
        help_lines=[t(f"xp.help.{h}", lang) for key in SUMMARY_COLUMNS for h in _HELP[key]],
        value=DASH if hidden else value,
        target=target_text(result, lang),
        status=result.status,
        status_label=t(f"status.{result.status}", lang),
        counts=counts,
        ci=DASH if hidden else ci_text(result, lang),
        headroom=DASH if hidden else headroom_text(result, lang),
        scope=scope_text(state),
        missing=t("tgt.no_data", lang, missing=missing) if result.status == "no_data" else "",
        small_numbers=t("xp.small_numbers", lang, note=t("small_numbers", lang))
        if result.small_numbers
        else "",
        day_precision=t("day_precision", lang) if "day_precision" in result.notes else "",
        sentence=headroom.sentence if headroom is not None and not hidden else "",
    )


def _filter_words(state: ExplorerState) -> tuple[list[str], list[str]]:
    """The filters in words: those that apply to the chosen indicator, and those that do not."""
    lang, filters, counts = state.lang, state.filters, state.full_counts()
    words: list[str] = []
    ignored: list[str] = []
    for column, values in filters.by_column().items():
        text = ", ".join(value_label(column, v, lang) for v in values)
        applies = counts is not None and column in counts.denominator.columns
        (words if applies else ignored).append(text)
    if filters.months is not None:
        first, last = filters.months
        text = t("xp.month_range", lang, first=first, last=last)
        (words if counts is not None and months_apply(counts) else ignored).append(text)
    return words, ignored


def scope_text(state: ExplorerState) -> str:
    """The period, and the filters that apply (and those that do not)."""
    lang = state.lang
    assert state.evaluation is not None
    start, end = fmt_date(state.evaluation.start, lang), fmt_date(state.evaluation.end, lang)
    text = t("xp.scope", lang, start=start, end=end)
    words, ignored = _filter_words(state)
    if words:
        text += " " + t("xp.filtered", lang, filters="; ".join(words))
    if ignored:
        text += " " + t("xp.filter_na", lang, filters="; ".join(ignored))
    return text


def _table(
    table: Grid | None = None,
    *,
    notes: Iterable[str] = (),
    heading: str = "",
    empty: str = "",
    scroll: bool = False,
) -> Fragment:
    return render(
        "explorer/table.html.j2",
        table=table or Grid([], []),
        notes=list(notes),
        heading=heading,
        empty=empty,
        scroll=scroll,
    )


def _interval(figures: IndicatorResult, low: object, high: object, lang: str) -> str:
    """A group's interval written as the summary writes the indicator's (``0,6–2,4%``)."""
    if low is pd.NA or pd.isna(low):  # type: ignore[arg-type]
        return DASH
    return ci_text(replace(figures, ci95=(float(low), float(high))), lang)  # type: ignore[arg-type]


def _group_grid(state: ExplorerState, by: str, unit: str) -> Grid:
    lang, table, figures = state.lang, state.table, state.figures
    assert figures is not None
    nums, dens = [int(n) for n in table["numerator"]], [int(d) for d in table["denominator"]]
    shown_n, shown_d, hidden = group_counts(state.rule, nums, dens)
    values = [fmt_value(None if v is pd.NA else float(v), unit, lang) for v in table["value"]]
    intervals = [
        _interval(figures, low, high, lang)
        for low, high in zip(table["ci_low"], table["ci_high"], strict=True)
    ]
    columns = {
        t(f"dim.{by}", lang): table["label"],
        t("col.numerator", lang): [shown_text(n, lang) for n in shown_n],
        t("col.denominator", lang): [shown_text(d, lang) for d in shown_d],
        t("col.value", lang): [DASH if h else v for v, h in zip(values, hidden, strict=True)],
        t("col.ci", lang): [DASH if h else c for c, h in zip(intervals, hidden, strict=True)],
        t("col.status", lang): [
            t(f"status.{s}", lang) if s and not h else DASH
            for s, h in zip(table["status"], hidden, strict=True)
        ],
    }
    return Grid.of(pd.DataFrame(columns))


def breakdown_html(state: ExplorerState) -> Fragment:
    """The breakdown tab: a row per group, or the events per group for event dimensions."""
    lang, table, target, by = state.lang, state.table, state.target, state.dimension
    no_rows = t("xp.no_rows", lang)
    if target is None or state.counts is None or not by:
        return _table(notes=[no_rows])
    if table.empty:
        return _table(empty=no_rows)
    if DIMENSIONS.get(by) != "event":
        return _table(_group_grid(state, by, target.unit))
    name = t(f"dim.{by}", lang)
    shown, _hidden = event_counts(state.rule, [int(n) for n in table["numerator"]])
    cases = [shown_text(n, lang) for n in shown]
    grid = Grid.of(pd.DataFrame({name: table["label"], t("ax.cases", lang): cases}))
    return _table(grid, notes=[t("xp.events_only", lang, dim=name.lower())])


def drill_html(state: ExplorerState) -> Fragment:
    """The drill-down tab: pseudonymous ids and attributes, at most :data:`DRILL_LIMIT` rows."""
    lang, counts, drill = state.lang, state.counts, state.drill
    if counts is None:
        return _table(notes=[t("xp.no_rows", lang)])
    if state.presentation:
        return _table(notes=[t("xp.drill.hidden", lang)])
    shown = drill.head(DRILL_LIMIT).copy()
    for column in shown.columns:
        if column in DIMENSIONS:
            shown[column] = [value_label(column, v, lang) for v in shown[column]]
    shown.columns = [column_label(c, lang, counts.unit) for c in shown.columns]
    notes = [t("xp.drill.note", lang)]
    if len(drill) > DRILL_LIMIT:
        notes.append(t("xp.drill.truncated", lang, shown=DRILL_LIMIT, total=len(drill)))
    return _table(Grid.of(shown), notes=notes, empty=t("xp.no_rows", lang), scroll=True)


def what_if_html(state: ExplorerState) -> Fragment:
    """The what-if panel: counts, value, target, interval, headroom and status of the probe."""
    lang, result, target = state.lang, state.what_if_result, state.target
    if result is None or target is None or state.figures is None:
        return Fragment()
    if state.presentation:
        return _table(notes=[t("xp.whatif.hidden", lang)])
    probe = replace(
        state.figures,
        value=result.value,
        ci95=result.ci95,
        allowed_max=result.allowed_max,
        required_min=result.required_min,
    )
    counts = f"{fmt_int(result.numerator, lang)}/{fmt_int(result.denominator, lang)}"
    rows = [
        (t("col.counts", lang), counts),
        (t("col.value", lang), fmt_value(result.value, target.unit, lang)),
        (t("col.target", lang), target_text(probe, lang)),
        (t("col.ci", lang), ci_text(probe, lang)),
        (t("col.headroom", lang), headroom_text(probe, lang)),
    ]
    return render(
        "explorer/what_if.html.j2",
        intro=t("xp.whatif.intro", lang),
        what_if=t("xp.help.what_if", lang),
        rows=rows,
        status_heading=t("col.status", lang),
        status=result.status,
        status_label=t(f"status.{result.status}", lang),
        sentence=result.sentence,
    )


def quality_html(state: ExplorerState) -> Fragment:
    """The data-quality tab: every error (or warning) with table, row and column."""
    lang, quality = state.lang, state.quality
    if quality.empty:
        return _table(empty=t("xp.quality_none", lang))
    tables = quality["table"]
    shown = pd.DataFrame(
        {
            t("xp.col.severity", lang): [t(f"xp.severity.{s}", lang) for s in quality["severity"]],
            t("col.table", lang): [quality_table(v, lang) for v in tables],
            t("col.row", lang): ["" if r is pd.NA else str(int(r)) for r in quality["row"]],
            t("col.column", lang): [
                quality_column(tb, c, lang) for tb, c in zip(tables, quality["column"], strict=True)
            ],
            t("col.message", lang): quality["message"],
        }
    )
    errors = state.errors
    heading = (
        t("errors_heading", lang, n=errors)
        if errors
        else t("warnings_heading", lang, n=len(quality))
    )
    return _table(Grid.of(shown), heading=heading, scroll=True)


def _greyed(state: ExplorerState) -> list[str]:
    """The filters that do not apply to the chosen indicator, each with its reason."""
    lang, counts = state.lang, state.full_counts()
    if counts is None:
        return []
    key = f"xp.unit.{counts.unit}"
    unit = t(key, lang) if key in LABELS else counts.unit
    reasons = [
        t("xp.filter_off.unit", lang, unit=unit, what=t(f"dim.{column}", lang).lower())
        for column in ("grade", "class_name", "sex")
        if column not in counts.denominator.columns
    ]
    if not months_apply(counts):
        reasons.append(t("xp.filter_off.months", lang))
    return reasons


def filters_html(state: ExplorerState) -> Fragment:
    """Under the filters: how to choose several, and why some are greyed out."""
    lang, target = state.lang, state.target
    notes = [t("xp.help.multi", lang)]
    reasons = _greyed(state)
    if reasons and target is not None:
        notes.append(t("xp.filter_off", lang, id=target.id, filters="; ".join(reasons)))
    return _table(notes=notes)


def chart_note_html(state: ExplorerState) -> Fragment:
    """Under the chart, in words: no case at all, what is on the bars, what "n nhỏ" means."""
    lang, table, target, plan = state.lang, state.table, state.target, state.plan
    if target is None or plan is None or table.empty or state.counts is None:
        return Fragment()
    notes = []
    if not int(table["numerator"].sum()):
        notes.append(t("xp.chart.no_cases_note", lang, id=target.id))
    if DIMENSIONS.get(state.dimension or "") != "event":
        small = plan.parameters.small_numerator, plan.parameters.small_denominator
        notes.append(t("xp.chart.bar_counts", lang))
        notes.append(t("xp.chart.small_n_note", lang, n=small[0], d=fmt_int(small[1], lang)))
    return _table(notes=notes)
