"""The submissions of a district: one school per workbook file or per folder of CSV files.

A district folder holds what the schools sent: every ``.xlsx``/``.xlsm``/``.xls``/``.ods``/
``.xlsb`` file and every sub-folder holding CSV files is one school's submission. Excel's and
LibreOffice's lock files (``~$…``, ``.~lock…#``), hidden files and any other file are skipped
and named, so that the office sees what was not read. A parameter set's ``schools:`` list gives
the submissions itself; a listed one that is absent on disk is ``missing``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from planlib.core.errors import UsageError
from planlib.core.i18n import t

__all__ = [
    "WORKBOOK_SUFFIXES",
    "Discovered",
    "Found",
    "discover",
    "fingerprint",
    "source_name",
]

#: the spreadsheet files a school may send
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")


@dataclass(frozen=True)
class Found:
    """One school's submission.

    Parameters
    ----------
    path
        The workbook file or the folder of CSV files; ``None`` for the sample school.
    school
        The name a parameter set gives it (overrides the identity sheet).
    missing
        Listed by the parameter set but absent on disk.
    """

    path: Path | None
    school: tuple[tuple[str, str], ...] = ()
    missing: bool = False

    @property
    def source(self) -> str:
        """The file or folder name only (never a path: a path may name a person)."""
        return source_name(self.path)


@dataclass(frozen=True)
class Discovered:
    """What a district folder holds: the submissions, and the file names skipped."""

    found: tuple[Found, ...]
    skipped: tuple[str, ...] = ()


def source_name(path: Path | None) -> str:
    """A submission's file or folder name (``sample`` for the sample school)."""
    return path.name if path is not None else "sample"


def _is_lock_or_hidden(name: str) -> bool:
    return name.startswith(("~$", ".~lock", "."))


def _has_csv(folder: Path) -> bool:
    return any(
        p.suffix.lower() == ".csv" and p.is_file() and not _is_lock_or_hidden(p.name)
        for p in folder.iterdir()
    )


def discover(folder: Path, lang: str = "vi") -> Discovered:
    """The submissions in a district folder, in name order.

    Parameters
    ----------
    folder
        The folder the schools' workbooks were collected in.
    lang
        The language of the messages.

    Raises
    ------
    UsageError
        ``folder`` is missing or not a folder, or holds no submission.
    """
    if not folder.exists():
        raise UsageError(t("run.district.no_folder", lang, path=folder))
    if not folder.is_dir():
        raise UsageError(t("run.district.not_a_folder", lang, path=folder))
    found: list[Found] = []
    skipped: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if _is_lock_or_hidden(entry.name):
            skipped.append(entry.name)
        elif entry.is_dir():
            (found.append(Found(entry)) if _has_csv(entry) else skipped.append(entry.name + "/"))
        elif entry.suffix.lower() in WORKBOOK_SUFFIXES:
            found.append(Found(entry))
        else:
            skipped.append(entry.name)
    if not found:
        raise UsageError(t("run.district.empty", lang, path=folder))
    return Discovered(tuple(found), tuple(skipped))


def fingerprint(path: Path | None) -> str:
    """sha256 of a submission's bytes: the workbook, or every file of the folder (sorted).

    The sample school (``None``) is fingerprinted by planlib's version alone (the caller adds
    it to every key).
    """
    digest = hashlib.sha256()
    if path is None:
        digest.update(b"sample")
    elif path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    else:
        digest.update(path.read_bytes())
    return digest.hexdigest()
