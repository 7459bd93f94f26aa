"""Read a workbook container (a folder of CSV files, or one .xlsx) into raw tables.

Nothing here interprets values: it finds the tables, their header row and their cells, and
reports problems with the container itself (encoding, size, a file that is not what it claims).
The user's files are only ever read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from planlib.core.contract import Table, normalize_key, table_by_key
from planlib.core.errors import Problem
from planlib.core.i18n import texts

__all__ = [
    "MAX_FILE_MB",
    "MAX_ROWS",
    "ExcelError",
    "RawTable",
    "RawWorkbook",
    "UncomputedFormula",
    "decode_bytes",
    "match_header",
    "read_container",
    "read_rows",
]

MAX_FILE_MB = 50  # one CSV file or one .xlsx on disk
MAX_XLSX_UNPACKED_MB = 300  # what the zip of an .xlsx may unpack to (zip bombs)
MAX_ROWS = 200_000  # rows in one table

Cell = object  # str, int, float, bool, date, datetime or None


@dataclass
class RawTable:
    """One table as found: where it came from, its header and its non-empty rows."""

    table: Table
    label: str  # sheet name or file name as the user wrote it
    header_row: int  # spreadsheet row of the header (1-based)
    header: list[str]
    rows: list[tuple[int, list[Cell]]]  # (spreadsheet row, cells)
    merged_header: bool = False


@dataclass
class RawWorkbook:
    """All tables of a container, plus the problems of the container itself."""

    source: str
    sha256: str
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sample: bool = False


def read_container(path: Path) -> RawWorkbook:
    """Read a folder of CSV files or one ``.xlsx`` / ``.csv`` file.

    Parameters
    ----------
    path
        A folder holding ``<table>.csv`` files, or an ``.xlsx`` workbook.

    Returns
    -------
    RawWorkbook
        Tables found, and container problems (never raises for bad content).
    """
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if not path.exists():
        return _failed(path, Problem("path_missing", table_label=str(path)))
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    if suffix == ".csv":
        book = RawWorkbook(source=str(path), sha256=_sha256([path]))
        _add_csv(book, path)
        _require_some_table(book, path)
        return book
    return _failed(path, Problem("unsupported_file", table_label=path.name))


def read_rows(
    tables: dict[str, list[dict[str, str]]], *, source: str, sample: bool = False
) -> RawWorkbook:
    """Build a raw workbook from in-memory rows (table id -> rows keyed by column id)."""
    digest = hashlib.sha256()
    book = RawWorkbook(source=source, sha256="", sample=sample)
    for table_id, rows in tables.items():
        table = table_by_key(table_id)
        if table is None:
            continue
        header = [col.id for col in table.columns if any(col.id in row for row in rows)] or [
            col.id for col in table.columns
        ]
        body = [(i + 2, [row.get(col, "") for col in header]) for i, row in enumerate(rows)]
        digest.update(repr((table_id, header, body)).encode())
        book.tables[table.id] = RawTable(table, table.id, 1, header, body)
    book.sha256 = digest.hexdigest()
    return book


def _failed(path: Path, problem: Problem) -> RawWorkbook:
    return RawWorkbook(source=str(path), sha256="", problems=[problem])


def _sha256(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def _too_large(path: Path) -> Problem | None:
    size = path.stat().st_size
    if size > MAX_FILE_MB * 1024 * 1024:
        return Problem(
            "too_large",
            table_label=path.name,
            params={"size": round(size / 1024 / 1024), "limit": MAX_FILE_MB},
        )
    return None


def _require_some_table(book: RawWorkbook, path: Path) -> None:
    if not book.tables and not any(p.is_error for p in book.problems):
        book.problems.append(Problem("no_tables", table_label=path.name))


# --- CSV ----------------------------------------------------------------------------------


def _read_folder(folder: Path) -> RawWorkbook:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    book = RawWorkbook(source=str(folder), sha256=_sha256(files))
    for file in files:
        _add_csv(book, file)
    _require_some_table(book, folder)
    return book


def _add_csv(book: RawWorkbook, file: Path) -> None:
    table = table_by_key(file.stem)
    if table is None:
        book.problems.append(Problem("unknown_file", table_label=file.name, severity="warning"))
        return
    if problem := _too_large(file):
        book.problems.append(_on(problem, table, file.name))
        return
    text, encoding = decode_bytes(file.read_bytes())
    if text is None:
        book.problems.append(Problem("encoding", table.id, table_label=file.name))
        return
    if encoding not in ("utf-8", "utf-8-sig", "utf-16"):  # UTF-16 is known by its BOM
        book.problems.append(
            Problem(
                "encoding_detected",
                table.id,
                table_label=file.name,
                severity="warning",
                params={"encoding": encoding},
            )
        )
    raw = _parse_csv(text, table, file.name, book.problems)
    if raw is not None:
        _add_table(book, raw)


def _on(problem: Problem, table: Table, label: str) -> Problem:
    return Problem(
        problem.code, table.id, table_label=label, params=problem.params, severity=problem.severity
    )


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Decode a CSV file's bytes the way Excel may have written them.

    UTF-8 (with or without BOM) and UTF-16 with BOM first; otherwise Windows-1258, the
    Vietnamese code page, then Windows-1252. A byte that the code page does not define makes
    the file undecodable (``None``). Text is NFC-normalised (Windows-1258 stores tone marks as
    combining characters).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1258", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or any("\x80" <= ch <= "\x9f" for ch in text):
            continue  # binary data or C1 controls: not a text file in this encoding
        name = {"cp1258": "Windows-1258", "cp1252": "Windows-1252"}.get(encoding, encoding)
        return unicodedata.normalize("NFC", text), name
    return None, ""


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip(" ,;\t")), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _parse_csv(text: str, table: Table, label: str, problems: list[Problem]) -> RawTable | None:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[Cell]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if header is None:
                header, header_row = cells, number
            else:
                rows.append((number, cells))
                if len(rows) > MAX_ROWS:
                    problems.append(
                        Problem(
                            "too_many_rows", table.id, table_label=label, params={"limit": MAX_ROWS}
                        )
                    )
                    return None
    except csv.Error as exc:
        problems.append(
            Problem(
                "csv_malformed",
                table.id,
                reader.line_num,
                table_label=label,
                params={"reason": str(exc)},
            )
        )
        return None
    if header is None:
        problems.append(Problem("empty_table", table.id, table_label=label))
        return None
    return RawTable(table, label, header_row, header, rows)


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


# --- XLSX ---------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> RawWorkbook:
    book = RawWorkbook(source=str(path), sha256=_sha256([path]))
    if problem := _too_large(path):
        book.problems.append(problem)
        return book
    reason = _zip_problem(path)
    if reason:
        book.problems.append(Problem("not_xlsx", table_label=path.name, params={"reason": reason}))
        return book
    import openpyxl  # heavy: only when a workbook is read

    try:
        # Read-only mode streams the rows, so a sheet of millions of cells stops at MAX_ROWS
        # instead of being loaded whole into memory first.
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        book.problems.append(
            Problem("not_xlsx", table_label=path.name, params={"reason": type(exc).__name__})
        )
        return book
    try:
        for ws in wb.worksheets:
            table = table_by_key(ws.title)
            if table is None:
                continue  # instructions and other extra sheets are ignored
            raw = _read_sheet(ws, table, book.problems, path)
            if raw is not None:
                _add_table(book, raw)
    except Exception as exc:  # in read-only mode a broken sheet part shows when it is read
        book.problems.append(
            Problem("not_xlsx", table_label=path.name, params={"reason": type(exc).__name__})
        )
    finally:
        wb.close()
    _require_some_table(book, path)
    return book


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


class ExcelError(str):
    """A cell holding an Excel error value such as ``#REF!``."""


def _read_sheet(ws: object, table: Table, problems: list[Problem], path: Path) -> RawTable | None:
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[Cell]]] = []
    ws.reset_dimensions()  # type: ignore[attr-defined]  # the stored size may be wrong: read all
    for number, cells in enumerate(ws.iter_rows(), start=1):  # type: ignore[attr-defined]
        values = [_cell_value(cell) for cell in cells]
        if all(v is None or v == "" for v in values):
            continue
        if header is None:
            header = ["" if v is None else str(v).strip() for v in values]
            header_row = number
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            problems.append(
                Problem("too_many_rows", table.id, table_label=ws.title, params={"limit": MAX_ROWS})  # type: ignore[attr-defined]
            )
            return None
    title = ws.title  # type: ignore[attr-defined]
    if header is None:
        problems.append(Problem("empty_table", table.id, table_label=title))
        return None
    ranges, formulas = _scan_sheet_xml(path, getattr(ws, "_worksheet_path", ""))
    merged = any(first <= header_row <= last and wide for first, last, wide in ranges)
    _mark_uncomputed(rows, formulas)
    return RawTable(table, title, header_row, header, rows, merged_header=merged)


class UncomputedFormula(str):
    """A formula cell that was saved without its value (written by a program, not Excel)."""


def _mark_uncomputed(rows: list[tuple[int, list[Cell]]], formulas: set[tuple[int, int]]) -> None:
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


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
#: a cell holding a formula and no cached value (no ``<v>``, or an empty one)
_BARE_FORMULA = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]+)(\d+)"[^>]*>\s*'
    rb"(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def _scan_sheet_xml(
    path: Path, member: str
) -> tuple[set[tuple[int, int, bool]], set[tuple[int, int]]]:
    """Merged ranges and value-less formula cells of a sheet, read from its XML.

    Read-only worksheets expose neither. Returns the merged ranges as (first row, last row,
    spans columns) and the formula cells as (row, column).
    """
    ranges: set[tuple[int, int, bool]] = set()
    formulas: set[tuple[int, int]] = set()
    with zipfile.ZipFile(path) as archive:
        member = member.lstrip("/")
        if member not in archive.namelist():
            return ranges, formulas
        with archive.open(member) as handle:
            tail = b""
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                data = tail + chunk
                for m in _MERGE.finditer(data):
                    ranges.add((int(m[2]), int(m[4]), m[1] != m[3]))
                for m in _BARE_FORMULA.finditer(data):
                    formulas.add((int(m[2]), _column_number(m[1])))
                tail = data[-2048:]  # a tag cut by the chunk boundary is matched next time
    return ranges, formulas


def match_header(table: Table, header: str) -> str | None:
    """The column id a header cell stands for, or ``None``.

    Besides the exact key, a trailing note in parentheses or a ``*`` marking a required column
    is tolerated (``Mã học sinh (*)``, ``Ngày sinh (dd/mm/yyyy)``).
    """
    keys = {normalize_key(header), normalize_key(header.split("(")[0].replace("*", ""))}
    keys.discard("")
    for col in table.columns:
        if keys & (col.keys | {normalize_key(col.en)}):
            return col.id
    return None
