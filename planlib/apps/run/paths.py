"""The folders a run writes: checked before it starts, their OS errors in plain words.

:func:`path_error` is the one place that turns an :class:`OSError` on a path (a read-only
``--out``, one under a file, ``/dev/null``, a full disk) into a usage error naming the path;
the command line routes every such error through it (exit code 2).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from planlib.core.errors import UsageError

__all__ = ["check_output_folder", "path_error", "published_mode"]

#: errno -> the reason's key in the catalogue (``fault.path.<key>``)
_REASONS = {
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EROFS: "read_only",
    errno.ENOTDIR: "not_a_directory",
    errno.EISDIR: "is_a_directory",
    errno.EEXIST: "not_a_directory",
    errno.ENOENT: "missing",
    errno.ENOSPC: "no_space",
    errno.EDQUOT: "no_space",
    errno.ENAMETOOLONG: "too_long",
}


def path_error(exc: OSError) -> UsageError:
    """The usage error of an OS error on a path: the path, and why, in plain words.

    Parameters
    ----------
    exc
        The error; its ``filename`` is the path named (else the message names none).
    """
    reason = _REASONS.get(exc.errno or 0, "other")
    path = exc.filename if exc.filename is not None else ""
    return UsageError(
        code=f"path.{reason}", path=os.fsdecode(path), detail=exc.strerror or type(exc).__name__
    )


def check_output_folder(out: Path) -> None:
    """Make sure reports can be written under ``out`` before anything runs.

    Raises
    ------
    UsageError
        ``out`` is a file, lies under a file, or cannot be created or written to.
    """
    try:
        if out.exists() and not out.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
        out.mkdir(parents=True, exist_ok=True)
        if not os.access(out, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(out))
    except OSError as exc:
        raise path_error(exc) from None


def published_mode() -> int:
    """The mode of a published report folder: ``0o777`` less the user's umask (not 0700)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return 0o777 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # read it the portable way, and put it back
    os.umask(mask)
    return 0o777 & ~mask
