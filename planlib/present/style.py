"""The one palette and the one stylesheet of every page planlib writes.

Report pages, the index, the district page and the explorer all take their colours from
:data:`PALETTE` and :data:`STATUS_COLOURS`, and their CSS from ``templates/planlib.css.j2``
rendered with them (:func:`stylesheet`). The figures use the same colours.
"""

from __future__ import annotations

from functools import cache

__all__ = [
    "CATEGORY_COLOURS",
    "PALETTE",
    "STATUS_BACKGROUNDS",
    "STATUS_COLOURS",
    "stylesheet",
]

#: named colours of the house style
PALETTE: dict[str, str] = {
    "primary": "#1f3b5c",  # navy: headings, rules, links, bars
    "light": "#a9c1d9",  # planned bars, light fills
    "accent": "#c0504d",  # a value off target in a figure
    "ink": "#1a1a1a",  # body text
    "muted": "#555555",  # notes, secondary text
    "threshold": "#333333",  # target lines in figures
    "rule": "#b8c2cc",  # table borders
    "head": "#e8eef4",  # table header fill, public banner fill
    "stripe": "#fbfcfd",  # odd table rows
    "note": "#b58100",  # warning notes
    "note_fill": "#fff8e1",
    "sample": "#b71c1c",  # the DỮ LIỆU MẪU ribbon
    "sample_fill": "#fff1cc",
    "sample_stripe": "#ffe08a",
    "warm": "#d08c1c",  # second series (funding raised, tasks in progress)
    "label": "#333333",  # axis labels and ticks in figures
    "axis": "#b0b0b0",  # axis lines in figures
    "grid": "#e3e3e3",  # grid lines in figures
    "faint": "#9e9e9e",  # tasks without a status in figures
}
#: status -> text colour (the badge's border and the figure's marker)
STATUS_COLOURS: dict[str, str] = {
    "achieved": "#1b5e20",
    "not_achieved": "#b71c1c",
    "not_applicable": "#555555",
    "no_data": "#7a4f00",
}
#: categories of a figure (kinds of cases, sources…), in this order
CATEGORY_COLOURS: tuple[str, ...] = (
    PALETTE["primary"],
    PALETTE["accent"],
    "#4f8a3c",
    PALETTE["warm"],
    "#6b4c9a",
    "#3a87b8",
    "#8c8c8c",
)
#: status -> badge fill
STATUS_BACKGROUNDS: dict[str, str] = {
    "achieved": "#e3f2e5",
    "not_achieved": "#fbe4e4",
    "not_applicable": "#eeeeee",
    "no_data": "#fff1cc",
}


@cache
def stylesheet() -> str:
    """The CSS of every page (without ``<style>``), rendered from ``planlib.css.j2``."""
    from planlib.present.html import ENV

    return ENV.get_template("planlib.css.j2").render(
        palette=PALETTE, status=STATUS_COLOURS, status_fill=STATUS_BACKGROUNDS
    )
