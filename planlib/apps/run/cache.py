"""The district run's cache: a school whose inputs are unchanged is not run again.

One file per plan folder, ``<out>/<plan-id>/.planlib-cache.json``, outside every published
folder (it holds each school's ``results.json`` document: counts). Its entries are keyed by the
submission's folder and file name; an entry holds the sha256 key of everything the school's report
depends on (the workbook's bytes, the plan file, the run's parameters, planlib's version and
the notebooks' bytes), the folder its report was published in and the results document the
district compiles. A school whose key is unchanged and whose report still exists is reused.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planlib.apps.run.pages import NOTEBOOKS
from planlib.apps.run.params import RunParameters
from planlib.apps.run.submissions import Found, fingerprint

__all__ = ["CACHE_NAME", "Cache", "Cached", "school_key"]

CACHE_NAME = ".planlib-cache.json"
_VERSION = 1


@dataclass(frozen=True)
class Cached:
    """A school's last good report: its key, name, folder (under the plan folder), results."""

    key: str
    name: str
    folder: str
    identity: dict[str, str]
    results: dict[str, Any] | None


def _run_bytes(params: RunParameters, pages: bool) -> bytes:
    """What of the run's parameters a school's report depends on, as stable bytes."""
    from planlib import __version__

    values = {
        "lang": params.lang,
        "disclosure": params.disclosure,
        "as_of": str(params.as_of),
        "report_date": str(params.report_date),
        "directions": params.directions,
        "pdf": params.pdf,
        "pages": pages,
        "version": __version__,
    }
    return json.dumps(values, sort_keys=True).encode()


def school_key(found: Found, params: RunParameters, *, pages: bool = True) -> str:
    """The sha256 key of one school's report (changes when anything it depends on changes).

    Parameters
    ----------
    found
        The submission.
    params
        The district run's parameters (plan file, notebooks, language…).
    pages
        Whether the report's pages are made (``--no-pages`` makes none).
    """
    digest = hashlib.sha256()
    digest.update(fingerprint(found.path).encode())
    digest.update(json.dumps(sorted(found.school)).encode())
    digest.update(_run_bytes(params, pages))
    if params.plan is not None:
        digest.update(Path(params.plan).read_bytes())
    if pages:
        for name in sorted(NOTEBOOKS.values()):
            notebook = params.notebooks / name
            digest.update(notebook.read_bytes() if notebook.exists() else b"-")
    return digest.hexdigest()


class Cache:
    """The cache file of one plan folder (read at the start, written after the run)."""

    def __init__(self, plan_folder: Path) -> None:
        self.path = plan_folder / CACHE_NAME
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(document, dict) and document.get("version") == _VERSION:
            self.entries = dict(document.get("schools") or {})

    @staticmethod
    def _name(found: Found) -> str:
        """A submission's entry: its district folder's name and its own (a district folder
        moved or copied whole keeps its cache; the key still checks every byte)."""
        if found.path is None:
            return "sample"
        path = found.path.resolve()
        return f"{path.parent.name}/{path.name}"

    def get(self, found: Found, key: str) -> Cached | None:
        """The school's last good report when ``key`` is unchanged and its folder still holds
        its index page; else ``None``."""
        entry = self.entries.get(self._name(found))
        if not entry or entry.get("key") != key:
            return None
        folder = entry.get("folder") or ""
        if folder and not (self.path.parent / folder / "index.html").is_file():
            return None
        return Cached(
            key, entry["name"], folder, dict(entry.get("identity") or {}), entry.get("results")
        )

    def put(self, found: Found, cached: Cached) -> None:
        """Remember a school's good report."""
        self.entries[self._name(found)] = {
            "key": cached.key,
            "name": cached.name,
            "folder": cached.folder,
            "identity": cached.identity,
            "results": cached.results,
        }

    def forget(self, found: Found) -> None:
        """Forget a school (its data became invalid or its report failed)."""
        self.entries.pop(self._name(found), None)

    def save(self) -> None:
        """Write the cache atomically (private to the user: it holds counts)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        body = json.dumps({"version": _VERSION, "schools": self.entries}, ensure_ascii=False)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        tmp.replace(self.path)
