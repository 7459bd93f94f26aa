"""The year-end report as a Word file (``year-end.docx``) the school can edit, sign and stamp.

The document follows notebook ``90_year_end_report`` cell by cell: each part is the same call
on :class:`~planlib.present.views.year_end.YearEndView` the notebook makes, so the Word file
shows the same words and numbers as ``year-end.html`` (and, through the report's disclosure
rule, a public report gives a suppressed Word file). Figures are PNG images; the
"Phương hướng" section is plain text for the school board to rewrite.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from IPython.display import Markdown
from matplotlib.figure import Figure

from planlib.present.report import Report
from planlib.present.views.scorecard import report_title
from planlib.present.views.year_end import YearEndView
from planlib.present.word.convert import write_html
from planlib.present.word.styles import PRINTABLE_WIDTH, setup_document

__all__ = ["write_year_end_docx", "year_end_document", "year_end_parts"]

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.DOTALL)
_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]])")


def year_end_parts(
    y: YearEndView, *, report_date: str | dt.date | None = None, directions: str = ""
) -> Iterator[object]:
    """The parts of the year-end report in the order of notebook ``90_year_end_report``.

    Each is what one cell of the notebook shows: a fragment of HTML, a Markdown heading, a
    figure (or ``None`` when there is nothing to draw), or a list of those.
    """
    yield y.header(report_date)
    yield y.heading("rpt.h.objective")
    yield y.objective()
    yield y.heading("rpt.h.results")
    yield y.heading("rpt.h.targets", level=3)
    yield y.targets()
    yield y.heading("rpt.h.areas", level=3)
    yield y.areas()
    yield y.area_chart()
    yield y.heading("rpt.h.funding", level=3)
    yield y.funding()
    yield y.heading("rpt.h.responsibilities", level=3)
    yield y.responsibilities()
    yield y.heading("rpt.h.shortcomings")
    yield y.shortcomings()
    yield y.directions_heading()
    yield y.directions(directions)
    yield y.signature()
    yield y.heading("rpt.h.appendix")
    yield y.heading("rpt.h.definitions", level=3)
    yield y.definitions()
    yield y.heading("rpt.h.warnings", level=3)
    yield y.warnings()
    yield y.heading("rpt.h.pages", level=3)
    yield y.pages()


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


def _write(document: Document, parts: Iterable[object]) -> None:
    for part in parts:
        if part is None:
            continue
        if isinstance(part, list):
            _write(document, part)
        elif isinstance(part, Markdown):
            _heading(document, str(part.data))
        elif isinstance(part, Figure):
            _figure(document, part)
        else:
            write_html(document, str(part))


def year_end_document(
    report: Report, *, report_date: str | dt.date | None = None, directions: str = ""
) -> Document:
    """The year-end report of ``report`` as a Word document.

    Parameters
    ----------
    report
        The evaluation bound to a language and a disclosure rule (a public report gives the
        suppressed document).
    report_date
        The date of the date line (today by default), as in the notebook's parameter.
    directions
        Next year's directions as the school board wrote them (else the plan's, else a
        paragraph for the board to replace).

    Returns
    -------
    docx.document.Document
        A4, Times New Roman 13 pt, the margins of Nghị định 30/2020/NĐ-CP.
    """
    document = docx.Document()
    setup_document(document, report.lang)
    properties = document.core_properties
    properties.title = report_title(report)
    properties.author = properties.last_modified_by = "planlib"
    properties.language = {"vi": "vi-VN", "en": "en-GB"}[report.lang]
    properties.comments = ""
    parts = year_end_parts(report.year_end(), report_date=report_date, directions=directions)
    _write(document, parts)
    return document


def write_year_end_docx(
    report: Report,
    path: Path,
    *,
    report_date: str | dt.date | None = None,
    directions: str = "",
) -> Path:
    """Write ``year-end.docx``; see :func:`year_end_document` for the parameters.

    The file is written to a temporary name beside ``path`` first and then renamed, so a
    failed write never leaves half a file in its place.
    """
    document = year_end_document(report, report_date=report_date, directions=directions)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    document.save(str(tmp))
    tmp.replace(path)
    return path
