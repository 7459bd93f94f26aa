"""One school's run: evaluate once, execute every page's notebook, publish atomically.

The evaluation is made once and pickled to a private temporary folder for the notebooks;
the notebooks run on an executor (:mod:`planlib.apps.run.executors`) on warm, reset kernels
(:mod:`planlib.apps.kernels`); a failed notebook does not stop the others, but nothing is
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
from planlib.apps.run.executors import Job, executor_for
from planlib.apps.run.pages import NOTEBOOKS, Page, notebook_file, pages
from planlib.apps.run.paper import Paper
from planlib.apps.run.params import RunParameters, check_parameters, notebook_parameters
from planlib.apps.run.publish import keep_failures, publish, school_slug, staging, swap
from planlib.core.errors import RunFailed
from planlib.evaluation.evaluate import Evaluation
from planlib.present.context import save_context

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
    started = time.perf_counter()
    evaluation = evaluation or evaluate_school(params)
    plan_pages = pages(evaluation)
    check_parameters(params.notebooks, plan_pages, params)
    slug = school_slug(
        evaluation.school.get("name", ""),
        sample=evaluation.workbook.sample,
        disclosure=params.disclosure,
    )
    parent = params.out / evaluation.plan.id
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale(parent)  # what a killed run left (planlib.apps.run.cleanup)
    private = tempfile.TemporaryDirectory(prefix=private_prefix(), ignore_cleanup_errors=True)
    with staging(parent, slug) as stage, private as tmp:
        folders = Folders(parent, slug, stage, Path(tmp))
        with _run_log(stage / "run.log"):
            log.info(
                "planlib run: plan %s, %d pages, lang %s, disclosure %s",
                evaluation.plan.id,
                len(plan_pages),
                params.lang,
                params.disclosure,
            )
            written = _execute_and_publish(params, evaluation, plan_pages, folders, progress)
            log.info("done in %.1f s", time.perf_counter() - started)
        target = parent / slug
        swap(stage, target)
    return RunResult(
        folder=target,
        index=target / "index.html",
        pages={page: target / path.name for page, path in written.items()},
        seconds=time.perf_counter() - started,
    )


def _execute_and_publish(
    params: RunParameters,
    evaluation: Evaluation,
    plan_pages: list[Page],
    folders: Folders,
    progress: Callable[[int, int], None] | None,
) -> dict[Page, Path]:
    """Execute every page's notebook into the staging folder, then publish it there."""
    context = save_context(evaluation, folders.private / "evaluation.pickle")
    executed, failures = _execute_all(params, plan_pages, folders, context, progress)
    return finish(params, evaluation, executed, failures, folders)


def finish(
    params: RunParameters,
    evaluation: Evaluation,
    executed: dict[Page, Path],
    failures: list[NotebookFailure],
    folders: Folders,
) -> dict[Page, Path]:
    """After the notebooks: keep the failed ones and raise, or write the HTML into the staging
    folder (and the year-end report's Word file, and its PDF with ``params.pdf``).

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
    paper = Paper(pdf=params.pdf, report_date=params.report_date, directions=params.directions)
    return publish(evaluation, executed, folders.stage, params.lang, params.disclosure, paper=paper)


def page_jobs(
    params: RunParameters, plan_pages: list[Page], folders: Folders, context: Path
) -> tuple[list[Job], dict[Page, Path]]:
    """One job per page (its notebook executed on a warm kernel into ``stage/notebooks``),
    and where each page's executed notebook goes."""
    notebooks = folders.stage / "notebooks"
    notebooks.mkdir(exist_ok=True)
    outputs = {page: notebooks / notebook_file(page) for page in plan_pages}
    jobs = [
        Job(
            page,
            kernels.execute,
            (
                str(params.notebooks / NOTEBOOKS[page[0]]),
                str(outputs[page]),
                notebook_parameters(page, params, context),
                str(folders.kernel_log),
            ),
        )
        for page in plan_pages
    ]
    return jobs, outputs


def _execute_all(
    params: RunParameters,
    plan_pages: list[Page],
    folders: Folders,
    context: Path,
    progress: Callable[[int, int], None] | None,
) -> tuple[dict[Page, Path], list[NotebookFailure]]:
    """Execute the notebooks, ``params.jobs`` at a time; the failures come in page order."""
    jobs, outputs = page_jobs(params, plan_pages, folders, context)
    executed: dict[Page, Path] = {}
    failures: list[NotebookFailure] = []
    with _warm_kernels():
        executor = executor_for(params.jobs or os.cpu_count() or 1)
        for done, (page, (seconds, error, cell)) in enumerate(executor(jobs), start=1):
            out = outputs[page]
            if error is None:
                executed[page] = out
                log.info("executed %s in %.1f s", out.name, seconds)
            else:
                failures.append(NotebookFailure(page, out, cell, error))
                log.error("FAILED %s (cell %s): %s", out.name, cell, error)
            if progress:
                progress(done, len(jobs))
    return executed, sorted(failures, key=lambda f: plan_pages.index(f.page))


@contextmanager
def _warm_kernels() -> Iterator[None]:
    """Stop this process's warm kernel afterwards (the serial executor starts one here)."""
    try:
        yield
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
