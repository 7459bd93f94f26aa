"""Shortcomings, directions, signature block and appendix of the year-end report (90)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from planlib.core.disclosure import (
    Disclosure,
)
from planlib.core.fmt import (
    fmt_int,
    fmt_value,
)
from planlib.core.i18n import column_name as msg_column_name
from planlib.core.i18n import t
from planlib.core.i18n import table_name as msg_table_name
from planlib.evaluation.evaluate import Evaluation
from planlib.present.context import page_name
from planlib.present.shown_areas import (
    activity_counts,
    learning_counts,
)
from planlib.present.textreport import target_text
from planlib.present.views.base import (
    APPENDIX_ID,
    DASH,
    Markup,
    _cell,
    _frame_html,
    _join,
    _link,
    _missing_text,
    _money,
    _p,
    _public,
    _share,
    _table,
    _tag,
    _ul,
    _unstable,
    _year,
    code_label,
    heading,
)
from planlib.present.views.scorecard import (
    _area_entry,
    _area_status,
    _completion_text,
    area_counts,
)
from planlib.present.views.target import (
    _denominator_text,
    _numerator_text,
    value_hidden,
)

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

# --- shortcomings, directions, signature, appendix (90) ---------------------------------------


def _shortcoming_groups(
    ev: Evaluation, lang: str, disclosure: Disclosure = "internal"
) -> list[tuple[str, list[str]]]:
    targets = []
    for r in ev.indicators:
        label = ev.plan.target(r.id).label(lang)
        if r.status == "not_achieved":
            hidden = value_hidden(ev, r.id, disclosure=disclosure)
            targets.append(
                t(
                    "sc.not_achieved",
                    lang,
                    id=r.id,
                    label=label,
                    value=t("disc.hidden", lang)
                    if hidden
                    else _unstable(fmt_value(r.value, r.unit, lang), r.numerator, lang, disclosure),
                    target=target_text(r, lang),
                )
            )
        elif r.status == "no_data":
            targets.append(
                t("sc.no_data", lang, id=r.id, label=label, missing=_missing_text(r.missing, lang))
            )
    area_items, data_items = [], []
    shown_areas = area_counts(ev, disclosure=disclosure)
    for area in ev.plan.solution_areas:
        entry = _area_entry(ev, area.id)
        status = _area_status(entry)
        label = area.label(lang)
        if status == "no_data":
            area_items.append(
                t(
                    "sc.area_no_data",
                    lang,
                    id=area.id,
                    label=label,
                    missing=_missing_text(entry.get("missing", []), lang),
                )
            )
        elif status == "incomplete":
            progress = activity_counts(ev, area.id, disclosure=disclosure)
            shown = {} if progress is None else progress.set_index("kind").to_dict("index")
            short = [
                t(
                    "sc.kind_short",
                    lang,
                    kind=code_label("activity", a["kind"], lang).lower(),
                    done=_cell(shown.get(a["kind"], a)["done"], lang),
                    planned=_cell(shown.get(a["kind"], a)["planned"], lang),
                )
                for a in entry.get("activities") or []
                if a["done"] < a["planned"]
            ]
            area_items.append(
                t(
                    "sc.area_incomplete",
                    lang,
                    id=area.id,
                    label=label,
                    completion=_completion_text(
                        entry.get("completion"), lang, *shown_areas.loc[area.id]
                    ),
                    kinds=", ".join(short),
                )
            )
        learning = entry.get("learning")
        if learning:
            for m in learning_counts(ev, disclosure=disclosure) or []:
                if m["status"] == "declined":
                    area_items.append(
                        t(
                            "sc.learning_declined",
                            lang,
                            measure=code_label("measure", m["id"], lang),
                            value=_measure_value(m, "", lang),
                            previous=_measure_value(m, "previous_", lang),
                        )
                    )
            if all(m["status"] == "no_data" for m in learning["measures"]):
                data_items.append(
                    t("sc.learning_no_baseline", lang, year=learning["previous_school_year"])
                )
        facilities = entry.get("facilities")
        if (
            facilities
            and facilities.get("mobilised_share") is not None
            and facilities["mobilised_share"] < 1
        ):
            area_items.append(
                t(
                    "sc.facilities",
                    lang,
                    share=_share(facilities["mobilised_share"], lang),
                    mobilized=_money(facilities["mobilized_vnd"], lang),
                    budget=_money(facilities["budget_vnd"], lang),
                )
            )
    labels = {task.id: task.label(lang) for resp in ev.plan.responsibilities for task in resp.tasks}
    organisation = []
    for resp, entry in zip(ev.plan.responsibilities, ev.sections.responsibilities, strict=True):
        for task in entry.get("tasks", []):
            if task["status"] != "done":
                organisation.append(
                    t(
                        "sc.task",
                        lang,
                        id=task["id"],
                        unit=resp.label(lang),
                        label=labels.get(task["id"], ""),
                        status=code_label("task", task["status"], lang).lower(),
                    )
                )
    warnings = ev.workbook.warnings
    if warnings and _public(disclosure):  # the rows behind the warnings are a drill-down
        data_items.append(t("disc.warnings_hidden", lang, n=fmt_int(len(warnings), lang)))
    elif warnings:
        examples = "; ".join(w.message(lang) for w in warnings[:3])
        data_items.append(f"{t('sc.warnings', lang, n=fmt_int(len(warnings), lang))} {examples}")
    return [
        (t("sc.h.targets", lang), targets),
        (t("sc.h.areas", lang), area_items),
        (t("sc.h.organisation", lang), organisation),
        (t("sc.h.data", lang), data_items),
    ]


def _measure_value(m: dict[str, Any], prefix: str, lang: str) -> str:
    """A learning measure's value as shown (a count for dropouts, else a share)."""
    if m["id"] == "dropouts":
        return _cell(m[f"{prefix}value"], lang)
    return DASH if m[f"{prefix}hidden"] else _share(m[f"{prefix}value"], lang)


def shortcomings(ev: Evaluation, *, lang: str = "vi", disclosure: Disclosure = "internal") -> str:
    """ "Tồn tại, hạn chế": targets not achieved or without data, areas not completed, S5
    declines, S6 money not mobilised, tasks not done, data warnings (count and a few).

    Public: counts and values as the tables show them, and the number of data warnings
    without examples (they name rows of the workbook).
    """
    groups = [(title, items) for title, items in _shortcoming_groups(ev, lang, disclosure) if items]
    if not groups:
        return _p(t("rpt.no_shortcomings", lang))
    return _join(
        _p(_tag("strong", f"{i}. {title}")) + _ul(items)
        for i, (title, items) in enumerate(groups, 1)
    )


def directions_heading(ev: Evaluation, *, lang: str = "vi") -> str:
    """``## IV. Phương hướng, nhiệm vụ năm 2024`` (the year after the plan's)."""
    return heading("rpt.h.directions", lang, year=_year(ev) + 1)


def directions_section(ev: Evaluation, directions: str = "", *, lang: str = "vi") -> str:
    """Next year's directions as BGH wrote them (lines starting with ``-`` become a list).

    Empty: the plan file's directions; still empty: a visible placeholder for BGH to fill.
    """
    text = (directions or "").strip() or ev.plan.directions(lang).strip()
    if not text:
        return _p(t("rpt.directions_placeholder", lang), "planlib-placeholder")
    parts: list[Markup] = []
    items: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped[:2] in ("- ", "* ", "+ ") or stripped in ("-", "*", "+"):
            items.append(stripped[2:].strip())
            continue
        if items:
            parts.append(_ul(items))
            items = []
        if stripped:
            parts.append(_p(stripped))
    if items:
        parts.append(_ul(items))
    return _join(parts)


def signature_block(ev: Evaluation, *, lang: str = "vi") -> str:
    """ "Nơi nhận" on the left, the principal's signature on the right."""
    district = ev.school.get("district", "")
    recipients = _join(
        [
            _tag("strong", t("rpt.recipients", lang)),
            Markup("<br>"),
            t("rpt.recipient_office", lang, district=district),
            Markup("<br>"),
            t("rpt.recipient_archive", lang),
        ]
    )
    sign = _join(
        [
            _tag("strong", t("rpt.principal", lang)),
            _tag("em", t("rpt.sign", lang)),
            Markup('<div class="planlib-space"></div>'),
        ]
    )
    return _tag(
        "div",
        _tag("div", recipients, class_="planlib-recipients")
        + _tag("div", sign, class_="planlib-sign"),
        class_="planlib-signature",
    )


def target_definitions(ev: Evaluation, *, lang: str = "vi") -> str:
    """Appendix: each indicator's definition, numerator, denominator and rule."""
    rows = []
    for result in ev.indicators:
        target = ev.plan.target(result.id)
        rows.append(
            [
                result.id,
                target.wording or target.label(lang),
                _numerator_text(ev, target, lang),
                _denominator_text(target, lang),
                target_text(result, lang),
            ]
        )
    columns = [
        t("col.id", lang),
        t("def.wording", lang),
        t("def.numerator", lang),
        t("def.denominator", lang),
        t("def.rule", lang),
    ]
    return _table(columns, rows, nowrap=(0, 4))


def warnings_frame(ev: Evaluation, *, lang: str = "vi") -> pd.DataFrame:
    """Every data-quality warning: table, row, column, message."""
    rows = []
    for w in ev.workbook.warnings:
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
    columns = [
        t("col.table", lang),
        t("col.row", lang),
        t("col.column", lang),
        t("col.message", lang),
    ]
    return pd.DataFrame(rows, columns=columns)


def warnings_table(ev: Evaluation, *, lang: str = "vi", disclosure: Disclosure = "internal") -> str:
    """:func:`warnings_frame` as HTML; "no warnings" when there are none.

    Public: only how many warnings there are (the rows behind them are a drill-down).
    """
    frame = warnings_frame(ev, lang=lang)
    if frame.empty:
        return _p(t("rpt.no_warnings", lang))
    if _public(disclosure):
        return _p(t("disc.warnings_hidden", lang, n=fmt_int(len(frame), lang)))
    return _p(t("warnings_heading", lang, n=len(frame))) + _frame_html(
        frame, numeric=[frame.columns[1]]
    )


def disclosure_appendix(
    ev: Evaluation, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """The appendix of a public report: the disclosure rule and its sources (AIHW, CDC/NCHS).

    Empty for the internal report. Its heading has the id :data:`APPENDIX_ID`, which the
    note on every public page links to.
    """
    if not _public(disclosure):
        return ""
    rules = [
        t("disc.rule.primary", lang),
        t("disc.rule.complementary", lang),
        t("disc.rule.values", lang),
        t("disc.rule.unstable", lang),
        t("disc.rule.drilldown", lang),
        t("disc.rule.limits", lang),
    ]
    head = _tag("h3", t("disc.h.appendix", lang), id=APPENDIX_ID)
    return head + _p(t("disc.rule.lead", lang)) + _ul(rules)


def page_links(ev: Evaluation, *, lang: str = "vi") -> str:
    """Links to every detail page (relative, as ``planlib run`` names them)."""
    items = [
        _link(
            page_name("target", r.id),
            f"{t('rpt.page.target', lang, id=r.id)} — {ev.plan.target(r.id).label(lang)}",
        )
        for r in ev.indicators
    ]
    items += [
        _link(page_name("area", a.id), f"{t('rpt.page.area', lang, id=a.id)} — {a.label(lang)}")
        for a in ev.plan.solution_areas
    ]
    items.append(_link(page_name("funding"), t("h.funding_page", lang)))
    return _ul(items)
