"""The page of one solution area (notebook ``20_solution_area``).

``r.area(area_id)`` (:meth:`planlib.present.report.Report.area`) gives its :class:`AreaView`;
each method is one notebook cell. What the page shows beyond the area's activities follows
the ``details`` the plan file gives the area (:data:`DETAIL_VIEWS`), never its id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from IPython.display import Markdown
from matplotlib.figure import Figure

from planlib.core.disclosure import is_hidden
from planlib.core.fmt import fmt_date, fmt_int, fmt_number
from planlib.evaluation.activities import integrated_lesson_coverage, partners, reach_by_group
from planlib.evaluation.details import facility_projects, harm_cases
from planlib.evaluation.results import AreaResult
from planlib.evaluation.rows import or_none
from planlib.present.context import Context
from planlib.present.fragments import badge, block, frame_table, join, paragraph, table
from planlib.present.html import Fragment, render
from planlib.present.plots import areas as charts
from planlib.present.shown_areas import (
    activity_counts,
    area_counts,
    area_status,
    harm_counts,
    harm_table,
    learning_counts,
)
from planlib.present.views.base import (
    AREA_CLASS,
    DASH,
    TREND_CLASS,
    _as_date,
    _cell,
    _md,
    _missing_text,
    _money,
    _share,
    code_label,
    value_label,
)
from planlib.present.views.page import Outputs, PageView

__all__ = [
    "DETAIL_VIEWS",
    "AreaView",
    "DetailView",
    "area_badge",
    "completion_text",
    "count_text",
    "no_data",
    "section",
    "titled",
]

# --- small parts every area and funding view uses ---------------------------------------------


def count_text(ctx: Context, value: object) -> str:
    """A single count as shown (no total to protect): public, ``< 5`` for 1–4; "—" if missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return DASH
    return ctx.rule.count(int(value), lambda n: fmt_int(n, ctx.lang))  # type: ignore[call-overload]


def completion_text(ctx: Context, completion: float | None, *counts: object) -> str:
    """A completion share, "—" when one of the counts it comes from is hidden."""
    return DASH if any(is_hidden(c) for c in counts) else _share(completion, ctx.lang)


def no_data(ctx: Context, table_id: str) -> Fragment:
    """The paragraph saying a part has no data because ``table_id`` is absent."""
    return paragraph(ctx.t("no_data_line", missing=_missing_text([table_id], ctx.lang)))


def titled(title: str, *parts: object, level: int = 2) -> Fragment:
    """``parts`` under a heading ``title`` of ``level`` (2, 3)."""
    return render("areas/section.html.j2", level=level, title=title, parts=parts)


def section(ctx: Context, key: str, *parts: object) -> Fragment:
    """``parts`` under the catalogue's level-2 heading ``key``."""
    return titled(ctx.t(key), *parts)


def area_badge(ctx: Context, entry: AreaResult) -> Fragment:
    """The status badge of an area: complete, incomplete, nothing planned, no data."""
    status = area_status(entry)
    key = "status.no_data" if status == "no_data" else f"area.status.{status}"
    return badge(AREA_CLASS[status], ctx.t(key))


# --- harm cases -------------------------------------------------------------------------------


def _harm_head(ctx: Context, entry: AreaResult) -> Fragment:
    cases = entry.harm_cases
    if cases is None:
        return section(ctx, "h.harm", no_data(ctx, "incidents"))
    kinds = harm_counts(ctx, "kind")
    # the total and the injuries are cells of the table by kind: shown as it shows them
    shown = {} if kinds is None else kinds["count"]
    line = ctx.t(
        "area.harm_line",
        total=_cell(shown.get("total", cases.total), ctx.lang),
        children=count_text(ctx, cases.children),
        injuries=_cell(shown.get("injury", cases.injuries), ctx.lang),
        fatal=count_text(ctx, cases.fatal),
    )
    return section(ctx, "h.harm", paragraph(line))


def _crosstab(ctx: Context, frame: pd.DataFrame, by: str) -> Fragment:
    """``harm_cases`` rows (by, kind, count) as a table: one row per value, kinds across."""
    lang = ctx.lang
    shown = ctx.rule.crosstab(harm_table(frame, by))
    kinds, values = list(shown.columns[:-1]), list(shown.index[:-1])
    columns = [ctx.t(f"dim.{by}"), *(code_label("incident", k, lang) for k in kinds)]
    columns.append(ctx.t("col.total"))
    rows = [
        [value_label(by, value, lang), *(_cell(c, lang) for c in shown.iloc[i])]
        for i, value in enumerate(values)
    ]
    total = [ctx.t("col.total"), *(_cell(c, lang) for c in shown.iloc[-1])]
    if len(kinds) == 1:  # one kind (injuries by cause): its column is the total
        columns, total = [columns[0], columns[-1]], [total[0], total[-1]]
        rows = [[row[0], row[-1]] for row in rows]
    return table(
        columns,
        rows,
        numeric=range(1, len(columns)),
        caption=ctx.t(f"area.harm_by.{by}"),
        total=total,
        css="planlib-table planlib-crosstab",
    )


def _harm_by_kind(ctx: Context, kinds: pd.DataFrame) -> Fragment:
    rows = [
        [code_label("incident", k, ctx.lang), _cell(n, ctx.lang)]
        for k, n in zip(kinds.index[:-1], kinds["count"].iloc[:-1], strict=True)
    ]
    return table(
        [ctx.t("dim.kind"), ctx.t("col.cases")],
        rows,
        numeric=[1],
        caption=ctx.t("area.harm_by.kind"),
        total=[ctx.t("col.total"), _cell(kinds["count"].iloc[-1], ctx.lang)],
    )


def _harm_tables(ctx: Context, entry: AreaResult) -> Fragment:
    if entry.harm_cases is None:
        return Fragment("")
    ev = ctx.ev
    kinds = harm_counts(ctx, "kind")
    tables = [_harm_by_kind(ctx, kinds)] if kinds is not None and len(kinds) > 1 else []
    for by in ("cause", "place", "month"):
        frame = or_none(lambda by=by: harm_cases(ev.workbook, ev.start, ev.end, by))
        if frame is not None and by == "cause":
            frame = frame.loc[frame["kind"] == "injury"]
        if frame is not None and len(frame):
            tables.append(_crosstab(ctx, frame, by))
    return join(tables)


def _harm_figures(ctx: Context, entry: AreaResult) -> list[Figure | None]:
    return [charts.harm_cases(ctx, "month"), charts.harm_cases(ctx, "place")]


# --- learning results -------------------------------------------------------------------------


def _learning_value(ctx: Context, m: dict[str, object], prefix: str) -> str:
    if m["id"] == "dropouts":
        return _cell(m[f"{prefix}value"], ctx.lang)
    value = m[f"{prefix}value"]
    text = DASH if m[f"{prefix}hidden"] else _share(value, ctx.lang)  # type: ignore[arg-type]
    if m[f"{prefix}numerator"] is not None:
        n, d = m[f"{prefix}numerator"], m[f"{prefix}denominator"]
        text += f" ({_cell(n, ctx.lang)}/{_cell(d, ctx.lang)})"
    return text


def _learning_head(ctx: Context, entry: AreaResult) -> Fragment:
    learning = entry.learning
    if learning is None:
        return section(ctx, "h.learning", paragraph(ctx.t("area.learning_none")))
    tally = dict.fromkeys(TREND_CLASS, 0)
    for m in learning.measures:
        tally[m.status] = tally.get(m.status, 0) + 1
    summary = "; ".join(f"{ctx.t(f'status.{s}').lower()} {n}" for s, n in tally.items() if n)
    line = ctx.t(
        "area.learning_line",
        year=learning.school_year,
        previous=learning.previous_school_year,
        summary=summary,
    )
    return section(ctx, "h.learning", paragraph(line))


def _learning_tables(ctx: Context, entry: AreaResult) -> Fragment:
    learning = entry.learning
    if learning is None:
        return Fragment("")
    rows = []
    for m in learning_counts(ctx, entry.id) or []:
        source = m["previous_source"]
        rows.append(
            [
                code_label("measure", m["id"], ctx.lang),
                _learning_value(ctx, m, ""),
                _learning_value(ctx, m, "previous_"),
                badge(
                    TREND_CLASS.get(m["status"], "status-no_data"), ctx.t(f"status.{m['status']}")
                ),
                code_label("prev_source", source, ctx.lang) if source else DASH,
            ]
        )
    columns = [
        ctx.t("col.measure"),
        ctx.t("col.school_year", year=learning.school_year),
        ctx.t("col.school_year", year=learning.previous_school_year),
        ctx.t("col.comparison"),
        ctx.t("col.previous_source"),
    ]
    return table(columns, rows, numeric=[1, 2])


def _learning_figures(ctx: Context, entry: AreaResult) -> list[Figure | None]:
    return [charts.learning_results(ctx, entry.id)]


# --- facilities -------------------------------------------------------------------------------


def _facilities_head(ctx: Context, entry: AreaResult) -> Fragment:
    block_ = entry.facilities
    if block_ is None:
        return section(ctx, "h.facilities", no_data(ctx, "facilities"))
    lang = ctx.lang
    line = ctx.t(
        "area.facilities_line",
        projects=fmt_int(block_.projects, lang),
        m2=fmt_number(block_.m2_done or 0, 1, lang, trim=True),
        mobilized=_money(block_.mobilized_vnd, lang),
        budget=_money(block_.budget_vnd, lang),
        share=_share(block_.mobilised_share, lang),
    )
    return section(ctx, "h.facilities", paragraph(line))


def _project_row(ctx: Context, p: Any) -> list[object]:
    """One project (a row of ``facility_projects``) as display text."""
    lang = ctx.lang
    budget = None if pd.isna(p.budget_vnd) else float(p.budget_vnd)
    mobilized = None if pd.isna(p.mobilized_vnd) else float(p.mobilized_vnd)
    done_on = None if pd.isna(p.completed_on) else _as_date(p.completed_on)
    return [
        p.project_id,
        code_label("facility", p.kind, lang),
        code_label("facility_status", p.status, lang),
        DASH if pd.isna(p.area_m2) else fmt_number(float(p.area_m2), 1, lang, trim=True),
        _money(budget, lang),
        _money(mobilized, lang),
        _share(mobilized / budget if budget and mobilized is not None else None, lang),
        fmt_date(done_on, lang) if done_on else DASH,
    ]


def _facilities_tables(ctx: Context, entry: AreaResult) -> Fragment:
    if entry.facilities is None:
        return Fragment("")
    projects = facility_projects(ctx.ev.workbook, ctx.ev.start, ctx.ev.end)
    rows = [_project_row(ctx, p) for p in projects.itertuples(index=False)]
    keys = (
        "project",
        "facility_kind",
        "facility_status",
        "area_m2",
        "budget",
        "mobilized",
        "mobilised_share",
        "completed_on",
    )
    return table([ctx.t(f"col.{k}") for k in keys], rows, numeric=[3, 4, 5, 6])


def _facilities_figures(ctx: Context, entry: AreaResult) -> list[Figure | None]:
    return [charts.facility_funding(ctx)]


# --- the registry of details ------------------------------------------------------------------

Part = Callable[[Context, AreaResult], Fragment]


@dataclass(frozen=True)
class DetailView:
    """What one kind of area detail shows: a heading with its summary, figures, tables.

    ``partners`` has none of these: it makes the area show its partners section also when
    the area has no partner (:meth:`AreaView.partners`).
    """

    head: Part | None = None
    figures: Callable[[Context, AreaResult], list[Figure | None]] | None = None
    tables: Part | None = None


#: detail name (a plan area's ``details``) -> what its page shows
DETAIL_VIEWS: dict[str, DetailView] = {
    "partners": DetailView(),
    "harm_cases": DetailView(_harm_head, _harm_figures, _harm_tables),
    "learning": DetailView(_learning_head, _learning_figures, _learning_tables),
    "facilities": DetailView(_facilities_head, _facilities_figures, _facilities_tables),
}


# --- the page ---------------------------------------------------------------------------------


class AreaView(PageView):
    """The views of one solution area's page, bound to a report.

    Parameters
    ----------
    ctx
        The report (evaluation, language, disclosure rule).
    area_id
        A solution area of the plan; a ``KeyError`` naming the plan's areas otherwise.
    """

    def __init__(self, ctx: Context, area_id: str) -> None:
        super().__init__(ctx)
        self.area = ctx.ev.plan.area(area_id)
        self.entry = ctx.ev.sections.area(area_id)

    def title(self) -> Markdown:
        """``# S4. Chủ động phòng ngừa…``."""
        return Markdown(f"# {_md(self.area.id)}. {_md(self.area.label(self.ctx.lang))}")

    def summary(self) -> Fragment:
        """Completion of the area's planned activities, with its status badge."""
        ctx, entry = self.ctx, self.entry
        status = area_status(entry)
        if status == "no_data":
            text = ctx.t("no_data_line", missing=_missing_text(entry.missing, ctx.lang))
        elif status == "not_planned":
            done = sum(a.done for a in entry.unplanned or ())
            text = ctx.t("area.not_planned_line", done=count_text(ctx, done))
        else:
            shown = area_counts(ctx).loc[entry.id]
            text = ctx.t(
                "area.completion_line",
                counted=_cell(shown["counted"], ctx.lang),
                planned=_cell(shown["planned"], ctx.lang),
                completion=completion_text(ctx, entry.completion, *shown),
            )
        parts = [paragraph(join([area_badge(ctx, entry), " ", text]))]
        if self.area.school_set and self.area.planned:
            parts.append(paragraph(ctx.t("area.school_set"), "planlib-muted"))
        return block(*parts, css="planlib-box")

    def progress_chart(self) -> Figure | None:
        """Planned against held activities, by kind (a figure; ``None`` without data)."""
        return charts.activity_progress(self.ctx, self.area.id)

    def activity_frame(self) -> pd.DataFrame:
        """Planned against held activities, by kind, as display text (empty without data)."""
        ctx = self.ctx
        keys = ("kind", "planned", "done", "completion", "note")
        progress = activity_counts(ctx, self.area.id)
        if progress is None:
            return pd.DataFrame(columns=[ctx.t(f"col.{k}") for k in keys])
        rows = []
        for row in progress.itertuples(index=False):
            planned = None if is_hidden(row.planned) else row.planned
            rows.append(
                [
                    code_label("activity", row.kind, ctx.lang),
                    _cell(row.planned, ctx.lang) if row.in_plan else DASH,
                    _cell(row.done, ctx.lang),
                    completion_text(
                        ctx, row.counted / planned if planned else None, row.planned, row.done
                    ),
                    "" if row.in_plan else ctx.t("area.unplanned"),
                ]
            )
        return pd.DataFrame(rows, columns=[ctx.t(f"col.{k}") for k in keys])

    def activities(self) -> Fragment:
        """:meth:`activity_frame` as a table with a total row; or why there is none."""
        ctx, entry = self.ctx, self.entry
        if entry.planned is None or entry.activities is None:
            return no_data(ctx, "activities")
        frame = self.activity_frame()
        planned = ctx.rule.count(entry.planned, int)
        done = ctx.rule.count(sum(a.done for a in entry.activities), int)
        total = [
            ctx.t("col.total"),
            _cell(planned, ctx.lang),
            _cell(done, ctx.lang),
            completion_text(ctx, entry.completion, planned, done),
            "",
        ]
        return frame_table(frame, numeric=frame.columns[1:4], total=total if len(frame) else None)

    def reach(self) -> Fragment:
        """People reached by the area's activities, by group (no total: 1–4 hidden in public)."""
        ctx, ev = self.ctx, self.ctx.ev
        reach = or_none(lambda: reach_by_group(ev.workbook, ev.start, ev.end, area=self.area.id))
        if reach is None:
            return no_data(ctx, "activities")
        rows = [
            [code_label("reach", g, ctx.lang), count_text(ctx, n)]
            for g, n in zip(reach["group"], reach["reached"], strict=True)
        ]
        return table([ctx.t("col.group"), ctx.t("col.reached")], rows, numeric=[1])

    def partners(self) -> Fragment:
        """The partner organisations (heading included): only when any, unless the plan lists
        ``partners`` in the area's details (then also to say there are none)."""
        ctx, ev = self.ctx, self.ctx.ev
        frame = or_none(lambda: partners(ev.workbook, ev.start, ev.end, area=self.area.id))
        if frame is None or frame.empty:
            if "partners" not in self.area.details:
                return Fragment("")
            return section(ctx, "h.partners", paragraph(ctx.t("area.no_partners")))
        rows = [
            [p, count_text(ctx, n)]
            for p, n in zip(frame["partner"], frame["activities"], strict=True)
        ]
        columns = [ctx.t("col.partner"), ctx.t("col.activities")]
        return section(ctx, "h.partners", table(columns, rows, numeric=[1]))

    def coverage(self) -> Fragment:
        """Classes with integrated lessons, by grade (heading included; empty when not relevant).

        A class's tooltip is its number of lessons, shown as the rule shows a count.
        """
        ctx, ev, area = self.ctx, self.ctx.ev, self.area
        frame = or_none(
            lambda: integrated_lesson_coverage(
                ev.workbook, ev.start, ev.end, ev.reference, area=area.id
            )
        )
        if "integrated_lesson" not in area.planned and (
            frame is None or not frame["covered"].any()
        ):
            return Fragment("")
        if frame is None:
            missing = _missing_text(["activities.classes"], ctx.lang)
            return section(ctx, "h.coverage", paragraph(ctx.t("no_data_line", missing=missing)))
        roster = frame.loc[frame["on_roster"]]
        covered = int(roster["covered"].sum())
        line = ctx.t(
            "area.coverage_line",
            covered=fmt_int(covered, ctx.lang),
            total=fmt_int(len(roster), ctx.lang),
            share=_share(covered / len(roster) if len(roster) else None, ctx.lang),
        )
        lessons = ctx.t("col.activities").lower()
        rows = [
            (
                ctx.t("grade.value", g=int(grade)),
                [
                    {"name": name, "covered": ok, "title": f"{count_text(ctx, n)} {lessons}"}
                    for name, ok, n in zip(
                        group["class_name"], group["covered"], group["lessons"], strict=True
                    )
                ],
            )
            for grade, group in roster.groupby("grade", sort=True)
        ]
        other = frame.loc[~frame["on_roster"], "class_name"]
        note = ctx.t("area.coverage_other", classes=", ".join(map(str, other)))
        return section(
            ctx,
            "h.coverage",
            paragraph(line),
            render("areas/coverage.html.j2", rows=rows),
            paragraph(note, "planlib-muted") if len(other) else "",
        )

    def _details(self) -> list[DetailView]:
        return [DETAIL_VIEWS[name] for name in self.area.details]

    def details_head(self) -> Fragment:
        """Headings and summaries of the area's plan details (harm cases, learning, facilities).

        Its figures (:meth:`figures`) go after it, its tables (:meth:`details`) after them;
        empty for an area without such details.
        """
        return join(d.head(self.ctx, self.entry) for d in self._details() if d.head)

    def figures(self) -> Outputs:
        """The figures of the area's plan details (cases by month and place, learning, money)."""
        figures = [f for d in self._details() if d.figures for f in d.figures(self.ctx, self.entry)]
        return Outputs(f for f in figures if f is not None)

    def details(self) -> Fragment:
        """The tables of the area's plan details: cases by kind, cause, place and month; each
        learning measure against the year before; each project's status, m², budget, money."""
        return join(d.tables(self.ctx, self.entry) for d in self._details() if d.tables)
