"""The head of the district report: the Phòng's báo cáo form (Nghị định 30/2020/NĐ-CP).

The two-column header block "UBND HUYỆN … / PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" | quốc hiệu and tiêu
ngữ, the number line, the place-and-date line, the title ("BÁO CÁO" over its summary) and the
basis (Căn cứ): ``district/header.html.j2``, with the classes, banners and layout of the
school report's header.
"""

from __future__ import annotations

import datetime as dt

from planlib.core.fmt import date_line, fmt_date, fmt_int
from planlib.present.district.context import DistrictContext
from planlib.present.html import Fragment, render

__all__ = [
    "APPENDIX_ID",
    "DOCUMENTS",
    "banners",
    "district_documents",
    "district_header",
    "district_title",
    "place_name",
]

#: id of the district report's disclosure appendix (its public note links to it)
APPENDIX_ID = "planlib-district-disclosure"
#: the words before a district's own name ("huyện Phú Vang" → "Phú Vang")
_UNIT_WORDS = ("huyện ", "quận ", "thị xã ", "thành phố ", "district ")


def place_name(district: str) -> str:
    """The place of the date line: the district's name without "huyện", "quận"…"""
    lowered = district.lower()
    for word in _UNIT_WORDS:
        if lowered.startswith(word):
            return district[len(word) :].strip()
    return district.strip()


def banners(ctx: DistrictContext) -> dict[str, object]:
    """The sample ribbon and, in a public report, the banner and the note on the rule."""
    return {
        "sample": ctx.t("dst.sample_banner") if ctx.ev.sample else None,
        "public": {
            "banner": ctx.t("disc.banner"),
            "note": ctx.t("disc.note"),
            "link": ctx.t("dst.note_link"),
            "href": f"#{APPENDIX_ID}",
        }
        if ctx.rule.suppresses
        else None,
    }


def district_title(ctx: DistrictContext) -> str:
    """ "Báo cáo tổng hợp kết quả thực hiện Kế hoạch … năm 2023" (plain text)."""
    return ctx.t("dst.title", year=ctx.ev.plan.period.end.year)


def _basis(ctx: DistrictContext) -> str:
    plan = ctx.ev.plan
    received = sum(s.status != "missing" for s in ctx.ev.submissions)
    schools = fmt_int(received, ctx.lang)
    if plan.issued_under:
        basis = "; ".join(plan.issued_under)
        return ctx.t("dst.preamble", basis=basis, plan=plan.title(ctx.lang), n=schools)
    return ctx.t("dst.preamble_plain", plan=plan.title(ctx.lang), n=schools)


def _scope(ctx: DistrictContext) -> str:
    start, end = (dt.date.fromisoformat(day) for day in ctx.ev.period)
    return ctx.t("dst.scope", start=fmt_date(start, ctx.lang), end=fmt_date(end, ctx.lang))


#: a file the district run writes beside the report -> the words of its link
DOCUMENTS = {"district.docx": "dst.link.docx", "district.pdf": "dst.link.pdf"}


def district_documents(ctx: DistrictContext) -> Fragment | None:
    """Links to the Word and PDF files written beside the report (screen only)."""
    names = [name for name in ctx.ev.meta.get("documents", ()) if name in DOCUMENTS]
    if not names:
        return None
    links = [{"href": name, "text": ctx.t(DOCUMENTS[name])} for name in names]
    return render("district/documents.html.j2", heading=ctx.t("dst.documents"), links=links)


def district_header(ctx: DistrictContext) -> Fragment:
    """The head of the report as the Phòng GD&ĐT issues it."""
    district = ctx.ev.district.get("name", "")
    place = ctx.ev.district.get("place") or place_name(district)
    return render(
        "district/header.html.j2",
        **banners(ctx),
        authority=ctx.t("dst.authority", district=district) if district else "",
        office=ctx.t("dst.office"),
        number=ctx.t("dst.number"),
        nation=ctx.t("rpt.nation"),
        motto=ctx.t("rpt.motto"),
        dateline=date_line(place, ctx.day, ctx.lang),
        kind=ctx.t("dst.kind"),
        summary=ctx.t("dst.summary", year=ctx.ev.plan.period.end.year),
        preamble=_basis(ctx),
        scope=_scope(ctx),
    )
