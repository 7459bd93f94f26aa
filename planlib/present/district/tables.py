"""The district's tables: submissions, school × target, solution areas, funding."""

from __future__ import annotations

from planlib.core.fmt import fmt_int, fmt_money, fmt_number, fmt_percent
from planlib.evaluation.district import Submission
from planlib.present import fragments
from planlib.present.district.context import DistrictContext
from planlib.present.district.shown import (
    area_counts,
    pooled_area_counts,
    pooled_hidden,
    school_figures,
)
from planlib.present.district.targets import DASH, count_text
from planlib.present.html import Fragment
from planlib.present.views.base import code_label

__all__ = ["areas_table", "funding_table", "school_grid", "school_name", "submissions_table"]

#: submission status -> CSS class of its badge (the report's palette)
SUBMISSION_CLASS = {
    "ok": "status-achieved",
    "invalid": "status-not_achieved",
    "failed": "status-not_achieved",
    "missing": "status-no_data",
}


def school_name(submission: Submission) -> object:
    """The school's name, linking to its own report when it has one (a relative link)."""
    if submission.report:
        return fragments.link(submission.report, submission.name)
    return submission.name


def _submission_badge(ctx: DistrictContext, submission: Submission) -> Fragment:
    text = ctx.t(f"dst.submission.{submission.status}")
    if submission.status in ("invalid", "failed") and submission.errors:
        key = "dst.errors" if submission.status == "invalid" else "dst.failures"
        text += " " + ctx.t(key, n=fmt_int(submission.errors, ctx.lang))
    return fragments.badge(SUBMISSION_CLASS[submission.status], text)


def _submission_counts(ctx: DistrictContext) -> str:
    subs = ctx.ev.submissions
    counts = {status: sum(s.status == status for s in subs) for status in SUBMISSION_CLASS}
    received = len(subs) - counts["missing"]
    return ctx.t(
        "dst.submissions_line",
        listed=fmt_int(len(subs), ctx.lang),
        received=fmt_int(received, ctx.lang),
        ok=fmt_int(counts["ok"], ctx.lang),
        invalid=fmt_int(counts["invalid"], ctx.lang),
        failed=fmt_int(counts["failed"], ctx.lang),
        missing=fmt_int(counts["missing"], ctx.lang),
    )


def submissions_table(ctx: DistrictContext) -> Fragment:
    """How many submissions were received, valid, invalid, failed, missing; then one row each.

    The source is the workbook's file or folder name only, never a path.
    """
    rows = [
        [fmt_int(i, ctx.lang), school_name(s), s.source or DASH, _submission_badge(ctx, s)]
        for i, s in enumerate(ctx.ev.submissions, start=1)
    ]
    columns = [ctx.t(k) for k in ("dst.col.no", "dst.col.school", "dst.col.source", "col.status")]
    table = fragments.table(columns, rows, numeric=(0,), nowrap=(0,), css="planlib-table")
    return fragments.join([fragments.paragraph(_submission_counts(ctx)), table])


def _unit_header(ctx: DistrictContext, indicator_id: str, unit: str) -> str:
    """A grid column's header: the target and its unit (``T2.1 (/10.000)``, ``T1.1 (%)``)."""
    return ctx.t(f"dst.col.unit.{unit}", id=indicator_id)


def _grid_value(ctx: DistrictContext, value: float | None, numerator: object) -> str:
    """A value in the grid: the number only (its unit is in the column's header)."""
    if value is None:
        return DASH
    text = fmt_number(value, 1, ctx.lang)
    if ctx.rule.unstable(numerator):  # type: ignore[arg-type]
        text += " *"
    return text


def _grid_cells(ctx: DistrictContext) -> dict[tuple[str, str], object]:
    """(school, target) -> the cell: the value as a badge coloured by its status."""
    cells: dict[tuple[str, str], object] = {}
    for ind in ctx.ev.indicators:
        for s in school_figures(ctx, ind):
            f = s.figure
            if f.denominator is None or f.value is None:
                text = ctx.t(f"status.{f.status}")
            elif s.hidden:
                text = DASH
            else:
                text = _grid_value(ctx, f.value, f.numerator)
            cells[(f.school, ind.id)] = fragments.status_badge(f.status, text)
    return cells


def _legend(ctx: DistrictContext) -> Fragment:
    badges = [
        fragments.status_badge(k, ctx.t(f"status.{k}"))
        for k in ("achieved", "not_achieved", "not_applicable", "no_data")
    ]
    parts: list[object] = [fragments.join(badges, " ")]
    if ctx.rule.suppresses:
        parts += [" ", ctx.t("dst.grid_unstable")]
    return fragments.paragraph(fragments.join(parts), "planlib-muted")


def school_grid(ctx: DistrictContext) -> Fragment:
    """School × target: each school's value, coloured by its status, its name linking to its
    report; schools without figures (invalid, failed, missing) with their status.

    The last row is the district's pooled value of each target. Public: a value whose counts
    are hidden is "—", a value on fewer than 10 events is marked ``*`` (unstable).
    """
    cells = _grid_cells(ctx)
    ids = [ind.id for ind in ctx.ev.indicators]
    rows = []
    for s in ctx.ev.submissions:
        if s.status == "ok":
            rows.append([school_name(s), *(cells.get((s.name, i), DASH) for i in ids)])
        else:
            name = fragments.join([s.name, " ", _submission_badge(ctx, s)])
            rows.append([name, *([""] * len(ids))])
    total: list[object] = [ctx.t("dst.district_row")]
    for ind in ctx.ev.indicators:
        text = DASH if pooled_hidden(ctx, ind) else _grid_value(ctx, ind.value, ind.numerator)
        total.append(fragments.status_badge(ind.status, text))
    table = fragments.table(
        [ctx.t("dst.col.school"), *(_unit_header(ctx, i.id, i.unit) for i in ctx.ev.indicators)],
        rows,
        numeric=range(1, len(ids) + 1),
        nowrap=(),
        css="planlib-table planlib-district-grid",
        total=total,
    )
    return fragments.join([table, _legend(ctx)])


def _completion(ctx: DistrictContext, completion: float | None, hidden: bool) -> str:
    if hidden or completion is None:
        return DASH
    return fmt_percent(completion * 100, 1, ctx.lang)


def _area_badge(ctx: DistrictContext, completion: float | None, hidden: bool) -> object:
    """A completion coloured as the school report colours an area: complete or not."""
    if completion is None:
        return DASH
    status = "achieved" if completion >= 1 else "not_achieved"
    return fragments.status_badge(status, _completion(ctx, completion, hidden))


def _areas_summary(ctx: DistrictContext) -> Fragment:
    """One row per area: activities held of planned and completion in the district, and how
    many schools completed it."""
    rows = []
    for area in ctx.ev.areas:
        planned, counted, hidden = pooled_area_counts(ctx, area.planned, area.counted)
        done = sum(1 for _, c in area.by_school if c is not None and c >= 1)
        rows.append(
            [
                area.id,
                ctx.ev.plan.area(area.id).label(ctx.lang),
                f"{count_text(counted, ctx.lang)}/{count_text(planned, ctx.lang)}",
                _area_badge(ctx, area.completion, hidden),
                ctx.t("dst.of", n=fmt_int(done, ctx.lang),
                      total=fmt_int(len(area.by_school), ctx.lang)),
            ]
        )  # fmt: skip
    keys = ("col.id", "col.area", "dst.col.held_planned", "dst.col.district",
            "dst.col.schools_completed")  # fmt: skip
    return fragments.table(
        [ctx.t(k) for k in keys], rows, numeric=(2, 3, 4), css="planlib-table planlib-district-ids"
    )


def _areas_by_school(ctx: DistrictContext) -> Fragment:
    """School × area: each school's completion (rows: schools, so 30 schools still fit)."""
    subs = [s for s in ctx.ev.submissions if s.status == "ok"]
    rows = []
    for s in subs:
        row: list[object] = [school_name(s)]
        for area in ctx.ev.areas:
            _, _, hidden = area_counts(ctx, s.results, area.id)
            row.append(_area_badge(ctx, dict(area.by_school).get(s.name), hidden))
        rows.append(row)
    total: list[object] = [ctx.t("dst.district_row")]
    for area in ctx.ev.areas:
        _, _, hidden = pooled_area_counts(ctx, area.planned, area.counted)
        total.append(_area_badge(ctx, area.completion, hidden))
    ids = [a.id for a in ctx.ev.areas]
    return fragments.table(
        [ctx.t("dst.col.school"), *ids],
        rows,
        numeric=range(1, len(ids) + 1),
        nowrap=(),
        css="planlib-table planlib-district-grid",
        total=total,
    )


def areas_table(ctx: DistrictContext) -> Fragment:
    """Each solution area for the district, then its completion at each school.

    Public: a completion whose activities held (or planned) are 1–4 is "—".
    """
    lead = fragments.paragraph(ctx.t("dst.areas_lead"))
    return fragments.join([lead, _areas_summary(ctx), _areas_by_school(ctx)])


def funding_table(ctx: DistrictContext) -> Fragment:
    """Funding summed over the schools: each group, then its sources (VND)."""
    plan, rows = ctx.ev.plan, []
    money = lambda v: fmt_money(v, ctx.lang)  # noqa: E731 (a short local formatter)
    for group in ctx.ev.funding:
        label = next(f.label(ctx.lang) for f in plan.funding if f.id == group.id)
        rows.append([group.id, label, money(group.planned), money(group.received),
                     money(group.spent)])  # fmt: skip
        for source, planned, received, spent in group.by_source:
            name = code_label("fsource", source, ctx.lang)
            rows.append(["", f"– {name}", money(planned), money(received), money(spent)])
    total = [
        "",
        ctx.t("dst.total"),
        money(sum(g.planned for g in ctx.ev.funding)),
        money(sum(g.received for g in ctx.ev.funding)),
        money(sum(g.spent for g in ctx.ev.funding)),
    ]
    keys = ("col.id", "dst.col.funding", "col.planned", "col.received", "col.spent")
    return fragments.table([ctx.t(k) for k in keys], rows, numeric=(2, 3, 4), total=total)
