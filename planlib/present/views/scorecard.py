"""The year-end report's scorecard, header and general objective (notebook 90)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from planlib.core.disclosure import (
    UNSTABLE_BELOW,
    Disclosure,
    is_hidden,
    show_count,
    suppress_table,
)
from planlib.core.fmt import (
    date_line,
    fmt_int,
)
from planlib.core.i18n import t
from planlib.evaluation.evaluate import Evaluation
from planlib.inputs.plan import SolutionArea
from planlib.present.context import page_name
from planlib.present.textreport import ci_text, headroom_text, target_text
from planlib.present.views.base import (
    AREA_CLASS,
    DASH,
    STYLE,
    Markup,
    _as_date,
    _badge,
    _cell,
    _disclosure_banner,
    _join,
    _link,
    _p,
    _public,
    _sample_banner,
    _scope_text,
    _share,
    _status_badge,
    _table,
    _tag,
    _year,
)
from planlib.present.views.target import (
    _value_text,
    indicator_counts,
)

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


def _scorecard_rows(ev: Evaluation, lang: str, disclosure: Disclosure) -> list[dict[str, Any]]:
    rows = []
    for result in ev.indicators:
        target = ev.plan.target(result.id)
        numerator, denominator = indicator_counts(ev, result.id, disclosure=disclosure)
        hidden = is_hidden(numerator) or is_hidden(denominator)
        counts = (
            f"{_cell(numerator, lang)}/{_cell(denominator, lang)}"
            if result.numerator is not None and result.denominator is not None
            else DASH
        )
        rows.append(
            {
                "id": result.id,
                "status": result.status,
                "label": target.label(lang),
                "value": _value_text(ev, result, lang, disclosure),
                "target": target_text(result, lang),
                "status_text": t(f"status.{result.status}", lang),
                "ci": DASH if hidden else ci_text(result, lang),
                "counts": counts + (" *" if result.small_numbers else ""),
                "headroom": DASH if hidden else headroom_text(result, lang),
            }
        )
    return rows


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


def scorecard_frame(
    ev: Evaluation, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> pd.DataFrame:
    """The eight indicators as a display table (one row each)."""
    rows = _scorecard_rows(ev, lang, disclosure)
    return pd.DataFrame({t(key, lang): [r[col] for r in rows] for col, key in _SCORECARD_COLUMNS})


def scorecard(
    ev: Evaluation, *, lang: str = "vi", links: bool = True, disclosure: Disclosure = "internal"
) -> str:
    """The scorecard: ``<table class="scorecard">`` with one ``<tr class="status-…"
    data-indicator="T1.1">`` per indicator, then its footnotes.

    Public: counts 1–4 as ``< 5``, a numerator whose rest is 1–4 as ``x``, and then no value,
    interval or headroom ("—"); values on fewer than 10 events say "không ổn định".
    """
    rows = _scorecard_rows(ev, lang, disclosure)
    body = []
    for row in rows:
        cells = []
        for col, _ in _SCORECARD_COLUMNS:
            value: object = row[col]
            if col == "id" and links:
                value = _link(page_name("target", row["id"]), row["id"])
            elif col == "status_text":
                value = _status_badge(row["status"], lang)
            numeric = col in ("value", "target", "ci", "counts")
            cells.append(_tag("td", value, class_="num" if numeric else None))
        body.append(
            _tag(
                "tr",
                _join(cells),
                class_=f"status-{row['status']}",
                data_indicator=row["id"],
            )
        )
    head = _join(
        _tag(
            "th", t(key, lang), class_="num" if col in ("value", "target", "ci", "counts") else None
        )
        for col, key in _SCORECARD_COLUMNS
    )
    table = (
        Markup('<table class="scorecard">')
        + _tag("thead", _tag("tr", head))
        + _tag("tbody", _join(body))
        + Markup("</table>")
    )
    params = ev.plan.parameters
    notes = [
        t(
            "rpt.footnote_small",
            lang,
            n=fmt_int(params.small_numerator, lang),
            d=fmt_int(params.small_denominator, lang),
        ),
        t("rpt.footnote_headroom", lang),
        t("rpt.footnote_ci", lang),
    ]
    notes += [
        f"{r.id}: {t('tgt.day_precision', lang)}"
        for r in ev.indicators
        if "day_precision" in r.notes
    ]
    if _public(disclosure):
        notes.append(t("disc.footnote", lang))
        notes.append(t("disc.unstable_note", lang, n=fmt_int(UNSTABLE_BELOW, lang)))
    return table + _join(_p(note, "planlib-muted") for note in notes)


def status_summary(ev: Evaluation, *, lang: str = "vi") -> str:
    """ "Có 4/8 chỉ tiêu đạt." then the targets of each other status."""
    results = ev.indicators
    achieved = [r.id for r in results if r.status == "achieved"]
    lines = [t("rpt.summary_targets", lang, achieved=len(achieved), total=len(results))]
    for status in ("not_achieved", "not_applicable", "no_data"):
        ids = [r.id for r in results if r.status == status]
        if ids:
            lines.append(
                t(
                    "rpt.summary_status",
                    lang,
                    status=t(f"status.{status}", lang),
                    n=len(ids),
                    ids=", ".join(ids),
                )
            )
    return _p(_tag("strong", lines[0]) + (" " + " ".join(lines[1:]) if len(lines) > 1 else ""))


def report_title(ev: Evaluation, *, lang: str = "vi") -> str:
    """The report's title, plain text: "Báo cáo kết quả thực hiện Kế hoạch … năm 2023"."""
    return t("rpt.title", lang, year=_year(ev))


def report_header(
    ev: Evaluation,
    *,
    lang: str = "vi",
    report_date: str | dt.date | None = None,
    disclosure: Disclosure = "internal",
) -> str:
    """The head of the report as a Vietnamese administrative document.

    The sample banner when the data is the sample school (and the public banner with a note
    on the rule in a public report); the issuing body and school on the left and the
    national motto on the right; the place-and-date line; the title; the basis of the plan
    and the period. ``report_date`` defaults to today.
    """
    day = _as_date(report_date) or dt.date.today()
    school = ev.school
    district = school.get("district", "")
    place = ev.plan.school.place or district or school.get("name", "")
    left = _join(
        [
            _tag(
                "div",
                t("rpt.authority", lang, district=district) if district else "",
                class_="planlib-upper",
            ),
            _tag("div", school.get("name", ""), class_="planlib-upper planlib-strong"),
            Markup('<div class="planlib-rule"></div>'),
            _tag("div", t("rpt.number", lang)),
        ]
    )
    right = _join(
        [
            _tag("div", t("rpt.nation", lang), class_="planlib-strong"),
            _tag("div", t("rpt.motto", lang), class_="planlib-strong"),
            Markup('<div class="planlib-rule"></div>'),
        ]
    )
    header = _tag("div", _tag("div", left) + _tag("div", right), class_="planlib-doc-header")
    dateline = _tag("div", date_line(place, day, lang), class_="planlib-dateline")
    title = _tag("h1", report_title(ev, lang=lang), class_="planlib-title")
    plan_title = ev.plan.title(lang)
    if ev.plan.issued_under:
        preamble = t(
            "rpt.preamble",
            lang,
            basis="; ".join(ev.plan.issued_under),
            plan=plan_title,
            school=school.get("name", ""),
        )
    else:
        preamble = t("rpt.preamble_plain", lang, plan=plan_title, school=school.get("name", ""))
    scope = _p(_scope_text(ev, lang), "planlib-muted")
    banner = _disclosure_banner(lang, disclosure, here=True)
    return (
        Markup(STYLE)
        + _sample_banner(ev, lang)
        + banner
        + header
        + dateline
        + title
        + _p(preamble)
        + scope
    )


def general_objective(ev: Evaluation, *, lang: str = "vi") -> str:
    """The plan's general objective (it has no number; the targets below measure it)."""
    return _tag("div", ev.plan.general_objective(lang), class_="planlib-objective")


def _area_entry(ev: Evaluation, area_id: str) -> dict[str, Any]:
    for entry in ev.sections.get("solution_areas", []):
        if entry["id"] == area_id:
            return entry
    ids = ", ".join(a.id for a in ev.plan.solution_areas)
    raise KeyError(f"{area_id!r} is not a solution area of plan {ev.plan.id} (areas: {ids})")


def _area(ev: Evaluation, area_id: str) -> SolutionArea:
    _area_entry(ev, area_id)
    return ev.plan.area(area_id)


def _area_status(entry: dict[str, Any]) -> str:
    if entry.get("status") == "no_data" and entry.get("planned") is None:
        return "no_data"
    if not entry.get("planned"):
        return "not_planned"
    return "complete" if (entry.get("completion") or 0) >= 1 else "incomplete"


def _area_badge(entry: dict[str, Any], lang: str) -> Markup:
    status = _area_status(entry)
    key = "status.no_data" if status == "no_data" else f"area.status.{status}"
    return _badge(AREA_CLASS[status], t(key, lang))


def area_counts(ev: Evaluation, *, disclosure: Disclosure = "internal") -> pd.DataFrame:
    """Planned and held activities (``planned``, ``counted``) of each area, as pages show them.

    One row per solution area with data (by id), then a ``"total"`` row. Public: object
    columns, ``< 5`` for 1–4 and ``x`` for a second area when one is hidden in a column
    (the totals are shown in the year-end report).
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
    if _public(disclosure):
        frame = suppress_table(frame, ["planned"], disclosure=disclosure)
        frame = suppress_table(frame, ["counted"], disclosure=disclosure)
        totals = totals.map(lambda n: show_count(int(n), disclosure, int))
    frame.loc["total"] = totals
    return frame


def _completion_text(completion: float | None, lang: str, *counts: object) -> str:
    """A completion share, "—" when one of the counts it comes from is hidden."""
    return DASH if any(is_hidden(c) for c in counts) else _share(completion, lang)


def areas_summary(
    ev: Evaluation, *, lang: str = "vi", links: bool = True, disclosure: Disclosure = "internal"
) -> str:
    """One row per solution area: planned, held, completion, status, link to its page.

    Public: activities held 1–4 as ``< 5`` (with a second area ``x``), and their completion
    "—"; the planned numbers are the plan's and stay.
    """
    shown = area_counts(ev, disclosure=disclosure)
    rows, planned_total, counted_total = [], 0, 0
    for area in ev.plan.solution_areas:
        entry = _area_entry(ev, area.id)
        planned, counted = entry.get("planned"), entry.get("counted")
        planned_total += planned or 0
        counted_total += counted or 0
        if area.id in shown.index:
            planned, counted = shown.at[area.id, "planned"], shown.at[area.id, "counted"]
        rows.append(
            [
                _link(page_name("area", area.id), area.id) if links else area.id,
                area.label(lang),
                _cell(planned, lang),
                _cell(counted, lang),
                _completion_text(entry.get("completion"), lang, planned, counted),
                _area_badge(entry, lang),
            ]
        )
    columns = [
        t("col.id", lang),
        t("col.area", lang),
        t("col.planned", lang),
        t("col.done", lang),
        t("col.completion", lang),
        t("col.status", lang),
    ]
    completion = counted_total / planned_total if planned_total else None
    total = shown.loc["total"]
    line = t(
        "rpt.summary_areas",
        lang,
        counted=_cell(total["counted"], lang),
        planned=_cell(total["planned"], lang),
        completion=_completion_text(completion, lang, total["planned"], total["counted"]),
    )
    return _p(line) + _table(columns, rows, numeric=[2, 3, 4])
