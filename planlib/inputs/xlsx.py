"""Read an ``.xlsx`` workbook: calamine's cells, else openpyxl streaming rows.

The cells are read by python-calamine where it reads them as openpyxl does
(:mod:`planlib.inputs.xlsx_fast`, an order of magnitude faster); any other workbook is read by
openpyxl. Its rows are streamed (read-only mode), so a sheet of millions of rows stops at the
row limit instead of being loaded whole; merged ranges and formulas saved without their value
are not exposed in that mode and are scanned from the sheet's XML instead.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from pathlib import Path

from planlib.core.contract import Table, table_by_key
from planlib.core.errors import Problem
from planlib.core.i18n import texts
from planlib.inputs.layout import HEADER_SEARCH_ROWS, Merge, Row
from planlib.inputs.raw import (
    MAX_ROWS,
    SAMPLE_SHEET,
    Cell,
    ExcelError,
    RawWorkbook,
    UncomputedFormula,
    add_sheet,
    is_sample_sheet,
    sha256_of,
    too_large,
    too_many_rows,
)
from planlib.inputs.xlsx_fast import BARE_FORMULA, MERGE, column_number, read_cells

__all__ = ["MAX_XLSX_UNPACKED_MB", "read_xlsx"]

MAX_XLSX_UNPACKED_MB = 300  # what the zip of an .xlsx may unpack to (zip bombs)


def read_xlsx(path: Path) -> RawWorkbook:
    """Every contract table of an ``.xlsx`` file, and the problems of the file itself."""
    book = RawWorkbook(source=str(path), sha256=sha256_of([path]))
    if problem := too_large(path):
        book.problems.append(problem)
        return book
    reason = _zip_problem(path)
    if reason:
        book.problems.append(Problem("not_xlsx", table_label=path.name, params={"reason": reason}))
        return book
    if _read_fast(book, path):
        return book
    import openpyxl  # heavy: only when a workbook is read

    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        book.problems.append(
            Problem("not_xlsx", table_label=path.name, params={"reason": type(exc).__name__})
        )
        return book
    try:
        for ws in wb.worksheets:
            if ws.title == SAMPLE_SHEET:
                first = next(ws.iter_rows(max_row=1, max_col=1, values_only=True), (None,))
                book.sample = is_sample_sheet(ws.title, first[0] if first else None)
            table = table_by_key(ws.title)
            if table is not None:  # instructions and other extra sheets are ignored
                _read_sheet(book, ws, table, path)
    except Exception as exc:  # in read-only mode a broken sheet part shows when it is read
        book.problems.append(
            Problem("not_xlsx", table_label=path.name, params={"reason": type(exc).__name__})
        )
    finally:
        wb.close()
    return book


def _read_fast(book: RawWorkbook, path: Path) -> bool:
    """Read the workbook's tables with calamine; ``False`` (nothing added) when openpyxl must."""
    limit = MAX_ROWS + HEADER_SEARCH_ROWS
    sheets = read_cells(path, lambda name: table_by_key(name) is not None, limit)
    if sheets is None:
        return False
    for sheet in sheets:
        if sheet.name == SAMPLE_SHEET:
            book.sample = is_sample_sheet(sheet.name, sheet.first_cell)
        table = table_by_key(sheet.name)
        if table is None:
            continue
        if len(sheet.rows) > limit:
            book.problems.append(too_many_rows(table, sheet.name))
            continue
        _mark_uncomputed(sheet.rows, sheet.formulas)
        add_sheet(book, table, sheet.name, sheet.rows, sheet.merges)
    return True


def _zip_problem(path: Path) -> tuple[str, str] | None:
    """Why ``path`` cannot be an .xlsx (not a zip, no workbook part, or a zip bomb).

    The reason in both languages: a parameter the message picks from when formatted.
    """
    if not zipfile.is_zipfile(path):
        return texts("xlsx.not_zip")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        return texts("xlsx.bad_zip")
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        return texts("xlsx.no_workbook")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_XLSX_UNPACKED_MB * 1024 * 1024:
        return texts("xlsx.zip_bomb", limit=MAX_XLSX_UNPACKED_MB)
    return None


def _cell_value(cell: object) -> Cell:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "e":
        return ExcelError(str(value))
    if isinstance(value, dt.datetime):
        fmt = str(getattr(cell, "number_format", "")).lower()
        has_time = "h" in fmt or value.time() != dt.time(0)
        return value if has_time else value.date()
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def _read_sheet(book: RawWorkbook, ws: object, table: Table, path: Path) -> None:
    title = ws.title  # type: ignore[attr-defined]
    merges, formulas = _scan_sheet_xml(path, getattr(ws, "_worksheet_path", ""))
    rows: list[Row] = []
    ws.reset_dimensions()  # type: ignore[attr-defined]  # the stored size may be wrong: read all
    for number, cells in enumerate(ws.iter_rows(), start=1):  # type: ignore[attr-defined]
        values = [_cell_value(cell) for cell in cells]
        if all(v is None or v == "" for v in values):
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
            book.problems.append(too_many_rows(table, title))
            return
    _mark_uncomputed(rows, formulas)
    add_sheet(book, table, title, rows, sorted(merges))


def _mark_uncomputed(rows: list[Row], formulas: set[tuple[int, int]]) -> None:
    """Put a marker where a formula cell has no saved value, so the loader can say so."""
    if not formulas:
        return
    by_row = {number: values for number, values in rows}
    for row, col in formulas:
        values = by_row.get(row)
        if values is None:
            continue
        values.extend([None] * (col - len(values)))
        if values[col - 1] is None:
            values[col - 1] = UncomputedFormula("")


def _scan_sheet_xml(path: Path, member: str) -> tuple[set[Merge], set[tuple[int, int]]]:
    """Merged ranges and value-less formula cells of a sheet, read from its XML.

    Read-only worksheets expose neither. Returns the merged ranges as (first row, first
    column, last row, last column) and the formula cells as (row, column), all 1-based.
    """
    ranges: set[Merge] = set()
    formulas: set[tuple[int, int]] = set()
    with zipfile.ZipFile(path) as archive:
        member = member.lstrip("/")
        if member not in archive.namelist():
            return ranges, formulas
        with archive.open(member) as handle:
            tail = b""
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                data = tail + chunk
                for m in MERGE.finditer(data):
                    ranges.add((int(m[2]), column_number(m[1]), int(m[4]), column_number(m[3])))
                for m in BARE_FORMULA.finditer(data):
                    formulas.add((int(m[2]), column_number(m[1])))
                tail = data[-2048:]  # a tag cut by the chunk boundary is matched next time
    return ranges, formulas
