"""One school's run: evaluate once, make every page, publish atomically.

The executor's processes start first and boot their kernels (:func:`executors.started
<planlib.apps.run.executors.started>`) while the workbook is evaluated; the evaluation is
pickled to a private temporary folder for the notebooks; each page's notebook runs on a warm,
reset kernel (:mod:`planlib.apps.kernels`) and is exported to HTML in the same worker
(:mod:`planlib.apps.run.make`). A failed notebook does not stop the others, but nothing is
published and the failed notebooks are kept beside the reports for debugging.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from planlib.apps import kernels
from planlib.apps.run.cleanup import private_prefix, remove_stale
from planlib.apps.run.executors import Executor, Job, started
from planlib.apps.run.make import make_page
from planlib.apps.run.pages import NOTEBOOKS, Page, notebook_file, page_title, plan_pages
from planlib.apps.run.paper import Paper, docx_job
from planlib.apps.run.params import RunParameters, check_parameters, notebook_parameters
from planlib.apps.run.publish import keep_failures, publish, school_slug, staging, swap
from planlib.core.errors import RunFailed
from planlib.evaluation.evaluate import Evaluation
from planlib.inputs.plan import Plan
from planlib.present.context import page_name, save_context

__all__ = [
    "Folders",
    "NotebookFailure",
    "RunResult",
    "evaluate_school",
    "finish",
    "page_jobs",
    "run",
]

log = logging.getLogger("planlib.run")


@dataclass(frozen=True)
class NotebookFailure:
    """A notebook that failed: which page, which cell, and the error it raised."""

    page: Page
    notebook: Path
    cell: int | None
    error: str


@dataclass(frozen=True)
class RunResult:
    """Where a successful run published its report."""

    folder: Path
    index: Path
    pages: dict[Page, Path] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass(frozen=True)
class Folders:
    """Where one run writes: the plan's folder, the school's slug, staging and private files."""

    parent: Path
    slug: str
    stage: Path
    private: Path

    @property
    def kernel_log(self) -> Path:
        """The kernels' console output (kept with the failed notebooks, never published)."""
        return self.private / "kernels.log"


def evaluate_school(params: RunParameters) -> Evaluation:
    """Open the plan and the school's workbook of a parameter set, and evaluate them.

    Raises
    ------
    DataError
        The workbook breaks the data contract.
    """
    from planlib.evaluation.session import open_evaluation

    return open_evaluation(
        params.data, params.plan, as_of=params.as_of, school=params.school or None
    )


def run(
    params: RunParameters,
    *,
    evaluation: Evaluation | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Evaluate, execute every report notebook, export HTML, and publish atomically.

    Parameters
    ----------
    params
        The run's parameter set.
    evaluation
        An evaluation already made (else the workbook is loaded and evaluated here; bad data
        raises :class:`~planlib.core.errors.DataError` before anything is written).
    progress
        Called with the number of pages finished so far and of all pages (a progress bar).

    Returns
    -------
    RunResult
        The published folder, its index page and its pages.

    Raises
    ------
    RunFailed
        When a notebook failed: nothing was published, the failed notebooks are kept.
    """
    begun = time.perf_counter()
    private = tempfile.TemporaryDirectory(prefix=private_prefix(), ignore_cleanup_errors=True)
    with private as tmp, _executor(params, Path(tmp)) as executor:
        evaluation = evaluation or evaluate_school(params)
        _check(executor, params, plan_pages(evaluation.plan))
        slug = school_slug(
            evaluation.school.get("name", ""),
            sample=evaluation.workbook.sample,
            disclosure=params.disclosure,
        )
        parent = params.out / evaluation.plan.id
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale(parent)  # what a killed run left (planlib.apps.run.cleanup)
        with staging(parent, slug) as stage:
            folders = Folders(parent, slug, stage, Path(tmp))
            with _run_log(stage / "run.log"):
                written = _make_and_publish(params, evaluation, folders, executor, progress)
                log.info("done in %.1f s", time.perf_counter() - begun)
            target = parent / slug
            swap(stage, target)
    return RunResult(
        folder=target,
        index=target / "index.html",
        pages={page: target / path.name for page, path in written.items()},
        seconds=time.perf_counter() - begun,
    )


def _make_and_publish(
    params: RunParameters,
    evaluation: Evaluation,
    folders: Folders,
    executor: Executor,
    progress: Callable[[int, int], None] | None,
) -> dict[Page, Path]:
    """Make every page into the staging folder on ``executor``, then publish it there."""
    log.info(
        "planlib run: plan %s, %d pages, lang %s, disclosure %s",
        evaluation.plan.id,
        len(plan_pages(evaluation.plan)),
        params.lang,
        params.disclosure,
    )
    context = save_context(evaluation, folders.private / "evaluation.pickle")
    jobs, outputs = page_jobs(params, evaluation.plan, folders, context)
    word = Job(
        "docx",
        docx_job,
        (str(context), str(folders.stage), params.lang, params.disclosure, _paper(params)),
    )
    executed, failures, docx = _make_all(jobs, outputs, executor, progress, word)
    return finish(params, evaluation, executed, failures, folders, docx=docx)


def _paper(params: RunParameters) -> Paper:
    return Paper(pdf=params.pdf, report_date=params.report_date, directions=params.directions)


def finish(
    params: RunParameters,
    evaluation: Evaluation,
    executed: dict[Page, Path],
    failures: list[NotebookFailure],
    folders: Folders,
    *,
    docx: Path | None = None,
) -> dict[Page, Path]:
    """After the pages: keep the failed notebooks and raise, or publish the staging folder
    (the year-end report's Word file unless ``docx`` is written already, its PDF with
    ``params.pdf``, the index, ``results.json``).

    Raises
    ------
    RunFailed
        A notebook failed: the failed notebooks and the logs are kept beside the reports.
    """
    if failures:
        kept = keep_failures(
            folders.parent,
            folders.slug,
            [failure.notebook for failure in failures],
            [folders.stage / "run.log", folders.kernel_log],
        )
        raise RunFailed([(f.notebook.name, f.cell, f.error) for f in failures], str(kept))
    return publish(
        evaluation,
        executed,
        folders.stage,
        params.lang,
        params.disclosure,
        paper=_paper(params),
        docx=docx,
    )


def page_jobs(
    params: RunParameters, plan: Plan, folders: Folders, context: Path
) -> tuple[list[Job], dict[Page, Path]]:
    """One job per page of the plan's report (:func:`planlib.apps.run.make.make_page`: its
    notebook executed on a warm kernel into ``stage/notebooks``, its HTML into ``stage``), and
    where each page's executed notebook goes."""
    notebooks = folders.stage / "notebooks"
    notebooks.mkdir(exist_ok=True)
    report = plan_pages(plan)
    outputs = {page: notebooks / notebook_file(page) for page in report}
    jobs = [
        Job(
            page,
            make_page,
            (
                str(params.notebooks / NOTEBOOKS[page[0]]),
                str(outputs[page]),
                notebook_parameters(page, params, context),
                str(folders.kernel_log),
                str(folders.stage / page_name(*page)),
                page_title(plan, page, params.lang),
                params.lang,
            ),
        )
        for page in report
    ]
    return jobs, outputs


def _make_all(
    jobs: list[Job],
    outputs: dict[Page, Path],
    executor: Executor,
    progress: Callable[[int, int], None] | None,
    word: Job,
) -> tuple[dict[Page, Path], list[NotebookFailure], Path | None]:
    """Make the pages, and the Word file (``word``, first), on ``executor``; the failures come
    in page order."""
    order = [job.key for job in jobs]
    executed: dict[Page, Path] = {}
    failures: list[NotebookFailure] = []
    docx: Path | None = None
    done = 0
    for key, result in executor([word, *jobs]):
        if key == word.key:
            docx = Path(result)
            log.info("wrote %s", docx.name)
            continue
        seconds, error, cell = result
        out = outputs[key]
        if error is None:
            executed[key] = out
            log.info("executed %s in %.1f s", out.name, seconds)
        else:
            failures.append(NotebookFailure(key, out, cell, error))
            log.error("FAILED %s (cell %s): %s", out.name, cell, error)
        done += 1
        if progress:
            progress(done, len(jobs))
    return executed, sorted(failures, key=lambda f: order.index(f.page)), docx


def _check(executor: Executor, params: RunParameters, report: list[Page]) -> None:
    """:func:`~planlib.apps.run.params.check_parameters` on the executor: a worker has papermill
    imported already (importing it here cost the run a second before its first page)."""
    dict(executor([Job("check", check_parameters, (params.notebooks, report, params))]))


@contextmanager
def _executor(params: RunParameters, private: Path) -> Iterator[Executor]:
    """The pages' executor, its kernels booting now; this process's kernel stopped after."""
    warm = Job("warm", kernels.warm, (str(private / "kernels.log"),))
    try:
        with started(params.jobs or os.cpu_count() or 1, warm) as executor:
            yield executor
    finally:
        kernels.shutdown()


@contextmanager
def _run_log(path: Path) -> Iterator[None]:
    """Log the run to ``path`` (``run.log``, published with the internal report)."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        handler.close()
