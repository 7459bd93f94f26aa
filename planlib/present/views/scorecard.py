"""The year-end report's scorecard, header, general objective and areas (notebook 90)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from planlib.core.disclosure import UNSTABLE_BELOW, Disclosure, disclosure_rule, is_hidden
from planlib.core.fmt import date_line, fmt_int
from planlib.core.i18n import t
from planlib.evaluation.evaluate import Evaluation
from planlib.present import fragments
from planlib.present.context import Context, page_name
from planlib.present.html import Fragment, render
from planlib.present.shown import indicator_counts
from planlib.present.textreport import ci_text, headroom_text, target_text
from planlib.present.views.base import (
    AREA_CLASS,
    DASH,
    _as_date,
    _banners,
    _cell,
    _scope_text,
    _share,
    _year,
)
from planlib.present.views.target import _value_text

__all__ = [
    "area_counts",
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
    place = ctx.ev.plan.school.place or district or school.get("name", "")
    return render(
        "report/header.html.j2",
        **_banners(ctx, here=True),
        authority=ctx.t("rpt.authority", district=district) if district else "",
        school=school.get("name", ""),
        number=ctx.t("rpt.number"),
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


def _area_entry(ev: Evaluation, area_id: str) -> dict[str, Any]:
    for entry in ev.sections.get("solution_areas", []):
        if entry["id"] == area_id:
            return entry
    ids = ", ".join(a.id for a in ev.plan.solution_areas)
    raise KeyError(f"{area_id!r} is not a solution area of plan {ev.plan.id} (areas: {ids})")


def _area_status(entry: dict[str, Any]) -> str:
    if entry.get("status") == "no_data" and entry.get("planned") is None:
        return "no_data"
    if not entry.get("planned"):
        return "not_planned"
    return "complete" if (entry.get("completion") or 0) >= 1 else "incomplete"


def _area_badge(entry: dict[str, Any], lang: str) -> Fragment:
    status = _area_status(entry)
    key = "status.no_data" if status == "no_data" else f"area.status.{status}"
    return fragments.badge(AREA_CLASS[status], t(key, lang))


def area_counts(ev: Evaluation, *, disclosure: Disclosure = "internal") -> pd.DataFrame:
    """Planned and held activities (``planned``, ``counted``) of each area, as pages show them.

    One row per solution area with data (by id), then a ``"total"`` row. Public: object
    columns, ``< 5`` for 1–4 and ``x`` for a second area when one is hidden in a column
    (the totals are shown in the year-end report).

    Still ``disclosure=`` (not a context) while ``views/area.py`` and ``plots/areas.py`` call
    it so; :func:`_shown_area_counts` is the context's door to it.
    """
    entries = [_area_entry(ev, a.id) for a in ev.plan.solution_areas]
    known = [e for e in entries if e.get("counted") is not None]
    frame = pd.DataFrame(
        {
            "planned": [int(e["planned"]) for e in known],
            "counted": [int(e["counted"]) for e in known],
        },
        index=pd.Index([e["id"] for e in known], dtype=object),
    )
    totals = frame.sum()
    rule = disclosure_rule(disclosure)
    if rule.suppresses:
        frame = rule.table(rule.table(frame, ["planned"]), ["counted"])
        totals = totals.map(lambda n: rule.count(int(n), int))
    frame.loc["total"] = totals
    return frame


def _shown_area_counts(ctx: Context) -> pd.DataFrame:
    """:func:`area_counts` under the context's rule."""
    return area_counts(ctx.ev, disclosure=ctx.disclosure)


def _completion_text(completion: float | None, lang: str, *counts: object) -> str:
    """A completion share, "—" when one of the counts it comes from is hidden."""
    return DASH if any(is_hidden(c) for c in counts) else _share(completion, lang)


def areas_summary(ctx: Context, *, links: bool = True) -> Fragment:
    """One row per solution area: planned, held, completion, status, link to its page.

    Public: activities held 1–4 as ``< 5`` (with a second area ``x``), and their completion
    "—"; the planned numbers are the plan's and stay.
    """
    lang = ctx.lang
    shown = _shown_area_counts(ctx)
    rows, planned_total, counted_total = [], 0, 0
    for area in ctx.ev.plan.solution_areas:
        entry = _area_entry(ctx.ev, area.id)
        planned, counted = entry.get("planned"), entry.get("counted")
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
                _completion_text(entry.get("completion"), lang, planned, counted),
                _area_badge(entry, lang),
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
        completion=_completion_text(completion, lang, total["planned"], total["counted"]),
    )
    return fragments.join(
        [fragments.paragraph(line), fragments.table(columns, rows, numeric=[2, 3, 4])]
    )
