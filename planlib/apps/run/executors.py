"""How the jobs of a run are executed: one after another, on a process pool, on a Dask cluster.

What runs is apart from how it runs (ploomber's ``Executor.__call__(dag)``): a :class:`Job` is
a picklable module-level function with its arguments, named by a key; an executor takes jobs
and yields ``(key, result)`` as each one finishes. :class:`Serial` runs them in this process,
:class:`ProcessPool` on local processes (the pages of one school), :class:`Dask` on a Dask
cluster (the schools of a district). :func:`started` gives the executor of one school's
pages with its processes already started, each running a warm-up job first (its kernel boots
while the caller evaluates the workbook).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["Dask", "Executor", "Job", "ProcessPool", "Serial", "executor_for", "started"]


@dataclass(frozen=True)
class Job:
    """One unit of work: ``fn(*args)``, reported under ``key``.

    Parameters
    ----------
    key
        What the job is (a page, a school's position); yielded with its result.
    fn
        A module-level function (pickled to other processes).
    args
        Its positional arguments (picklable).
    """

    key: Hashable
    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()


class Executor(Protocol):
    """Runs jobs and yields ``(key, result)`` as each one finishes, in any order."""

    def __call__(self, jobs: Sequence[Job]) -> Iterator[tuple[Hashable, Any]]:
        """Run ``jobs``; an exception of a job's function propagates to the caller."""
        ...


@dataclass(frozen=True)
class Serial:
    """One job after another, in this process (on a Dask worker, which starts no processes)."""

    def __call__(self, jobs: Sequence[Job]) -> Iterator[tuple[Hashable, Any]]:
        """Run ``jobs`` in order."""
        for job in jobs:
            yield job.key, job.fn(*job.args)


@dataclass(frozen=True)
class ProcessPool:
    """Up to ``workers`` jobs at a time, each in a local worker process.

    The workers ignore Ctrl-C and end with the main process
    (:func:`planlib.apps.run.interrupts.worker_initializer`).

    Parameters
    ----------
    workers
        The largest number of processes (never more than there are jobs).
    """

    workers: int

    def __call__(self, jobs: Sequence[Job]) -> Iterator[tuple[Hashable, Any]]:
        """Run ``jobs`` on a process pool, yielding each as it finishes."""
        if not jobs:
            return
        from planlib.apps.run.interrupts import worker_initializer

        workers = min(self.workers, len(jobs))
        with ProcessPoolExecutor(max_workers=workers, initializer=worker_initializer) as pool:
            yield from _Pooled(pool)(jobs)


@dataclass(frozen=True)
class Dask:
    """Jobs spread over a Dask cluster: a running one, or a local one started for the run.

    Parameters
    ----------
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``), for a province on many
        machines; ``None`` starts a local cluster of ``workers`` processes.
    workers
        Local cluster size (one thread each).
    """

    scheduler: str | None = None
    workers: int = 1

    def __call__(self, jobs: Sequence[Job]) -> Iterator[tuple[Hashable, Any]]:
        """Run ``jobs`` on the cluster, yielding each as it finishes."""
        from distributed import as_completed as completed

        with ExitStack() as stack:
            client = self._client(stack)
            futures = {client.submit(job.fn, *job.args, pure=False): job.key for job in jobs}
            for future in completed(futures):
                yield futures[future], future.result()

    def _client(self, stack: ExitStack) -> Any:
        """A client of the cluster, closed (with a local cluster) when ``stack`` closes."""
        from distributed import Client, LocalCluster

        if self.scheduler:
            return stack.enter_context(Client(self.scheduler))
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
        )
        return stack.enter_context(Client(cluster))


def executor_for(jobs: int) -> Executor:
    """The executor of the pages of one school: serial for one job, else a process pool.

    Parameters
    ----------
    jobs
        How many notebooks may run at once.
    """
    return Serial() if jobs == 1 else ProcessPool(jobs)


@contextmanager
def started(jobs: int, warm: Job | None = None) -> Iterator[Executor]:
    """The executor of :func:`executor_for`, its processes started now, each running ``warm``.

    ``warm`` is what every process does before its first job (start its kernel): it runs in
    this process for one job, in every worker of the pool otherwise. The pool's workers end
    when the context ends.

    Parameters
    ----------
    jobs
        How many jobs may run at once.
    warm
        Run once in each process before its jobs (its result is ignored).
    """
    if jobs == 1:
        if warm is not None:
            warm.fn(*warm.args)
        yield Serial()
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_initialize, initargs=(warm,)) as pool:
        pool.submit(int)  # (fork) every worker starts on the first submission, warming up
        yield _Pooled(pool)


def _initialize(warm: Job | None) -> None:
    from planlib.apps.run.interrupts import worker_initializer

    worker_initializer()
    if warm is not None:
        warm.fn(*warm.args)


@dataclass(frozen=True)
class _Pooled:
    """Jobs on a process pool already started (:func:`started`)."""

    pool: ProcessPoolExecutor

    def __call__(self, jobs: Sequence[Job]) -> Iterator[tuple[Hashable, Any]]:
        """Run ``jobs`` on the pool, yielding each as it finishes."""
        futures = {self.pool.submit(job.fn, *job.args): job.key for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result()
