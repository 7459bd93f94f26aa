"""A district run: every school's report and the district's compiled report, on Dask.

Pages are scheduled, not schools: each school's evaluation is a task, each page of each school
a task that depends on it, publishing a school a task after its pages
(:mod:`planlib.apps.run.tasks`), so that every worker (one thread, one warm kernel each) stays
busy to the end. Evaluations go first, the biggest schools' pages before the others'. A school
whose data is invalid or whose notebook fails never stops the others and keeps its previous
report. A school whose inputs are unchanged since its last good report is reused
(:mod:`planlib.apps.run.cache`); the district report is always rebuilt
(:mod:`planlib.apps.run.district_report`).

Outputs: ``<out>/<plan-id>/<district>/`` with ``index.html`` (the district report),
``district.json``, ``district.docx`` (``district.pdf`` with ``--pdf``) and one folder per school
as ``planlib run`` writes it; a public run writes ``<district>-cong-khai/``, without
``district.json``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planlib.apps.run.cache import Cache, Cached, school_key
from planlib.apps.run.cleanup import private_prefix, remove_stale
from planlib.apps.run.pages import Page, plan_pages
from planlib.apps.run.params import RunParameters, SchoolEntry, check_parameters
from planlib.apps.run.publish import school_slug, staging
from planlib.apps.run.school import Folders
from planlib.apps.run.schoolrun import SchoolRun
from planlib.apps.run.submissions import Found, discover
from planlib.apps.run.tasks import evaluate_task, page_task, publish_task
from planlib.core.errors import UsageError
from planlib.core.i18n import t
from planlib.inputs.plan import Plan

__all__ = ["DistrictOptions", "DistrictResult", "SchoolRun", "run_district", "run_folder"]

#: the progress callback: pages done, pages in all, the school of the last page
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DistrictOptions:
    """How a district run runs.

    Parameters
    ----------
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``); ``None`` starts a local
        cluster of ``workers`` processes.
    workers
        Local cluster size (default: the parameter set's ``jobs``, else the cores).
    pages
        Make every school's report (``False``: ``--no-pages``, the district report only).
    name
        The district's name when the schools' identities do not agree on one.
    """

    scheduler: str | None = None
    workers: int | None = None
    pages: bool = True
    name: str = ""


@dataclass(frozen=True)
class DistrictResult:
    """How a district run ended: where its report is, each school's outcome, how many reused."""

    folder: Path
    index: Path | None
    schools: tuple[SchoolRun, ...]
    reused: int
    skipped: tuple[str, ...] = ()

    def count(self, status: str) -> int:
        """How many schools ended with ``status`` (``ok``, ``invalid``, ``failed``…)."""
        return sum(s.outcome.get("status") == status for s in self.schools)


def run_folder(
    folder: Path,
    params: RunParameters,
    options: DistrictOptions | None = None,
    progress: Progress | None = None,
) -> DistrictResult:
    """``planlib district FOLDER``: every submission in ``folder`` (:func:`discover`)."""
    options = options or DistrictOptions()
    discovered = discover(folder, params.lang)
    name = options.name or folder.resolve().name
    result = _run(list(discovered.found), params, _with_name(options, name), progress)
    return DistrictResult(
        result.folder, result.index, result.schools, result.reused, discovered.skipped
    )


def run_district(
    params: RunParameters,
    options: DistrictOptions | None = None,
    progress: Progress | None = None,
) -> DistrictResult:
    """``planlib run district.yaml``: the schools its ``schools:`` list names (absent ones are
    ``missing``), through the same engine as :func:`run_folder`."""
    if not params.schools:
        raise UsageError(t("run.no_schools", params.lang))
    found = [_found(entry) for entry in params.schools]
    options = options or DistrictOptions()
    return _run(found, params, _with_name(options, options.name or "district"), progress)


def _with_name(options: DistrictOptions, name: str) -> DistrictOptions:
    return DistrictOptions(options.scheduler, options.workers, options.pages, name)


def _found(entry: SchoolEntry) -> Found:
    missing = entry.data is not None and not entry.data.exists()
    return Found(entry.data, tuple(sorted(entry.school.items())), missing=missing)


def _run(
    found: list[Found], params: RunParameters, options: DistrictOptions, progress: Progress | None
) -> DistrictResult:
    """Evaluate, make and publish every school not reused; then the district report."""
    from planlib.apps.run.district_report import district_identity, write_district
    from planlib.evaluation.session import open_plan

    plan = open_plan(params.plan)
    pages = plan_pages(plan) if options.pages else []
    if pages:
        check_parameters(params.notebooks, pages, params)
    plan_dir = params.out / plan.id
    plan_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(plan_dir)
    cache = Cache(plan_dir)
    schools = _schools(found, params, cache, options.pages)
    with ExitStack() as stack:
        private = Path(
            stack.enter_context(
                tempfile.TemporaryDirectory(prefix=private_prefix(), ignore_cleanup_errors=True)
            )
        )
        client = stack.enter_context(_client(options, params))
        # the kernels boot while the schools are evaluated (the district report is a
        # notebook too, even without the schools' pages)
        kernel_workers = _start_kernels(client, private / "kernels.log", every=bool(pages))
        todo = [s for s in schools if s.cached is None and not s.found.missing]
        for school in todo if pages else []:
            stage = stack.enter_context(staging(plan_dir, f"school{school.index}"))
            school.folders = Folders(plan_dir, "", stage, private / f"school{school.index}")
            school.folders.private.mkdir()
        run = _Scheduled(client, todo, params, plan, pages, progress)
        run.evaluate()
        identity = district_identity(schools, options.name)
        folder = plan_dir / school_slug(identity["name"], disclosure=params.disclosure)
        run.publish(folder, _taken(schools))
        _remember(cache, schools, plan_dir)
        cache.save()  # the schools' reports stand even if the district report fails
        index = write_district(
            client, plan, schools, identity, folder, params, private, kernel_workers
        )
        _stop_kernels(client)
    reused = sum(s.cached is not None for s in schools)
    return DistrictResult(folder, index, tuple(schools), reused)


def _schools(
    found: list[Found], params: RunParameters, cache: Cache, pages: bool
) -> list[SchoolRun]:
    """The submissions with their parameters; an unchanged one's last good report."""
    schools = []
    for index, item in enumerate(found):
        entry = SchoolEntry(data=item.path, school=dict(item.school))
        school = SchoolRun(index, item, params.for_school(entry))
        if item.missing:
            school.outcome = {"status": "missing", "errors": 0}
        else:
            school.key = school_key(item, params, pages=pages)
            school.cached = cache.get(item, school.key)
            if school.cached is not None:
                school.outcome = _reused(school.cached)
        schools.append(school)
    return schools


def _reused(cached: Cached) -> dict[str, Any]:
    return {
        "status": "ok",
        "name": cached.name,
        "identity": cached.identity,
        "results": cached.results,
        "folder_name": cached.folder,
        "reused": True,
    }


def _taken(schools: list[SchoolRun]) -> set[str]:
    """The school folders the reused schools keep (a new school's slug must differ)."""
    return {Path(s.cached.folder).name for s in schools if s.cached and s.cached.folder}


def _remember(cache: Cache, schools: list[SchoolRun], plan_dir: Path) -> None:
    """Remember every school that ended well; forget the others."""
    for school in schools:
        if school.cached is not None or school.found.missing:
            continue
        outcome = school.outcome
        if outcome.get("status") != "ok":
            cache.forget(school.found)
            continue
        folder = outcome.get("folder")
        relative = Path(folder).relative_to(plan_dir).as_posix() if folder else ""
        outcome["folder_name"] = relative
        cached = Cached(
            school.key, outcome["name"], relative, outcome["identity"], outcome["results"]
        )
        cache.put(school.found, cached)


class _Scheduled:
    """The Dask futures of a run: evaluations, pages, publications, and the progress bar."""

    def __init__(
        self,
        client: Any,
        todo: list[SchoolRun],
        params: RunParameters,
        plan: Plan,
        pages: list[Page],
        progress: Progress | None,
    ) -> None:
        self.client, self.todo, self.params, self.pages = client, todo, params, pages
        self.plan = plan
        self.progress = progress
        order = sorted(todo, key=lambda s: -_size(s.found.path))
        self.rank = {school.index: rank for rank, school in enumerate(order)}
        self.evaluations = {
            s.index: client.submit(
                evaluate_task,
                s.params,
                s.fallback_name,
                s.context if pages else None,
                pure=False,
                priority=1_000_000 - self.rank[s.index],
            )
            for s in todo
        }
        self.page_futures = {s.index: self._submit_pages(s) for s in todo} if pages else {}

    def _submit_pages(self, school: SchoolRun) -> list[tuple[Page, Any]]:
        from planlib.apps.run.school import page_jobs

        assert school.folders is not None and school.context is not None
        jobs, _ = page_jobs(school.params, self.plan, school.folders, Path(school.context))
        evaluated = self.evaluations[school.index]
        priority = 1000 * (len(self.todo) - self.rank[school.index])
        return [
            (
                job.key,
                self.client.submit(
                    page_task, evaluated, job.args, pure=False, priority=priority - n
                ),
            )
            for n, job in enumerate(jobs)
        ]

    def evaluate(self) -> None:
        """Wait for every evaluation (pages start meanwhile on the free workers)."""
        for school in self.todo:
            school.outcome = self.evaluations[school.index].result()

    def publish(self, folder: Path, taken: set[str]) -> None:
        """Publish every school into ``folder`` after its pages, with the progress bar."""
        from distributed import as_completed

        if not self.pages:
            return
        publications = {}
        for school in self.todo:
            target = folder / _unique(_slug(school, self.params), taken)
            done = [(page, future) for page, future in self.page_futures[school.index]]
            publications[school.index] = self.client.submit(
                _publish_after,
                self.evaluations[school.index],
                [page for page, _ in done],
                [future for _, future in done],
                school.params,
                school.folders,
                school.context,
                str(target),
                pure=False,
                priority=10_000_000,
            )
        owner = {f: s for s in self.todo for _, f in self.page_futures[s.index]}
        total = sum(len(v) for v in self.page_futures.values())
        for count, future in enumerate(as_completed(list(owner)), start=1):
            if self.progress:
                self.progress(count, total, owner[future].outcome.get("name", ""))
        for school in self.todo:
            school.outcome = publications[school.index].result()


def _publish_after(
    evaluated: dict, pages: list[Page], results: list, params, folders, context, target
) -> dict:
    """:func:`publish_task` with its pages' results paired (Dask resolves the futures)."""
    from planlib.apps.run.school import Folders as _Folders

    real = _Folders(folders.parent, Path(target).name, folders.stage, folders.private)
    return publish_task(
        evaluated, list(zip(pages, results, strict=True)), params, real, context, target
    )


def _slug(school: SchoolRun, params: RunParameters) -> str:
    outcome = school.outcome
    return school_slug(
        outcome.get("name") or school.fallback_name,
        sample=bool(outcome.get("sample")),
        disclosure=params.disclosure,
    )


def _unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… when another school of the district has it."""
    name, n = slug, 1
    while name in taken:
        n += 1
        name = f"{slug}-{n}"
    taken.add(name)
    return name


def _size(path: Path | None) -> int:
    """A submission's size in bytes (bigger schools' pages are scheduled first)."""
    if path is None:
        return 0
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


@contextmanager
def _client(options: DistrictOptions, params: RunParameters) -> Iterator[Any]:
    """A Dask client: of the scheduler at ``options.scheduler``, else of a local cluster."""
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if options.scheduler:
        with Client(options.scheduler, timeout="20s") as client:
            yield client
        return
    workers = options.workers or params.jobs or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # no dashboard; its HTTP server on a free port, not 8787 (another cluster's)
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _start_kernels(client: Any, kernel_log: Path, *, every: bool) -> list[str] | None:
    """Start the warm kernels now (:func:`planlib.apps.kernels.prestart`): every worker's when
    the schools' pages are made, else one worker's, for the district report alone (a kernel
    booting costs the evaluations a core for a second).

    Returns
    -------
    list or None
        The one worker's address; ``None`` when every worker has a kernel.
    """
    from planlib.apps import kernels

    if every:
        client.run(kernels.prestart, str(kernel_log))
        return None
    first = sorted(client.scheduler_info()["workers"])[:1]
    client.run(kernels.prestart, str(kernel_log), workers=first)
    return first


def _stop_kernels(client: Any) -> None:
    """Stop every worker's warm kernel (workers of an external cluster live on)."""
    from planlib.apps import kernels

    client.run(kernels.shutdown)
