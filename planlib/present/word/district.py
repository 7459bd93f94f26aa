"""The district report as a Word file (``district.docx``) the office can edit, sign and stamp.

It follows notebook ``95_district_report`` cell by cell (:func:`district_parts` makes the same
calls on :class:`~planlib.present.district.report.DistrictReport`), so the Word file has the
words and numbers of the district's HTML report: the decree's header table, quốc hiệu, date
line and title, every section, the targets table with the numbers of ``district.json``, the
funnel plots as images; a public report gives the suppressed document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from docx.document import Document

from planlib.core.disclosure import disclosure_rule
from planlib.evaluation.district import DistrictEvaluation
from planlib.present.district.header import district_title
from planlib.present.district.report import DistrictReport
from planlib.present.word.parts import new_document, save_document, write_parts

__all__ = ["district_document", "district_parts", "write_district_docx"]


def district_parts(d: DistrictReport) -> Iterator[object]:
    """The parts of the district report in the order of notebook ``95_district_report``."""
    yield d.header()
    yield d.heading("dst.h.submissions")
    yield d.submissions()
    yield d.heading("dst.h.results")
    yield d.heading("dst.h.pooled", level=3)
    yield d.targets()
    yield d.heading("dst.h.funnels", level=3)
    yield d.funnels()
    yield d.heading("dst.h.schools", level=3)
    yield d.schools()
    yield d.heading("dst.h.areas")
    yield d.areas()
    yield d.heading("dst.h.funding")
    yield d.funding()
    yield d.heading("dst.h.shortcomings")
    yield d.shortcomings()
    yield d.signature()
    yield d.appendix()


def district_document(report: DistrictReport) -> Document:
    """The district report as a Word document (A4, Times New Roman 13 pt, the decree's
    margins)."""
    document = new_document(report.lang, district_title(report))
    write_parts(document, district_parts(report))
    return document


def write_district_docx(
    evaluation: DistrictEvaluation,
    path: Path | str,
    *,
    lang: str = "vi",
    disclosure: str = "internal",
    report_date: str | dt.date | None = None,
) -> Path:
    """Write ``district.docx``.

    Parameters
    ----------
    evaluation
        The compiled district.
    path
        The file to write (written beside it first, then renamed).
    lang
        ``vi`` or ``en``.
    disclosure
        ``internal`` or ``public`` (suppressed, as the HTML report).
    report_date
        ``YYYY-MM-DD`` (or a date) of the date line; today by default.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    report = DistrictReport(evaluation, lang, disclosure_rule(disclosure), report_date)  # type: ignore[arg-type]
    return save_document(district_document(report), Path(path))
