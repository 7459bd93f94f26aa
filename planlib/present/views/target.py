"""The views of one target (notebook ``10_target``): :class:`TargetView` and its parts.

Every part takes the report's context first (:class:`~planlib.present.context.Context`): the
language and the disclosure rule are the context's, never arguments of their own.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown
from matplotlib.figure import Figure

from planlib.core.disclosure import UNSTABLE_BELOW
from planlib.core.fmt import fmt_date, fmt_int, fmt_number, fmt_value
from planlib.core.i18n import LABELS
from planlib.evaluation.evaluate import Evaluation, IndicatorResult
from planlib.inputs.plan import Target
from planlib.present import fragments
from planlib.present.context import Context
from planlib.present.html import Fragment, render
from planlib.present.plots import target as charts
from planlib.present.shown import (
    _codes,  # noqa: F401  (views/area.py orders its tables by it)
    breakdown,
    chart_dimensions,
    dimensions,
    indicator_counts,
    indicator_result,
    is_event_count,
    value_hidden,
)
from planlib.present.textreport import ci_text, headroom_text, target_text
from planlib.present.views.base import (
    DASH,
    _cell,
    _md,
    _missing_text,
    _unstable,
    value_label,
)
from planlib.present.views.page import Outputs, PageView

__all__ = [
    "TargetView",
    "breakdown",
    "breakdown_frame",
    "breakdown_tables",
    "chart_dimensions",
    "counts_table",
    "dimensions",
    "headroom_sentence",
    "indicator_counts",
    "indicator_result",
    "target_definition",
    "target_heading",
    "target_notes",
    "target_summary",
    "value_hidden",
]

# --- one target (10_target) ---------------------------------------------------------------------


def _value_text(ctx: Context, result: IndicatorResult) -> str:
    if value_hidden(ctx, result.id):
        return DASH
    return _unstable(ctx, fmt_value(result.value, result.unit, ctx.lang), result.numerator)


def _method_key(ev: Evaluation, target: Target) -> str:
    incidents = target.method == "injury_rate" and ev.plan.parameters.injury_count == "incidents"
    return f"{target.method}.incidents" if incidents else target.method


def _label_or(ctx: Context, key: str, fallback: str, **params: object) -> str:
    return ctx.t(key, **params) if key in LABELS else fallback


def _numerator_text(ctx: Context, target: Target) -> str:
    params, lang = ctx.ev.plan.parameters, ctx.lang
    fill = {"hours": fmt_number(params.timely_hours, 1, lang, trim=True)}
    fill["pass_mark"] = fmt_number(params.pass_mark, 1, lang, trim=True)
    key = f"num.{_method_key(ctx.ev, target)}"
    if key not in LABELS:
        key = f"num.{target.method}"
    return _label_or(ctx, key, ctx.t("def.numerator"), **fill)


def _denominator_text(ctx: Context, target: Target) -> str:
    return _label_or(ctx, f"den.{target.method}", ctx.t("def.denominator"))


def _rule_words(ctx: Context, result: IndicatorResult) -> str:
    x = fmt_value(result.threshold, result.unit, ctx.lang, 2, trim=True)
    if result.op == ">=" and result.unit == "percent" and float(result.threshold) == 100:
        return ctx.t("rule.full", x=x)
    return ctx.t(f"rule.{result.op}", x=x)


def target_heading(ctx: Context, indicator_id: str) -> str:
    """``# T2.1. Tỷ suất trẻ em bị tai nạn thương tích`` (Markdown)."""
    indicator_result(ctx.ev, indicator_id)  # a KeyError naming the targets when unknown
    target = ctx.ev.plan.target(indicator_id)
    return f"# {_md(indicator_id)}. {_md(target.label(ctx.lang))}"


def _headroom_words(ctx: Context, result: IndicatorResult) -> dict[str, str]:
    """The words of the headroom sentence: denominator, its noun, the numerator's, the rule."""
    target = ctx.ev.plan.target(result.id)
    method, lang = _method_key(ctx.ev, target), ctx.lang
    num_key = f"noun.num.{method}"
    if num_key not in LABELS:
        num_key = f"noun.num.{target.method}"
    return {
        "d": fmt_int(result.denominator, lang),
        "den": _label_or(ctx, f"noun.den.{target.method}", ctx.t("col.denominator").lower()),
        "num": _label_or(ctx, num_key, ctx.t("col.numerator").lower()),
        "rule": _rule_words(ctx, result),
        "current": fmt_int(result.numerator or 0, lang),
    }


def headroom_sentence(ctx: Context, indicator_id: str) -> str:
    """The headroom in a sentence (plain text; empty when there is no denominator).

    "Với 604 trẻ em, tối đa 3 trẻ em bị TNTT thì vẫn đạt chỉ tiêu dưới 60/10.000; hiện có 5."
    When the rule hides the counts, a sentence saying the headroom is not shown.
    """
    result = indicator_result(ctx.ev, indicator_id)
    if not result.denominator:
        return ""
    if value_hidden(ctx, indicator_id):
        return ctx.t("disc.headroom_hidden")
    params = _headroom_words(ctx, result)
    if result.allowed_max is not None:
        return ctx.t("tgt.headroom_upper", n=fmt_int(result.allowed_max, ctx.lang), **params)
    if result.required_min is not None and result.required_min <= result.denominator:
        return ctx.t("tgt.headroom_lower", n=fmt_int(result.required_min, ctx.lang), **params)
    return ctx.t("tgt.headroom_none", **params)


def _result_line(ctx: Context, result: IndicatorResult) -> Fragment:
    """Why a target has no value (no data, or nothing to count); empty otherwise."""
    if result.status == "no_data":
        return fragments.paragraph(
            ctx.t("tgt.no_data", missing=_missing_text(result.missing, ctx.lang))
        )
    if result.status == "not_applicable":
        return fragments.paragraph(ctx.t("tgt.not_applicable"))
    return Fragment()


def target_summary(ctx: Context, indicator_id: str) -> Fragment:
    """The status badge, the value against the target, and what a missing value means.

    When the rule hides a count the value would reveal, "không hiển thị (số nhỏ)" instead of
    the value and interval; a value the rule marks unstable says "không ổn định".
    """
    result = indicator_result(ctx.ev, indicator_id)
    hidden = value_hidden(ctx, indicator_id)
    value = None
    if result.value is not None:
        value = ctx.t("disc.hidden") if hidden else fmt_value(result.value, result.unit, ctx.lang)
    target = f"{ctx.t('col.target')}: {target_text(result, ctx.lang)}"
    if result.ci95 and not hidden:
        target += f" · {ctx.t('col.ci')}: {ci_text(result, ctx.lang)}"
    unstable = result.value is not None and not hidden and ctx.rule.unstable(result.numerator)
    return render(
        "report/target_summary.html.j2",
        status=result.status,
        status_text=ctx.t(f"status.{result.status}"),
        value=value,
        unstable=ctx.t("disc.unstable") if unstable else None,
        target=target,
        result_line=_result_line(ctx, result),
    )


def _note_texts(ctx: Context, result: IndicatorResult) -> list[str]:
    """The warnings of a target page: small numbers, hidden or unstable values, day precision."""
    params, lang = ctx.ev.plan.parameters, ctx.lang
    numerator, denominator = indicator_counts(ctx, result.id)
    notes = []
    if result.small_numbers:
        notes.append(
            ctx.t(
                "tgt.small_numbers",
                n=_cell(numerator or 0, lang),
                d=_cell(denominator or 0, lang),
                min_n=fmt_int(params.small_numerator, lang),
                min_d=fmt_int(params.small_denominator, lang),
            )
        )
    if result.value is not None and value_hidden(ctx, result.id):
        notes.append(ctx.t("disc.value_hidden"))
    elif result.value is not None and ctx.rule.unstable(result.numerator):
        notes.append(ctx.t("disc.unstable_note", n=fmt_int(UNSTABLE_BELOW, lang)))
    if "day_precision" in result.notes:
        notes.append(ctx.t("tgt.day_precision"))
    return notes


def target_notes(ctx: Context, indicator_id: str) -> Fragment:
    """Warnings that go with the figure: small numbers, day precision (empty when none).

    With a public rule: the counts of the small-numbers note as shown, why the value is
    hidden, and "không ổn định" for a value on fewer than 10 events.
    """
    notes = _note_texts(ctx, indicator_result(ctx.ev, indicator_id))
    return render("report/notes.html.j2", notes=notes)


def target_definition(ctx: Context, indicator_id: str) -> Fragment:
    """The definition: plan wording, numerator and denominator in words, unit, rule, period."""
    ev, lang = ctx.ev, ctx.lang
    result = indicator_result(ev, indicator_id)
    target = ev.plan.target(indicator_id)
    ci_key = "def.ci.percent" if target.unit == "percent" else "def.ci.rate"
    rule = f"{target_text(result, lang)} ({_rule_words(ctx, result)})"
    rows = [
        (ctx.t("def.wording"), target.wording or target.label(lang)),
        (ctx.t("def.numerator"), _numerator_text(ctx, target)),
        (ctx.t("def.denominator"), _denominator_text(ctx, target)),
        (ctx.t("def.formula"), ctx.t("def.formula_text", factor=fmt_int(target.factor, lang))),
        (ctx.t("def.unit"), ctx.t(f"unit_name.{target.unit}")),
        (ctx.t("def.rule"), rule),
        (ctx.t("def.period"), f"{fmt_date(ev.start, lang)} – {fmt_date(ev.end, lang)}"),
        (ctx.t("def.reference"), fmt_date(result.reference_date, lang)),
        (ctx.t("def.ci"), ctx.t(ci_key)),
    ]
    return fragments.kv_table(rows)


def counts_table(ctx: Context, indicator_id: str) -> Fragment:
    """Numerator, denominator, value, interval and headroom, then the headroom sentence."""
    lang = ctx.lang
    result = indicator_result(ctx.ev, indicator_id)
    target = ctx.ev.plan.target(indicator_id)
    if result.status == "no_data":
        return _result_line(ctx, result)
    numerator, denominator = indicator_counts(ctx, indicator_id)
    hidden = value_hidden(ctx, indicator_id)
    rows = [
        (f"{ctx.t('def.numerator')}: {_numerator_text(ctx, target)}", _cell(numerator, lang)),
        (f"{ctx.t('def.denominator')}: {_denominator_text(ctx, target)}", _cell(denominator, lang)),
        (ctx.t("col.value"), _value_text(ctx, result)),
        (ctx.t("col.target"), target_text(result, lang)),
        (ctx.t("col.ci"), DASH if hidden else ci_text(result, lang)),
        (ctx.t("col.headroom"), DASH if hidden else headroom_text(result, lang)),
    ]
    table = fragments.table([ctx.t("col.item"), ctx.t("col.value")], rows, numeric=[1], nowrap=())
    return render(
        "report/counts.html.j2", table=table, sentence=headroom_sentence(ctx, indicator_id)
    )


def breakdown_frame(ctx: Context, indicator_id: str, by: str) -> pd.DataFrame:
    """:func:`breakdown` for display: labelled values and formatted numbers."""
    lang = ctx.lang
    result = indicator_result(ctx.ev, indicator_id)
    frame = breakdown(ctx, indicator_id, by)
    label = ctx.t(f"dim.{by}")
    labels = [value_label(by, v, lang) for v in frame[by]]
    if is_event_count(frame):
        return pd.DataFrame(
            {label: labels, ctx.t("col.cases"): [_cell(v, lang) for v in frame["numerator"]]}
        )
    values = [
        DASH if v is pd.NA else _unstable(ctx, fmt_value(float(v), result.unit, lang), n)
        for v, n in zip(frame["value"], frame["numerator"], strict=True)
    ]
    return pd.DataFrame(
        {
            label: labels,
            ctx.t("col.numerator"): [_cell(v, lang) for v in frame["numerator"]],
            ctx.t("col.denominator"): [_cell(v, lang) for v in frame["denominator"]],
            ctx.t("col.value"): values,
        }
    )


def breakdown_tables(ctx: Context, indicator_id: str) -> Fragment:
    """Every breakdown as a small table, side by side; or why there is none."""
    result = indicator_result(ctx.ev, indicator_id)
    if result.status in ("no_data", "not_applicable"):
        return _result_line(ctx, result)
    tables = []
    for by in dimensions(ctx.ev, indicator_id):
        frame = breakdown_frame(ctx, indicator_id, by)
        if frame.empty:
            continue
        caption = ctx.t("by.dim", dim=ctx.t(f"dim.{by}").lower())
        tables.append(fragments.frame_table(frame, numeric=frame.columns[1:], caption=caption))
    return fragments.block(*tables, css="planlib-grid")


class TargetView(PageView):
    """The page of one target, bound to a report: each method is one notebook cell.

    Parameters
    ----------
    ctx
        The report (evaluation, language, disclosure rule).
    indicator_id
        The target (``T2.1``); a ``KeyError`` naming the plan's targets when unknown.
    """

    def __init__(self, ctx: Context, indicator_id: str) -> None:
        super().__init__(ctx)
        indicator_result(ctx.ev, indicator_id)
        self.indicator_id = indicator_id

    def __repr__(self) -> str:
        return f"TargetView({self.indicator_id!r}, {self.ctx.lang!r}, {self.ctx.disclosure!r})"

    def title(self) -> Markdown:
        """``# T2.1. …`` (:func:`target_heading`)."""
        return Markdown(target_heading(self.ctx, self.indicator_id))

    def summary(self) -> Outputs:
        """The status, the value against the target, then the notes that go with it."""
        ctx, indicator_id = self.ctx, self.indicator_id
        return Outputs([target_summary(ctx, indicator_id), target_notes(ctx, indicator_id)])

    def definition(self) -> Fragment:
        """:func:`target_definition`."""
        return target_definition(self.ctx, self.indicator_id)

    def value_chart(self) -> Figure | None:
        """The value with its interval against the target (``None`` without a value)."""
        return charts.indicator_value(self.ctx, self.indicator_id)

    def counts(self) -> Fragment:
        """:func:`counts_table`."""
        return counts_table(self.ctx, self.indicator_id)

    def breakdown_charts(self) -> Outputs:
        """One or two breakdowns as figures (:func:`chart_dimensions`)."""
        dims = chart_dimensions(self.ctx.ev, self.indicator_id)
        return Outputs(charts.breakdown(self.ctx, self.indicator_id, by) for by in dims)

    def breakdowns(self) -> Fragment:
        """:func:`breakdown_tables`."""
        return breakdown_tables(self.ctx, self.indicator_id)
