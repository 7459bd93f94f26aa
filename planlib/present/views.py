"""What the report notebooks show: HTML fragments, Markdown headings and display tables.

The notebooks in ``notebooks/`` are thin: each cell calls one function here (or in
:mod:`planlib.present.plots`) and displays what it returns with ``IPython.display.HTML`` or
``Markdown``. Every word comes from the message catalogue (:func:`planlib.core.i18n.t`), so
``lang="en"`` gives the same pages in English; numbers and dates go through :mod:`planlib.core.fmt`.

Safety: every string that comes from the workbook, the plan file or a notebook parameter
(class names, partner names, ids, labels, directions, warning messages) is escaped with
:func:`html.escape` before it reaches a fragment. Fragments are built from :class:`Markup`
(already safe HTML) and plain strings (always escaped) only.

Disclosure: every function that shows a count takes ``disclosure``. ``"internal"`` (the
default, the school board's own report) shows every count; ``"public"`` (a report shared
beyond the school) applies :mod:`planlib.core.disclosure`: counts 1–4 are shown as ``< 5``, a second
cell as ``x`` wherever a total would give a hidden one back, values and intervals that would
reveal a hidden count as "—", rates with a numerator under 10 marked unstable, and no
drill-down (the rows behind the data-quality warnings).

Display tables (``*_frame`` functions) have Vietnamese (or English) column names and formatted
values; the HTML functions render the same rows with status badges (CSS classes
``status-achieved``, ``status-not_achieved``, ``status-not_applicable``, ``status-no_data`` of
the ``planlib_offline`` template) and links to the other pages
(:func:`planlib.present.context.page_name`).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from planlib.core.contract import TABLES
from planlib.core.disclosure import (
    UNSTABLE_BELOW,
    Disclosure,
    check_disclosure,
    is_hidden,
    is_unstable,
    show_count,
    suppress_crosstab,
    suppress_pairs,
    suppress_table,
)
from planlib.core.fmt import (
    date_line,
    fmt_date,
    fmt_int,
    fmt_money,
    fmt_number,
    fmt_percent,
    fmt_value,
)
from planlib.core.i18n import LABELS, t
from planlib.core.i18n import column_name as msg_column_name
from planlib.core.i18n import table_name as msg_table_name
from planlib.evaluation import sections as areas
from planlib.evaluation.evaluate import Evaluation, IndicatorResult
from planlib.evaluation.indicators import NoData, disaggregate
from planlib.inputs.plan import SolutionArea, Target
from planlib.present.context import page_name
from planlib.present.textreport import ci_text, headroom_text, target_text

__all__ = [
    "APPENDIX_ID",
    "STYLE",
    "Markup",
    "activity_counts",
    "activity_frame",
    "activity_table",
    "area_counts",
    "area_details",
    "area_details_head",
    "area_heading",
    "area_summary",
    "areas_summary",
    "breakdown",
    "breakdown_frame",
    "breakdown_tables",
    "chart_dimensions",
    "code_label",
    "counts_table",
    "coverage_section",
    "dimensions",
    "directions_heading",
    "directions_section",
    "disclosure_appendix",
    "esc",
    "funding_frame",
    "funding_sources_table",
    "funding_summary",
    "funding_table",
    "general_objective",
    "harm_counts",
    "heading",
    "headroom_sentence",
    "indicator_counts",
    "indicator_result",
    "learning_counts",
    "page_intro",
    "page_links",
    "partners_section",
    "reach_table",
    "report_header",
    "report_title",
    "responsibilities_section",
    "responsibilities_summary",
    "scorecard",
    "scorecard_frame",
    "shortcomings",
    "signature_block",
    "spending_table",
    "status_summary",
    "target_definition",
    "target_definitions",
    "target_heading",
    "target_notes",
    "target_summary",
    "task_counts",
    "value_hidden",
    "value_label",
    "warnings_frame",
    "warnings_table",
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


# --- one target (10_target) ---------------------------------------------------------------------


def indicator_result(ev: Evaluation, indicator_id: str) -> IndicatorResult:
    """The result of one target; a ``KeyError`` naming the plan's targets if unknown."""
    for result in ev.indicators:
        if result.id == indicator_id:
            return result
    ids = ", ".join(r.id for r in ev.indicators)
    raise KeyError(f"{indicator_id!r} is not a target of plan {ev.plan.id} (targets: {ids})")


def indicator_counts(
    ev: Evaluation, indicator_id: str, *, disclosure: Disclosure = "internal"
) -> tuple[object, object]:
    """The numerator and denominator of a target as a page shows them.

    Internal: the counts. Public: :func:`planlib.core.disclosure.suppress_pairs` of the one pair,
    so ``< 5`` for 1–4 and ``x`` for a numerator whose rest (denominator − numerator) is 1–4.
    """
    result = indicator_result(ev, indicator_id)
    if result.numerator is None or result.denominator is None or not _public(disclosure):
        return result.numerator, result.denominator
    nums, dens, _ = suppress_pairs(
        [result.numerator], [result.denominator], disclosure=disclosure, totals=False
    )
    return nums[0], dens[0]


def value_hidden(ev: Evaluation, indicator_id: str, *, disclosure: Disclosure = "internal") -> bool:
    """Whether a target's value, interval and headroom are hidden (they would reveal a count)."""
    return any(is_hidden(c) for c in indicator_counts(ev, indicator_id, disclosure=disclosure))


def _value_text(ev: Evaluation, result: IndicatorResult, lang: str, disclosure: Disclosure) -> str:
    if value_hidden(ev, result.id, disclosure=disclosure):
        return DASH
    return _unstable(fmt_value(result.value, result.unit, lang), result.numerator, lang, disclosure)


def _method_key(ev: Evaluation, target: Target) -> str:
    incidents = target.method == "injury_rate" and ev.plan.parameters.injury_count == "incidents"
    return f"{target.method}.incidents" if incidents else target.method


def _label_or(key: str, fallback: str, lang: str, **params: object) -> str:
    return t(key, lang, **params) if key in LABELS else fallback


def _numerator_text(ev: Evaluation, target: Target, lang: str) -> str:
    params = ev.plan.parameters
    fill = {"hours": fmt_number(params.timely_hours, 1, lang, trim=True)}
    fill["pass_mark"] = fmt_number(params.pass_mark, 1, lang, trim=True)
    key = f"num.{_method_key(ev, target)}"
    if key not in LABELS:
        key = f"num.{target.method}"
    return _label_or(key, t("def.numerator", lang), lang, **fill)


def _denominator_text(target: Target, lang: str) -> str:
    return _label_or(f"den.{target.method}", t("def.denominator", lang), lang)


def _rule_words(result: IndicatorResult, lang: str) -> str:
    x = fmt_value(result.threshold, result.unit, lang, 2, trim=True)
    if result.op == ">=" and result.unit == "percent" and float(result.threshold) == 100:
        return t("rule.full", lang, x=x)
    return t(f"rule.{result.op}", lang, x=x)


def target_heading(ev: Evaluation, indicator_id: str, *, lang: str = "vi") -> str:
    """``# T2.1. Tỷ suất trẻ em bị tai nạn thương tích`` (Markdown)."""
    indicator_result(ev, indicator_id)  # a KeyError naming the targets when unknown
    target = ev.plan.target(indicator_id)
    return f"# {_md(indicator_id)}. {_md(target.label(lang))}"


def headroom_sentence(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """The headroom in a sentence (plain text; empty when there is no denominator).

    "Với 604 trẻ em, tối đa 3 trẻ em bị TNTT thì vẫn đạt chỉ tiêu dưới 60/10.000; hiện có 5."
    In a public page whose counts are hidden, a sentence saying the headroom is not shown.
    """
    result = indicator_result(ev, indicator_id)
    if not result.denominator:
        return ""
    if value_hidden(ev, indicator_id, disclosure=disclosure):
        return t("disc.headroom_hidden", lang)
    target = ev.plan.target(indicator_id)
    method = _method_key(ev, target)
    num_key = (
        f"noun.num.{method}" if f"noun.num.{method}" in LABELS else f"noun.num.{target.method}"
    )
    params = {
        "d": fmt_int(result.denominator, lang),
        "den": _label_or(f"noun.den.{target.method}", t("col.denominator", lang).lower(), lang),
        "num": _label_or(num_key, t("col.numerator", lang).lower(), lang),
        "rule": _rule_words(result, lang),
        "current": fmt_int(result.numerator or 0, lang),
    }
    if result.allowed_max is not None:
        return t("tgt.headroom_upper", lang, n=fmt_int(result.allowed_max, lang), **params)
    if result.required_min is not None:
        if result.required_min > result.denominator:
            return t("tgt.headroom_none", lang, **params)
        return t("tgt.headroom_lower", lang, n=fmt_int(result.required_min, lang), **params)
    return t("tgt.headroom_none", lang, **params)


def _result_line(result: IndicatorResult, lang: str) -> Markup:
    if result.status == "no_data":
        return _p(t("tgt.no_data", lang, missing=_missing_text(result.missing, lang)))
    if result.status == "not_applicable":
        return _p(t("tgt.not_applicable", lang))
    return Markup("")


def target_summary(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """The status badge, the value against the target, and what a missing value means.

    Public: the value and interval are replaced by "không hiển thị (số nhỏ)" when they would
    reveal a hidden count, and a value on fewer than 10 events says "không ổn định".
    """
    result = indicator_result(ev, indicator_id)
    hidden = value_hidden(ev, indicator_id, disclosure=disclosure)
    parts = [_status_badge(result.status, lang)]
    if result.value is not None and hidden:
        parts.append(_tag("span", t("disc.hidden", lang), class_="planlib-big"))
    elif result.value is not None:
        parts.append(_tag("span", fmt_value(result.value, result.unit, lang), class_="planlib-big"))
        if _public(disclosure) and is_unstable(result.numerator):
            parts.append(_badge("status-no_data", t("disc.unstable", lang)))
    parts.append(
        _tag(
            "span",
            f"{t('col.target', lang)}: {target_text(result, lang)}"
            + (
                f" · {t('col.ci', lang)}: {ci_text(result, lang)}"
                if result.ci95 and not hidden
                else ""
            ),
            class_="planlib-muted",
        )
    )
    body = _join(parts, " ")
    return _tag("div", _p(body) + _result_line(result, lang), class_="planlib-box")


def target_notes(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Warnings that go with the figure: small numbers, day precision (empty when none).

    Public: the counts of the small-numbers note as shown, why the value is hidden, and
    "không ổn định" for a value on fewer than 10 events.
    """
    result = indicator_result(ev, indicator_id)
    params = ev.plan.parameters
    numerator, denominator = indicator_counts(ev, indicator_id, disclosure=disclosure)
    notes = []
    if result.small_numbers:
        notes.append(
            t(
                "tgt.small_numbers",
                lang,
                n=_cell(numerator or 0, lang),
                d=_cell(denominator or 0, lang),
                min_n=fmt_int(params.small_numerator, lang),
                min_d=fmt_int(params.small_denominator, lang),
            )
        )
    if _public(disclosure) and result.value is not None:
        if value_hidden(ev, indicator_id, disclosure=disclosure):
            notes.append(t("disc.value_hidden", lang))
        elif is_unstable(result.numerator):
            notes.append(t("disc.unstable_note", lang, n=fmt_int(UNSTABLE_BELOW, lang)))
    if "day_precision" in result.notes:
        notes.append(t("tgt.day_precision", lang))
    return _join(_tag("div", "⚠ " + note, class_="planlib-note") for note in notes)


def target_definition(ev: Evaluation, indicator_id: str, *, lang: str = "vi") -> str:
    """The definition: plan wording, numerator and denominator in words, unit, rule, period."""
    result = indicator_result(ev, indicator_id)
    target = ev.plan.target(indicator_id)
    ci_key = "def.ci.percent" if target.unit == "percent" else "def.ci.rate"
    rows = [
        (t("def.wording", lang), target.wording or target.label(lang)),
        (t("def.numerator", lang), _numerator_text(ev, target, lang)),
        (t("def.denominator", lang), _denominator_text(target, lang)),
        (t("def.formula", lang), t("def.formula_text", lang, factor=fmt_int(target.factor, lang))),
        (t("def.unit", lang), t(f"unit_name.{target.unit}", lang)),
        (
            t("def.rule", lang),
            f"{target_text(result, lang)} ({_rule_words(result, lang)})",
        ),
        (
            t("def.period", lang),
            f"{fmt_date(ev.start, lang)} – {fmt_date(ev.end, lang)}",
        ),
        (t("def.reference", lang), fmt_date(result.reference_date, lang)),
        (t("def.ci", lang), t(ci_key, lang)),
    ]
    return _kv_table(rows)


def counts_table(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Numerator, denominator, value, interval and headroom, then the headroom sentence."""
    result = indicator_result(ev, indicator_id)
    target = ev.plan.target(indicator_id)
    if result.status == "no_data":
        return _result_line(result, lang)
    numerator, denominator = indicator_counts(ev, indicator_id, disclosure=disclosure)
    hidden = value_hidden(ev, indicator_id, disclosure=disclosure)
    rows = [
        (
            f"{t('def.numerator', lang)}: {_numerator_text(ev, target, lang)}",
            _cell(numerator, lang),
        ),
        (
            f"{t('def.denominator', lang)}: {_denominator_text(target, lang)}",
            _cell(denominator, lang),
        ),
        (t("col.value", lang), _value_text(ev, result, lang, disclosure)),
        (t("col.target", lang), target_text(result, lang)),
        (t("col.ci", lang), DASH if hidden else ci_text(result, lang)),
        (t("col.headroom", lang), DASH if hidden else headroom_text(result, lang)),
    ]
    table = _table([t("col.item", lang), t("col.value", lang)], rows, numeric=[1], nowrap=())
    sentence = headroom_sentence(ev, indicator_id, lang=lang, disclosure=disclosure)
    return table + (_p(_tag("strong", sentence)) if sentence else Markup(""))


def dimensions(ev: Evaluation, indicator_id: str) -> list[str]:
    """The breakdown dimensions that have values for this indicator, in display order."""
    result = indicator_result(ev, indicator_id)
    counts = ev.counts.get(indicator_id)
    if counts is None or not result.denominator:
        return []
    out = []
    for by in ("sex", "grade", "class_name", "role", "kind", "month", "cause", "place"):
        source = counts.denominator if by in counts.denominator.columns else counts.events
        if source is None or by not in source.columns or not source[by].notna().any():
            continue
        if by == "kind" and source[by].nunique() < 2:
            continue
        out.append(by)
    return out


def chart_dimensions(ev: Evaluation, indicator_id: str) -> list[str]:
    """One or two dimensions worth a chart: when and why for events, who for people."""
    available = dimensions(ev, indicator_id)
    counts = ev.counts.get(indicator_id)
    if counts is None:
        return []
    if "kind" in counts.denominator.columns:  # the denominator is cases (T4)
        preferred = ["kind", "month", "place"]
    elif counts.events is not None and len(counts.events):
        preferred = ["month", "cause", "place", "grade"]
    else:
        preferred = ["grade", "role", "sex"]
    return [by for by in preferred if by in available][:2]


def _codes(by: str) -> tuple[str, ...]:
    """The contract's codes of an enumerated dimension, in order (empty for others)."""
    if by not in _ENUM_ORDER:
        return ()
    table_id, column_id = _ENUM_ORDER[by]
    enum = next(tb for tb in TABLES if tb.id == table_id).column(column_id).enum
    return enum.codes if enum is not None else ()


def _order(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    if by in _ENUM_ORDER:
        codes = _codes(by)
        rank = {code: i for i, code in enumerate(codes)}
        key = frame[by].map(lambda v: rank.get(v, len(rank)))
        return frame.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k")
    return frame.sort_values(by, kind="stable", na_position="last")


def breakdown(
    ev: Evaluation, indicator_id: str, by: str, *, disclosure: Disclosure = "internal"
) -> pd.DataFrame:
    """Numerator, denominator and value by one dimension, with raw codes.

    Attributes of the counted units (sex, grade, class, role; and kind, place, month when the
    units are cases, as for T4) give each group its numerator, denominator and value; event
    attributes (month, cause, place of injuries) count the events behind the numerator.

    Returns
    -------
    pandas.DataFrame
        Columns ``by``, ``numerator``, ``denominator`` and ``value`` (the last two ``<NA>``
        for event counts), in the dimension's natural order. Public: the counts are object
        columns holding ints, ``< 5`` or ``x`` (the breakdown's total is the indicator's, shown
        on the same page, so complementary suppression applies), and the value of a group
        with a hidden count is ``<NA>``.
    """
    frame = _breakdown(ev, indicator_id, by)
    if not _public(disclosure) or frame.empty:
        return frame
    if _is_event_count(frame):
        return suppress_table(frame, ["numerator"], disclosure=disclosure, totals=True)
    nums, dens, _ = suppress_pairs(
        frame["numerator"].fillna(0).astype(int).tolist(),
        frame["denominator"].fillna(0).astype(int).tolist(),
        disclosure=disclosure,
        totals=True,
    )
    hidden = [is_hidden(n) or is_hidden(d) for n, d in zip(nums, dens, strict=True)]
    out = frame.copy()
    out["numerator"] = pd.Series(nums, index=frame.index, dtype=object)
    out["denominator"] = pd.Series(dens, index=frame.index, dtype=object)
    out["value"] = frame["value"].mask(pd.Series(hidden, index=frame.index))
    return out


def _breakdown(ev: Evaluation, indicator_id: str, by: str) -> pd.DataFrame:
    result = indicator_result(ev, indicator_id)
    counts = ev.counts.get(indicator_id)
    if counts is None:
        return pd.DataFrame(columns=[by, "numerator", "denominator", "value"])
    frame = disaggregate(counts, by, factor=result.factor)
    return _order(frame, by).reset_index(drop=True)


def _is_event_count(frame: pd.DataFrame) -> bool:
    return bool(len(frame)) and bool(frame["denominator"].isna().all())


def breakdown_frame(
    ev: Evaluation,
    indicator_id: str,
    by: str,
    *,
    lang: str = "vi",
    disclosure: Disclosure = "internal",
) -> pd.DataFrame:
    """:func:`breakdown` for display: labelled values and formatted numbers."""
    result = indicator_result(ev, indicator_id)
    frame = breakdown(ev, indicator_id, by, disclosure=disclosure)
    label = t(f"dim.{by}", lang)
    labels = [value_label(by, v, lang) for v in frame[by]]
    if _is_event_count(frame):
        return pd.DataFrame(
            {label: labels, t("col.cases", lang): [_cell(v, lang) for v in frame["numerator"]]}
        )
    return pd.DataFrame(
        {
            label: labels,
            t("col.numerator", lang): [_cell(v, lang) for v in frame["numerator"]],
            t("col.denominator", lang): [_cell(v, lang) for v in frame["denominator"]],
            t("col.value", lang): [
                DASH
                if v is pd.NA
                else _unstable(fmt_value(float(v), result.unit, lang), n, lang, disclosure)
                for v, n in zip(frame["value"], frame["numerator"], strict=True)
            ],
        }
    )


def breakdown_tables(
    ev: Evaluation, indicator_id: str, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> str:
    """Every breakdown as a small table, side by side; or why there is none."""
    result = indicator_result(ev, indicator_id)
    if result.status in ("no_data", "not_applicable"):
        return _result_line(result, lang)
    tables = []
    for by in dimensions(ev, indicator_id):
        frame = breakdown_frame(ev, indicator_id, by, lang=lang, disclosure=disclosure)
        if frame.empty:
            continue
        caption = t("by.dim", lang, dim=t(f"dim.{by}", lang).lower())
        tables.append(_frame_html(frame, numeric=frame.columns[1:], caption=caption))
    return _tag("div", _join(tables), class_="planlib-grid")


# --- the year-end report (90) ----------------------------------------------------------------


def _scorecard_rows(ev: Evaluation, lang: str, disclosure: Disclosure) -> list[dict[str, Any]]:
    rows = []
    for result in ev.indicators:
        target = ev.plan.target(result.id)
        numerator, denominator = indicator_counts(ev, result.id, disclosure=disclosure)
        hidden = is_hidden(numerator) or is_hidden(denominator)
        counts = (
            f"{_cell(numerator, lang)}/{_cell(denominator, lang)}"
            if result.numerator is not None and result.denominator is not None
            else DASH
        )
        rows.append(
            {
                "id": result.id,
                "status": result.status,
                "label": target.label(lang),
                "value": _value_text(ev, result, lang, disclosure),
                "target": target_text(result, lang),
                "status_text": t(f"status.{result.status}", lang),
                "ci": DASH if hidden else ci_text(result, lang),
                "counts": counts + (" *" if result.small_numbers else ""),
                "headroom": DASH if hidden else headroom_text(result, lang),
            }
        )
    return rows


_SCORECARD_COLUMNS = (
    ("id", "col.id"),
    ("label", "col.indicator"),
    ("value", "col.value"),
    ("target", "col.target"),
    ("status_text", "col.status"),
    ("ci", "col.ci"),
    ("counts", "col.counts"),
    ("headroom", "col.headroom"),
)


def scorecard_frame(
    ev: Evaluation, *, lang: str = "vi", disclosure: Disclosure = "internal"
) -> pd.DataFrame:
    """The eight indicators as a display table (one row each)."""
    rows = _scorecard_rows(ev, lang, disclosure)
    return pd.DataFrame({t(key, lang): [r[col] for r in rows] for col, key in _SCORECARD_COLUMNS})


def scorecard(
    ev: Evaluation, *, lang: str = "vi", links: bool = True, disclosure: Disclosure = "internal"
) -> str:
    """The scorecard: ``<table class="scorecard">`` with one ``<tr class="status-…"
    data-indicator="T1.1">`` per indicator, then its footnotes.

    Public: counts 1–4 as ``< 5``, a numerator whose rest is 1–4 as ``x``, and then no value,
    interval or headroom ("—"); values on fewer than 10 events say "không ổn định".
    """
    rows = _scorecard_rows(ev, lang, disclosure)
    body = []
    for row in rows:
        cells = []
        for col, _ in _SCORECARD_COLUMNS:
            value: object = row[col]
            if col == "id" and links:
                value = _link(page_name("target", row["id"]), row["id"])
            elif col == "status_text":
                value = _status_badge(row["status"], lang)
            numeric = col in ("value", "target", "ci", "counts")
            cells.append(_tag("td", value, class_="num" if numeric else None))
        body.append(
            _tag(
                "tr",
                _join(cells),
                class_=f"status-{row['status']}",
                data_indicator=row["id"],
            )
        )
    head = _join(
        _tag(
            "th", t(key, lang), class_="num" if col in ("value", "target", "ci", "counts") else None
        )
        for col, key in _SCORECARD_COLUMNS
    )
    table = (
        Markup('<table class="scorecard">')
        + _tag("thead", _tag("tr", head))
        + _tag("tbody", _join(body))
        + Markup("</table>")
    )
    params = ev.plan.parameters
    notes = [
        t(
            "rpt.footnote_small",
            lang,
            n=fmt_int(params.small_numerator, lang),
            d=fmt_int(params.small_denominator, lang),
        ),
        t("rpt.footnote_headroom", lang),
        t("rpt.footnote_ci", lang),
    ]
    notes += [
        f"{r.id}: {t('tgt.day_precision', lang)}"
        for r in ev.indicators
        if "day_precision" in r.notes
    ]
    if _public(disclosure):
        notes.append(t("disc.footnote", lang))
        notes.append(t("disc.unstable_note", lang, n=fmt_int(UNSTABLE_BELOW, lang)))
    return table + _join(_p(note, "planlib-muted") for note in notes)


def status_summary(ev: Evaluation, *, lang: str = "vi") -> str:
    """ "Có 4/8 chỉ tiêu đạt." then the targets of each other status."""
    results = ev.indicators
    achieved = [r.id for r in results if r.status == "achieved"]
    lines = [t("rpt.summary_targets", lang, achieved=len(achieved), total=len(results))]
    for status in ("not_achieved", "not_applicable", "no_data"):
        ids = [r.id for r in results if r.status == status]
        if ids:
            lines.append(
                t(
                    "rpt.summary_status",
                    lang,
                    status=t(f"status.{status}", lang),
                    n=len(ids),
                    ids=", ".join(ids),
                )
            )
    return _p(_tag("strong", lines[0]) + (" " + " ".join(lines[1:]) if len(lines) > 1 else ""))


def report_title(ev: Evaluation, *, lang: str = "vi") -> str:
    """The report's title, plain text: "Báo cáo kết quả thực hiện Kế hoạch … năm 2023"."""
    return t("rpt.title", lang, year=_year(ev))


def report_header(
    ev: Evaluation,
    *,
    lang: str = "vi",
    report_date: str | dt.date | None = None,
    disclosure: Disclosure = "internal",
) -> str:
    """The head of the report as a Vietnamese administrative document.

    The sample banner when the data is the sample school (and the public banner with a note
    on the rule in a public report); the issuing body and school on the left and the
    national motto on the right; the place-and-date line; the title; the basis of the plan
    and the period. ``report_date`` defaults to today.
    """
    day = _as_date(report_date) or dt.date.today()
    school = ev.school
    district = school.get("district", "")
    place = ev.plan.school.place or district or school.get("name", "")
    left = _join(
        [
            _tag(
                "div",
                t("rpt.authority", lang, district=district) if district else "",
                class_="planlib-upper",
            ),
            _tag("div", school.get("name", ""), class_="planlib-upper planlib-strong"),
            Markup('<div class="planlib-rule"></div>'),
            _tag("div", t("rpt.number", lang)),
        ]
    )
    right = _join(
        [
            _tag("div", t("rpt.nation", lang), class_="planlib-strong"),
            _tag("div", t("rpt.motto", lang), class_="planlib-strong"),
            Markup('<div class="planlib-rule"></div>'),
        ]
    )
    header = _tag("div", _tag("div", left) + _tag("div", right), class_="planlib-doc-header")
    dateline = _tag("div", date_line(place, day, lang), class_="planlib-dateline")
    title = _tag("h1", report_title(ev, lang=lang), class_="planlib-title")
    plan_title = ev.plan.title(lang)
    if ev.plan.issued_under:
        preamble = t(
            "rpt.preamble",
            lang,
            basis="; ".join(ev.plan.issued_under),
            plan=plan_title,
            school=school.get("name", ""),
        )
    else:
        preamble = t("rpt.preamble_plain", lang, plan=plan_title, school=school.get("name", ""))
    scope = _p(_scope_text(ev, lang), "planlib-muted")
    banner = _disclosure_banner(lang, disclosure, here=True)
    return (
        Markup(STYLE)
        + _sample_banner(ev, lang)
        + banner
        + header
        + dateline
        + title
        + _p(preamble)
        + scope
    )


def general_objective(ev: Evaluation, *, lang: str = "vi") -> str:
    """The plan's general objective (it has no number; the targets below measure it)."""
    return _tag("div", ev.plan.general_objective(lang), class_="planlib-objective")


def _area_entry(ev: Evaluation, area_id: str) -> dict[str, Any]:
    for entry in ev.sections.get("solution_areas", []):
        if entry["id"] == area_id:
            return entry
    ids = ", ".join(a.id for a in ev.plan.solution_areas)
    raise KeyError(f"{area_id!r} is not a solution area of plan {ev.plan.id} (areas: {ids})")


def _area(ev: Evaluation, area_id: str) -> SolutionArea:
    _area_entry(ev, area_id)
    return ev.plan.area(area_id)


def _area_status(entry: dict[str, Any]) -> str:
    if entry.get("status") == "no_data" and entry.get("planned") is None:
        return "no_data"
    if not entry.get("planned"):
        return "not_planned"
    return "complete" if (entry.get("completion") or 0) >= 1 else "incomplete"


def _area_badge(entry: dict[str, Any], lang: str) -> Markup:
    status = _area_status(entry)
    key = "status.no_data" if status == "no_data" else f"area.status.{status}"
    return _badge(AREA_CLASS[status], t(key, lang))


def area_counts(ev: Evaluation, *, disclosure: Disclosure = "internal") -> pd.DataFrame:
    """Planned and held activities (``planned``, ``counted``) of each area, as pages show them.

    One row per solution area with data (by id), then a ``"total"`` row. Public: object
    columns, ``< 5`` for 1–4 and ``x`` for a second area when one is hidden in a column
    (the totals are shown in the year-end report).
    """
    entries = [_area_entry(ev, a.id) for a in ev.plan.solution_areas]
    known = [e for e in entries if e.get("counted") is not None]
    frame = pd.DataFrame(
        {
            "planned": [int(e["planned"]) for e in known],
            "counted": [int(e["counted"]) for e in known],
        },
        index=pd.Index([e["id"] for e in known], dtype=object),
    )
    totals = frame.sum()
    if _public(disclosure):
        frame = suppress_table(frame, ["planned"], disclosure=disclosure)
        frame = suppress_table(frame, ["counted"], disclosure=disclosure)
        totals = totals.map(lambda n: show_count(int(n), disclosure, int))
    frame.loc["total"] = totals
    return frame


def _completion_text(completion: float | None, lang: str, *counts: object) -> str:
    """A completion share, "—" when one of the counts it comes from is hidden."""
    return DASH if any(is_hidden(c) for c in counts) else _share(completion, lang)


def areas_summary(
    ev: Evaluation, *, lang: str = "vi", links: bool = True, disclosure: Disclosure = "internal"
) -> str:
    """One row per solution area: planned, held, completion, status, link to its page.

    Public: activities held 1–4 as ``< 5`` (with a second area ``x``), and their completion
    "—"; the planned numbers are the plan's and stay.
    """
    shown = area_counts(ev, disclosure=disclosure)
    rows, planned_total, counted_total = [], 0, 0
    for area in ev.plan.solution_areas:
        entry = _area_entry(ev, area.id)
        planned, counted = entry.get("planned"), entry.get("counted")
        planned_total += planned or 0
        counted_total += counted or 0
        if area.id in shown.index:
            planned, counted = shown.at[area.id, "planned"], shown.at[area.id, "counted"]
        rows.append(
            [
                _link(page_name("area", area.id), area.id) if links else area.id,
                area.label(lang),
                _cell(planned, lang),
                _cell(counted, lang),
                _completion_text(entry.get("completion"), lang, planned, counted),
                _area_badge(entry, lang),
            ]
        )
    columns = [
        t("col.id", lang),
        t("col.area", lang),
        t("col.planned", lang),
        t("col.done", lang),
        t("col.completion", lang),
        t("col.status", lang),
    ]
    completion = counted_total / planned_total if planned_total else None
    total = shown.loc["total"]
    line = t(
        "rpt.summary_areas",
        lang,
        counted=_cell(total["counted"], lang),
        planned=_cell(total["planned"], lang),
        completion=_completion_text(completion, lang, total["planned"], total["counted"]),
    )
    return _p(line) + _table(columns, rows, numeric=[2, 3, 4])


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
    for resp, entry in _resp_entries(ev):
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
