"""Small HTML fragments every view uses: tables, badges, links, paragraphs, lists, blocks.

Each is a template under ``templates/fragments/`` rendered with autoescape
(:func:`planlib.present.html.render`): text from the workbook, the plan file or a parameter is
escaped; a :class:`~planlib.present.html.Fragment` (or any ``markupsafe.Markup``) is kept as
it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from markupsafe import Markup

from planlib.present.html import Fragment, render

__all__ = [
    "badge",
    "block",
    "bullet_list",
    "frame_table",
    "join",
    "kv_table",
    "link",
    "paragraph",
    "status_badge",
    "table",
]


def _shown(value: object) -> object:
    """A cell's content: missing values as the empty string."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return value


def table(
    columns: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    numeric: Iterable[int] = (),
    nowrap: Iterable[int] = (0,),
    css: str = "planlib-table",
    caption: str | None = None,
    total: Sequence[object] | None = None,
) -> Fragment:
    """A table; ``numeric`` columns right-aligned, ``nowrap`` columns (ids, dates) unwrapped.

    Tables of two columns are only as wide as they need (``planlib-narrow``).
    """
    return render(
        "fragments/table.html.j2",
        columns=list(columns),
        rows=[[_shown(v) for v in row] for row in rows],
        total=None if total is None else [_shown(v) for v in total],
        numeric=set(numeric),
        nowrap=set(nowrap),
        css=css,
        caption=caption,
    )


def frame_table(frame: pd.DataFrame, *, numeric: Iterable[str] = (), **options: object) -> Fragment:
    """:func:`table` of a display DataFrame; ``numeric`` names right-aligned columns."""
    columns = [str(c) for c in frame.columns]
    right = {columns.index(str(c)) for c in numeric if str(c) in columns}
    rows = frame.astype(object).itertuples(index=False, name=None)
    return table(columns, rows, numeric=right, **options)  # type: ignore[arg-type]


def kv_table(rows: Iterable[tuple[object, object]]) -> Fragment:
    """A two-column table of labels and values."""
    return render("fragments/kv_table.html.j2", rows=[(k, _shown(v)) for k, v in rows])


def badge(css: str, text: object) -> Fragment:
    """A coloured label (``status-achieved``, …)."""
    return render("fragments/badge.html.j2", css=css, text=text)


def status_badge(status: str, text: str) -> Fragment:
    """The badge of an indicator status (``text`` is its label in the report's language)."""
    return badge(f"status-{status}", text)


def link(href: str, text: object) -> Fragment:
    """A link to another page of the report."""
    return render("fragments/link.html.j2", href=href, text=text)


def paragraph(content: object, css: str | None = None) -> Fragment:
    """A paragraph, optionally with a CSS class (``planlib-note``, ``planlib-muted``…)."""
    return render("fragments/paragraph.html.j2", content=_shown(content), css=css)


def bullet_list(items: Iterable[object], css: str = "planlib-list") -> Fragment:
    """A bulleted list."""
    return render("fragments/list.html.j2", items=list(items), css=css)


def block(*parts: object, css: str | None = None, id: str | None = None) -> Fragment:
    """A ``<div>`` holding fragments (a grid of tables, a box)."""
    return render("fragments/block.html.j2", parts=parts, css=css, id=id)


def join(parts: Iterable[object], sep: object = "") -> Fragment:
    """Fragments and text joined into one fragment (text escaped)."""
    return Fragment(
        Markup(sep).join(parts) if isinstance(sep, Markup) else Markup.escape(sep).join(parts)
    )
