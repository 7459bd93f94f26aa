"""Shortcomings, directions, signature block and appendix of the year-end report (90)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from planlib.core.fmt import fmt_int, fmt_value
from planlib.core.i18n import column_name as msg_column_name
from planlib.core.i18n import table_name as msg_table_name
from planlib.evaluation.results import AreaResult, Facilities, Learning
from planlib.present import fragments
from planlib.present.context import Context, page_name
from planlib.present.html import Fragment, render
from planlib.present.shown import value_hidden
from planlib.present.shown_areas import activity_counts, area_counts, area_status, learning_counts
from planlib.present.textreport import target_text
from planlib.present.views.area import completion_text
from planlib.present.views.base import (
    APPENDIX_ID,
    DASH,
    _cell,
    _missing_text,
    _money,
    _share,
    _unstable,
    _year,
    code_label,
    heading,
)
from planlib.present.views.target import _denominator_text, _numerator_text

__all__ = [
    "directions_heading",
    "directions_section",
    "disclosure_appendix",
    "page_links",
    "shortcomings",
    "signature_block",
    "target_definitions",
    "warnings_frame",
    "warnings_table",
]

#: the sentences of the rule, in the order of the appendix
_RULE_KEYS = ("primary", "complementary", "values", "unstable", "drilldown", "limits")

# --- shortcomings (90) --------------------------------------------------------------------------


def _target_shortcomings(ctx: Context) -> list[str]:
    """Targets not achieved (with their value as shown) or without data."""
    items = []
    for r in ctx.ev.indicators:
        label = ctx.ev.plan.target(r.id).label(ctx.lang)
        if r.status == "not_achieved":
            value = ctx.t("disc.hidden")
            if not value_hidden(ctx, r.id):
                value = _unstable(ctx, fmt_value(r.value, r.unit, ctx.lang), r.numerator)
            target = target_text(r, ctx.lang)
            items.append(ctx.t("sc.not_achieved", id=r.id, label=label, value=value, target=target))
        elif r.status == "no_data":
            missing = _missing_text(r.missing, ctx.lang)
            items.append(ctx.t("sc.no_data", id=r.id, label=label, missing=missing))
    return items


def _incomplete_area(ctx: Context, area: Any, entry: AreaResult, shown: pd.DataFrame) -> str:
    """An area whose activities were not all held: its completion and the kinds behind."""
    progress = activity_counts(ctx, area.id)
    by_kind = {} if progress is None else progress.set_index("kind").to_dict("index")
    short = [
        ctx.t(
            "sc.kind_short",
            kind=code_label("activity", a.kind, ctx.lang).lower(),
            done=_cell(by_kind.get(a.kind, a.to_dict())["done"], ctx.lang),
            planned=_cell(by_kind.get(a.kind, a.to_dict())["planned"], ctx.lang),
        )
        for a in entry.activities or []
        if a.done < a.planned
    ]
    completion = completion_text(ctx, entry.completion, *shown.loc[area.id])
    return ctx.t(
        "sc.area_incomplete",
        id=area.id,
        label=area.label(ctx.lang),
        completion=completion,
        kinds=", ".join(short),
    )


def _learning_shortcomings(
    ctx: Context, area_id: str, learning: Learning
) -> tuple[list[str], list[str]]:
    """Learning measures that declined (area items) and a missing baseline (data items)."""
    declined = [
        ctx.t(
            "sc.learning_declined",
            measure=code_label("measure", m["id"], ctx.lang),
            value=_measure_value(ctx, m, ""),
            previous=_measure_value(ctx, m, "previous_"),
        )
        for m in learning_counts(ctx, area_id) or []
        if m["status"] == "declined"
    ]
    no_baseline = []
    if all(m.status == "no_data" for m in learning.measures):
        year = learning.previous_school_year
        no_baseline.append(ctx.t("sc.learning_no_baseline", year=year))
    return declined, no_baseline


def _facilities_shortcoming(ctx: Context, facilities: Facilities | None) -> list[str]:
    """Money for facilities not all mobilised."""
    share = facilities.mobilised_share if facilities is not None else None
    if share is None or share >= 1:
        return []
    return [
        ctx.t(
            "sc.facilities",
            share=_share(share, ctx.lang),
            mobilized=_money(facilities.mobilized_vnd, ctx.lang),
            budget=_money(facilities.budget_vnd, ctx.lang),
        )
    ]


def _area_shortcomings(ctx: Context) -> tuple[list[str], list[str]]:
    """Areas without data or not completed, their extras (learning, facilities); data items."""
    area_items, data_items = [], []
    shown = area_counts(ctx)
    for area in ctx.ev.plan.solution_areas:
        entry = ctx.ev.sections.area(area.id)
        status = area_status(entry)
        if status == "no_data":
            missing = _missing_text(entry.missing, ctx.lang)
            label = area.label(ctx.lang)
            area_items.append(ctx.t("sc.area_no_data", id=area.id, label=label, missing=missing))
        elif status == "incomplete":
            area_items.append(_incomplete_area(ctx, area, entry, shown))
        if entry.learning:
            declined, no_baseline = _learning_shortcomings(ctx, area.id, entry.learning)
            area_items += declined
            data_items += no_baseline
        area_items += _facilities_shortcoming(ctx, entry.facilities)
    return area_items, data_items


def _task_shortcomings(ctx: Context) -> list[str]:
    """Tasks of the responsibilities not done."""
    plan = ctx.ev.plan
    labels = {
        task.id: task.label(ctx.lang) for resp in plan.responsibilities for task in resp.tasks
    }
    return [
        ctx.t(
            "sc.task",
            id=task.id,
            unit=resp.label(ctx.lang),
            label=labels.get(task.id, ""),
            status=code_label("task", task.status, ctx.lang).lower(),
        )
        for resp, entry in zip(plan.responsibilities, ctx.ev.sections.responsibilities, strict=True)
        for task in entry.tasks or ()
        if task.status != "done"
    ]


def _warning_shortcomings(ctx: Context) -> list[str]:
    """How many data warnings, with a few examples when the rule lists drill-downs."""
    warnings = ctx.ev.workbook.warnings
    if not warnings:
        return []
    n = fmt_int(len(warnings), ctx.lang)
    if not ctx.rule.drilldown:  # the rows behind the warnings are a drill-down
        return [ctx.t("disc.warnings_hidden", n=n)]
    examples = "; ".join(w.message(ctx.lang) for w in warnings[:3])
    return [f"{ctx.t('sc.warnings', n=n)} {examples}"]


def _shortcoming_groups(ctx: Context) -> list[tuple[str, list[str]]]:
    area_items, data_items = _area_shortcomings(ctx)
    return [
        (ctx.t("sc.h.targets"), _target_shortcomings(ctx)),
        (ctx.t("sc.h.areas"), area_items),
        (ctx.t("sc.h.organisation"), _task_shortcomings(ctx)),
        (ctx.t("sc.h.data"), data_items + _warning_shortcomings(ctx)),
    ]


def _measure_value(ctx: Context, m: dict[str, Any], prefix: str) -> str:
    """A learning measure's value as shown (a count for dropouts, else a share)."""
    if m["id"] == "dropouts":
        return _cell(m[f"{prefix}value"], ctx.lang)
    return DASH if m[f"{prefix}hidden"] else _share(m[f"{prefix}value"], ctx.lang)


def shortcomings(ctx: Context) -> Fragment:
    """ "Tồn tại, hạn chế": targets not achieved or without data, areas not completed, S5
    declines, S6 money not mobilised, tasks not done, data warnings (count and a few).

    Public: counts and values as the tables show them, and the number of data warnings
    without examples (they name rows of the workbook).
    """
    groups = [(title, items) for title, items in _shortcoming_groups(ctx) if items]
    if not groups:
        return fragments.paragraph(ctx.t("rpt.no_shortcomings"))
    return render("report/shortcomings.html.j2", groups=groups)


# --- directions, signature --------------------------------------------------------------------


def directions_heading(ctx: Context) -> str:
    """``## IV. Phương hướng, nhiệm vụ năm 2024`` (the year after the plan's)."""
    return heading(ctx, "rpt.h.directions", year=_year(ctx.ev) + 1)


def _direction_blocks(text: str) -> list[tuple[str, Any]]:
    """Lines as ``("p", line)`` paragraphs and ``("ul", [items])`` lists (``- ``, ``* ``…)."""
    blocks: list[tuple[str, Any]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped[:2] in ("- ", "* ", "+ ") or stripped in ("-", "*", "+"):
            if not blocks or blocks[-1][0] != "ul":
                blocks.append(("ul", []))
            blocks[-1][1].append(stripped[2:].strip())
        elif stripped:
            blocks.append(("p", stripped))
    return blocks


def directions_section(ctx: Context, directions: str = "") -> Fragment:
    """Next year's directions as BGH wrote them (lines starting with ``-`` become a list).

    Empty: the plan file's directions; still empty: a visible placeholder for BGH to fill.
    """
    text = (directions or "").strip() or ctx.ev.plan.directions(ctx.lang).strip()
    if not text:
        return fragments.paragraph(ctx.t("rpt.directions_placeholder"), "planlib-placeholder")
    return fragments.join(
        fragments.bullet_list(content) if kind == "ul" else fragments.paragraph(content)
        for kind, content in _direction_blocks(text)
    )


def signature_block(ctx: Context) -> Fragment:
    """ "Nơi nhận" on the left, the principal's signature (and name, when known) on the right."""
    district = ctx.ev.school.get("district", "")
    return render(
        "report/signature.html.j2",
        recipients=ctx.t("rpt.recipients"),
        office=ctx.t("rpt.recipient_office", district=district),
        archive=ctx.t("rpt.recipient_archive"),
        principal=ctx.t("rpt.principal"),
        sign=ctx.t("rpt.sign"),
        # the head's name, from the school's identity sheet: only where the school's own
        # report is signed, never in the version shared beyond the school
        head=ctx.ev.school.get("head", "") if ctx.rule.drilldown else "",
    )


# --- appendix -----------------------------------------------------------------------------------


def target_definitions(ctx: Context) -> Fragment:
    """Appendix: each indicator's definition, numerator, denominator and rule."""
    rows = []
    for result in ctx.ev.indicators:
        target = ctx.ev.plan.target(result.id)
        rows.append(
            [
                result.id,
                target.wording or target.label(ctx.lang),
                _numerator_text(ctx, target),
                _denominator_text(ctx, target),
                target_text(result, ctx.lang),
            ]
        )
    keys = ("col.id", "def.wording", "def.numerator", "def.denominator", "def.rule")
    return fragments.table([ctx.t(key) for key in keys], rows, nowrap=(0, 4))


def warnings_frame(ctx: Context) -> pd.DataFrame:
    """Every data-quality warning: table, row, column, message."""
    lang, rows = ctx.lang, []
    for w in ctx.ev.workbook.warnings:
        table_name = msg_table_name(w.table, lang) if w.table else ""
        column_name = msg_column_name(w.table or "", w.column, lang) if w.column else ""
        rows.append(
            [
                f"{table_name} ({w.table})" if w.table else table_name,
                "" if w.row is None else str(w.row),
                f"{column_name} ({w.column})" if w.column else "",
                w.message(lang),
            ]
        )
    columns = [ctx.t(key) for key in ("col.table", "col.row", "col.column", "col.message")]
    return pd.DataFrame(rows, columns=columns)


def warnings_table(ctx: Context) -> Fragment:
    """:func:`warnings_frame` as HTML; "no warnings" when there are none.

    When the rule lists no drill-downs (public): only how many warnings there are.
    """
    frame = warnings_frame(ctx)
    if frame.empty:
        return fragments.paragraph(ctx.t("rpt.no_warnings"))
    if not ctx.rule.drilldown:
        return fragments.paragraph(ctx.t("disc.warnings_hidden", n=fmt_int(len(frame), ctx.lang)))
    return fragments.join(
        [
            fragments.paragraph(ctx.t("warnings_heading", n=len(frame))),
            fragments.frame_table(frame, numeric=[frame.columns[1]]),
        ]
    )


def disclosure_appendix(ctx: Context) -> Fragment:
    """The appendix of a public report: the disclosure rule and its sources (AIHW, CDC/NCHS).

    Empty when the rule hides nothing (internal). Its heading has the id :data:`APPENDIX_ID`,
    which the note on every public page links to.
    """
    if not ctx.rule.suppresses:
        return Fragment()
    return render(
        "report/appendix.html.j2",
        id=APPENDIX_ID,
        heading=ctx.t("disc.h.appendix"),
        lead=ctx.t("disc.rule.lead"),
        rules=[ctx.t(f"disc.rule.{key}") for key in _RULE_KEYS],
    )


def page_links(ctx: Context) -> Fragment:
    """Links to every detail page (relative, as ``planlib run`` names them)."""
    plan = ctx.ev.plan
    items = [
        fragments.link(
            page_name("target", r.id),
            f"{ctx.t('rpt.page.target', id=r.id)} — {plan.target(r.id).label(ctx.lang)}",
        )
        for r in ctx.ev.indicators
    ]
    items += [
        fragments.link(
            page_name("area", a.id), f"{ctx.t('rpt.page.area', id=a.id)} — {a.label(ctx.lang)}"
        )
        for a in plan.solution_areas
    ]
    items.append(fragments.link(page_name("funding"), ctx.t("h.funding_page")))
    return fragments.bullet_list(items)
