"""What every Word report shares: a new document in the decree's layout, the notebook's parts
written into it (HTML fragments, Markdown headings, figures), and a save that never leaves
half a file.

A report's Word file follows its notebook cell by cell: each part is what one cell shows, so
the document has the same words and numbers as the HTML page.
"""

from __future__ import annotations

import html
import io
import os
import re
from collections.abc import Iterable
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from IPython.display import Markdown
from matplotlib.figure import Figure

from planlib.present.word.convert import write_html
from planlib.present.word.styles import PRINTABLE_WIDTH, setup_document

__all__ = ["new_document", "save_document", "write_parts"]

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.DOTALL)
_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]])")
_LANGUAGE = {"vi": "vi-VN", "en": "en-GB"}


def new_document(lang: str, title: str) -> Document:
    """An empty report: A4, the decree's margins and fonts, Word's title and language set."""
    document = docx.Document()
    setup_document(document, lang)
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = "planlib"
    properties.language = _LANGUAGE[lang]
    properties.comments = ""
    return document


def _heading(document: Document, markdown: str) -> None:
    """A Markdown heading (``## II. Kết quả…``) as Word's Heading 1–3."""
    match = _MD_HEADING.match(markdown.strip())
    if match is None:
        document.add_paragraph(markdown.strip())
        return
    level = min(max(len(match.group(1)) - 1, 1), 3)
    text = html.unescape(_MD_ESCAPE.sub(r"\1", match.group(2).strip()))
    document.add_heading(text, level=level)


def _figure(document: Document, figure: Figure) -> None:
    """A figure as a PNG image as wide as the printable width, centred."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=200, bbox_inches="tight")
    plt.close(figure)
    buffer.seek(0)
    document.add_picture(buffer, width=PRINTABLE_WIDTH)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_parts(document: Document, parts: Iterable[object]) -> None:
    """Write the parts of a notebook (fragments, headings, figures, lists of them) in order;
    ``None`` (a figure with nothing to draw) is skipped."""
    for part in parts:
        if part is None:
            continue
        if isinstance(part, list):
            write_parts(document, part)
        elif isinstance(part, Markdown):
            _heading(document, str(part.data))
        elif isinstance(part, Figure):
            _figure(document, part)
        else:
            write_html(document, str(part))


def save_document(document: Document, path: Path) -> Path:
    """Save to a temporary name beside ``path``, then rename: never half a file in its place."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    document.save(str(tmp))
    tmp.replace(path)
    return path
