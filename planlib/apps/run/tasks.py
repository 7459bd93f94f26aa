"""The tasks of a district run, as Dask workers execute them (module-level, picklable).

A school is three kinds of task: its evaluation (:func:`evaluate_task`: the small results
document, and the pickled evaluation the page notebooks read when pages are made), one task per
page (:func:`page_task`: a notebook on the worker's warm, reset kernel, exported to HTML, into the
school's staging folder) and its publication (:func:`publish_task`: the index, ``year-end.docx``,
``results.json``, the atomic swap, as :func:`planlib.apps.run.school.run` does it). The
evaluation and page tasks never raise for a school's data or a failed notebook: they return
what happened, so that one school never stops the others. Files are exchanged through the
run's private temporary folder and the output folder: a shared filesystem (one machine, or a
mounted one).
"""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path
from typing import Any

from planlib.apps.run.make import PageResult, make_page
from planlib.apps.run.pages import Page, notebook_file
from planlib.apps.run.params import RunParameters
from planlib.apps.run.publish import swap
from planlib.apps.run.school import Folders, NotebookFailure, finish
from planlib.core.errors import DataError, PlanlibError, RunFailed

__all__ = ["evaluate_task", "page_task", "publish_task"]


def _message(exc: PlanlibError, lang: str) -> str:
    message = getattr(exc, "message", None)
    return message(lang) if callable(message) else str(exc)


def _evaluate(params: RunParameters, fallback_name: str, *, district: bool = False) -> Any:
    """Evaluate a school; its name from its identity sheet, the parameter set, else the file.

    ``district``: only what the district compiles (a run without pages).
    """
    from planlib.evaluation.evaluate import evaluate
    from planlib.evaluation.session import open_plan, open_school_workbook, school_identity

    plan = open_plan(params.plan)
    workbook = open_school_workbook(params.data, plan)
    identity = {**school_identity(workbook), **params.school}
    if not identity.get("name") and params.data is not None:
        identity["name"] = fallback_name
    return evaluate(workbook, plan, as_of=params.as_of, school=identity or None, district=district)


def evaluate_task(params: RunParameters, fallback_name: str, context: str | None) -> dict:
    """Evaluate one school of the district.

    Parameters
    ----------
    params
        The school's parameter set.
    fallback_name
        Its name when neither its identity sheet nor the parameter set gives one (the file or
        folder name).
    context
        Where to pickle the evaluation for the page notebooks; ``None`` (``--no-pages``): only
        what the district compiles is evaluated, and returned as the results document.

    Returns
    -------
    dict
        ``status`` ``ok`` with ``name``, ``identity``, ``sample`` and ``results`` (the
        ``results.json`` document); or ``invalid`` with ``errors`` (how many) and ``message``.
    """
    try:
        evaluation = _evaluate(params, fallback_name, district=context is None)
    except DataError as exc:
        return {"status": "invalid", "errors": len(exc.errors), "message": exc.report(params.lang)}
    except PlanlibError as exc:  # unreadable, encrypted, not a spreadsheet...
        return {"status": "invalid", "errors": 1, "message": _message(exc, params.lang)}
    if context is not None:
        with Path(context).open("wb") as handle:
            pickle.dump(evaluation, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return {
        "status": "ok",
        "name": evaluation.school.get("name", "") or fallback_name,
        "identity": {k: str(v) for k, v in evaluation.school.items() if v},
        "sample": evaluation.workbook.sample,
        "results": evaluation.to_dict(params.lang),
    }


def page_task(evaluated: dict, args: tuple[Any, ...]) -> PageResult | None:
    """Make one page (:func:`planlib.apps.run.make.make_page`: its notebook executed, its HTML
    exported) once its school is evaluated; ``None`` when the school's data was invalid (no
    page to make)."""
    if evaluated.get("status") != "ok":
        return None
    return make_page(*args)


def _run_log(stage: Path, done: list[tuple[Page, PageResult | None]]) -> None:
    """The school's ``run.log``: one line per notebook (as ``planlib run`` writes it)."""
    now = dt.datetime.now().isoformat(sep=" ", timespec="seconds")
    lines = [f"{now} INFO planlib district: {len(done)} pages"]
    for page, result in done:
        seconds, error, cell = result or (0.0, "not run", None)
        name = notebook_file(page)
        if error is None:
            lines.append(f"{now} INFO executed {name} in {seconds:.1f} s")
        else:
            lines.append(f"{now} ERROR FAILED {name} (cell {cell}): {error}")
    (stage / "run.log").write_text("\n".join(lines) + "\n", encoding="utf-8")


def publish_task(
    evaluated: dict,
    done: list[tuple[Page, PageResult | None]],
    params: RunParameters,
    folders: Folders,
    context: str,
    target: str,
) -> dict:
    """Publish one school once its pages are made: the index, ``year-end.docx``,
    ``results.json`` into its staging folder, then the atomic swap onto ``target``.

    Returns
    -------
    dict
        ``evaluated`` with ``folder`` (the published one) set; or, when a notebook failed,
        ``status`` ``failed``, ``errors`` (how many notebooks) and ``message`` (which, and
        where they are kept); the previous report is untouched.
    """
    if evaluated.get("status") != "ok":
        return evaluated
    with Path(context).open("rb") as handle:
        evaluation = pickle.load(handle)
    notebooks = folders.stage / "notebooks"
    executed: dict[Page, Path] = {}
    failures: list[NotebookFailure] = []
    for page, result in done:
        out = notebooks / notebook_file(page)
        _seconds, error, cell = result or (0.0, "not run", None)
        if error is None:
            executed[page] = out
        else:
            failures.append(NotebookFailure(page, out, cell, error))
    _run_log(folders.stage, done)
    try:
        finish(params, evaluation, executed, failures, folders)
    except RunFailed as exc:
        return {
            **evaluated,
            "status": "failed",
            "errors": len(failures),
            "message": exc.message(params.lang),
        }
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    swap(folders.stage, Path(target))
    return {**evaluated, "folder": target}
