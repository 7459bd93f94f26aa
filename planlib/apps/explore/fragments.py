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

from planlib.apps.explore.filters import months_apply
from planlib.apps.explore.labels import column_label, quality_column, quality_table, value_label
from planlib.apps.explore.state import ExplorerState
from planlib.apps.explore.tables import DRILL_LIMIT
from planlib.core.fmt import fmt_date, fmt_int, fmt_value
from planlib.core.i18n import t
from planlib.evaluation.evaluate import IndicatorResult
from planlib.evaluation.indicators import DIMENSIONS
from planlib.present.html import Fragment, render
from planlib.present.style import stylesheet
from planlib.present.textreport import ci_text, headroom_text, target_text

__all__ = [
    "Grid",
    "breakdown_html",
    "drill_html",
    "header_html",
    "quality_html",
    "scope_text",
    "style_html",
    "summary_html",
    "what_if_html",
]

DASH = "—"
#: the summary's columns (catalogue keys ``col.*``)
SUMMARY_COLUMNS = ("value", "target", "status", "counts", "ci", "headroom")


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
        school=plan.school.name if plan is not None else "",
        plan_title=plan.title(lang) if plan is not None else "",
        sample=t("sample_banner", lang) if sample else "",
        error=error,
    )


def _counts_text(result: IndicatorResult, lang: str) -> str:
    if result.numerator is None or result.denominator is None:
        return DASH
    return f"{fmt_int(result.numerator, lang)}/{fmt_int(result.denominator, lang)}"


def summary_html(state: ExplorerState) -> Fragment:
    """The figures under the current filters: value, target, status, counts, interval, room."""
    lang, result, target = state.lang, state.figures, state.target
    if result is None or target is None or state.evaluation is None:
        return Fragment()
    headroom = state.headroom_now()
    missing = ", ".join(result.missing)
    return render(
        "explorer/summary.html.j2",
        headings=[t(f"col.{key}", lang) for key in SUMMARY_COLUMNS],
        value=fmt_value(result.value, result.unit, lang),
        target=target_text(result, lang),
        status=result.status,
        status_label=t(f"status.{result.status}", lang),
        counts=_counts_text(result, lang),
        ci=ci_text(result, lang),
        headroom=headroom_text(result, lang),
        scope=scope_text(state),
        missing=t("tgt.no_data", lang, missing=missing) if result.status == "no_data" else "",
        small_numbers=t("xp.small_numbers", lang, note=t("small_numbers", lang))
        if result.small_numbers
        else "",
        day_precision=t("day_precision", lang) if "day_precision" in result.notes else "",
        sentence=headroom.sentence if headroom is not None else "",
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


def _interval(low: object, high: object, unit: str, lang: str) -> str:
    if low is pd.NA:
        return DASH
    return f"{fmt_value(float(low), unit, lang)}–{fmt_value(float(high), unit, lang)}"  # type: ignore[arg-type]


def _group_grid(state: ExplorerState, by: str, unit: str) -> Grid:
    lang, table = state.lang, state.table
    values = [fmt_value(None if v is pd.NA else float(v), unit, lang) for v in table["value"]]
    intervals = zip(table["ci_low"], table["ci_high"], strict=True)
    columns = {
        t(f"dim.{by}", lang): table["label"],
        t("col.numerator", lang): [fmt_int(int(n), lang) for n in table["numerator"]],
        t("col.denominator", lang): [fmt_int(int(d), lang) for d in table["denominator"]],
        t("col.value", lang): values,
        t("col.ci", lang): [_interval(low, high, unit, lang) for low, high in intervals],
        t("col.status", lang): [t(f"status.{s}", lang) if s else DASH for s in table["status"]],
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
    cases = [fmt_int(int(n), lang) for n in table["numerator"]]
    grid = Grid.of(pd.DataFrame({name: table["label"], t("ax.cases", lang): cases}))
    return _table(grid, notes=[t("xp.events_only", lang, dim=name.lower())])


def drill_html(state: ExplorerState) -> Fragment:
    """The drill-down tab: pseudonymous ids and attributes, at most :data:`DRILL_LIMIT` rows."""
    lang, counts, drill = state.lang, state.counts, state.drill
    if counts is None:
        return _table(notes=[t("xp.no_rows", lang)])
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
