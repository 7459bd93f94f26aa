"""Write the HTML parts of a view into a Word document: paragraphs, lists, tables, headings.

The Word file shows what the HTML report shows, word for word and number for number: each
part is the view's own fragment (:mod:`planlib.present.views`), read back by
:func:`planlib.present.word.tree.parse` and written here with Word's styles. The classes of
planlib's templates choose the layout: the two-column header block and the signature become
tables without lines, the title the ``Title`` style, a status badge coloured text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph

from planlib.present.style import PALETTE, STATUS_COLOURS
from planlib.present.word.styles import (
    TABLE_STYLE,
    bottom_rule,
    no_borders,
    repeat_header,
    shade,
)
from planlib.present.word.tree import Node, parse

__all__ = ["write_html"]

#: HTML heading level -> Word heading level (the page's h2 is the document's Heading 1)
_HEADING = {"h1": 1, "h2": 1, "h3": 2, "h4": 3, "h5": 3, "h6": 3}
#: a block's class -> how its paragraphs look
_LOOK: dict[str, dict[str, Any]] = {
    "sample-banner": {"bold": True, "colour": PALETTE["sample"], "align": "center"},
    "public-banner": {"bold": True, "colour": PALETTE["primary"], "align": "center"},
    "planlib-dateline": {"italic": True, "align": "right"},
    "planlib-objective": {"italic": True},
    "planlib-placeholder": {"italic": True, "colour": PALETTE["muted"]},
    "planlib-muted": {"size": 11, "colour": PALETTE["muted"]},
    "planlib-note": {"size": 12},
    "planlib-upper": {"caps": True},
    "planlib-strong": {"bold": True},
    "planlib-recipients": {"size": 11},
    "planlib-summary-line": {"caps": False},
}
_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _look(node: Node, inherited: dict[str, Any]) -> dict[str, Any]:
    look = dict(inherited)
    for css in sorted(node.classes):
        look.update(_LOOK.get(css, {}))
    return look


#: one piece of a paragraph's inline content: its text and look (``None``: a line break)
Piece = tuple[str | None, dict[str, Any]]


def _pieces(node: Node | str, look: dict[str, Any], out: list[Piece]) -> None:
    """Add the inline content of ``node`` to ``out``, the pieces of one paragraph."""
    if isinstance(node, str):
        text = " ".join(node.split())
        if node[:1].isspace() and text:
            text = " " + text
        if node[-1:].isspace() and text:
            text += " "
        if text.strip() or (text and out):
            out.append((text, look))
        return
    if node.tag == "br":
        out.append((None, look))
        return
    look = _look(node, look)
    if node.tag in ("strong", "b", "th"):
        look["bold"] = True
    elif node.tag in ("em", "i"):
        look["italic"] = True
    status = next((c[7:] for c in node.classes if c.startswith("status-")), None)
    if node.tag == "span" and status in STATUS_COLOURS:
        look.update(bold=True, colour=STATUS_COLOURS[status])
    for child in node.children:
        _pieces(child, look, out)


def _write_runs(paragraph: Paragraph, pieces: list[Piece]) -> None:
    """The pieces as runs, without space (or a line break) at the paragraph's start or end."""
    if pieces:
        text, look = pieces[0]
        pieces[0] = ((text or "").lstrip(), look)
        text, look = pieces[-1]  # the same piece when there is one
        pieces[-1] = ((text or "").rstrip(), look)
    for text, look in pieces:
        if text is None:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        else:
            _run(paragraph, text, look)


def _run(paragraph: Paragraph, text: str, look: dict[str, Any]) -> None:
    """One run; only the properties it sets are written (a new run has none)."""
    run = paragraph.add_run(text)
    font = run.font
    if look.get("bold"):
        font.bold = True
    if look.get("italic"):
        font.italic = True
    caps = look.get("caps")
    if caps is False or caps:
        font.all_caps = bool(caps)
    if look.get("size"):
        font.size = Pt(look["size"])
    if look.get("colour"):
        font.color.rgb = RGBColor.from_string(look["colour"].lstrip("#").upper())


def _paragraph(container: Any, node: Node, look: dict[str, Any], style: str | None = None):
    """One paragraph holding the inline content of ``node``."""
    paragraph = container.add_paragraph(style=style)
    look = _look(node, look)
    if look.get("align"):
        paragraph.alignment = _ALIGN[look["align"]]
    pieces: list[Piece] = []
    for child in node.children:
        if node.tag == "p" and _is_page_link(child):
            continue  # "Xem chi tiết →": a link to another page, for the screen only
        _pieces(child, look, pieces)
    _write_runs(paragraph, pieces)
    return paragraph


def _is_page_link(node: Node | str) -> bool:
    """A link to another page of the report inside a paragraph (the print rules hide it too)."""
    if not isinstance(node, Node) or node.tag != "a":
        return False
    return node.attrs.get("href", "").endswith(".html")


class _Writer:
    """Writes the blocks of a tree into a container (the document or a table cell)."""

    def __init__(self, container: Any) -> None:
        self.container = container

    def blocks(self, node: Node, look: dict[str, Any] | None = None) -> None:
        """Every child block of ``node``; loose inline content becomes paragraphs."""
        look = _look(node, look or {})
        loose: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and child.is_block:
                self._loose(loose, look)
                self.block(child, look)
            else:
                loose.append(child)
        self._loose(loose, look)

    def _loose(self, loose: list[Node | str], look: dict[str, Any]) -> None:
        if any(isinstance(c, Node) or c.strip() for c in loose):
            _paragraph(self.container, Node("p", children=list(loose)), look)
        loose.clear()

    def block(self, node: Node, look: dict[str, Any]) -> None:
        """One block: dispatched on its class, then on its tag."""
        special = _BY_CLASS.get(next(iter(sorted(node.classes & _BY_CLASS.keys())), ""))
        if special is not None:
            special(self, node, look)
        elif node.tag in _HEADING:
            style = "Title" if "planlib-title" in node.classes else None
            style = style or f"Heading {_HEADING[node.tag]}"
            _paragraph(self.container, node, {}, style=style)
        elif node.tag in ("ul", "ol"):
            style = "List Bullet" if node.tag == "ul" else "List Number"
            for item in node.elements("li"):
                _paragraph(self.container, item, look, style=style)
        elif node.tag == "table":
            self.table(node, look)
        elif node.has_blocks():
            self.blocks(node, look)
        else:
            _paragraph(self.container, node, look)

    def table(self, node: Node, look: dict[str, Any]) -> None:
        """A table: header rows repeated on every page, no row split, numbers on the right."""
        for caption in node.elements("caption"):
            _paragraph(self.container, caption, {**look, "bold": True})
        rows = node.find_all("tr")
        head = sum(1 for r in rows if r.elements("th") and not r.elements("td"))
        width = max((len(r.elements("th", "td")) for r in rows), default=0)
        if not rows or not width:
            return
        table = self.container.add_table(rows=len(rows), cols=width)
        table.style = TABLE_STYLE
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = 11 if width <= 5 else 10
        for tr, row in zip(rows, table.rows, strict=True):
            total = "planlib-total" in tr.classes
            for cell_node, cell in zip(tr.elements("th", "td"), row.cells, strict=False):
                cell_look = {"size": size, "bold": total or cell_node.tag == "th"}
                paragraph = cell.paragraphs[0]
                pieces: list[Piece] = []
                for child in cell_node.children:
                    _pieces(child, cell_look, pieces)
                _write_runs(paragraph, pieces)
                if "num" in cell_node.classes:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if tr in rows[:head]:
                    shade(cell, PALETTE["head"])
        repeat_header(table, head)
        self.container.add_paragraph()

    def columns(self, node: Node, look: dict[str, Any]) -> None:
        """A block of side-by-side parts (header, signature): a table without lines."""
        parts = node.elements()
        table = self.container.add_table(rows=1, cols=len(parts))
        no_borders(table)
        centred = "planlib-doc-header" in node.classes
        for part, cell in zip(parts, table.rows[0].cells, strict=True):
            _Writer(cell).block(part, look)
            first = cell.paragraphs[0]
            if not first.text and not first.runs and len(cell.paragraphs) > 1:
                first._p.getparent().remove(first._p)
            for paragraph in cell.paragraphs:
                if centred or "planlib-sign" in part.classes:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.space_after = Pt(0)
        if "planlib-signature" in node.classes:  # the appendix starts a new page
            self.container.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def rule(self, node: Node, look: dict[str, Any]) -> None:
        """The short line under a name in the header block."""
        bottom_rule(self.container.add_paragraph())

    def space(self, node: Node, look: dict[str, Any]) -> None:
        """Room for the signature and the stamp."""
        for _ in range(3):
            self.container.add_paragraph()

    def sign(self, node: Node, look: dict[str, Any]) -> None:
        """The signature: each line (title, instruction) a centred paragraph of its own."""
        for child in node.children:
            if isinstance(child, Node) and child.is_block:
                self.block(child, look)
            elif isinstance(child, Node) or child.strip():
                _paragraph(self.container, Node("p", children=[child]), look)


_BY_CLASS: dict[str, Callable[[_Writer, Node, dict[str, Any]], None]] = {
    "planlib-doc-header": _Writer.columns,
    "planlib-signature": _Writer.columns,
    "planlib-rule": _Writer.rule,
    "planlib-space": _Writer.space,
    "planlib-sign": _Writer.sign,
}


def write_html(container: Any, html: str) -> None:
    """Write an HTML fragment of a view into ``container`` (a document or a table cell).

    Parameters
    ----------
    container
        A ``docx`` document, or a cell of one of its tables.
    html
        A fragment rendered by planlib's templates (a view's cell).
    """
    _Writer(container).blocks(parse(html))
