"""Load a school's workbook: parse every cell by the contract, check it, collect every problem.

:func:`load` is the one entry point: it reads the container (:mod:`planlib.inputs.readers`),
parses each cell by its column's type (:mod:`planlib.inputs.parse`), runs the cross-table checks
of the data contract (:mod:`planlib.inputs.checks`) and either returns a typed :class:`Workbook`
(with its warnings) or raises one :class:`DataError` listing every problem at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from planlib.core.contract import TABLES, normalize_key, table_by_id
from planlib.core.errors import CellError, DataError, Problem, UsageError
from planlib.inputs.checks import canonical_task_ids, run_checks
from planlib.inputs.parse import parse_bool, parse_datetime, parse_number, parse_table
from planlib.inputs.readers import RawWorkbook, read_container, read_rows
from planlib.inputs.roster import add_school_years, children_on, enrolment, school_year_bounds
from planlib.inputs.sample import generate_sample

__all__ = [
    # re-exported for the layers above, which read a workbook through this module
    "CellError",
    "Workbook",
    "children_on",
    "enrolment",
    "load",
    "load_sample",
    "open_workbook",
    "parse_bool",
    "parse_datetime",
    "parse_number",
    "parse_raw",
    "school_year_bounds",
]


@dataclass(frozen=True)
class Workbook:
    """A checked workbook: one typed DataFrame per table that was present.

    Personal data and free text (``full_name``, ``description``, ``support``, titles...) are
    dropped once the workbook is checked: no report, notebook or explorer can show them.

    Each frame has a ``_row`` column (the spreadsheet row the user sees) and one column per
    contract column found in the header; absent optional columns are absent. Date columns are
    ``datetime64``; a ``datetime`` column ``c`` comes with ``c_has_time`` (bool). ``students``
    also carries ``sy_start`` / ``sy_end``, the bounds of the row's school year.
    """

    tables: Mapping[str, pd.DataFrame]
    warnings: tuple[Problem, ...]
    source: str
    sha256: str
    sample: bool = False

    def has(self, table: str, *columns: str) -> bool:
        """Whether ``table`` is present with every one of ``columns``."""
        frame = self.tables.get(table)
        return frame is not None and all(col in frame.columns for col in columns)

    def missing(self, requirements: Mapping[str, Iterable[str]]) -> list[str]:
        """``table`` or ``table.column`` names that are absent, for a ``no_data`` status."""
        out: list[str] = []
        for table, columns in requirements.items():
            if table not in self.tables:
                out.append(table)
                continue
            out += [f"{table}.{col}" for col in columns if col not in self.tables[table].columns]
        return out


def load(
    path: Path | str,
    *,
    today: dt.date | None = None,
    task_ids: Iterable[str] = (),
) -> Workbook:
    """Read, parse and check a workbook.

    Parameters
    ----------
    path
        A folder of ``<table>.csv`` files or an ``.xlsx`` workbook.
    today
        The day the report is run: no date in the workbook may be after it.
    task_ids
        Task ids of the plan; ``tasks.task_id`` must be one of them when given.

    Raises
    ------
    DataError
        With every error and warning found, when there is at least one error.
    """
    return parse_raw(read_container(Path(path)), today=today, task_ids=task_ids)


def load_sample(*, today: dt.date | None = None, task_ids: Iterable[str] = ()) -> Workbook:
    """The bundled synthetic school (:mod:`planlib.inputs.sample`), checked like any workbook."""
    raw = read_rows(generate_sample(), source="sample", sample=True)
    return parse_raw(raw, today=today, task_ids=task_ids)


def open_workbook(
    path: Path | str | None, *, today: dt.date | None = None, task_ids: Iterable[str] = ()
) -> Workbook:
    """The school's workbook at ``path``, or the bundled sample school when ``path`` is ``None``.

    Raises
    ------
    UsageError
        When ``path`` does not exist (a wrong argument, not bad data).
    DataError
        When the workbook breaks the contract.
    """
    if path is None or str(path).strip() == "":
        return load_sample(today=today, task_ids=task_ids)
    if not Path(path).exists():
        raise UsageError(code="not_found", path=str(path))
    return load(path, today=today, task_ids=task_ids)


def parse_raw(
    raw: RawWorkbook, *, today: dt.date | None = None, task_ids: Iterable[str] = ()
) -> Workbook:
    """Parse and check an already-read workbook (see :func:`load`)."""
    today = today or dt.date.today()
    problems = list(raw.problems)
    frames: dict[str, pd.DataFrame] = {}
    labels: dict[tuple[str, str], str] = {}
    for table in TABLES:
        sheet = raw.tables.get(table.id)
        if sheet is None:
            continue
        frame, found = parse_table(sheet, problems)
        labels.update({(table.id, col): header for col, header in found.items()})
        if frame is not None:
            frames[table.id] = frame
    if "students" in frames:
        add_school_years(frames["students"])
    run_checks(frames, problems, today=today, task_ids=tuple(task_ids))
    canonical_task_ids(frames, tuple(task_ids))
    problems = [_labelled(p, raw, labels) for p in problems]
    if any(p.is_error for p in problems):
        raise DataError(problems)
    return Workbook(
        tables={name: _without_private(name, frame) for name, frame in frames.items()},
        warnings=tuple(sorted(problems, key=Problem.sort_key)),
        source=raw.source,
        sha256=raw.sha256,
        sample=raw.sample,
    )


def _without_private(table_id: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Drop names and free text: once checked, nothing downstream may see them."""
    private = [c.id for c in table_by_id(table_id).columns if c.private and c.id in frame.columns]
    return frame.drop(columns=private)


def _labelled(p: Problem, raw: RawWorkbook, labels: dict[tuple[str, str], str]) -> Problem:
    """Attach the table and column names as the user wrote them."""
    if p.table is None or p.table not in raw.tables:
        return p
    sheet = raw.tables[p.table]
    table_label = p.table_label or sheet.label
    if normalize_key(table_label.removesuffix(".csv")) == normalize_key(p.table):
        table_label = None  # written as the id: the message shows the Vietnamese name
    column_label = labels.get((p.table, p.column or ""), p.column_label)
    return Problem(
        p.code,
        p.table,
        p.row,
        p.column,
        p.value,
        p.severity,
        p.params,
        table_label,
        column_label,
    )
