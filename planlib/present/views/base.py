"""Shared parts of the report views: constants, formatting helpers, headings, the page intro."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

import pandas as pd

from planlib.core.disclosure import is_hidden
from planlib.core.fmt import fmt_date, fmt_int, fmt_money, fmt_percent
from planlib.core.i18n import LABELS, t
from planlib.core.i18n import column_name as msg_column_name
from planlib.core.i18n import table_name as msg_table_name
from planlib.evaluation.evaluate import Evaluation
from planlib.present.context import Context, page_name
from planlib.present.html import Fragment, render

__all__ = [
    "APPENDIX_ID",
    "code_label",
    "heading",
    "page_intro",
    "value_label",
]


#: dimension -> label prefix of its values in the catalogue
VALUE_PREFIX = {
    "sex": "sex",
    "role": "role",
    "kind": "incident",
    "cause": "cause",
    "place": "place",
}
#: area status -> CSS class of its badge
AREA_CLASS = {
    "complete": "status-achieved",
    "incomplete": "status-not_achieved",
    "not_planned": "status-not_applicable",
    "no_data": "status-no_data",
}
#: S5 trend / task status -> CSS class of its badge
TREND_CLASS = {
    "improved": "status-achieved",
    "held": "status-not_applicable",
    "declined": "status-not_achieved",
    "no_data": "status-no_data",
}
TASK_CLASS = {
    "done": "status-achieved",
    "in_progress": "status-no_data",
    "not_started": "status-not_achieved",
    "no_data": "status-not_applicable",
}
DASH = "—"
#: id of the disclosure appendix of the year-end report (the public pages link to it)
APPENDIX_ID = "planlib-disclosure"


def _md(text: str) -> str:
    """Text safe inside Markdown: HTML-escaped, with Markdown's emphasis characters escaped."""
    out = html.escape(text, quote=False)
    for ch in "\\`*_[]":
        out = out.replace(ch, "\\" + ch)
    return out


# --- small formatting helpers ----------------------------------------------------------------


def code_label(prefix: str, code: object, lang: str = "vi") -> str:
    """The catalogue label of an enumeration code (``activity.communication`` → Tuyên truyền).

    Codes the catalogue does not know are shown as they are; empty values as "(không ghi)".
    """
    if code is None or code is pd.NA or (isinstance(code, float) and code != code):
        return t("not_recorded", lang)
    key = f"{prefix}.{code}"
    return t(key, lang) if key in LABELS else str(code)


def _share(value: float | None, lang: str) -> str:
    return DASH if value is None else fmt_percent(value * 100, 1, lang)


def _count(value: object, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return DASH
    return fmt_int(int(value), lang)  # type: ignore[call-overload]


def _money(value: object, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return DASH
    return fmt_money(float(value), lang)  # type: ignore[arg-type]


def _cell(value: object, lang: str) -> str:
    """A count as shown: ``< 5`` and ``x`` as they are, numbers through Babel, "—" if missing."""
    if is_hidden(value):
        return str(value)
    return _count(value, lang)


def _unstable(ctx: Context, text: str, numerator: int | None) -> str:
    """``text (không ổn định)`` for a value the rule marks unstable (fewer than 10 events)."""
    if text != DASH and ctx.rule.unstable(numerator):
        return f"{text} ({ctx.t('disc.unstable')})"
    return text


def _as_date(day: object) -> dt.date | None:
    if day is None or day is pd.NaT or day is pd.NA:
        return None
    if isinstance(day, pd.Timestamp):
        return day.date()
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    return dt.date.fromisoformat(str(day))


def _month_name(month: int, lang: str) -> str:
    if lang == "en":
        from babel.dates import format_date

        return format_date(dt.date(2000, int(month), 1), "MMMM", locale="en_GB")
    return str(int(month))


def value_label(by: str, value: object, lang: str = "vi") -> str:
    """The label of one value of a breakdown dimension."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return t("not_recorded", lang)
    if by == "grade":
        return t("grade.value", lang, g=int(value))  # type: ignore[call-overload]
    if by == "month":
        if isinstance(value, str) and len(value) == 7:  # YYYY-MM
            year, month = int(value[:4]), int(value[5:])
            name = t("month.value", lang, name=_month_name(month, lang))
            return f"{name}/{year}" if lang == "vi" else f"{name} {year}"
        return t("month.value", lang, name=_month_name(int(value), lang))  # type: ignore[call-overload]
    if by in VALUE_PREFIX:
        return code_label(VALUE_PREFIX[by], value, lang)
    return str(value)


def _missing_text(missing: Iterable[str], lang: str) -> str:
    """``incidents.cause`` → "cột Nguyên nhân của bảng Vụ việc (incidents.cause)"."""
    parts = []
    for item in missing:
        table_id, _, column_id = item.partition(".")
        table_name = msg_table_name(table_id, lang)
        if column_id:
            column_name = msg_column_name(table_id, column_id, lang)
            text = t("missing.column", lang, column=column_name, table=table_name)
        else:
            text = t("missing.table", lang, table=table_name)
        parts.append(f"{text} ({item})")
    return "; ".join(parts)


def _year(ev: Evaluation) -> int:
    return ev.plan.period.end.year


# --- generic page parts ------------------------------------------------------------------------


def heading(ctx: Context, key: str, *, level: int = 2, **params: object) -> str:
    """A Markdown heading from the catalogue: ``heading(ctx, "h.definition")`` → ``## Định…``."""
    return f"{'#' * level} {_md(ctx.t(key, **params))}"


def _scope_text(ctx: Context) -> str:
    ev, lang = ctx.ev, ctx.lang
    text = ctx.t(
        "rpt.scope",
        start=fmt_date(ev.start, lang),
        end=fmt_date(ev.end, lang),
        reference=fmt_date(ev.reference, lang),
    )
    if ev.end < ev.plan.period.end:
        text += " " + ctx.t("rpt.midyear", date=fmt_date(ev.end, lang))
    return text


def _banners(ctx: Context, *, here: bool = False) -> dict[str, object]:
    """What the banners at the top of a page say: sample data, and a public report's rule.

    ``here``: the page holds the rule's appendix (the year-end report) so the note links to it
    on the same page.
    """
    href = f"#{APPENDIX_ID}" if here else f"{page_name('year_end')}#{APPENDIX_ID}"
    return {
        "sample": ctx.t("sample_banner") if ctx.ev.workbook.sample else None,
        "public": {
            "banner": ctx.t("disc.banner"),
            "note": ctx.t("disc.note"),
            "link": ctx.t("disc.note_link"),
            "href": href,
        }
        if ctx.rule.suppresses
        else None,
    }


def page_intro(ctx: Context, *, back: bool = True) -> Fragment:
    """Top of a detail page: the sample banner, school, plan, period, link back.

    A public page starts with the banner "BẢN CÔNG KHAI — đã ẩn các số liệu nhỏ" and a short
    note on the rule. The styles are the page's (:func:`planlib.present.style.stylesheet`).
    """
    school = ctx.ev.school
    where = ", ".join(p for p in (school.get("district", ""), school.get("province", "")) if p)
    return render(
        "report/intro.html.j2",
        **_banners(ctx),
        school=school.get("name", ""),
        where=where,
        plan=ctx.ev.plan.title(ctx.lang),
        scope=_scope_text(ctx),
        back={"href": page_name("year_end"), "text": "← " + ctx.t("rpt.back")} if back else None,
    )
