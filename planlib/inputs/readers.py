"""Read a workbook container (a folder of CSV files, or one workbook file) into raw tables.

Nothing here interprets values: it finds the tables, their header and their cells (the way a
school lays out its lists: :mod:`planlib.inputs.layout`), and reports problems with the
container itself (encoding, size, a file that is not what it claims). The user's files are
only ever read. ``.xlsx`` is read by :mod:`planlib.inputs.xlsx`; ``.xls``, ``.xlsb`` and
``.ods`` by :mod:`planlib.inputs.calamine`; the file's first bytes decide, not its name.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from pathlib import Path

from planlib.core.contract import Table, table_by_key
from planlib.core.errors import Problem
from planlib.inputs.calamine import CALAMINE_SUFFIXES, read_calamine
from planlib.inputs.layout import HEADER_SEARCH_ROWS, Row, match_header
from planlib.inputs.raw import (
    MAX_FILE_MB,
    MAX_ROWS,
    SAMPLE_SHEET,
    SAMPLE_SIGNATURE,
    ExcelError,
    RawTable,
    RawWorkbook,
    UncomputedFormula,
    add_sheet,
    failed,
    sha256_of,
    too_large,
    too_many_rows,
)
from planlib.inputs.xlsx import read_xlsx

__all__ = [
    "MAX_FILE_MB",
    "MAX_ROWS",
    "SAMPLE_MARKER",
    "SAMPLE_SHEET",
    "SAMPLE_SIGNATURE",
    "ExcelError",
    "RawTable",
    "RawWorkbook",
    "UncomputedFormula",
    "decode_bytes",
    "is_sample_folder",
    "match_header",
    "read_container",
    "read_rows",
    "write_sample_marker",
]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 and encrypted workbooks
_ZIP = b"PK\x03\x04"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", *CALAMINE_SUFFIXES})
#: the file ``planlib sample DIR`` writes beside the sample's CSV files: its first line is
#: :data:`_SAMPLE_SIGNATURE`, so a report made from the folder is marked DỮ LIỆU MẪU whatever
#: the folder is called (renaming the file or editing its first line unmarks it, on purpose)
SAMPLE_MARKER = "DU_LIEU_MAU.txt"
_SAMPLE_SIGNATURE = SAMPLE_SIGNATURE


def read_container(path: Path) -> RawWorkbook:
    """Read a folder of CSV files, or one ``.xlsx``/``.xls``/``.xlsb``/``.ods``/``.csv`` file.

    Parameters
    ----------
    path
        A folder holding ``<table>.csv`` files, or a workbook.

    Returns
    -------
    RawWorkbook
        Tables found, and container problems (never raises for bad content).
    """
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if not path.exists():
        return failed(path, Problem("path_missing", table_label=str(path)))
    suffix = path.suffix.lower()
    if suffix in _EXCEL_SUFFIXES:
        book = _read_workbook(path, suffix)
    elif suffix == ".csv":
        book = RawWorkbook(source=str(path), sha256=sha256_of([path]))
        _add_csv(book, path)
    else:
        return failed(path, Problem("unsupported_file", table_label=path.name))
    _require_some_table(book, path)
    return book


def _read_workbook(path: Path, suffix: str) -> RawWorkbook:
    """An Excel or OpenDocument file, read by what its first bytes say it is."""
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(_OLE) and suffix in {".xlsx", ".xlsm", ".xlsb"} and _is_encrypted(path):
        return failed(path, Problem("encrypted", table_label=path.name))
    if magic.startswith(_OLE) or (suffix in CALAMINE_SUFFIXES and not magic.startswith(_ZIP)):
        return read_calamine(path)
    if suffix in CALAMINE_SUFFIXES and suffix != ".xls":
        return read_calamine(path)  # .ods and .xlsb are zip files too
    return read_xlsx(path)


def _is_encrypted(path: Path) -> bool:
    """An Office file saved with a password: its OLE container holds ``EncryptedPackage``."""
    if too_large(path):
        return False
    return _ENCRYPTED in path.read_bytes()


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


def _require_some_table(book: RawWorkbook, path: Path) -> None:
    if not book.tables and not any(p.is_error for p in book.problems):
        book.problems.append(Problem("no_tables", table_label=path.name))


# --- CSV ----------------------------------------------------------------------------------


def _is_lock_file(file: Path) -> bool:
    """Excel's (``~$…``) and LibreOffice's (``.~lock…#``) files beside an open workbook."""
    return file.name.startswith(("~$", ".~lock"))


def write_sample_marker(folder: Path, text: str) -> Path:
    """Mark ``folder`` as holding the sample school (:data:`SAMPLE_MARKER`).

    Parameters
    ----------
    folder
        The folder of the sample's CSV files.
    text
        What the file says to a person who opens it (after the signature line).
    """
    path = Path(folder) / SAMPLE_MARKER
    path.write_text(f"{_SAMPLE_SIGNATURE}\n{text}\n", encoding="utf-8")
    return path


def is_sample_folder(folder: Path) -> bool:
    """Whether ``folder`` holds the marker :func:`write_sample_marker` writes."""
    try:
        with (Path(folder) / SAMPLE_MARKER).open(encoding="utf-8") as handle:
            return handle.readline().strip() == _SAMPLE_SIGNATURE
    except (OSError, UnicodeDecodeError):
        return False


def _read_folder(folder: Path) -> RawWorkbook:
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() == ".csv" and not _is_lock_file(p)
    )
    book = RawWorkbook(source=str(folder), sha256=sha256_of(files), sample=is_sample_folder(folder))
    for file in files:
        _add_csv(book, file)
    _require_some_table(book, folder)
    return book


def _add_csv(book: RawWorkbook, file: Path) -> None:
    table = table_by_key(file.stem)
    if table is None:
        book.problems.append(Problem("unknown_file", table_label=file.name, severity="warning"))
        return
    if problem := too_large(file):
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
    rows = _csv_rows(text, table, file.name, book.problems)
    if rows is not None:
        add_sheet(book, table, file.name, rows)


def _on(problem: Problem, table: Table, label: str) -> Problem:
    return Problem(
        problem.code, table.id, table_label=label, params=problem.params, severity=problem.severity
    )


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Decode a CSV file's bytes the way Excel may have written them.

    UTF-8 (with or without BOM) and UTF-16 with BOM first; otherwise Windows-1258, the
    Vietnamese code page, then Windows-1252. A byte that the code page does not define makes
    the file undecodable (``None``). Text is NFC-normalised (Windows-1258 stores tone marks as
    combining characters). A few NUL bytes in valid UTF-8 text keep it text: the cells that
    hold them are named by :func:`_csv_rows`.
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
        if _binary(text, strict=not encoding.startswith("utf")):
            continue  # binary data or C1 controls: not a text file in this encoding
        name = {"cp1258": "Windows-1258", "cp1252": "Windows-1252"}.get(encoding, encoding)
        return unicodedata.normalize("NFC", text), name
    return None, ""


def _binary(text: str, *, strict: bool) -> bool:
    """Not text: C1 controls, or NUL characters (a few are allowed in UTF-8 unless ``strict``)."""
    if any("\x80" <= ch <= "\x9f" for ch in text):
        return True
    nuls = text.count("\x00")
    return nuls > 0 and (strict or nuls * 50 > len(text))


def _nul_cells(rows: list[Row], table: Table, label: str) -> list[Problem]:
    """A cell holding a NUL byte (a damaged file): named by row and column, the byte dropped."""
    header = rows[0][1] if rows else []
    problems = []
    for number, cells in rows:
        for position, cell in enumerate(cells):
            if "\x00" not in cell:
                continue
            cells[position] = cell.replace("\x00", "")
            name = header[position] if position < len(header) and header[position] else ""
            problems.append(
                Problem(
                    "nul_byte",
                    table.id,
                    number,
                    table_label=label,
                    params={"column": name or str(position + 1)},
                )
            )
    return problems


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip(" ,;\t")), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: str, table: Table, label: str, problems: list[Problem]) -> list[Row] | None:
    """The non-empty rows of a CSV file with their line numbers (``None``: unreadable)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows: list[Row] = []
    try:
        for number, record in enumerate(reader, start=1):
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            rows.append((number, list(cells)))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                problems.append(too_many_rows(table, label))
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
    problems.extend(_nul_cells(rows, table, label))
    return rows
