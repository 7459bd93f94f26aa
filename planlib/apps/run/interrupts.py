"""Ctrl-C and SIGTERM: stop every process of the command, then let the run clean up and say so.

One handler for both signals (:func:`handling_interrupts`, installed by the command line). On
the first signal it stops every descendant of this process at once — the process pool's
workers, the Jupyter kernels (which run in sessions of their own, so a Ctrl-C never reaches
them), a local Dask cluster — and raises :class:`~planlib.core.errors.Interrupted` in the main
thread. The exception unwinds through the run's context managers, which remove the staging
folder and the private temporary folder (with the kernels' connection files); the previous
report was never touched. Pool workers ignore Ctrl-C themselves (:func:`worker_initializer`)
and end with their kernel when the main process dies, even by SIGKILL.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

from planlib.core.errors import Interrupted

__all__ = ["descendants", "handling_interrupts", "stop_descendants", "worker_initializer"]

SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: loggers that report, at exit, the tasks an interrupt left behind (noise, not news)
_NOISY = ("asyncio", "distributed", "tornado", "concurrent.futures", "traitlets")
_PR_SET_PDEATHSIG = 1
_state = {"interrupted": False}


def _children() -> dict[int, list[int]]:
    """Every live process's children, read from ``/proc`` (parent pid -> child pids)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if fields[0] == "Z":  # a zombie: ended, only waiting to be reaped
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def descendants(pid: int | None = None) -> list[int]:
    """The live processes started by ``pid`` (default: this one), children first.

    Parameters
    ----------
    pid
        The ancestor (default :func:`os.getpid`).
    """
    tree = _children()
    found: list[int] = []
    todo = list(tree.get(pid or os.getpid(), []))
    while todo:
        child = todo.pop(0)
        found.append(child)
        todo.extend(tree.get(child, []))
    return found


def stop_descendants() -> list[int]:
    """Kill every descendant of this process; returns their pids.

    They are frozen first (``SIGSTOP``), until no new one appears, so that no worker starts a
    kernel and no kernel is orphaned while the others are being killed.
    """
    stopped: list[int] = []
    spared = _resource_tracker()
    while fresh := [pid for pid in descendants() if pid not in stopped and pid != spared]:
        for pid in fresh:
            _signal(pid, signal.SIGSTOP)
        stopped.extend(fresh)
    for pid in stopped:
        _signal(pid, signal.SIGKILL)
    return stopped


def _resource_tracker() -> int | None:
    """multiprocessing's resource tracker of this process (a Dask cluster starts one).

    It is spared: it runs nothing, ends with this process, and killed it would be started
    again by the clean-up and print tracebacks about the resources it no longer knows.
    """
    from multiprocessing import resource_tracker

    return getattr(resource_tracker._resource_tracker, "_pid", None)


def _signal(pid: int, signum: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signum)


def _handler(signum: int, _frame: FrameType | None) -> None:
    """Stop the run's processes, then raise :class:`Interrupted` (once; later signals wait)."""
    if _state["interrupted"]:
        return
    _state["interrupted"] = True
    for name in _NOISY:
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    stop_descendants()
    raise Interrupted(signum)


@contextmanager
def handling_interrupts() -> Iterator[None]:
    """Turn Ctrl-C and SIGTERM into :class:`Interrupted` after stopping the run's processes.

    Outside the main thread (a test calling the command line from a thread) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    _state["interrupted"] = False
    for signum in SIGNALS:
        signal.signal(signum, _handler)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def worker_initializer() -> None:
    """Set up a pool worker: Ctrl-C is the main process's business; end with the main process.

    The worker ignores ``SIGINT`` (the terminal sends it to the whole process group; the main
    process stops the workers itself), ends on ``SIGTERM`` after killing its kernel, and asks
    Linux to send it ``SIGTERM`` when the main process dies, even by ``SIGKILL``.
    """
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_terminated)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the kernels' own parent check remains
        pass
    if os.getppid() != parent:  # the main process died before prctl
        _worker_terminated(signal.SIGTERM, None)


def _worker_terminated(signum: int, _frame: FrameType | None) -> None:
    """A worker's end on ``SIGTERM``: kill its kernel, exit at once (no clean-up to run)."""
    from planlib.apps import kernels

    kernels.kill()
    os._exit(128 + signum)
