"""The views of one solution area (notebook 20_solution_area)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from planlib.core.disclosure import (
    Disclosure,
    is_hidden,
    show_count,
    suppress_crosstab,
    suppress_pairs,
    suppress_table,
)
from planlib.core.fmt import (
    fmt_date,
    fmt_int,
    fmt_number,
)
from planlib.core.i18n import t
from planlib.evaluation import sections as areas
from planlib.evaluation.evaluate import Evaluation
from planlib.evaluation.indicators import NoData
from planlib.present.views.base import (
    DASH,
    TREND_CLASS,
    Markup,
    _as_date,
    _badge,
    _cell,
    _frame_html,
    _join,
    _md,
    _missing_text,
    _money,
    _no_data,
    _p,
    _public,
    _share,
    _shown_count,
    _table,
    _tag,
    code_label,
    esc,
    value_label,
)
from planlib.present.views.scorecard import (
    _area,
    _area_badge,
    _area_entry,
    _area_status,
    _completion_text,
    area_counts,
)
from planlib.present.views.target import (
    _codes,
)

__all__ = [
    "activity_counts",
    "activity_frame",
    "activity_table",
    "area_details",
    "area_details_head",
    "area_heading",
    "area_summary",
    "coverage_section",
    "harm_counts",
    "learning_counts",
    "partners_section",
    "reach_table",
]

# --- one solution area (20_solution_area) ----------------------------------------------------


def area_heading(ev: Evaluation, area_id: str, *, lang: str = "vi") -> str:
    """``# S4. Chủ động phòng ngừa…`` (Markdown)."""
    area = _area(ev, area_id)
    return f"# {_md(area.id)}. {_md(area.label(lang))}"


def area_summary(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Completion of the area's planned activities, with its status badge."""
    area = _area(ev, area_id)
    entry = _area_entry(ev, area_id)
    status = _area_status(entry)
    if status == "no_data":
        text = t("no_data_line", lang, missing=_missing_text(entry.get("missing", []), lang))
    elif status == "not_planned":
        done = sum(a["done"] for a in (entry.get("unplanned") or []))
        text = t("area.not_planned_line", lang, done=_shown_count(done, lang, disclosure))
    else:
        shown = area_counts(ev, disclosure=disclosure).loc[area_id]
        text = t(
            "area.completion_line",
            lang,
            counted=_cell(shown["counted"], lang),
            planned=_cell(shown["planned"], lang),
            completion=_completion_text(
                entry["completion"], lang, shown["planned"], shown["counted"]
            ),
        )
    body = _p(_area_badge(entry, lang) + " " + esc(text))
    if area.school_set and area.planned:
        body += _p(t("area.school_set", lang), "planlib-muted")
    return _tag("div", body, class_="planlib-box")


def _progress(ev: Evaluation, area_id: str) -> pd.DataFrame | None:
    try:
        return areas.activity_progress(ev.workbook, ev.plan, area_id, ev.start, ev.end)
    except NoData:
        return None


def activity_counts(
    ev: Evaluation, area_id: str, *, disclosure: Disclosure = "internal"
) -> pd.DataFrame | None:
    """:func:`planlib.evaluation.sections.activity_progress` of one area as pages show it
    (``None``: no data).

    Public: ``planned`` and ``done`` are object columns: 1–4 as ``< 5``; among the planned
    kinds, whose totals are shown, a second one ``x`` when one is hidden in a column.
    """
    _area(ev, area_id)
    progress = _progress(ev, area_id)
    if progress is None or not _public(disclosure) or progress.empty:
        return progress
    out = progress.astype({"planned": object, "done": object})
    planned = progress["in_plan"].to_numpy(dtype=bool)
    for column in ("planned", "done"):
        shown = suppress_table(progress.loc[planned], [column], disclosure=disclosure)[column]
        out.loc[planned, column] = shown.to_numpy(dtype=object)
    out.loc[~planned, "done"] = [
        show_count(int(v), disclosure, int) for v in progress.loc[~planned, "done"]
    ]
    return out


def _activity_totals(entry: dict[str, Any], disclosure: Disclosure) -> tuple[object, object]:
    """Activities planned and held of the planned kinds (the total row), as shown."""
    planned, done = entry["planned"], sum(a["done"] for a in entry["activities"])
    if not _public(disclosure):
        return planned, done
    return show_count(planned, disclosure, int), show_count(done, disclosure, int)


def activity_frame(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> pd.DataFrame:
    """Planned against held activities of one area, by kind (empty when there is no data)."""
    _area(ev, area_id)
    progress = activity_counts(ev, area_id, disclosure=disclosure)
    columns = [
        t("col.kind", lang),
        t("col.planned", lang),
        t("col.done", lang),
        t("col.completion", lang),
        t("col.note", lang),
    ]
    if progress is None:
        return pd.DataFrame(columns=columns)
    rows = []
    for row in progress.itertuples(index=False):
        planned = None if is_hidden(row.planned) else row.planned
        share = row.counted / planned if planned else None
        rows.append(
            [
                code_label("activity", row.kind, lang),
                _cell(row.planned, lang) if row.in_plan else DASH,
                _cell(row.done, lang),
                _completion_text(share, lang, row.planned, row.done),
                "" if row.in_plan else t("area.unplanned", lang),
            ]
        )
    return pd.DataFrame(rows, columns=columns)


def activity_table(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """:func:`activity_frame` as HTML, with a total row; or why there is none."""
    entry = _area_entry(ev, area_id)
    frame = activity_frame(ev, area_id, lang=lang, disclosure=disclosure)
    if entry.get("planned") is None:
        return _no_data("activities", lang)
    planned, done = _activity_totals(entry, disclosure)
    total = [
        t("col.total", lang),
        _cell(planned, lang),
        _cell(done, lang),
        _completion_text(entry["completion"], lang, planned, done),
        "",
    ]
    return _frame_html(frame, numeric=frame.columns[1:4], total=total if len(frame) else None)


def reach_table(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """People reached by the area's activities, by group (no total: 1–4 as ``< 5`` in public)."""
    _area(ev, area_id)
    try:
        reach = areas.reach_by_group(ev.workbook, ev.start, ev.end, area=area_id)
    except NoData:
        return _no_data("activities", lang)
    rows = [
        [code_label("reach", g, lang), _shown_count(n, lang, disclosure)]
        for g, n in zip(reach["group"], reach["reached"], strict=True)
    ]
    return _table([t("col.group", lang), t("col.reached", lang)], rows, numeric=[1])


def partners_section(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """The partner organisations (heading included): always for S2, else only when any.

    Public: their numbers of activities 1–4 as ``< 5`` (no total is shown).
    """
    _area(ev, area_id)
    try:
        frame = areas.partners(ev.workbook, ev.start, ev.end, area=area_id)
    except NoData:
        frame = None
    if frame is None or frame.empty:
        if area_id != "S2":
            return ""
        return _tag("h2", t("h.partners", lang)) + _p(t("area.no_partners", lang))
    rows = [
        [p, _shown_count(n, lang, disclosure)]
        for p, n in zip(frame["partner"], frame["activities"], strict=True)
    ]
    table = _table([t("col.partner", lang), t("col.activities", lang)], rows, numeric=[1])
    return _tag("h2", t("h.partners", lang)) + table


def coverage_section(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Classes with integrated lessons, by grade (heading included; empty when not relevant).

    Public: the number of lessons of a class (its tooltip) 1–4 as ``< 5``.
    """
    area = _area(ev, area_id)
    try:
        frame = areas.integrated_lesson_coverage(
            ev.workbook, ev.start, ev.end, ev.reference, area=area_id
        )
    except NoData:
        frame = None
    if "integrated_lesson" not in area.planned and (frame is None or not frame["covered"].any()):
        return ""
    head = _tag("h2", t("h.coverage", lang))
    if frame is None:
        missing = _missing_text(["activities.classes"], lang)
        return head + _p(t("no_data_line", lang, missing=missing))
    roster = frame.loc[frame["on_roster"]]
    covered = int(roster["covered"].sum())
    line = t(
        "area.coverage_line",
        lang,
        covered=fmt_int(covered, lang),
        total=fmt_int(len(roster), lang),
        share=_share(covered / len(roster) if len(roster) else None, lang),
    )
    rows = []
    for grade, group in roster.groupby("grade", sort=True):
        cells = _join(
            _tag(
                "td",
                f"{name} ✓" if ok else name,
                class_="planlib-covered" if ok else "planlib-uncovered",
                title=f"{_shown_count(n, lang, disclosure)} {t('col.activities', lang).lower()}",
            )
            for name, ok, n in zip(
                group["class_name"], group["covered"], group["lessons"], strict=True
            )
        )
        rows.append(_tag("tr", _tag("th", t("grade.value", lang, g=int(grade))) + cells))
    grid = _tag("table", _tag("tbody", _join(rows)), class_="planlib-table planlib-coverage")
    other = frame.loc[~frame["on_roster"], "class_name"]
    note = (
        _p(t("area.coverage_other", lang, classes=", ".join(map(str, other))), "planlib-muted")
        if len(other)
        else Markup("")
    )
    return head + _p(line) + grid + note


def _harm_table(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """``harm_cases`` rows (by, kind, count) as counts: one row per value, kinds across."""
    present = set(frame["kind"])
    kinds = [k for k in _codes("kind") if k in present] + sorted(present - set(_codes("kind")))
    values = list(dict.fromkeys(frame[by]))
    rows = []
    for value in values:
        mine = frame.loc[
            frame[by].map(lambda v, value=value: v == value or (v is None and value is None))
        ]
        rows.append([int(mine.loc[mine["kind"] == k, "count"].sum()) for k in kinds])
    return pd.DataFrame(rows, index=pd.Index(values, dtype=object), columns=kinds)


def harm_counts(
    ev: Evaluation, by: str = "kind", *, disclosure: Disclosure = "internal"
) -> pd.DataFrame | None:
    """S4 cases by ``by`` (rows; injuries only for ``cause``) and kind (columns), as shown.

    Returns
    -------
    pandas.DataFrame or None
        :func:`planlib.core.disclosure.suppress_crosstab` of the counts: the values of ``by`` and
        the kinds present, each with a margin labelled ``"total"``; ``None`` without data.
        For ``by="kind"`` the one column ``count``.
    """
    try:
        frame = areas.harm_cases(ev.workbook, ev.start, ev.end, by)
    except NoData:
        return None
    if by == "kind":
        counts = pd.DataFrame(
            {"count": frame["count"].astype(int).to_numpy()},
            index=pd.Index(list(frame["kind"]), dtype=object),
        )
    else:
        if by == "cause":
            frame = frame.loc[frame["kind"] == "injury"]
        counts = _harm_table(frame, by)
    return suppress_crosstab(counts, disclosure=disclosure)


def _crosstab(
    frame: pd.DataFrame, by: str, lang: str, caption: str, disclosure: Disclosure = "internal"
) -> Markup:
    """``harm_cases`` rows (by, kind, count) as a table: one row per value, kinds across."""
    shown = suppress_crosstab(_harm_table(frame, by), disclosure=disclosure)
    kinds, values = list(shown.columns[:-1]), list(shown.index[:-1])
    columns = [t(f"dim.{by}", lang), *(code_label("incident", k, lang) for k in kinds)]
    columns.append(t("col.total", lang))
    rows = [
        [value_label(by, value, lang), *(_cell(c, lang) for c in shown.iloc[i])]
        for i, value in enumerate(values)
    ]
    total = [t("col.total", lang), *(_cell(c, lang) for c in shown.iloc[-1])]
    if len(kinds) == 1:  # one kind (injuries by cause): its column is the total
        columns = [columns[0], columns[-1]]
        rows = [[row[0], row[-1]] for row in rows]
        total = [total[0], total[-1]]
    numeric = range(1, len(columns))
    css = "planlib-table planlib-crosstab"
    return _table(columns, rows, numeric=numeric, caption=caption, total=total, css=css)


def _harm_section(ev: Evaluation, lang: str, disclosure: Disclosure) -> tuple[Markup, Markup]:
    entry = _area_entry(ev, "S4")
    head = _tag("h2", t("h.harm", lang))
    block = entry.get("harm_cases")
    if block is None:
        return head + _no_data("incidents", lang), Markup("")
    kinds = harm_counts(ev, "kind", disclosure=disclosure)
    # the total and the injuries are cells of the table by kind: shown as it shows them
    shown = kinds["count"] if _public(disclosure) and kinds is not None else {}
    line = t(
        "area.harm_line",
        lang,
        total=_cell(shown.get("total", block["total"]), lang),
        children=_shown_count(block["children"], lang, disclosure),
        injuries=_cell(shown.get("injury", block["injuries"]), lang),
        fatal=_shown_count(block["fatal"], lang, disclosure),
    )
    tables = []
    if kinds is not None and len(kinds) > 1:
        rows = [
            [code_label("incident", k, lang), _cell(n, lang)]
            for k, n in zip(kinds.index[:-1], kinds["count"].iloc[:-1], strict=True)
        ]
        tables.append(
            _table(
                [t("dim.kind", lang), t("col.cases", lang)],
                rows,
                numeric=[1],
                caption=t("area.harm_by.kind", lang),
                total=[t("col.total", lang), _cell(kinds["count"].iloc[-1], lang)],
            )
        )
    for by in ("cause", "place", "month"):
        try:
            frame = areas.harm_cases(ev.workbook, ev.start, ev.end, by)
        except NoData:
            continue
        if by == "cause":
            frame = frame.loc[frame["kind"] == "injury"]
        if len(frame):
            caption = t(f"area.harm_by.{by}", lang)
            tables.append(_crosstab(frame, by, lang, caption, disclosure))
    return head + _p(line), _join(tables)


def learning_counts(
    ev: Evaluation, *, disclosure: Disclosure = "internal"
) -> list[dict[str, Any]] | None:
    """S5 learning measures as pages show them (``None`` when there are none).

    One dict per measure: ``id``, ``status``, and for this school year and the one before
    (``previous_`` prefixed) ``value``, ``numerator`` and ``denominator``. Public: counts 1–4
    as ``< 5``; a share whose rest (e.g. children not promoted) is 1–4 has its numerator
    ``x``; a share with a hidden count has ``value`` ``None`` and ``hidden`` true.
    """
    entry = next((e for e in ev.sections.get("solution_areas", []) if e["id"] == "S5"), {})
    block = entry.get("learning")
    if block is None:
        return None
    out = []
    for m in block["measures"]:
        item = dict(m)
        for prefix in ("", "previous_"):
            item[f"{prefix}hidden"] = False
            if not _public(disclosure):
                continue
            if m["id"] == "dropouts":
                if m[f"{prefix}value"] is not None:
                    item[f"{prefix}value"] = show_count(m[f"{prefix}value"], disclosure, int)
                    item[f"{prefix}hidden"] = is_hidden(item[f"{prefix}value"])
                continue
            n, d = m[f"{prefix}numerator"], m[f"{prefix}denominator"]
            if n is None or d is None:
                continue
            nums, dens, _ = suppress_pairs([n], [d], disclosure=disclosure, totals=False)
            item[f"{prefix}numerator"], item[f"{prefix}denominator"] = nums[0], dens[0]
            if is_hidden(nums[0]) or is_hidden(dens[0]):
                item[f"{prefix}value"], item[f"{prefix}hidden"] = None, True
        out.append(item)
    return out


def _learning_value(m: dict[str, Any], prefix: str, lang: str) -> str:
    if m["id"] == "dropouts":
        return _cell(m[f"{prefix}value"], lang)
    text = DASH if m[f"{prefix}hidden"] else _share(m[f"{prefix}value"], lang)
    if m[f"{prefix}numerator"] is not None:
        text += (
            f" ({_cell(m[f'{prefix}numerator'], lang)}/{_cell(m[f'{prefix}denominator'], lang)})"
        )
    return text


def _learning_section(ev: Evaluation, lang: str, disclosure: Disclosure) -> tuple[Markup, Markup]:
    entry = _area_entry(ev, "S5")
    head = _tag("h2", t("h.learning", lang))
    block = entry.get("learning")
    if block is None:
        return head + _p(t("area.learning_none", lang)), Markup("")
    year, previous = block["school_year"], block["previous_school_year"]
    rows, tally = [], dict.fromkeys(TREND_CLASS, 0)
    for m in learning_counts(ev, disclosure=disclosure) or []:
        measure = m["id"]
        tally[m["status"]] = tally.get(m["status"], 0) + 1
        now, before = _learning_value(m, "", lang), _learning_value(m, "previous_", lang)
        source = m["previous_source"]
        rows.append(
            [
                code_label("measure", measure, lang),
                now,
                before,
                _badge(
                    TREND_CLASS.get(m["status"], "status-no_data"), t(f"status.{m['status']}", lang)
                ),
                code_label("prev_source", source, lang) if source else DASH,
            ]
        )
    summary = "; ".join(
        f"{t(f'status.{status}', lang).lower()} {n}" for status, n in tally.items() if n
    )
    line = t("area.learning_line", lang, year=year, previous=previous, summary=summary)
    columns = [
        t("col.measure", lang),
        t("col.school_year", lang, year=year),
        t("col.school_year", lang, year=previous),
        t("col.comparison", lang),
        t("col.previous_source", lang),
    ]
    return head + _p(line), _table(columns, rows, numeric=[1, 2])


def _facilities_section(ev: Evaluation, lang: str, disclosure: Disclosure) -> tuple[Markup, Markup]:
    entry = _area_entry(ev, "S6")
    head = _tag("h2", t("h.facilities", lang))
    block = entry.get("facilities")
    if block is None:
        return head + _no_data("facilities", lang), Markup("")
    line = t(
        "area.facilities_line",
        lang,
        projects=fmt_int(block["projects"], lang),
        m2=fmt_number(block["m2_done"] or 0, 1, lang, trim=True),
        mobilized=_money(block["mobilized_vnd"], lang),
        budget=_money(block["budget_vnd"], lang),
        share=_share(block["mobilised_share"], lang),
    )
    projects = areas.facility_projects(ev.workbook, ev.start, ev.end)
    rows = []
    for p in projects.itertuples(index=False):
        budget = None if pd.isna(p.budget_vnd) else float(p.budget_vnd)
        mobilized = None if pd.isna(p.mobilized_vnd) else float(p.mobilized_vnd)
        done_on = _as_date(p.completed_on) if not pd.isna(p.completed_on) else None
        rows.append(
            [
                p.project_id,
                code_label("facility", p.kind, lang),
                code_label("facility_status", p.status, lang),
                DASH if pd.isna(p.area_m2) else fmt_number(float(p.area_m2), 1, lang, trim=True),
                _money(budget, lang),
                _money(mobilized, lang),
                _share(mobilized / budget if budget and mobilized is not None else None, lang),
                fmt_date(done_on, lang) if done_on else DASH,
            ]
        )
    columns = [
        t("col.project", lang),
        t("col.facility_kind", lang),
        t("col.facility_status", lang),
        t("col.area_m2", lang),
        t("col.budget", lang),
        t("col.mobilized", lang),
        t("col.mobilised_share", lang),
        t("col.completed_on", lang),
    ]
    return head + _p(line), _table(columns, rows, numeric=[3, 4, 5, 6])


_DETAILS: dict[str, Callable[[Evaluation, str, str], tuple[Markup, Markup]]] = {
    "S4": _harm_section,
    "S5": _learning_section,
    "S6": _facilities_section,
}


def area_details_head(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Heading and summary of what only some areas have (empty for the others).

    S4: injury and harm cases; S5: learning results against the previous school year; S6:
    the playground projects. The figures (:func:`planlib.present.plots.area_figures`) go after it,
    the tables (:func:`area_details`) after them.
    """
    _area(ev, area_id)
    section = _DETAILS.get(area_id)
    return section(ev, lang, disclosure)[0] if section else ""


def area_details(
    ev: Evaluation, area_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """The tables of what only some areas have (empty for the others).

    S4: cases by kind, cause, place and month; S5: each learning measure this school year and
    the one before, with improved / held / declined; S6: each project's status, m², budget and
    money mobilised.
    """
    _area(ev, area_id)
    section = _DETAILS.get(area_id)
    return section(ev, lang, disclosure)[1] if section else ""
