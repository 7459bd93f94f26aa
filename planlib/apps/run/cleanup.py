"""What a killed run left behind, removed by the next run before it starts.

A run stages its report in ``.<slug>.staging-<pid>-…`` beside the published one, renames an
old report aside as ``.<slug>.old-<pid>-…`` while swapping, and keeps its pickled evaluation,
kernel log and kernel connection files in ``planlib-run-<pid>-…`` in the system's temporary
folder. A run killed outright (SIGKILL, a power cut) cannot remove them; the staging folder
holds executed notebooks, i.e. unsuppressed counts. :func:`remove_stale` removes every such
folder whose run has ended: its process is gone, or the pid now belongs to a process started
after the folder was made. A folder of a run still going (two runs at once) is left alone, and
a kernel still running on a stale folder's connection file is killed first.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
from pathlib import Path

__all__ = ["PRIVATE_PREFIX", "private_prefix", "remove_stale", "run_is_alive"]

#: the private temporary folder of a run: ``planlib-run-<pid>-<random>``
PRIVATE_PREFIX = "planlib-run-"
_PID = re.compile(r"\.(?:staging|old)-(\d+)-|^planlib-run-(\d+)-")


def private_prefix() -> str:
    """The prefix of this process's private temporary folder (``planlib-run-<pid>-``)."""
    return f"{PRIVATE_PREFIX}{os.getpid()}-"


def _boot_time() -> float:
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("btime "):
            return float(line.split()[1])
    return 0.0


def _started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), ``None`` if there is none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    if fields[0] == "Z":
        return None
    return _boot_time() + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def run_is_alive(folder: Path) -> bool:
    """Whether the run that made ``folder`` (named with its pid) is still going.

    A folder without a pid (made by an older planlib) counts as alive when it is newer than
    this process, so that it is removed only by a run started after it.
    """
    match = _PID.search(folder.name)
    try:
        made = folder.lstat().st_mtime
    except OSError:
        return True  # gone already
    if match is None:
        started = _started(os.getpid())
        return started is None or made >= started
    pid = int(match.group(1) or match.group(2))
    if pid == os.getpid():
        return True
    started = _started(pid)
    return started is not None and started <= made + 1


def _kill_users(folder: Path) -> None:
    """Kill the processes (orphaned kernels) whose command line names a file of ``folder``."""
    needle = str(folder).encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if needle in command:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(entry.name), signal.SIGKILL)


def remove_stale(parent: Path | None = None) -> list[Path]:
    """Remove what ended runs left: staging and old report folders, private temporary folders.

    Parameters
    ----------
    parent
        The folder of a plan's reports (``outputs/<plan-id>``); ``None`` looks only in the
        temporary folder.

    Returns
    -------
    list of Path
        The folders removed.
    """
    candidates: list[Path] = []
    if parent is not None and parent.is_dir():
        candidates += [*parent.glob(".*.staging-*"), *parent.glob(".*.old-*")]
    temp = Path(tempfile.gettempdir())
    private = [p for p in temp.glob(f"{PRIVATE_PREFIX}*") if _owned(p)]
    removed = []
    for folder in [*candidates, *private]:
        if not folder.is_dir() or run_is_alive(folder):
            continue
        if folder in private:
            _kill_users(folder)
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed


def _owned(folder: Path) -> bool:
    """A temporary folder of this user (another user's runs are theirs to clean)."""
    try:
        return folder.lstat().st_uid == os.getuid()
    except OSError:
        return False
