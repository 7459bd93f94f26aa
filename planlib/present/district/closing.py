"""The end of the district report: shortcomings at district level, the signature block of
the Phòng (Trưởng phòng, Nơi nhận), and the disclosure rule of a public report."""

from __future__ import annotations

from planlib.core.fmt import fmt_int
from planlib.present import fragments
from planlib.present.district.context import DistrictContext
from planlib.present.district.header import APPENDIX_ID
from planlib.present.district.shown import pooled_area_counts, pooled_hidden
from planlib.present.district.targets import DASH, outside_schools, value_text
from planlib.present.html import Fragment, render
from planlib.present.textreport import target_text

__all__ = ["district_appendix", "district_shortcomings", "district_signature"]

#: the sentences of the school report's rule, then the district's own
_RULE_KEYS = ("primary", "complementary", "values", "unstable", "drilldown", "limits")
#: the side of the funnel that is worse than expected, by the target's comparator
_WORSE = {"<": "above", "<=": "above", ">": "below", ">=": "below"}


def _targets(ctx: DistrictContext) -> list[str]:
    items = []
    for ind in ctx.ev.indicators:
        label = ctx.ev.plan.target(ind.id).label(ctx.lang)
        if ind.status == "not_achieved":
            value = (
                DASH
                if pooled_hidden(ctx, ind)
                else value_text(ctx, ind.value, ind.unit, ind.numerator)
            )
            target = target_text(ind, ctx.lang)  # type: ignore[arg-type]
            items.append(ctx.t("dst.sc.target", id=ind.id, label=label, value=value, target=target))
    return items


def _outside(ctx: DistrictContext) -> list[str]:
    items = []
    for ind in ctx.ev.indicators:
        worse = [s for s, where in outside_schools(ctx, ind) if where == _WORSE[ind.op]]
        if worse:
            items.append(ctx.t("dst.sc.outside", id=ind.id, schools=", ".join(worse)))
    return items


def _submissions(ctx: DistrictContext) -> list[str]:
    items = []
    for s in ctx.ev.submissions:
        if s.status == "invalid":
            items.append(ctx.t("dst.sc.invalid", school=s.name, n=fmt_int(s.errors, ctx.lang)))
        elif s.status == "failed":
            items.append(ctx.t("dst.sc.failed", school=s.name))
        elif s.status == "missing":
            items.append(ctx.t("dst.sc.missing", school=s.name))
    return items


def _areas(ctx: DistrictContext) -> list[str]:
    items = []
    for area in ctx.ev.areas:
        if area.completion is None or area.completion >= 1:
            continue
        _, _, hidden = pooled_area_counts(ctx, area.planned, area.counted)
        completion = DASH if hidden else value_text(ctx, area.completion * 100, "percent", None)
        under = sum(1 for _, c in area.by_school if c is not None and c < 1)
        items.append(
            ctx.t(
                "dst.sc.area",
                id=area.id,
                label=ctx.ev.plan.area(area.id).label(ctx.lang),
                completion=completion,
                n=fmt_int(under, ctx.lang),
            )
        )
    return items


def district_shortcomings(ctx: DistrictContext) -> Fragment:
    """ "Tồn tại, hạn chế" of the district: targets not achieved (pooled), schools outside the
    99,8% limits on the worse side, solution areas not completed, submissions not usable."""
    groups = [
        (ctx.t("dst.sc.h.targets"), _targets(ctx)),
        (ctx.t("dst.sc.h.outside"), _outside(ctx)),
        (ctx.t("dst.sc.h.areas"), _areas(ctx)),
        (ctx.t("dst.sc.h.submissions"), _submissions(ctx)),
    ]
    groups = [(title, items) for title, items in groups if items]
    if not groups:
        return fragments.paragraph(ctx.t("rpt.no_shortcomings"))
    return render("report/shortcomings.html.j2", groups=groups)


def district_signature(ctx: DistrictContext) -> Fragment:
    """ "Nơi nhận" on the left, the head of the office (Trưởng phòng) on the right."""
    district = ctx.ev.district.get("name", "")
    province = ctx.ev.district.get("province", "")
    return render(
        "district/signature.html.j2",
        recipients=ctx.t("rpt.recipients"),
        lines=[
            ctx.t("dst.recipient_department", province=province),
            ctx.t("dst.recipient_committee", district=district),
            ctx.t("dst.recipient_schools"),
            ctx.t("dst.recipient_archive"),
        ],
        head=ctx.t("dst.head"),
        sign=ctx.t("rpt.sign"),
    )


def district_appendix(ctx: DistrictContext) -> Fragment:
    """The disclosure rule of a public district report (empty when internal)."""
    if not ctx.rule.suppresses:
        return Fragment()
    rules = [ctx.t(f"disc.rule.{key}") for key in _RULE_KEYS]
    rules += [ctx.t("dst.rule.schools"), ctx.t("dst.rule.funnel")]
    return render(
        "report/appendix.html.j2",
        id=APPENDIX_ID,
        heading=ctx.t("dst.h.appendix"),
        lead=ctx.t("disc.rule.lead"),
        rules=rules,
    )
