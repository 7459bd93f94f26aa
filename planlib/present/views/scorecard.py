"""The year-end report's scorecard, header, general objective and areas (notebook 90)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from planlib.core.disclosure import UNSTABLE_BELOW, is_hidden
from planlib.core.fmt import date_line, fmt_int
from planlib.present import fragments
from planlib.present.context import Context, page_name
from planlib.present.html import Fragment, render
from planlib.present.shown import indicator_counts
from planlib.present.shown_areas import area_counts
from planlib.present.textreport import ci_text, headroom_text, target_text
from planlib.present.views.area import area_badge, completion_text
from planlib.present.views.base import (
    DASH,
    _as_date,
    _banners,
    _cell,
    _scope_text,
    _year,
)
from planlib.present.views.target import _value_text

__all__ = [
    "areas_summary",
    "general_objective",
    "report_header",
    "report_title",
    "scorecard",
    "scorecard_frame",
    "status_summary",
]

# --- the year-end report (90) ----------------------------------------------------------------

#: scorecard column -> catalogue key of its header
_SCORECARD_COLUMNS = (
    ("id", "col.id"),
    ("label", "col.indicator"),
    ("value", "col.value"),
    ("target", "col.target"),
    ("status_text", "col.status"),
    ("ci", "col.ci"),
    ("counts", "col.counts"),
    ("headroom", "col.headroom"),
)
#: right-aligned scorecard columns
_NUMERIC = frozenset({"value", "target", "ci", "counts"})


def _scorecard_row(ctx: Context, result: Any) -> dict[str, Any]:
    """One target's row of the scorecard, as the rule shows it."""
    lang = ctx.lang
    numerator, denominator = indicator_counts(ctx, result.id)
    hidden = is_hidden(numerator) or is_hidden(denominator)
    counts = DASH
    if result.numerator is not None and result.denominator is not None:
        counts = f"{_cell(numerator, lang)}/{_cell(denominator, lang)}"
    return {
        "id": result.id,
        "status": result.status,
        "label": ctx.ev.plan.target(result.id).label(lang),
        "value": _value_text(ctx, result),
        "target": target_text(result, lang),
        "status_text": ctx.t(f"status.{result.status}"),
        "ci": DASH if hidden else ci_text(result, lang),
        "counts": counts + (" *" if result.small_numbers else ""),
        "headroom": DASH if hidden else headroom_text(result, lang),
    }


def scorecard_frame(ctx: Context) -> pd.DataFrame:
    """The eight indicators as a display table (one row each)."""
    rows = [_scorecard_row(ctx, result) for result in ctx.ev.indicators]
    return pd.DataFrame({ctx.t(key): [r[col] for r in rows] for col, key in _SCORECARD_COLUMNS})


def _scorecard_notes(ctx: Context) -> list[str]:
    """The footnotes of the scorecard: small numbers, headroom, interval, the rule."""
    params, lang = ctx.ev.plan.parameters, ctx.lang
    notes = [
        ctx.t(
            "rpt.footnote_small",
            n=fmt_int(params.small_numerator, lang),
            d=fmt_int(params.small_denominator, lang),
        ),
        ctx.t("rpt.footnote_headroom"),
        ctx.t("rpt.footnote_ci"),
    ]
    notes += [
        f"{r.id}: {ctx.t('tgt.day_precision')}"
        for r in ctx.ev.indicators
        if "day_precision" in r.notes
    ]
    if ctx.rule.suppresses:
        notes.append(ctx.t("disc.footnote"))
        notes.append(ctx.t("disc.unstable_note", n=fmt_int(UNSTABLE_BELOW, lang)))
    return notes


def scorecard(ctx: Context, *, links: bool = True) -> Fragment:
    """The scorecard: ``<table class="scorecard">`` with one ``<tr class="status-…"
    data-indicator="T1.1">`` per indicator, then its footnotes.

    Public: counts 1–4 as ``< 5``, a numerator whose rest is 1–4 as ``x``, and then no value,
    interval or headroom ("—"); values on fewer than 10 events say "không ổn định".
    """
    rows = []
    for result in ctx.ev.indicators:
        row = _scorecard_row(ctx, result)
        row["href"] = page_name("target", result.id) if links else None
        rows.append(row)
    return render(
        "report/scorecard.html.j2",
        columns=[(col, ctx.t(key)) for col, key in _SCORECARD_COLUMNS],
        numeric=_NUMERIC,
        rows=rows,
        notes=_scorecard_notes(ctx),
    )


def status_summary(ctx: Context) -> Fragment:
    """ "Có 4/8 chỉ tiêu đạt." then the targets of each other status."""
    results = ctx.ev.indicators
    achieved = [r.id for r in results if r.status == "achieved"]
    others = []
    for status in ("not_achieved", "not_applicable", "no_data"):
        ids = [r.id for r in results if r.status == status]
        if ids:
            others.append(
                ctx.t(
                    "rpt.summary_status",
                    status=ctx.t(f"status.{status}"),
                    n=len(ids),
                    ids=", ".join(ids),
                )
            )
    return render(
        "report/status_summary.html.j2",
        lead=ctx.t("rpt.summary_targets", achieved=len(achieved), total=len(results)),
        rest=" ".join(others),
    )


def report_title(ctx: Context) -> str:
    """The report's title, plain text: "Báo cáo kết quả thực hiện Kế hoạch … năm 2023"."""
    return ctx.t("rpt.title", year=_year(ctx.ev))


def _preamble(ctx: Context) -> str:
    """The basis of the report: the documents the plan was issued under, the plan, the school."""
    plan, school = ctx.ev.plan, ctx.ev.school.get("name", "")
    if plan.issued_under:
        basis = "; ".join(plan.issued_under)
        return ctx.t("rpt.preamble", basis=basis, plan=plan.title(ctx.lang), school=school)
    return ctx.t("rpt.preamble_plain", plan=plan.title(ctx.lang), school=school)


def report_header(ctx: Context, *, report_date: str | dt.date | None = None) -> Fragment:
    """The head of the report as a Vietnamese administrative document.

    The sample banner when the data is the sample school (and the public banner with a note
    on the rule in a public report); the issuing body and school on the left and the
    national motto on the right; the place-and-date line; the title; the basis of the plan
    and the period. ``report_date`` defaults to today.
    """
    day = _as_date(report_date) or dt.date.today()
    school = ctx.ev.school
    district = school.get("district", "")
    place = school.get("place") or ctx.ev.plan.school.place or district or school.get("name", "")
    number = school.get("report_number")
    return render(
        "report/header.html.j2",
        **_banners(ctx, here=True),
        authority=ctx.t("rpt.authority", district=district) if district else "",
        school=school.get("name", ""),
        number=ctx.t("rpt.number_given", number=number) if number else ctx.t("rpt.number"),
        nation=ctx.t("rpt.nation"),
        motto=ctx.t("rpt.motto"),
        dateline=date_line(place, day, ctx.lang),
        title=report_title(ctx),
        preamble=_preamble(ctx),
        scope=_scope_text(ctx),
    )


def general_objective(ctx: Context) -> Fragment:
    """The plan's general objective (it has no number; the targets below measure it)."""
    return fragments.block(ctx.ev.plan.general_objective(ctx.lang), css="planlib-objective")


def areas_summary(ctx: Context, *, links: bool = True) -> Fragment:
    """One row per solution area: planned, held, completion, status, link to its page.

    Public: activities held 1–4 as ``< 5`` (with a second area ``x``), and their completion
    "—"; the planned numbers are the plan's and stay.
    """
    lang = ctx.lang
    shown = area_counts(ctx)
    rows, planned_total, counted_total = [], 0, 0
    for area in ctx.ev.plan.solution_areas:
        entry = ctx.ev.sections.area(area.id)
        planned, counted = entry.planned, entry.counted
        planned_total += planned or 0
        counted_total += counted or 0
        if area.id in shown.index:
            planned, counted = shown.at[area.id, "planned"], shown.at[area.id, "counted"]
        rows.append(
            [
                fragments.link(page_name("area", area.id), area.id) if links else area.id,
                area.label(lang),
                _cell(planned, lang),
                _cell(counted, lang),
                completion_text(ctx, entry.completion, planned, counted),
                area_badge(ctx, entry),
            ]
        )
    columns = [
        ctx.t(key)
        for key in ("col.id", "col.area", "col.planned", "col.done", "col.completion", "col.status")
    ]
    completion = counted_total / planned_total if planned_total else None
    total = shown.loc["total"]
    line = ctx.t(
        "rpt.summary_areas",
        counted=_cell(total["counted"], lang),
        planned=_cell(total["planned"], lang),
        completion=completion_text(ctx, completion, total["planned"], total["counted"]),
    )
    return fragments.join(
        [fragments.paragraph(line), fragments.table(columns, rows, numeric=[2, 3, 4])]
    )
