"""Errors raised by planlib: one root, each carrying its context."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from planlib.core.i18n import column_name, is_private, problem_text, t, table_name

__all__ = [
    "CellError",
    "DataError",
    "Interrupted",
    "PlanError",
    "PlanProblem",
    "PlanlibError",
    "Problem",
    "UsageError",
    "format_problem",
]

Severity = Literal["error", "warning"]


class PlanlibError(Exception):
    """Root of every error planlib raises on purpose."""


class Interrupted(BaseException):
    """The user stopped the command (Ctrl-C) or the system asked it to end (SIGTERM).

    Not a :class:`PlanlibError`: like :class:`KeyboardInterrupt` it derives from
    :class:`BaseException`, so that no ``except Exception`` on the way (a notebook's failure
    handler, a library's retry loop) swallows it before the run's clean-up.

    Parameters
    ----------
    signum
        The signal received (``signal.SIGINT`` or ``signal.SIGTERM``).
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """``128 + signal``, the shell's convention: 130 for Ctrl-C, 143 for SIGTERM."""
        return 128 + self.signum


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
        """Every problem, one per line: errors first, then warnings, each marked.

        An error that makes others (a table given twice: the references to it) comes first,
        saying how many follow from it; those come last among the errors.
        """
        errors = self.errors
        causes = [p for p in errors if p.code in CAUSES]
        follow = [p for p in errors if any(_follows(p, cause) for cause in causes)]
        rest = [p for p in errors if p not in causes and p not in follow]
        rest.sort(key=lambda p: p.row is not None)  # what concerns a whole table or file first
        lines = []
        for cause in causes:
            lines.append(_marked(cause, lang))
            if n := sum(_follows(p, cause) for p in follow):
                lines.append(f"  {t('fault.caused_more', lang, n=n)}")
        lines += [_marked(p, lang) for p in (*rest, *follow, *self.warnings)]
        return "\n".join(lines)


#: problems that make others: the code and the codes that follow from it in other tables
CAUSES = {"duplicate_table": ("dangling_ref",)}


def _follows(p: Problem, cause: Problem) -> bool:
    """Whether ``p`` is a consequence of ``cause`` (a reference to the table given twice)."""
    return p.code in CAUSES.get(cause.code, ()) and p.params.get("ref") == cause.table


def _marked(p: Problem, lang: str) -> str:
    mark = t("fault.error_mark" if p.is_error else "fault.warning_mark", lang)
    return f"{mark}: {p.message(lang)}"


@dataclass(frozen=True)
class PlanProblem:
    """One wrong key or value of a plan or parameter file.

    Parameters
    ----------
    path
        Key path as the user reads it (``targets[2].threshold``); ``""`` for the file itself.
    code
        Reason: the message is ``plan.<code>`` of the ``problems`` catalogue.
    params
        Values for the message (the allowed choices, a limit...).
    value
        The offending value as written (``repr``), or ``None``.
    shown_path
        The key path as a message shows it, list items also named by their id
        (``targets[0].threshold (T1.1)``); ``None`` when it is ``path``.
    """

    path: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    value: str | None = None
    shown_path: str | None = None

    def message(self, lang: str = "vi") -> str:
        """The reason in one language, with the offending value when there is one.

        A parameter given as a ``(vi, en)`` pair is the one of ``lang``.
        """
        params = {k: _param(v, lang) for k, v in self.params.items()}
        text = problem_text(f"plan.{self.code}", lang, **params)
        if self.value is None:
            return text
        return f"{text} ({t('plan_got', lang, value=_clip(self.value))})"


class PlanError(PlanlibError):
    """A plan or parameter file is wrong; carries every :class:`PlanProblem` of it.

    ``str(error)`` is the :meth:`report` in ``lang`` (Vietnamese by default).

    Parameters
    ----------
    source
        The file (its path as text).
    problems
        The problems; a ``(key path, text)`` pair is a problem whose text is already written.
    kind
        ``plan`` or ``parameters``: which kind of file (the heading of the message says it).
    lang
        The language of ``str(error)`` (the messages of the command line choose their own).
    """

    def __init__(
        self,
        source: str,
        problems: Iterable[PlanProblem | tuple[str, str]],
        *,
        kind: Literal["plan", "parameters"] = "plan",
        lang: str = "vi",
    ) -> None:
        self.source = source
        self.kind = kind
        self.issues = tuple(
            p if isinstance(p, PlanProblem) else PlanProblem(p[0], "text", {"text": p[1]})
            for p in problems
        )
        super().__init__(self.report(lang))

    @property
    def problems(self) -> list[tuple[str, str]]:
        """``(key path, Vietnamese message)`` pairs; :meth:`pairs` gives another language."""
        return self.pairs("vi")

    def pairs(self, lang: str = "vi") -> list[tuple[str, str]]:
        """``(key path, message)`` of every problem, in ``lang``."""
        return [(p.path, p.message(lang)) for p in self.issues]

    def message(self, lang: str = "vi") -> str:
        """Same as :meth:`report`: every problem, one per line, in ``lang``."""
        return self.report(lang)

    def report(self, lang: str = "vi") -> str:
        """``<file>: <key path>: <reason>``, one line per problem, in ``lang``.

        The key path also names list items by their id (``targets[0].threshold (T1.1)``).
        """
        return "\n".join(
            f"{self.source}: {path}: {p.message(lang)}"
            if path
            else f"{self.source}: {p.message(lang)}"
            for p in self.issues
            for path in [p.shown_path or p.path]
        )


class UsageError(PlanlibError):
    """The command was called wrongly (a missing file, an unknown id).

    Either ``code`` (the message ``usage.<code>`` of the ``problems`` catalogue, filled with
    ``params``) or a text already written. ``str(error)`` is the Vietnamese message.
    """

    def __init__(self, text: str = "", /, *, code: str = "", **params: object) -> None:
        self.text = text
        self.code = code
        self.params = params
        super().__init__(self.message("vi"))

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang``."""
        if not self.code:
            return self.text
        return problem_text(f"usage.{self.code}", lang, **self.params)


class CellError(PlanlibError):
    """A cell that does not parse; ``code`` keys its message, ``params`` fill it in."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _table_part(p: Problem, lang: str) -> str:
    if p.table is None:
        return p.table_label or ""
    return f"{p.table_label or table_name(p.table, lang)} ({p.table})"


def _column_part(p: Problem, lang: str) -> str:
    label = p.column_label
    if not label or label == p.column:
        label = column_name(p.table or "", p.column or "", lang)
    return f"{t('column', lang)} {label} ({p.column})"


def format_problem(p: Problem, lang: str = "vi") -> str:
    """One line naming table, row, column and value, then what is wrong, in plain words.

    A value from a personal-data column is never shown.

    Examples
    --------
    >>> format_problem(Problem("duplicate_id", "students", 5, "student_id", "B02",
    ...                        params={"other": 3}, column_label="Mã học sinh"))
    'Học sinh (students), dòng 5, cột Mã học sinh (student_id): "B02" trùng với dòng 3'
    """
    parts = [_table_part(p, lang)]
    if p.row is not None:
        parts.append(f"{t('row', lang)} {p.row}")
    if p.column is not None:
        parts.append(_column_part(p, lang))
    where = ", ".join(part for part in parts if part)
    text = problem_text(p.code, lang, **{k: _param(v, lang) for k, v in p.params.items()})
    if is_private(p.table or "", p.column or "") and p.value is not None:
        text = f"{t('hidden_value', lang)} {text}"
    elif p.value is not None:
        text = f'"{_clip(p.value)}" {text}'
    return f"{where}: {text}" if where else text


def _param(value: object, lang: str) -> object:
    if isinstance(value, tuple) and len(value) == 2:  # a (vi, en) pair
        return value[1] if lang == "en" else value[0]
    return value


def _clip(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ").replace("\r", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"


class RunFailed(PlanlibError):
    """Some notebooks of a run failed; nothing was published, the previous report is untouched.

    Parameters
    ----------
    failures
        One ``(notebook file name, cell index or None, error)`` per failed notebook, in page
        order; the cell is ``None`` when the notebook failed before its first cell ran.
    kept
        The folder that keeps the failed notebooks and the logs, outside the published one.
    """

    def __init__(self, failures: list[tuple[str, int | None, str]], kept: str) -> None:
        self.failures = list(failures)
        self.kept = kept
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        """How many notebooks failed and where they are kept, then one line per notebook."""
        lines = [t("run.notebooks_failed", lang, n=len(self.failures), kept=self.kept)]
        for notebook, cell, error in self.failures:
            where = t("run.cell", lang, n=cell) if cell is not None else t("run.start_up", lang)
            lines.append(f"{notebook} ({where}): {error}")
        return "\n".join(lines)
