"""One school through a district run: its submission, parameters, cache key, folders, outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planlib.apps.run.cache import Cached
from planlib.apps.run.params import RunParameters
from planlib.apps.run.school import Folders
from planlib.apps.run.submissions import Found

__all__ = ["SchoolRun"]


@dataclass
class SchoolRun:
    """One submission through the run: its parameters, cache key, folders and outcome."""

    index: int
    found: Found
    params: RunParameters
    key: str = ""
    cached: Cached | None = None
    folders: Folders | None = None
    outcome: dict[str, Any] = field(default_factory=dict)

    @property
    def context(self) -> str | None:
        """The pickled evaluation the school's notebooks read (``None`` without pages)."""
        return str(self.folders.private / "evaluation.pickle") if self.folders else None

    @property
    def fallback_name(self) -> str:
        """The name of a school whose identity names none: the parameter set's, else its file
        or folder name."""
        given = dict(self.found.school).get("name")
        if given:
            return given
        path = self.found.path
        return path.stem if path is not None and path.is_file() else self.found.source
