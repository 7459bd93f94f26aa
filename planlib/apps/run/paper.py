"""The report on paper: ``year-end.docx`` always, ``year-end.pdf`` with ``--pdf``.

Both are written into the staging folder of the run (:mod:`planlib.apps.run.publish`), so a
failed or interrupted run never replaces the previous report's files. ``planlib run`` writes
the Word file in a worker while the pages are made (:func:`docx_job`); the PDF is printed from
``year-end.html`` once it exists. A PDF that cannot be printed (Chromium missing, or it
failed) is a warning: the HTML pages and the Word file are still published and the run
succeeds.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from planlib.core.i18n import t
from planlib.evaluation.evaluate import Evaluation

__all__ = [
    "DOCX_NAME",
    "PDF_NAME",
    "Paper",
    "docx_job",
    "print_or_warn",
    "write_docx",
    "write_paper",
]

log = logging.getLogger("planlib.run")

#: the Word file and the PDF of the year-end report, beside ``year-end.html``
DOCX_NAME = "year-end.docx"
PDF_NAME = "year-end.pdf"


@dataclass(frozen=True)
class Paper:
    """What the run writes on paper, and the year-end parameters it shares with notebook 90.

    Attributes
    ----------
    pdf
        Print ``year-end.html`` to ``year-end.pdf`` as well.
    report_date
        The date line's date (today when ``None``).
    directions
        Next year's directions as the school board wrote them.
    """

    pdf: bool = False
    report_date: dt.date | None = None
    directions: str = ""


def _warn(message: str, lang: str) -> None:
    """A warning on stderr and in the run's log; the run still succeeds."""
    log.warning(message)
    print(t("paper.warning", lang, message=message), file=sys.stderr)


def print_or_warn(html: Path, target: Path, lang: str) -> Path | None:
    """Print ``html`` to the PDF ``target``, or warn (Chromium missing, or it failed) and
    return ``None``: a PDF that cannot be printed never fails the run."""
    from planlib.present.pdf import PdfEngineMissing, print_pdf

    try:
        return print_pdf(html, target, lang=lang)
    except PdfEngineMissing as exc:
        _warn(exc.message(lang), lang)
    except Exception as exc:  # a failed print must not fail the run
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        _warn(t("paper.pdf_failed", lang, name=target.name, reason=reason), lang)
    return None


def write_docx(
    evaluation: Evaluation, stage: Path, lang: str, disclosure: str, paper: Paper
) -> Path:
    """Write ``year-end.docx`` into ``stage``: the year-end report of the evaluation as the
    school's Word file (suppressed for a public report); the parameters are
    :func:`write_paper`'s."""
    from planlib.present.report import Report
    from planlib.present.word import write_year_end_docx

    report = Report(evaluation, lang, disclosure)
    path = write_year_end_docx(
        report, stage / DOCX_NAME, report_date=paper.report_date, directions=paper.directions
    )
    log.info("wrote %s", DOCX_NAME)
    return path


def docx_job(context: str, stage: str, lang: str, disclosure: str, paper: Paper) -> str:
    """:func:`write_docx` of the run's pickled evaluation (``context``), as a job on a worker.

    Returns
    -------
    str
        The Word file written.
    """
    from planlib.present.context import load_context

    evaluation = load_context(evaluation_path=context)
    return str(write_docx(evaluation, Path(stage), lang, disclosure, paper))


def write_paper(
    evaluation: Evaluation,
    stage: Path,
    lang: str,
    disclosure: str,
    paper: Paper,
    year_end_html: Path | None,
    *,
    docx: Path | None = None,
) -> dict[str, Path]:
    """Write the Word file (and the PDF when asked) of the year-end report into ``stage``.

    Parameters
    ----------
    evaluation
        The run's evaluation (the same the notebooks show).
    stage
        The staging folder of the run.
    lang, disclosure
        The report's language and disclosure rule (a public run writes a suppressed file).
    paper
        What to write, and the year-end parameters of notebook 90.
    year_end_html
        The exported ``year-end.html`` (printed to PDF), or ``None`` when the plan has none.
    docx
        The Word file when it is written already (:func:`docx_job`).

    Returns
    -------
    dict
        ``"docx"`` and, when printed, ``"pdf"`` -> the file in ``stage``.
    """
    if year_end_html is None:
        return {}
    files = {"docx": docx or write_docx(evaluation, stage, lang, disclosure, paper)}
    if paper.pdf:
        pdf = print_or_warn(year_end_html, year_end_html.with_name(PDF_NAME), lang)
        if pdf is not None:
            files["pdf"] = pdf
            log.info("wrote %s", PDF_NAME)
    return files
