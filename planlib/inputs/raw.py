"""Raw tables: what a reader found in a container, before any value is interpreted.

Every reader (CSV, xlsx, xls/ods/xlsb) hands the non-empty rows of a sheet and its merged
ranges to :func:`add_sheet`, which finds the table in them the way a school lays out its lists
(:mod:`planlib.inputs.layout`) and keeps what it understood for ``planlib validate``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planlib.core.contract import Table
from planlib.core.errors import Problem
from planlib.inputs.derive import derive_columns
from planlib.inputs.layout import Layout, Merge, Row, locate

__all__ = [
    "MAX_FILE_MB",
    "MAX_ROWS",
    "Cell",
    "ExcelError",
    "RawTable",
    "RawWorkbook",
    "UncomputedFormula",
    "add_sheet",
    "failed",
    "sha256_of",
    "too_large",
]

MAX_FILE_MB = 50  # one CSV file or one workbook on disk
MAX_ROWS = 200_000  # rows in one table

Cell = object  # str, int, float, bool, date, datetime or None


class ExcelError(str):
    """A cell holding an Excel error value such as ``#REF!``."""


class UncomputedFormula(str):
    """A formula cell that was saved without its value (written by a program, not Excel)."""


@dataclass
class RawTable:
    """One table as found: where it came from, its header and its data rows."""

    table: Table
    label: str  # sheet name or file name as the user wrote it
    header_row: int  # spreadsheet row of the header (its last row, for a two-row header)
    header: list[str]
    rows: list[tuple[int, list[Cell]]]  # (spreadsheet row, cells)
    #: the header cells merged across columns that hide a column holding data ("B1:C1"), or ""
    merged_header: str = ""
    layout: Layout = field(default_factory=Layout)


#: the first line of a sample folder's marker file and the first cell of a sample workbook's
#: marker sheet (:data:`SAMPLE_SHEET`): a report made from either is marked DỮ LIỆU MẪU
SAMPLE_SIGNATURE = "planlib-sample/1"
#: the visible sheet a workbook of sample data carries (``planlib template --sample``, the
#: district sample); deleting the sheet, or editing its first cell, unmarks it, on purpose
SAMPLE_SHEET = "DU_LIEU_MAU"


def is_sample_sheet(name: str, first_cell: object) -> bool:
    """Whether a sheet is the sample-data marker: its name and its A1 cell say so."""
    return (
        name == SAMPLE_SHEET
        and isinstance(first_cell, str)
        and (first_cell.strip() == SAMPLE_SIGNATURE)
    )


@dataclass
class RawWorkbook:
    """All tables of a container, plus the problems of the container itself."""

    source: str
    sha256: str
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sample: bool = False


def failed(path: Path, problem: Problem) -> RawWorkbook:
    """A container that could not be read at all."""
    return RawWorkbook(source=str(path), sha256="", problems=[problem])


def sha256_of(files: Iterable[Path]) -> str:
    """The digest of the files' names and bytes (``results.json`` names the data by it)."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def too_large(path: Path) -> Problem | None:
    """A problem when ``path`` is over :data:`MAX_FILE_MB`."""
    size = path.stat().st_size
    if size > MAX_FILE_MB * 1024 * 1024:
        return Problem(
            "too_large",
            table_label=path.name,
            params={"size": round(size / 1024 / 1024), "limit": MAX_FILE_MB},
        )
    return None


def too_many_rows(table: Table, label: str) -> Problem:
    """The problem of a sheet over :data:`MAX_ROWS` rows."""
    return Problem("too_many_rows", table.id, table_label=label, params={"limit": MAX_ROWS})


def _expected(table: Table) -> str:
    return ", ".join(c.vi for c in table.columns if c.required) or ", ".join(
        c.vi for c in table.columns
    )


def _cell_name(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _hidden_by_merge(
    header: Sequence[str], data: Sequence[Row], header_rows: Sequence[int], merges
) -> str:
    """The header cells merged across columns that hide the name of a column holding data."""
    for first_row, first_col, last_row, last_col in merges:
        if first_col == last_col or not any(first_row <= r <= last_row for r in header_rows):
            continue
        for col in range(first_col + 1, last_col + 1):
            unnamed = col > len(header) or not header[col - 1]
            if unnamed and any(col <= len(c) and c[col - 1] not in (None, "") for _, c in data):
                return f"{_cell_name(first_row, first_col)}:{_cell_name(last_row, last_col)}"
    return ""


def add_sheet(
    book: RawWorkbook, table: Table, label: str, rows: list[Row], merges: Sequence[Merge] = ()
) -> None:
    """Find ``table`` in a sheet's non-empty rows and add it to the workbook.

    An empty sheet, a sheet whose header cannot be found, or a second sheet of the same
    table is a problem of the workbook; warnings about skipped rows go with it.
    """
    if not rows:
        book.problems.append(Problem("empty_table", table.id, table_label=label))
        return
    found = locate(table, label, rows, merges)
    if found is None:
        book.problems.append(
            Problem(
                "header_not_found",
                table.id,
                table_label=label,
                params={"expected": _expected(table)},
            )
        )
        return
    header_row, header, data, layout, warnings = found
    if len(data) > MAX_ROWS:
        book.problems.append(too_many_rows(table, label))
        return
    book.problems.extend(warnings)
    merged = _hidden_by_merge(header, data, layout.header_rows, merges)
    if not merged:  # a broken header is said as it is, not patched up from other columns
        book.problems.extend(derive_columns(table, label, header, data, layout))
    _add_table(book, RawTable(table, label, header_row, header, data, merged, layout))


def _add_table(book: RawWorkbook, raw: RawTable) -> None:
    existing = book.tables.get(raw.table.id)
    if existing is not None:
        book.problems.append(
            Problem(
                "duplicate_table",
                raw.table.id,
                table_label=raw.label,
                params={"first": existing.label, "second": raw.label},
            )
        )
        return
    book.tables[raw.table.id] = raw
