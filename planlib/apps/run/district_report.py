"""The district's own report, written last in every district run (never reused).

The schools' outcomes become :class:`~planlib.evaluation.district.Submission` s, compiled by
:func:`~planlib.evaluation.district.compile_district`; notebook ``95_district_report`` presents
them on a worker's warm kernel, exported offline with the exporter of the school pages, beside
``district.docx``, ``district.json`` (internal run only: it holds every count) and, with
``--pdf``, ``district.pdf``. The files are written into a staging folder and moved into the
district folder one by one, so a failed district report leaves the previous one in place.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planlib.apps.run.params import RunParameters
from planlib.apps.run.publish import keep_failures
from planlib.apps.run.submissions import source_name
from planlib.core.disclosure import check_disclosure
from planlib.core.errors import RunFailed

if TYPE_CHECKING:
    from planlib.apps.run.schoolrun import SchoolRun
    from planlib.evaluation.district import DistrictEvaluation, Submission
    from planlib.inputs.plan import Plan

__all__ = [
    "DISTRICT_NOTEBOOK",
    "district_identity",
    "submissions",
    "write_district",
]

DISTRICT_NOTEBOOK = "95_district_report.ipynb"


def district_identity(schools: Sequence[SchoolRun], fallback: str) -> dict[str, str]:
    """The district's name and province: the schools' own, when those that say agree; else
    ``fallback`` (the district folder's name) and no province.

    Parameters
    ----------
    schools
        The schools of the run (their identities, as evaluated or kept).
    fallback
        The name when the schools say none or disagree.
    """
    identity: dict[str, str] = {}
    for key in ("district", "province"):
        said = Counter(
            s.outcome["identity"][key]
            for s in schools
            if s.outcome.get("status") in ("ok", "failed") and s.outcome["identity"].get(key)
        )
        if len(said) == 1:
            identity[key] = next(iter(said))
    return {"name": identity.pop("district", fallback), **identity}


def submissions(schools: Sequence[SchoolRun], folder: Path) -> list[Submission]:
    """The schools as the district compiles them, in submission order.

    Parameters
    ----------
    schools
        The schools of the run, with their outcomes.
    folder
        The district folder (the report links each school's index page relative to it).
    """
    from planlib.evaluation.district import Submission

    out = []
    for school in schools:
        outcome = school.outcome
        status = outcome.get("status", "invalid")
        report = None
        if status == "ok" and outcome.get("folder_name"):
            published = folder.parent / outcome["folder_name"]
            report = os.path.relpath(published / "index.html", folder).replace(os.sep, "/")
        out.append(
            Submission(
                name=outcome.get("name") or school.fallback_name,
                source=source_name(school.found.path),
                status=status,
                errors=int(outcome.get("errors", 0)),
                results=outcome.get("results"),
                report=report,
            )
        )
    return out


def write_district(
    client: Any,
    plan: Plan,
    schools: Sequence[SchoolRun],
    identity: dict[str, str],
    folder: Path,
    params: RunParameters,
    private: Path,
    kernel_workers: list[str] | None = None,
) -> Path:
    """Compile the district and write its report into ``folder``; returns ``index.html``.

    ``kernel_workers``: the workers whose kernel was started for the district report's
    notebook (``None``: any).

    Raises
    ------
    RunFailed
        The district report's notebook failed (kept under ``.failed/``); the previous
        district report is untouched.
    """
    from planlib.evaluation.district import compile_district

    district = {k: v for k, v in identity.items() if k in ("name", "province")}
    evaluation = compile_district(plan, submissions(schools, folder), district)
    folder.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".district.staging-", dir=folder.parent))
    try:
        files = _district_files(client, evaluation, stage, params, private, folder, kernel_workers)
        for name in files:
            os.replace(stage / name, folder / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return folder / "index.html"


def _district_files(
    client: Any,
    evaluation: DistrictEvaluation,
    stage: Path,
    params: RunParameters,
    private: Path,
    folder: Path,
    kernel_workers: list[str] | None,
) -> list[str]:
    """Write the district's files into ``stage``; returns their names."""
    from distributed import wait

    from planlib.apps import kernels
    from planlib.present.district import save_district_context

    evaluation = _with_documents(evaluation, params)
    context = save_district_context(evaluation, private / "district.pickle")
    notebook = private / "district.ipynb"
    values = {
        "context_path": str(context),
        "lang": params.lang,
        "disclosure": params.disclosure,
        "report_date": params.report_date.isoformat() if params.report_date else None,
    }
    source = str(params.notebooks / DISTRICT_NOTEBOOK)
    log = str(private / "kernels-district.log")
    # the notebook on a worker with a warm kernel, the Word file on another meanwhile (the
    # page is exported here when the notebook is done; a failed notebook still raises below:
    # the staging folder, Word file included, is then dropped)
    future = client.submit(
        kernels.execute,
        source,
        str(notebook),
        values,
        log,
        pure=False,
        priority=-1,
        workers=kernel_workers,
        allow_other_workers=bool(kernel_workers),  # that worker's kernel, or any if it is gone
    )
    word = client.submit(write_docx, str(stage / "district.docx"), values, pure=False, priority=-1)
    try:
        _seconds, error, cell = future.result()
        if error is not None:
            kept = keep_failures(folder.parent, folder.name, [notebook], [Path(log)])
            raise RunFailed([(notebook.name, cell, error)], str(kept))
        _export(notebook, stage / "index.html", context, params)
        word.result()
    finally:
        wait([word])  # the Word file is not being written when the staging folder goes
    names = ["index.html", "district.docx"]
    if check_disclosure(params.disclosure) == "internal":
        body = json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2)
        (stage / "district.json").write_text(body + "\n", encoding="utf-8")
        names.append("district.json")
    if params.pdf and _pdf(stage / "index.html", params.lang):
        names.append("district.pdf")
    return names


def write_docx(path: str, values: dict[str, Any]) -> None:
    """Write ``district.docx`` as the notebook shows the district (a task of a worker).

    Parameters
    ----------
    path
        The Word file to write.
    values
        The notebook's parameters: ``context_path`` (the district's context file), ``lang``,
        ``disclosure``, ``report_date``.
    """
    from planlib.present.district import load_district_context
    from planlib.present.word.district import write_district_docx

    write_district_docx(
        load_district_context(values["context_path"]),
        path,
        lang=values["lang"],
        disclosure=values["disclosure"],
        report_date=values["report_date"],
    )


def _with_documents(evaluation: DistrictEvaluation, params: RunParameters) -> DistrictEvaluation:
    """The evaluation with the files the report links: its Word file, and its PDF when it will
    be printed (``--pdf`` and Chromium found: else the run warns and there is nothing to link)."""
    import dataclasses

    from planlib.present.pdf import find_chromium

    documents = ["district.docx"]
    if params.pdf and find_chromium() is not None:
        documents.append("district.pdf")
    return dataclasses.replace(evaluation, meta={**evaluation.meta, "documents": documents})


def _export(notebook: Path, html: Path, context: Path, params: RunParameters) -> None:
    """Export the executed district notebook to one offline page."""
    from planlib.apps.kernels import lighter_nbformat

    lighter_nbformat()
    import nbformat

    from planlib.present.district import open_district_report
    from planlib.present.export import export_html
    from planlib.present.offline import write_offline

    report = open_district_report(context, lang=params.lang, disclosure=params.disclosure)
    nb = nbformat.read(notebook, as_version=4)
    write_offline(html, export_html(nb, lang=params.lang, title=report.title))


def _pdf(html: Path, lang: str) -> bool:
    """Print the district report to ``district.pdf`` beside it; a warning when it cannot."""
    from planlib.apps.run.paper import print_or_warn

    return print_or_warn(html, html.with_name("district.pdf"), lang) is not None
