"""The evaluation as a plain-text table for the terminal, Vietnamese by default."""

from __future__ import annotations

import unicodedata

from planlib.core.fmt import fmt_date, fmt_int, fmt_number, fmt_value
from planlib.core.i18n import t
from planlib.evaluation.evaluate import Evaluation, IndicatorResult

__all__ = ["ci_text", "headroom_text", "render_table", "target_text"]

OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
LABEL_WIDTH = 44


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _clip(text: str, width: int) -> str:
    return text if _width(text) <= width else text[: width - 1] + "…"


def target_text(result: IndicatorResult, lang: str = "vi") -> str:
    """The rule in words: ``< 1,5%``, ``≥ 85%``, ``< 60/10.000``."""
    return f"{OPS[result.op]} {fmt_value(result.threshold, result.unit, lang, 2, trim=True)}"


def ci_text(result: IndicatorResult, lang: str = "vi") -> str:
    if result.ci95 is None:
        return "—"
    low, high = result.ci95
    return f"{fmt_number(low, 1, lang)}–{fmt_value(high, result.unit, lang)}"


def headroom_text(result: IndicatorResult, lang: str = "vi") -> str:
    if result.allowed_max is not None:
        return t("allowed_max", lang, n=fmt_int(result.allowed_max, lang))
    if result.required_min is not None:
        return t("required_min", lang, n=fmt_int(result.required_min, lang))
    return "—"


def render_table(evaluation: Evaluation, *, lang: str = "vi") -> str:
    """The eight targets as an aligned table, with the sample banner and the warnings."""
    plan = evaluation.plan
    lines: list[str] = []
    if evaluation.workbook.sample:
        lines += [f"*** {t('sample_banner', lang)} ***", ""]
    lines.append(f"{evaluation.school.get('name', '')} — {plan.title(lang)}")
    lines.append(
        f"{t('period', lang).capitalize()}: {fmt_date(evaluation.start, lang)}–"
        f"{fmt_date(evaluation.end, lang)}; {t('reference_date', lang)}: "
        f"{fmt_date(evaluation.reference, lang)}"
    )
    lines.append("")
    header = [
        t("col.id", lang),
        t("col.indicator", lang),
        t("col.value", lang),
        t("col.target", lang),
        t("col.counts", lang),
        t("col.ci", lang),
        t("col.headroom", lang),
        t("col.status", lang),
    ]
    rows = [header]
    for result in evaluation.indicators:
        target = plan.target(result.id)
        counts = (
            f"{fmt_int(result.numerator, lang)}/{fmt_int(result.denominator, lang)}"
            if result.numerator is not None and result.denominator is not None
            else "—"
        )
        status = t(f"status.{result.status}", lang)
        if result.small_numbers:
            status += " *"
        rows.append(
            [
                result.id,
                _clip(target.label(lang), LABEL_WIDTH),
                fmt_value(result.value, result.unit, lang),
                target_text(result, lang),
                counts,
                ci_text(result, lang),
                headroom_text(result, lang),
                status,
            ]
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
    lines.append("")
    lines.append(f"* {t('small_numbers', lang)}")
    for result in evaluation.indicators:
        if "day_precision" in result.notes:
            lines.append(f"{result.id}: {t('day_precision', lang)}")
        if result.missing:
            lines.append(f"{result.id}: {t('status.no_data', lang)} ({', '.join(result.missing)})")
    warnings = evaluation.workbook.warnings
    if warnings:
        lines.append("")
        lines.append(t("warnings_heading", lang, n=len(warnings)))
        lines += [f"- {w.message(lang)}" for w in warnings]
    return "\n".join(lines) + "\n"
