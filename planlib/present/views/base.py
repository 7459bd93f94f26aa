"""Shared parts of the report views: constants, the HTML builder, formatting helpers, page intro."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from planlib.core.disclosure import (
    Disclosure,
    check_disclosure,
    is_hidden,
    is_unstable,
    show_count,
)
from planlib.core.fmt import (
    fmt_date,
    fmt_int,
    fmt_money,
    fmt_percent,
)
from planlib.core.i18n import LABELS, t
from planlib.core.i18n import column_name as msg_column_name
from planlib.core.i18n import table_name as msg_table_name
from planlib.evaluation.evaluate import Evaluation
from planlib.present.context import page_name

__all__ = [
    "APPENDIX_ID",
    "STYLE",
    "Markup",
    "code_label",
    "esc",
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
#: order of the values of enumerated dimensions (the contract's order)
_ENUM_ORDER = {
    "cause": ("incidents", "cause"),
    "place": ("incidents", "place"),
    "kind": ("incidents", "kind"),
    "role": ("staff", "role"),
    "sex": ("students", "sex"),
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
_PUBLIC_BANNER_STYLE = (
    "display:block;margin:0 0 0.6rem;padding:0.5rem 1rem;border:2px solid #1f3b5c;"
    "background:#e8eef4;color:#1f3b5c;font-weight:700;letter-spacing:0.02em"
)

#: Styles of the fragments; shipped once per page inside :func:`page_intro` / :func:`report_header`.
STYLE = """
<style>
.jp-RenderedHTMLCommon h1, .jp-RenderedHTMLCommon h2, .jp-RenderedHTMLCommon h3 {
  color: #1f3b5c; font-weight: 700; line-height: 1.3; }
.jp-RenderedHTMLCommon h1 { font-size: 1.55rem; margin: 0.6rem 0 0.8rem; }
.jp-RenderedHTMLCommon h2 { font-size: 1.22rem; margin: 1.6rem 0 0.5rem;
  padding-bottom: 0.2rem; border-bottom: 2px solid #1f3b5c; }
.jp-RenderedHTMLCommon h3 { font-size: 1.05rem; margin: 1.1rem 0 0.4rem; }
.jp-RenderedHTMLCommon .anchor-link { display: none; }
.jp-OutputArea-output.jp-RenderedMarkdown, .jp-OutputArea-output.jp-RenderedHTML {
  padding-left: 0; }
.jp-RenderedHTMLCommon p { margin: 0.35rem 0 0.6rem; }
.jp-RenderedHTMLCommon table.planlib-table, .jp-RenderedHTMLCommon table.scorecard {
  table-layout: auto; width: 100%; margin: 0.4rem 0 0.9rem; border-collapse: collapse;
  font-size: 0.93rem; }
.jp-RenderedHTMLCommon table.planlib-table th, .jp-RenderedHTMLCommon table.planlib-table td,
.jp-RenderedHTMLCommon table.scorecard th, .jp-RenderedHTMLCommon table.scorecard td {
  text-align: left; vertical-align: top; padding: 0.3em 0.55em; border: 1px solid #b8c2cc; }
.jp-RenderedHTMLCommon table.planlib-table thead th,
.jp-RenderedHTMLCommon table.scorecard thead th {
  background: #e8eef4; color: #1f3b5c; font-weight: 600; }
.jp-RenderedHTMLCommon table.planlib-table tbody tr:nth-child(odd),
.jp-RenderedHTMLCommon table.scorecard tbody tr:nth-child(odd) { background: #fbfcfd; }
.jp-RenderedHTMLCommon table.planlib-table tbody tr:hover,
.jp-RenderedHTMLCommon table.scorecard tbody tr:hover { background: #f1f5f9; }
.jp-RenderedHTMLCommon table.planlib-table td.num,
.jp-RenderedHTMLCommon table.planlib-table th.num,
.jp-RenderedHTMLCommon table.scorecard td.num, .jp-RenderedHTMLCommon table.scorecard th.num {
  text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.jp-RenderedHTMLCommon table [class^="status-"] { white-space: nowrap; }
.jp-RenderedHTMLCommon table tr.planlib-total td { font-weight: 600; background: #f3f5f7; }
.jp-RenderedHTMLCommon table caption { caption-side: top; text-align: left; font-weight: 600;
  color: #333; padding: 0.2rem 0; }
table.planlib-kv th { width: 13rem; background: #f3f6f9; font-weight: 600; }
table.scorecard tr.status-achieved, table.scorecard tr.status-not_achieved,
table.scorecard tr.status-not_applicable, table.scorecard tr.status-no_data {
  display: table-row; border: 0; border-radius: 0; padding: 0; background: none;
  color: inherit; font-weight: normal; }
table.scorecard tr.status-not_achieved td:first-child { box-shadow: inset 4px 0 0 #b71c1c; }
table.scorecard tr.status-achieved td:first-child { box-shadow: inset 4px 0 0 #1b5e20; }
table.scorecard tr.status-no_data td:first-child { box-shadow: inset 4px 0 0 #7a4f00; }
table.scorecard tr.status-not_applicable td:first-child { box-shadow: inset 4px 0 0 #888; }
table.scorecard td a, table.planlib-table td a { color: #1f3b5c; font-weight: 600; }
.planlib-meta { color: #4a4a4a; font-size: 0.9rem; margin: 0 0 0.6rem;
  padding-bottom: 0.5rem; border-bottom: 1px solid #d5dbe1; }
.planlib-meta a { color: #1f3b5c; }
.planlib-box { border: 1px solid #c9d3dd; background: #f6f8fa; border-radius: 4px;
  padding: 0.6rem 1rem; margin: 0.4rem 0 0.9rem; }
.planlib-box .planlib-big { font-size: 1.5rem; font-weight: 700; margin: 0 0.6rem; }
.planlib-note { border-left: 4px solid #b58100; background: #fff8e1; padding: 0.45rem 0.8rem;
  margin: 0.4rem 0 0.8rem; }
.planlib-muted { color: #555; font-size: 0.9rem; }
.planlib-placeholder { color: #555; font-style: italic; border: 1px dashed #8a8a8a;
  padding: 0.9rem 1rem; background: #fafafa; }
.planlib-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: 0 1.2rem; align-items: start; }
.planlib-doc-header { display: flex; justify-content: space-between; gap: 1rem;
  margin: 0.4rem 0 0.2rem; font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif",
  serif; }
.planlib-doc-header > div { text-align: center; line-height: 1.35; }
.planlib-doc-header .planlib-upper { text-transform: uppercase; }
.planlib-doc-header .planlib-strong { font-weight: 700; }
.planlib-doc-header .planlib-rule { width: 9rem; margin: 0.15rem auto 0.35rem;
  border-top: 1px solid #1a1a1a; }
.planlib-dateline { text-align: right; font-style: italic; margin: 0.5rem 0 0.8rem;
  font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; }
h1.planlib-title { text-align: center; font-size: 1.4rem; margin: 0.8rem 0 0.9rem;
  text-wrap: balance; color: #1a1a1a; }
.planlib-objective { font-style: italic; border-left: 3px solid #1f3b5c; padding: 0.2rem 0.9rem;
  margin: 0.4rem 0 0.8rem; }
.planlib-signature { display: flex; justify-content: space-between; margin: 2.2rem 0 1.5rem; }
.planlib-signature > div { line-height: 1.45; }
.planlib-signature .planlib-sign { text-align: center; min-width: 16rem; }
.planlib-signature .planlib-sign strong { display: block; }
.planlib-signature .planlib-sign .planlib-space { height: 4.5rem; }
.planlib-recipients { font-size: 0.85rem; }
table.planlib-crosstab td:first-child, .jp-RenderedHTMLCommon table td.nw {
  white-space: nowrap; }
.jp-RenderedHTMLCommon table.planlib-narrow { width: auto; min-width: 26rem; }
.planlib-grid table.planlib-narrow { min-width: 0; width: 100%; }
.planlib-coverage td.planlib-covered { background: #e3f2e5; color: #1b5e20; font-weight: 600; }
.planlib-coverage td.planlib-uncovered { color: #888; }
ul.planlib-list { margin: 0.3rem 0 0.8rem 1.2rem; padding: 0; }
ul.planlib-list li { margin: 0.15rem 0; }
@media print {
  .planlib-signature { break-after: page; }
  .planlib-meta a { color: inherit; text-decoration: none; }
  .jp-RenderedHTMLCommon h2 { break-after: avoid; }
}
</style>
"""


class Markup(str):
    """A string that is already safe HTML: :func:`esc` leaves it as it is.

    Adding a plain string escapes it first, so ``Markup + str`` stays safe HTML.
    """

    __slots__ = ()

    def __html__(self) -> str:  # safe for Jinja2 and markupsafe too
        return str(self)

    def __add__(self, other: object) -> Markup:
        return Markup(str.__add__(self, esc(other)))

    def __radd__(self, other: object) -> Markup:
        return Markup(str.__add__(esc(other), self))


def esc(value: object) -> Markup:
    """``value`` as safe HTML text: escaped (quotes too) unless it is :class:`Markup`.

    ``None`` and missing values become the empty string.
    """
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):  # a markupsafe Markup / planlib.present.html.Fragment
        return Markup(value.__html__())
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return Markup("")
    return Markup(html.escape(str(value), quote=True))


def _join(parts: Iterable[object], sep: str = "") -> Markup:
    return Markup(esc(sep).join(esc(p) for p in parts))


def _tag(name: str, content: object = "", **attrs: object) -> Markup:
    """``<name attr="...">content</name>``; attribute values are escaped, ``class_`` → class."""
    rendered = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{esc(value)}"'
        for key, value in attrs.items()
        if value is not None and value is not False
    )
    return Markup(f"<{name}{rendered}>{esc(content)}</{name}>")


def _badge(css: str, text: str) -> Markup:
    return _tag("span", text, class_=css)


def _status_badge(status: str, lang: str) -> Markup:
    return _badge(f"status-{status}", t(f"status.{status}", lang))


def _link(href: str, text: object) -> Markup:
    return _tag("a", text, href=href)


def _p(content: object, css: str | None = None) -> Markup:
    return _tag("p", content, class_=css)


def _ul(items: Iterable[object], css: str = "planlib-list") -> Markup:
    return _tag("ul", _join(_tag("li", item) for item in items), class_=css)


def _table(
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Iterable[int] = (),
    nowrap: Iterable[int] = (0,),
    css: str = "planlib-table",
    caption: str | None = None,
    total: Sequence[object] | None = None,
) -> Markup:
    """An HTML table; every cell is escaped unless it is :class:`Markup`.

    ``numeric`` columns are right-aligned, ``nowrap`` columns (ids, dates) never wrap; tables
    of two columns are only as wide as they need.
    """
    right, keep = set(numeric), set(nowrap)

    def cell(tag: str, i: int, value: object) -> Markup:
        classes = ["num"] if i in right else (["nw"] if i in keep else [])
        return _tag(tag, value, class_=" ".join(classes) or None)

    head = _tag("thead", _tag("tr", _join(cell("th", i, c) for i, c in enumerate(columns))))
    body_rows = [_tag("tr", _join(cell("td", i, v) for i, v in enumerate(row))) for row in rows]
    if total is not None:
        body_rows.append(
            _tag(
                "tr",
                _join(cell("td", i, v) for i, v in enumerate(total)),
                class_="planlib-total",
            )
        )
    cap = _tag("caption", caption) if caption else Markup("")
    if len(columns) <= 2:
        css += " planlib-narrow"
    return _tag("table", cap + head + _tag("tbody", _join(body_rows)), class_=css)


def _kv_table(rows: Iterable[tuple[str, object]]) -> Markup:
    body = _join(_tag("tr", _tag("th", k) + _tag("td", v)) for k, v in rows)
    return _tag("table", _tag("tbody", body), class_="planlib-table planlib-kv")


def _frame_html(frame: pd.DataFrame, *, numeric: Iterable[str] = (), **kwargs: Any) -> Markup:
    right = {list(frame.columns).index(c) for c in numeric if c in frame.columns}
    rows = frame.astype(object).itertuples(index=False, name=None)
    return _table([str(c) for c in frame.columns], rows, numeric=right, **kwargs)


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


def _public(disclosure: Disclosure) -> bool:
    """Whether the page is the public version; a ``ValueError`` for an unknown level."""
    return check_disclosure(disclosure) == "public"


def _cell(value: object, lang: str) -> str:
    """A count as shown: ``< 5`` and ``x`` as they are, numbers through Babel, "—" if missing."""
    if is_hidden(value):
        return str(value)
    return _count(value, lang)


def _shown_count(value: object, lang: str, disclosure: Disclosure) -> str:
    """A single count (no total to protect): ``< 5`` for 1–4 in a public page."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return DASH
    return show_count(int(value), disclosure, lambda n: fmt_int(n, lang))  # type: ignore[call-overload]


def _unstable(text: str, numerator: int | None, lang: str, disclosure: Disclosure) -> str:
    """``text (không ổn định)`` for a value resting on fewer than 10 events, in a public page."""
    if _public(disclosure) and text != DASH and is_unstable(numerator):
        return f"{text} ({t('disc.unstable', lang)})"
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
            name = t("month.value", lang, m=month, name=_month_name(month, lang))
            return f"{name}/{year}" if lang == "vi" else f"{name} {year}"
        return t("month.value", lang, m=int(value), name=_month_name(int(value), lang))  # type: ignore[call-overload]
    if by in VALUE_PREFIX:
        return code_label(VALUE_PREFIX[by], value, lang)
    return str(value)


def _no_data(table_id: str, lang: str) -> Markup:
    """The paragraph saying a section has no data because ``table_id`` is absent."""
    return _p(t("no_data_line", lang, missing=_missing_text([table_id], lang)))


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


def heading(key: str, lang: str = "vi", *, level: int = 2, **params: object) -> str:
    """A Markdown heading from the catalogue: ``heading("h.definition")`` → ``## Định nghĩa…``."""
    return f"{'#' * level} {_md(t(key, lang, **params))}"


def _sample_banner(ev: Evaluation, lang: str) -> Markup:
    if not ev.workbook.sample:
        return Markup("")
    return _tag("div", t("sample_banner", lang), class_="sample-banner")


def _scope_text(ev: Evaluation, lang: str) -> str:
    text = t(
        "rpt.scope",
        lang,
        start=fmt_date(ev.start, lang),
        end=fmt_date(ev.end, lang),
        reference=fmt_date(ev.reference, lang),
    )
    if ev.end < ev.plan.period.end:
        text += " " + t("rpt.midyear", lang, date=fmt_date(ev.end, lang))
    return text


def _disclosure_banner(lang: str, disclosure: Disclosure, *, here: bool = False) -> Markup:
    """The public banner and a short note on the rule, linking to the appendix."""
    if not _public(disclosure):
        return Markup("")
    href = f"#{APPENDIX_ID}" if here else f"{page_name('year_end')}#{APPENDIX_ID}"
    banner = _tag(
        "div", t("disc.banner", lang), class_="planlib-public", style=_PUBLIC_BANNER_STYLE
    )
    note = _p(esc(t("disc.note", lang)) + _link(href, t("disc.note_link", lang)) + ".")
    return banner + _tag("div", note, class_="planlib-note")


def page_intro(
    ev: Evaluation, *, lang: str = "vi", back: bool = True, disclosure: Disclosure = "internal"
) -> str:
    """Top of a detail page: styles, the sample banner, school, plan, period, link back.

    A public page (``disclosure="public"``) starts with the banner "BẢN CÔNG KHAI — đã ẩn
    các số liệu nhỏ" and a short note on the rule.
    """
    school = ev.school
    where = ", ".join(p for p in (school.get("district", ""), school.get("province", "")) if p)
    first = _join([school.get("name", ""), *([f" · {where}"] if where else [])])
    second = _join([ev.plan.title(lang), " · ", _scope_text(ev, lang)])
    link = (
        Markup(" · ") + _link(page_name("year_end"), "← " + t("rpt.back", lang))
        if back
        else Markup("")
    )
    meta = _tag("div", first + Markup("<br>") + second + link, class_="planlib-meta")
    banner = _disclosure_banner(lang, disclosure)
    return Markup(STYLE) + _sample_banner(ev, lang) + banner + meta
