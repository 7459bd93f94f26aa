"""Read ``.xls`` (Excel 97–2003), ``.xlsb`` and ``.ods`` workbooks with python-calamine.

python-calamine (Rust's calamine) reads all three formats fast, with their dates and, for
``.xls`` and ``.xlsb``, their merged ranges; the merged ranges of an ``.ods`` are read from its
``content.xml`` (calamine does not report them). Sheets are matched to tables by name like
``.xlsx`` sheets.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

from planlib.core.contract import table_by_key
from planlib.core.errors import Problem
from planlib.inputs.layout import HEADER_SEARCH_ROWS, Merge, Row
from planlib.inputs.raw import (
    MAX_ROWS,
    SAMPLE_SHEET,
    Cell,
    RawWorkbook,
    add_sheet,
    is_sample_sheet,
    sha256_of,
    too_large,
    too_many_rows,
)

__all__ = ["CALAMINE_SUFFIXES", "read_calamine"]

CALAMINE_SUFFIXES = frozenset({".xls", ".xlsb", ".ods"})
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def read_calamine(path: Path) -> RawWorkbook:
    """Every contract table of an ``.xls``, ``.xlsb`` or ``.ods`` file."""
    from python_calamine import CalamineWorkbook  # only when such a workbook is read

    book = RawWorkbook(source=str(path), sha256=sha256_of([path]))
    if problem := too_large(path):
        book.problems.append(problem)
        return book
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        ods_merges = _ods_merges(path) if path.suffix.lower() == ".ods" else {}
        for name in workbook.sheet_names:
            if name == SAMPLE_SHEET:
                rows = workbook.get_sheet_by_name(name).to_python(nrows=1)
                book.sample = is_sample_sheet(name, rows[0][0] if rows and rows[0] else None)
            table = table_by_key(name)
            if table is not None:
                sheet = workbook.get_sheet_by_name(name)
                _read_sheet(book, sheet, table, name, ods_merges.get(name))
    except Exception as exc:  # calamine raises one error type for every unreadable file
        book.problems.append(_unreadable(path, exc))
    return book


def _unreadable(path: Path, exc: Exception) -> Problem:
    text = str(exc).lower()
    if "password" in text or "encrypt" in text:
        return Problem("encrypted", table_label=path.name)
    return Problem("not_excel", table_label=path.name, params={"format": path.suffix.lower()})


def _value(value: object) -> Cell:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip() or None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_sheet(book: RawWorkbook, sheet, table, name: str, merges: set[Merge] | None) -> None:
    rows: list[Row] = []
    # from A1, whatever the first cell used: iter_rows() pads the empty rows above the first
    # used cell but not the empty columns left of it, so its offsets misnumbered rows (.xls)
    for offset, cells in enumerate(sheet.to_python(skip_empty_area=False)):
        values = [_value(v) for v in cells]
        if all(v is None or v == "" for v in values):
            continue
        rows.append((offset + 1, values))
        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
            book.problems.append(too_many_rows(table, name))
            return
    if merges is None:
        merges = {
            (r1 + 1, c1 + 1, r2 + 1, c2 + 1)
            for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])
        }
    add_sheet(book, table, name, rows, sorted(merges))


def _ods_merges(path: Path) -> dict[str, set[Merge]]:
    """Merged ranges of every sheet of an ``.ods``, from the spans of its cells."""
    spans: dict[str, set[Merge]] = {}
    name, row, col = "", 0, 0
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as handle:
        for event, element in iterparse(handle, events=("start", "end")):
            tag = element.tag.rsplit("}", 1)[-1]
            attr = {k.rsplit("}", 1)[-1]: v for k, v in element.attrib.items()}
            if event == "start" and tag == "table":
                name, row = attr.get("name", ""), 0
                spans[name] = set()
            elif event == "start" and tag == "table-row":
                col = 0
            elif event == "end" and tag == "table-row":
                row += int(attr.get("number-rows-repeated", "1"))
            elif event == "start" and tag in ("table-cell", "covered-table-cell"):
                rows_spanned = int(attr.get("number-rows-spanned", "1"))
                cols_spanned = int(attr.get("number-columns-spanned", "1"))
                if rows_spanned > 1 or cols_spanned > 1:
                    spans[name].add((row + 1, col + 1, row + rows_spanned, col + cols_spanned))
                col += int(attr.get("number-columns-repeated", "1"))
            if event == "end" and tag in ("table-cell", "covered-table-cell"):
                element.clear()
    return spans
