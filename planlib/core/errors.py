"""Errors raised by planlib: one root, each carrying its context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["DataError", "PlanError", "PlanlibError", "Problem", "UsageError"]

Severity = Literal["error", "warning"]


class PlanlibError(Exception):
    """Root of every error planlib raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a workbook.

    Parameters
    ----------
    code
        Machine-readable reason, also the key of its message in :mod:`planlib.core.i18n`.
    table
        Table id (``students``) or ``None`` for a problem with the container itself.
    row
        Row number as the user sees it (spreadsheet row, header counted), or ``None``.
    column
        Column id, or ``None``.
    value
        The offending value as text; ``None`` when there is none or it must not be shown.
    severity
        ``"error"`` stops the evaluation, ``"warning"`` goes to the data-quality section.
    params
        Extra values for the message (other row numbers, limits...).
    table_label, column_label
        The table and column as the user wrote them (sheet name, header text).
    """

    code: str
    table: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"
    params: dict[str, object] = field(default_factory=dict)
    table_label: str | None = None
    column_label: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.table or "", self.row or 0, self.column or "", self.code)

    def message(self, lang: str = "vi") -> str:
        """The one-line message naming table, row, column and value."""
        from planlib.core.i18n import format_problem

        return format_problem(self, lang)

    def to_dict(self, lang: str = "vi") -> dict[str, object]:
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message(lang),
        }


class DataError(PlanlibError):
    """A workbook breaks the data contract; carries every problem found, all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(f"{sum(p.is_error for p in self.problems)} problem(s) in the workbook")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def report(self, lang: str = "vi") -> str:
        """Every problem, one per line, errors first."""
        return "\n".join(p.message(lang) for p in (*self.errors, *self.warnings))


class PlanError(PlanlibError):
    """A plan or parameter file is wrong; ``problems`` are ``(key path, message)`` pairs."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [
            f"{source}: {path}: {msg}" if path else f"{source}: {msg}" for path, msg in problems
        ]
        super().__init__("\n".join(lines))


class UsageError(PlanlibError):
    """The command was called wrongly (a missing file, an unknown id)."""
