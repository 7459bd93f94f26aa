"""The district's targets: the pooled figures, and for each target its funnel and the schools
outside its limits."""

from __future__ import annotations

from typing import Any

from planlib.core.disclosure import UNSTABLE_BELOW
from planlib.core.fmt import fmt_int, fmt_value
from planlib.evaluation.district import PooledIndicator
from planlib.present import fragments
from planlib.present.district.context import DistrictContext
from planlib.present.district.shown import pooled_counts, pooled_hidden, school_figures
from planlib.present.html import Fragment
from planlib.present.textreport import ci_text, target_text

__all__ = [
    "DASH",
    "count_text",
    "funnel_caption",
    "funnel_guide",
    "no_funnel",
    "outside_schools",
    "outside_text",
    "pooled_table",
    "target_summary",
    "value_text",
]

DASH = "—"
_COLUMNS = ("col.id", "col.indicator", "col.value", "col.target", "col.status", "col.ci",
            "col.counts", "dst.col.schools_achieved")  # fmt: skip


def count_text(value: object, lang: str) -> str:
    """A count as shown: ``< 5`` / ``x`` as they are, numbers through Babel, "—" if missing."""
    if value is None:
        return DASH
    if isinstance(value, str):
        return value
    return fmt_int(int(value), lang)  # type: ignore[call-overload]


def value_text(ctx: DistrictContext, value: float | None, unit: str, numerator: Any) -> str:
    """A value in its unit; "(không ổn định)" on fewer than 10 events in a public report."""
    if value is None:
        return DASH
    text = fmt_value(value, unit, ctx.lang)
    if ctx.rule.unstable(numerator):
        text += f" ({ctx.t('disc.unstable')})"
    return text


def _pooled_row(ctx: DistrictContext, ind: PooledIndicator) -> list[object]:
    num, den = pooled_counts(ctx, ind)
    hidden = pooled_hidden(ctx, ind)
    label = ctx.ev.plan.target(ind.id).label(ctx.lang)
    return [
        ind.id,
        label,
        DASH if hidden else value_text(ctx, ind.value, ind.unit, ind.numerator),
        target_text(ind, ctx.lang),  # type: ignore[arg-type]
        fragments.status_badge(ind.status, ctx.t(f"status.{ind.status}")),
        DASH if hidden else ci_text(ind, ctx.lang),  # type: ignore[arg-type]
        f"{count_text(num, ctx.lang)}/{count_text(den, ctx.lang)}",
        ctx.t(
            "dst.of",
            n=fmt_int(ind.schools_achieved, ctx.lang),
            total=fmt_int(ind.schools_evaluated, ctx.lang),
        ),
    ]


def _notes(ctx: DistrictContext) -> list[Fragment]:
    notes = [ctx.t("dst.footnote_pooled"), ctx.t("rpt.footnote_ci")]
    if ctx.rule.suppresses:
        notes += [ctx.t("disc.footnote"), ctx.t("disc.unstable_note", n=UNSTABLE_BELOW)]
    return [fragments.paragraph(note, "planlib-muted") for note in notes]


def pooled_table(ctx: DistrictContext) -> Fragment:
    """One row per target: the district's pooled value, status, interval, counts, schools."""
    achieved = sum(i.status == "achieved" for i in ctx.ev.indicators)
    lead = ctx.t("dst.summary_targets", achieved=achieved, total=len(ctx.ev.indicators))
    rows = [_pooled_row(ctx, ind) for ind in ctx.ev.indicators]
    table = fragments.table(
        [ctx.t(key) for key in _COLUMNS],
        rows,
        numeric=(2, 5, 6),
        nowrap=(0, 3, 4),
        css="planlib-table planlib-district-pooled",
    )
    return fragments.join([fragments.paragraph(lead), table, *_notes(ctx)])


def target_summary(ctx: DistrictContext, ind: PooledIndicator) -> Fragment:
    """The pooled figure of one target in a sentence, with its status badge."""
    label = ctx.ev.plan.target(ind.id).label(ctx.lang)
    if ind.value is None:
        return fragments.paragraph(ctx.t("dst.target_none", id=ind.id, label=label))
    num, den = pooled_counts(ctx, ind)
    hidden = pooled_hidden(ctx, ind)
    sentence = ctx.t(
        "dst.target_line",
        id=ind.id,
        label=label,
        value=DASH if hidden else value_text(ctx, ind.value, ind.unit, ind.numerator),
        counts=f"{count_text(num, ctx.lang)}/{count_text(den, ctx.lang)}",
        ci=DASH if hidden else ci_text(ind, ctx.lang),  # type: ignore[arg-type]
        target=target_text(ind, ctx.lang),  # type: ignore[arg-type]
        achieved=fmt_int(ind.schools_achieved, ctx.lang),
        evaluated=fmt_int(ind.schools_evaluated, ctx.lang),
    )
    badge = fragments.status_badge(ind.status, ctx.t(f"status.{ind.status}"))
    return fragments.paragraph(fragments.join([sentence, " ", badge]))


def _centre_text(ctx: DistrictContext, ind: PooledIndicator) -> str:
    if ind.centre is None:
        return DASH
    value = fmt_value(ind.centre, ind.unit, ctx.lang, 1, trim=True)
    key = "dst.centre_target" if ind.centre_is_target else "dst.centre_pooled"
    return ctx.t(key, value=value)


def funnel_guide(ctx: DistrictContext) -> Fragment:
    """How to read a funnel plot, in plain words for a Phòng officer (once, before the plots)."""
    text = ctx.t("dst.funnel_guide")
    if ctx.rule.suppresses:
        text += " " + ctx.t("dst.funnel_public")
    return fragments.paragraph(text, "planlib-note")


def funnel_caption(ctx: DistrictContext, ind: PooledIndicator) -> Fragment:
    """The caption of one funnel: what it is centred on (and why, when not the target)."""
    text = ctx.t("dst.funnel_caption", id=ind.id, centre=_centre_text(ctx, ind))
    if not ind.centre_is_target:
        text += " " + ctx.t("dst.funnel_flat", target=target_text(ind, ctx.lang))  # type: ignore[arg-type]
    return fragments.paragraph(text, "planlib-muted planlib-caption")


def no_funnel(ctx: DistrictContext, ind: PooledIndicator) -> Fragment:
    """Why a target has no funnel: no school to draw, or (public) a withheld centre."""
    if ind.centre is not None and not ind.centre_is_target and pooled_hidden(ctx, ind):
        return fragments.paragraph(ctx.t("dst.no_funnel_hidden"), "planlib-muted")
    return fragments.paragraph(ctx.t("dst.no_funnel"), "planlib-muted")


def outside_schools(ctx: DistrictContext, ind: PooledIndicator) -> list[tuple[str, str]]:
    """``(school, above|below)`` of the drawn schools outside the 99,8% limits."""
    return [
        (s.figure.school, s.figure.outside998)
        for s in school_figures(ctx, ind)
        if not s.hidden and s.figure.outside998 is not None and s.figure.value is not None
    ]


def outside_text(ctx: DistrictContext, ind: PooledIndicator) -> Fragment:
    """The schools outside the 99,8% limits, named in words (or that there are none)."""
    outside = outside_schools(ctx, ind)
    if not outside:
        return fragments.paragraph(ctx.t("dst.outside_none"))
    items = [ctx.t(f"dst.outside_{where}", school=school, id=ind.id) for school, where in outside]
    return fragments.join(
        [fragments.paragraph(ctx.t("dst.outside_lead")), fragments.bullet_list(items)]
    )
