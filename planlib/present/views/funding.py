"""The views of funding and responsibilities (notebook 30)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from planlib.core.disclosure import (
    Disclosure,
    suppress_crosstab,
    suppress_table,
)
from planlib.core.fmt import (
    fmt_date,
    fmt_int,
)
from planlib.core.i18n import t
from planlib.evaluation.evaluate import Evaluation
from planlib.present.context import page_name
from planlib.present.views.base import (
    DASH,
    TASK_CLASS,
    Markup,
    _as_date,
    _badge,
    _cell,
    _frame_html,
    _join,
    _link,
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
)

__all__ = [
    "funding_frame",
    "funding_sources_table",
    "funding_summary",
    "funding_table",
    "responsibilities_section",
    "responsibilities_summary",
    "spending_table",
    "task_counts",
]

# --- funding and responsibilities (30) ---------------------------------------------------------


def funding_frame(ev: Evaluation, *, lang: str = "vi") -> pd.DataFrame:
    """F1, F2…: planned, received, spent and the mobilised share (received / planned)."""
    columns = [
        t("col.id", lang),
        t("col.funding", lang),
        t("col.planned", lang),
        t("col.received", lang),
        t("col.spent", lang),
        t("col.mobilised_share", lang),
    ]
    rows = []
    for entry, group in zip(ev.sections.get("funding", []), ev.plan.funding, strict=True):
        rows.append(
            [
                group.id,
                group.label(lang),
                _money(entry.get("planned"), lang),
                _money(entry.get("received"), lang),
                _money(entry.get("spent"), lang),
                _share(entry.get("mobilised_share"), lang),
            ]
        )
    return pd.DataFrame(rows, columns=columns)


def _funding_missing(ev: Evaluation) -> bool:
    return any(e.get("planned") is None for e in ev.sections.get("funding", []))


def funding_table(ev: Evaluation, *, lang: str = "vi") -> str:
    """:func:`funding_frame` with a total row; or why there is none."""
    if _funding_missing(ev):
        return _no_data("funding", lang)
    frame = funding_frame(ev, lang=lang)
    entries = ev.sections.get("funding", [])
    sums = {f: sum(e.get(f) or 0 for e in entries) for f in ("planned", "received", "spent")}
    total = [
        "",
        t("col.total", lang),
        *(_money(sums[f], lang) for f in ("planned", "received", "spent")),
        DASH,  # a share over groups of different kinds would mislead
    ]
    return _frame_html(frame, numeric=frame.columns[2:], total=total)


def funding_summary(ev: Evaluation, *, lang: str = "vi", links: bool = True) -> str:
    """The funding table of the year-end report, with a sentence and a link to the details."""
    if _funding_missing(ev):
        return funding_table(ev, lang=lang)
    entries = ev.sections.get("funding", [])
    sums = {f: sum(e.get(f) or 0 for e in entries) for f in ("planned", "received", "spent")}
    line = t("fund.line", lang, **{f: _money(v, lang) for f, v in sums.items()})
    more = (
        Markup(" ") + _link(page_name("funding"), t("rpt.details", lang) + " →")
        if links
        else Markup("")
    )
    return _p(esc(line) + more) + funding_table(ev, lang=lang)


def funding_sources_table(ev: Evaluation, *, lang: str = "vi") -> str:
    """Planned, received and spent by source within each funding group."""
    if _funding_missing(ev):
        return ""
    rows = []
    for entry in ev.sections.get("funding", []):
        for source in entry.get("by_source") or []:
            rows.append(
                [
                    entry["id"],
                    code_label("fsource", source["source"], lang),
                    _money(source["planned"], lang),
                    _money(source["received"], lang),
                    _money(source["spent"], lang),
                ]
            )
    columns = [
        t("col.id", lang),
        t("col.source", lang),
        t("col.planned", lang),
        t("col.received", lang),
        t("col.spent", lang),
    ]
    return _table(columns, rows, numeric=[2, 3, 4])


def spending_table(ev: Evaluation, *, lang: str = "vi") -> str:
    """Money spent by solution area (rows) and funding group (columns)."""
    if _funding_missing(ev):
        return _no_data("funding", lang)
    entries = ev.sections.get("funding", [])
    labels = {a.id: a.label(lang) for a in ev.plan.solution_areas}
    order: list[object] = []
    for entry in entries:
        for item in entry.get("spent_by_area") or []:
            if item["area"] not in order:
                order.append(item["area"])
    rows = []
    for area in order:
        amounts = [
            next(
                (i["amount_vnd"] for i in e.get("spent_by_area") or [] if i["area"] == area),
                0,
            )
            for e in entries
        ]
        if area is None and not any(amounts):
            continue
        name = (
            f"{area} — {labels.get(str(area), '')}".rstrip(" —")
            if area
            else t("area.no_area", lang)
        )
        rows.append([name, *(_money(a, lang) for a in amounts), _money(sum(amounts), lang)])
    columns = [t("col.area", lang), *(e["id"] for e in entries), t("col.total", lang)]
    totals = [sum(i["amount_vnd"] or 0 for i in e.get("spent_by_area") or []) for e in entries]
    total = [t("col.total", lang), *(_money(v, lang) for v in totals), _money(sum(totals), lang)]
    return _table(columns, rows, numeric=range(1, len(columns)), total=total, nowrap=())


def _resp_entries(ev: Evaluation) -> list[tuple[Any, dict[str, Any]]]:
    entries = {e["id"]: e for e in ev.sections.get("responsibilities", [])}
    return [(resp, entries[resp.id]) for resp in ev.plan.responsibilities if resp.id in entries]


#: task statuses in the order of the tables and the figure
_TASK_STATUSES = tuple(TASK_CLASS)


def task_counts(ev: Evaluation, *, disclosure: Disclosure = "internal") -> pd.DataFrame:
    """Tasks of each responsible unit (rows, by id) by status (columns), as pages show them.

    :func:`planlib.core.disclosure.suppress_crosstab` of the counts, with margins labelled
    ``"total"``: a unit's tasks done are its ``done`` cell, its tasks its row total.
    """
    entries = [entry for _, entry in _resp_entries(ev)]
    extra = sorted(
        {task["status"] for e in entries for task in e.get("tasks", [])} - set(_TASK_STATUSES)
    )
    statuses = [*_TASK_STATUSES, *extra]
    counts = pd.DataFrame(
        [
            [sum(task["status"] == s for task in e.get("tasks", [])) for s in statuses]
            for e in entries
        ],
        index=pd.Index([e["id"] for e in entries], dtype=object),
        columns=statuses,
        dtype=int,
    )
    return suppress_crosstab(counts, disclosure=disclosure)


def _tasks_shown(
    ev: Evaluation, entry: dict[str, Any], disclosure: Disclosure
) -> tuple[object, object]:
    """A unit's tasks done and tasks, as shown (the entry's own counts when internal)."""
    done, total = entry.get("tasks_done"), entry.get("tasks_total")
    if not _public(disclosure) or done is None:
        return done, total
    shown = task_counts(ev, disclosure=disclosure)
    return shown.at[entry["id"], "done"], shown.at[entry["id"], "total"]


def responsibilities_summary(
    ev: Evaluation, *, lang: str = "vi", links: bool = True, disclosure: Disclosure = "internal"
) -> str:
    """One row per responsible unit: tasks done of total, activities held.

    Public: task counts 1–4 as ``< 5`` (``x`` where a total would give one back) and
    activities 1–4 as ``< 5``.
    """
    rows, done_total, task_total = [], 0, 0
    for resp, entry in _resp_entries(ev):
        done = entry.get("tasks_done")
        done_total += done or 0
        task_total += entry.get("tasks_total") or 0
        shown_done, shown_total = _tasks_shown(ev, entry, disclosure)
        rows.append(
            [
                resp.id,
                resp.label(lang),
                f"{_cell(shown_done, lang)}/{_cell(shown_total, lang)}",
                _shown_count(entry.get("activities"), lang, disclosure),
            ]
        )
    columns = [
        t("col.id", lang),
        t("col.unit", lang),
        t("col.tasks_done", lang),
        t("col.activities", lang),
    ]
    if _public(disclosure):
        margins = task_counts(ev, disclosure=disclosure).loc["total"]
        done_text, total_text = _cell(margins["done"], lang), _cell(margins["total"], lang)
    else:
        done_text, total_text = fmt_int(done_total, lang), fmt_int(task_total, lang)
    line = t("rpt.summary_tasks", lang, done=done_text, total=total_text)
    more = (
        Markup(" ") + _link(page_name("funding"), t("rpt.details", lang) + " →")
        if links
        else Markup("")
    )
    return _p(esc(line) + more) + _table(columns, rows, numeric=[2, 3])


def responsibilities_section(
    ev: Evaluation, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Each unit (R-*): its tasks with their status, and its activities in the period by kind.

    Public: counts of tasks and activities 1–4 as ``< 5`` (``x`` where a total shown would
    give one back); the list of tasks, the plan's own, stays.
    """
    labels = {task.id: task.label(lang) for resp in ev.plan.responsibilities for task in resp.tasks}
    parts = []
    for resp, entry in _resp_entries(ev):
        parts.append(_tag("h3", f"{resp.id} — {resp.label(lang)}"))
        activities = entry.get("activities")
        done, total = _tasks_shown(ev, entry, disclosure)
        parts.append(
            _p(
                t(
                    "resp.line",
                    lang,
                    done=_cell(done, lang),
                    total=_cell(total, lang),
                    activities=_shown_count(activities, lang, disclosure),
                )
            )
        )
        rows = []
        for task in entry.get("tasks", []):
            when = _as_date(task.get("completed_on"))
            rows.append(
                [
                    task["id"],
                    labels.get(task["id"], ""),
                    _badge(
                        TASK_CLASS.get(task["status"], "status-no_data"),
                        code_label("task", task["status"], lang),
                    ),
                    fmt_date(when, lang) if when else DASH,
                ]
            )
        columns = [
            t("col.id", lang),
            t("col.task", lang),
            t("col.status", lang),
            t("col.completed_on", lang),
        ]
        parts.append(_table(columns, rows, nowrap=(0, 3)))
        kinds = entry.get("activities_by_kind") or []
        if kinds:
            frame = suppress_table(
                pd.DataFrame({"count": [int(k["count"]) for k in kinds]}),
                ["count"],
                disclosure=disclosure,
            )
            rows = [
                [code_label("activity", k["kind"], lang), _cell(n, lang)]
                for k, n in zip(kinds, frame["count"], strict=True)
            ]
            total = sum(k["count"] for k in kinds)
            parts.append(
                _table(
                    [t("col.kind", lang), t("col.activities", lang)],
                    rows,
                    numeric=[1],
                    total=[t("col.total", lang), _shown_count(total, lang, disclosure)],
                )
            )
    return _join(parts)
