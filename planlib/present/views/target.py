"""The views of one target (notebook 10_target)."""

from __future__ import annotations

import pandas as pd

from planlib.core.contract import TABLES
from planlib.core.disclosure import (
    UNSTABLE_BELOW,
    Disclosure,
    is_hidden,
    is_unstable,
    suppress_pairs,
    suppress_table,
)
from planlib.core.fmt import (
    fmt_date,
    fmt_int,
    fmt_number,
    fmt_value,
)
from planlib.core.i18n import LABELS, t
from planlib.evaluation.evaluate import Evaluation, IndicatorResult
from planlib.evaluation.indicators import disaggregate
from planlib.inputs.plan import Target
from planlib.present.textreport import ci_text, headroom_text, target_text
from planlib.present.views.base import (
    _ENUM_ORDER,
    DASH,
    Markup,
    _badge,
    _cell,
    _frame_html,
    _join,
    _kv_table,
    _md,
    _missing_text,
    _p,
    _public,
    _status_badge,
    _table,
    _tag,
    _unstable,
    value_label,
)

__all__ = [
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


def indicator_result(ev: Evaluation, indicator_id: str) -> IndicatorResult:
    """The result of one target; a ``KeyError`` naming the plan's targets if unknown."""
    for result in ev.indicators:
        if result.id == indicator_id:
            return result
    ids = ", ".join(r.id for r in ev.indicators)
    raise KeyError(f"{indicator_id!r} is not a target of plan {ev.plan.id} (targets: {ids})")


def indicator_counts(
    ev: Evaluation, indicator_id: str, *, disclosure: Disclosure = "internal"
) -> tuple[object, object]:
    """The numerator and denominator of a target as a page shows them.

    Internal: the counts. Public: :func:`planlib.core.disclosure.suppress_pairs` of the one pair,
    so ``< 5`` for 1–4 and ``x`` for a numerator whose rest (denominator − numerator) is 1–4.
    """
    result = indicator_result(ev, indicator_id)
    if result.numerator is None or result.denominator is None or not _public(disclosure):
        return result.numerator, result.denominator
    nums, dens, _ = suppress_pairs(
        [result.numerator], [result.denominator], disclosure=disclosure, totals=False
    )
    return nums[0], dens[0]


def value_hidden(ev: Evaluation, indicator_id: str, *, disclosure: Disclosure = "internal") -> bool:
    """Whether a target's value, interval and headroom are hidden (they would reveal a count)."""
    return any(is_hidden(c) for c in indicator_counts(ev, indicator_id, disclosure=disclosure))


def _value_text(ev: Evaluation, result: IndicatorResult, lang: str, disclosure: Disclosure) -> str:
    if value_hidden(ev, result.id, disclosure=disclosure):
        return DASH
    return _unstable(fmt_value(result.value, result.unit, lang), result.numerator, lang, disclosure)


def _method_key(ev: Evaluation, target: Target) -> str:
    incidents = target.method == "injury_rate" and ev.plan.parameters.injury_count == "incidents"
    return f"{target.method}.incidents" if incidents else target.method


def _label_or(key: str, fallback: str, lang: str, **params: object) -> str:
    return t(key, lang, **params) if key in LABELS else fallback


def _numerator_text(ev: Evaluation, target: Target, lang: str) -> str:
    params = ev.plan.parameters
    fill = {"hours": fmt_number(params.timely_hours, 1, lang, trim=True)}
    fill["pass_mark"] = fmt_number(params.pass_mark, 1, lang, trim=True)
    key = f"num.{_method_key(ev, target)}"
    if key not in LABELS:
        key = f"num.{target.method}"
    return _label_or(key, t("def.numerator", lang), lang, **fill)


def _denominator_text(target: Target, lang: str) -> str:
    return _label_or(f"den.{target.method}", t("def.denominator", lang), lang)


def _rule_words(result: IndicatorResult, lang: str) -> str:
    x = fmt_value(result.threshold, result.unit, lang, 2, trim=True)
    if result.op == ">=" and result.unit == "percent" and float(result.threshold) == 100:
        return t("rule.full", lang, x=x)
    return t(f"rule.{result.op}", lang, x=x)


def target_heading(ev: Evaluation, indicator_id: str, *, lang: str = "vi") -> str:
    """``# T2.1. Tỷ suất trẻ em bị tai nạn thương tích`` (Markdown)."""
    indicator_result(ev, indicator_id)  # a KeyError naming the targets when unknown
    target = ev.plan.target(indicator_id)
    return f"# {_md(indicator_id)}. {_md(target.label(lang))}"


def headroom_sentence(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """The headroom in a sentence (plain text; empty when there is no denominator).

    "Với 604 trẻ em, tối đa 3 trẻ em bị TNTT thì vẫn đạt chỉ tiêu dưới 60/10.000; hiện có 5."
    In a public page whose counts are hidden, a sentence saying the headroom is not shown.
    """
    result = indicator_result(ev, indicator_id)
    if not result.denominator:
        return ""
    if value_hidden(ev, indicator_id, disclosure=disclosure):
        return t("disc.headroom_hidden", lang)
    target = ev.plan.target(indicator_id)
    method = _method_key(ev, target)
    num_key = (
        f"noun.num.{method}" if f"noun.num.{method}" in LABELS else f"noun.num.{target.method}"
    )
    params = {
        "d": fmt_int(result.denominator, lang),
        "den": _label_or(f"noun.den.{target.method}", t("col.denominator", lang).lower(), lang),
        "num": _label_or(num_key, t("col.numerator", lang).lower(), lang),
        "rule": _rule_words(result, lang),
        "current": fmt_int(result.numerator or 0, lang),
    }
    if result.allowed_max is not None:
        return t("tgt.headroom_upper", lang, n=fmt_int(result.allowed_max, lang), **params)
    if result.required_min is not None:
        if result.required_min > result.denominator:
            return t("tgt.headroom_none", lang, **params)
        return t("tgt.headroom_lower", lang, n=fmt_int(result.required_min, lang), **params)
    return t("tgt.headroom_none", lang, **params)


def _result_line(result: IndicatorResult, lang: str) -> Markup:
    if result.status == "no_data":
        return _p(t("tgt.no_data", lang, missing=_missing_text(result.missing, lang)))
    if result.status == "not_applicable":
        return _p(t("tgt.not_applicable", lang))
    return Markup("")


def target_summary(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """The status badge, the value against the target, and what a missing value means.

    Public: the value and interval are replaced by "không hiển thị (số nhỏ)" when they would
    reveal a hidden count, and a value on fewer than 10 events says "không ổn định".
    """
    result = indicator_result(ev, indicator_id)
    hidden = value_hidden(ev, indicator_id, disclosure=disclosure)
    parts = [_status_badge(result.status, lang)]
    if result.value is not None and hidden:
        parts.append(_tag("span", t("disc.hidden", lang), class_="planlib-big"))
    elif result.value is not None:
        parts.append(_tag("span", fmt_value(result.value, result.unit, lang), class_="planlib-big"))
        if _public(disclosure) and is_unstable(result.numerator):
            parts.append(_badge("status-no_data", t("disc.unstable", lang)))
    parts.append(
        _tag(
            "span",
            f"{t('col.target', lang)}: {target_text(result, lang)}"
            + (
                f" · {t('col.ci', lang)}: {ci_text(result, lang)}"
                if result.ci95 and not hidden
                else ""
            ),
            class_="planlib-muted",
        )
    )
    body = _join(parts, " ")
    return _tag("div", _p(body) + _result_line(result, lang), class_="planlib-box")


def target_notes(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Warnings that go with the figure: small numbers, day precision (empty when none).

    Public: the counts of the small-numbers note as shown, why the value is hidden, and
    "không ổn định" for a value on fewer than 10 events.
    """
    result = indicator_result(ev, indicator_id)
    params = ev.plan.parameters
    numerator, denominator = indicator_counts(ev, indicator_id, disclosure=disclosure)
    notes = []
    if result.small_numbers:
        notes.append(
            t(
                "tgt.small_numbers",
                lang,
                n=_cell(numerator or 0, lang),
                d=_cell(denominator or 0, lang),
                min_n=fmt_int(params.small_numerator, lang),
                min_d=fmt_int(params.small_denominator, lang),
            )
        )
    if _public(disclosure) and result.value is not None:
        if value_hidden(ev, indicator_id, disclosure=disclosure):
            notes.append(t("disc.value_hidden", lang))
        elif is_unstable(result.numerator):
            notes.append(t("disc.unstable_note", lang, n=fmt_int(UNSTABLE_BELOW, lang)))
    if "day_precision" in result.notes:
        notes.append(t("tgt.day_precision", lang))
    return _join(_tag("div", "⚠ " + note, class_="planlib-note") for note in notes)


def target_definition(ev: Evaluation, indicator_id: str, *, lang: str = "vi") -> str:
    """The definition: plan wording, numerator and denominator in words, unit, rule, period."""
    result = indicator_result(ev, indicator_id)
    target = ev.plan.target(indicator_id)
    ci_key = "def.ci.percent" if target.unit == "percent" else "def.ci.rate"
    rows = [
        (t("def.wording", lang), target.wording or target.label(lang)),
        (t("def.numerator", lang), _numerator_text(ev, target, lang)),
        (t("def.denominator", lang), _denominator_text(target, lang)),
        (t("def.formula", lang), t("def.formula_text", lang, factor=fmt_int(target.factor, lang))),
        (t("def.unit", lang), t(f"unit_name.{target.unit}", lang)),
        (
            t("def.rule", lang),
            f"{target_text(result, lang)} ({_rule_words(result, lang)})",
        ),
        (
            t("def.period", lang),
            f"{fmt_date(ev.start, lang)} – {fmt_date(ev.end, lang)}",
        ),
        (t("def.reference", lang), fmt_date(result.reference_date, lang)),
        (t("def.ci", lang), t(ci_key, lang)),
    ]
    return _kv_table(rows)


def counts_table(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Numerator, denominator, value, interval and headroom, then the headroom sentence."""
    result = indicator_result(ev, indicator_id)
    target = ev.plan.target(indicator_id)
    if result.status == "no_data":
        return _result_line(result, lang)
    numerator, denominator = indicator_counts(ev, indicator_id, disclosure=disclosure)
    hidden = value_hidden(ev, indicator_id, disclosure=disclosure)
    rows = [
        (
            f"{t('def.numerator', lang)}: {_numerator_text(ev, target, lang)}",
            _cell(numerator, lang),
        ),
        (
            f"{t('def.denominator', lang)}: {_denominator_text(target, lang)}",
            _cell(denominator, lang),
        ),
        (t("col.value", lang), _value_text(ev, result, lang, disclosure)),
        (t("col.target", lang), target_text(result, lang)),
        (t("col.ci", lang), DASH if hidden else ci_text(result, lang)),
        (t("col.headroom", lang), DASH if hidden else headroom_text(result, lang)),
    ]
    table = _table([t("col.item", lang), t("col.value", lang)], rows, numeric=[1], nowrap=())
    sentence = headroom_sentence(ev, indicator_id, lang=lang, disclosure=disclosure)
    return table + (_p(_tag("strong", sentence)) if sentence else Markup(""))


def dimensions(ev: Evaluation, indicator_id: str) -> list[str]:
    """The breakdown dimensions that have values for this indicator, in display order."""
    result = indicator_result(ev, indicator_id)
    counts = ev.counts.get(indicator_id)
    if counts is None or not result.denominator:
        return []
    out = []
    for by in ("sex", "grade", "class_name", "role", "kind", "month", "cause", "place"):
        source = counts.denominator if by in counts.denominator.columns else counts.events
        if source is None or by not in source.columns or not source[by].notna().any():
            continue
        if by == "kind" and source[by].nunique() < 2:
            continue
        out.append(by)
    return out


def chart_dimensions(ev: Evaluation, indicator_id: str) -> list[str]:
    """One or two dimensions worth a chart: when and why for events, who for people."""
    available = dimensions(ev, indicator_id)
    counts = ev.counts.get(indicator_id)
    if counts is None:
        return []
    if "kind" in counts.denominator.columns:  # the denominator is cases (T4)
        preferred = ["kind", "month", "place"]
    elif counts.events is not None and len(counts.events):
        preferred = ["month", "cause", "place", "grade"]
    else:
        preferred = ["grade", "role", "sex"]
    return [by for by in preferred if by in available][:2]


def _codes(by: str) -> tuple[str, ...]:
    """The contract's codes of an enumerated dimension, in order (empty for others)."""
    if by not in _ENUM_ORDER:
        return ()
    table_id, column_id = _ENUM_ORDER[by]
    enum = next(tb for tb in TABLES if tb.id == table_id).column(column_id).enum
    return enum.codes if enum is not None else ()


def _order(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    if by in _ENUM_ORDER:
        codes = _codes(by)
        rank = {code: i for i, code in enumerate(codes)}
        key = frame[by].map(lambda v: rank.get(v, len(rank)))
        return frame.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k")
    return frame.sort_values(by, kind="stable", na_position="last")


def breakdown(
    ev: Evaluation, indicator_id: str, by: str, *, disclosure: Disclosure = "internal"
) -> pd.DataFrame:
    """Numerator, denominator and value by one dimension, with raw codes.

    Attributes of the counted units (sex, grade, class, role; and kind, place, month when the
    units are cases, as for T4) give each group its numerator, denominator and value; event
    attributes (month, cause, place of injuries) count the events behind the numerator.

    Returns
    -------
    pandas.DataFrame
        Columns ``by``, ``numerator``, ``denominator`` and ``value`` (the last two ``<NA>``
        for event counts), in the dimension's natural order. Public: the counts are object
        columns holding ints, ``< 5`` or ``x`` (the breakdown's total is the indicator's, shown
        on the same page, so complementary suppression applies), and the value of a group
        with a hidden count is ``<NA>``.
    """
    frame = _breakdown(ev, indicator_id, by)
    if not _public(disclosure) or frame.empty:
        return frame
    if _is_event_count(frame):
        return suppress_table(frame, ["numerator"], disclosure=disclosure, totals=True)
    nums, dens, _ = suppress_pairs(
        frame["numerator"].fillna(0).astype(int).tolist(),
        frame["denominator"].fillna(0).astype(int).tolist(),
        disclosure=disclosure,
        totals=True,
    )
    hidden = [is_hidden(n) or is_hidden(d) for n, d in zip(nums, dens, strict=True)]
    out = frame.copy()
    out["numerator"] = pd.Series(nums, index=frame.index, dtype=object)
    out["denominator"] = pd.Series(dens, index=frame.index, dtype=object)
    out["value"] = frame["value"].mask(pd.Series(hidden, index=frame.index))
    return out


def _breakdown(ev: Evaluation, indicator_id: str, by: str) -> pd.DataFrame:
    result = indicator_result(ev, indicator_id)
    counts = ev.counts.get(indicator_id)
    if counts is None:
        return pd.DataFrame(columns=[by, "numerator", "denominator", "value"])
    frame = disaggregate(counts, by, factor=result.factor)
    return _order(frame, by).reset_index(drop=True)


def _is_event_count(frame: pd.DataFrame) -> bool:
    return bool(len(frame)) and bool(frame["denominator"].isna().all())


def breakdown_frame(
    ev: Evaluation,
    indicator_id: str,
    by: str,
    *,
    lang: str = "vi",
    disclosure: Disclosure = "internal",
) -> pd.DataFrame:
    """:func:`breakdown` for display: labelled values and formatted numbers."""
    result = indicator_result(ev, indicator_id)
    frame = breakdown(ev, indicator_id, by, disclosure=disclosure)
    label = t(f"dim.{by}", lang)
    labels = [value_label(by, v, lang) for v in frame[by]]
    if _is_event_count(frame):
        return pd.DataFrame(
            {label: labels, t("col.cases", lang): [_cell(v, lang) for v in frame["numerator"]]}
        )
    return pd.DataFrame(
        {
            label: labels,
            t("col.numerator", lang): [_cell(v, lang) for v in frame["numerator"]],
            t("col.denominator", lang): [_cell(v, lang) for v in frame["denominator"]],
            t("col.value", lang): [
                DASH
                if v is pd.NA
                else _unstable(fmt_value(float(v), result.unit, lang), n, lang, disclosure)
                for v, n in zip(frame["value"], frame["numerator"], strict=True)
            ],
        }
    )


def breakdown_tables(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Every breakdown as a small table, side by side; or why there is none."""
    result = indicator_result(ev, indicator_id)
    if result.status in ("no_data", "not_applicable"):
        return _result_line(result, lang)
    tables = []
    for by in dimensions(ev, indicator_id):
        frame = breakdown_frame(ev, indicator_id, by, lang=lang, disclosure=disclosure)
        if frame.empty:
            continue
        caption = t("by.dim", lang, dim=t(f"dim.{by}", lang).lower())
        tables.append(_frame_html(frame, numeric=frame.columns[1:], caption=caption))
    return _tag("div", _join(tables), class_="planlib-grid")
