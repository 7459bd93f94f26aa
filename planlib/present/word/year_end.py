"""The year-end report as a Word file (``year-end.docx``) the school can edit, sign and stamp.

The document follows notebook ``90_year_end_report`` cell by cell: each part is the same call
on :class:`~planlib.present.views.year_end.YearEndView` the notebook makes, so the Word file
shows the same words and numbers as ``year-end.html`` (and, through the report's disclosure
rule, a public report gives a suppressed Word file). Figures are PNG images; the
"Phương hướng" section is plain text for the school board to rewrite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from docx.document import Document

from planlib.present.report import Report
from planlib.present.views.scorecard import report_title
from planlib.present.views.year_end import YearEndView
from planlib.present.word.parts import new_document, save_document, write_parts

__all__ = ["write_year_end_docx", "year_end_document", "year_end_parts"]


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
    document = new_document(report.lang, report_title(report))
    parts = year_end_parts(report.year_end(), report_date=report_date, directions=directions)
    write_parts(document, parts)
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
    return save_document(document, path)
