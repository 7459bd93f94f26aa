"""Read an ``.xlsx`` workbook's cells with python-calamine, as openpyxl would read them.

openpyxl's streaming reader (:mod:`planlib.inputs.xlsx`) builds a Python object per cell and
costs most of a school's evaluation; calamine reads the same cells in Rust, an order of
magnitude faster. This module gives exactly the rows openpyxl gives: the cells calamine
does not read the way openpyxl does are read from the sheet's XML here (dates and date-times,
by openpyxl's own styles and conversion; error values; formulas saved without their value;
merged ranges). Whatever it cannot vouch for (a 1904 calendar, ISO-dated cells, escaped
characters, numbers written ``6.0`` or ``1E3``, a chart sheet, a sheet too large to read at
once, any error) makes :func:`read_cells` return ``None``: the caller then streams the
workbook with openpyxl, whose messages stay those of today.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from planlib.inputs.layout import Merge, Row
from planlib.inputs.raw import SAMPLE_SHEET, Cell, ExcelError

__all__ = ["BARE_FORMULA", "MERGE", "FastSheet", "column_number", "read_cells"]

MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
#: a cell holding a formula and no cached value (no ``<v>``, or an empty one)
BARE_FORMULA = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]+)(\d+)"[^>]*>\s*'
    rb"(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)


def column_number(letters: bytes) -> int:
    """The 1-based number of a column's letters (``AB`` → 28)."""
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


#: a sheet part larger than this is streamed by openpyxl (it stops at the row limit)
MAX_FAST_SHEET_BYTES = 32 * 1024 * 1024

_CELL_ATTRS = rb"<(?:\w+:)?c\s(?=[^>]*\b%s)([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)"
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_ERROR_CELL = re.compile(_CELL_ATTRS % rb'(?<![\w:])t="e"', re.DOTALL)
#: values openpyxl reads otherwise than calamine: ``6.0``/``1E3`` (floats), 16+ digits (ints)
_UNSURE_NUMBER = re.compile(
    rb"<(?:\w+:)?v>(?:[^<]*[eE][^<]*|[-+]?\d*\.0*|[-+]?\d{16,})</(?:\w+:)?v>"
)
#: ISO dates; ``_x000D_`` escapes; attributes in single quotes (the patterns want double)
_UNSURE_TEXT = (b't="d"', b"_x00", b"='")


@dataclass(frozen=True)
class FastSheet:
    """One worksheet as read: its name, XML part, non-empty rows and merged ranges."""

    name: str
    member: str
    rows: list[Row]  # empty when not read (not a table's sheet)
    merges: list[Merge]
    formulas: set[tuple[int, int]]
    first_cell: Cell = None  # A1 of the sample-data marker sheet


@dataclass(frozen=True)
class _Styles:
    """What openpyxl makes of the workbook's cell styles: its date and duration styles and
    each style's number format."""

    dates: frozenset[int]
    durations: frozenset[int]
    formats: dict[int, str]


def read_cells(path: Path, wanted: Callable[[str], bool], max_rows: int) -> list[FastSheet] | None:
    """Every worksheet of an ``.xlsx``, the rows of those ``wanted`` says to read.

    Parameters
    ----------
    path
        The workbook (already checked to be a zip with a workbook part).
    wanted
        Whether a sheet's rows are read, by its name (the others are listed unread; the
        sample-data marker sheet gives its A1 cell).
    max_rows
        Stop a sheet's rows after this many non-empty ones (the row limit).

    Returns
    -------
    list or None
        The worksheets in workbook order; ``None`` when openpyxl must read the workbook.
    """
    try:
        return _read(path, wanted, max_rows)
    except Exception:  # anything unusual: openpyxl reads it and says why
        return None


def _read(path: Path, wanted: Callable[[str], bool], max_rows: int) -> list[FastSheet] | None:
    from python_calamine import CalamineWorkbook

    with zipfile.ZipFile(path) as archive:
        sheets = _worksheets(archive)
        styles = _styles(archive)
        if sheets is None or styles is None:
            return None
        book = CalamineWorkbook.from_path(str(path))
        if list(book.sheet_names) != [name for name, _ in sheets]:
            return None
        out = []
        for name, member in sheets:
            if not wanted(name):
                first = _first_cell(book.get_sheet_by_name(name)) if name == SAMPLE_SHEET else None
                out.append(FastSheet(name, member, [], [], set(), first))
                continue
            if archive.getinfo(member).file_size > MAX_FAST_SHEET_BYTES:
                return None  # before calamine loads it whole
            grid = _grid(book.get_sheet_by_name(name))
            sheet = _sheet(name, member, archive.read(member), grid, styles, max_rows)
            if sheet is None:
                return None
            out.append(sheet)
        return out


def _worksheets(archive: zipfile.ZipFile) -> list[tuple[str, str]] | None:
    """The worksheets' names and XML parts, as openpyxl finds them (``None``: a 1904 book)."""
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.utils.datetime import WINDOWS_EPOCH

    parser = WorkbookParser(archive, "xl/workbook.xml")
    parser.parse()
    if parser.wb.epoch != WINDOWS_EPOCH:
        return None
    names = set(archive.namelist())
    sheets = []
    for sheet, rel in parser.find_sheets():
        if rel.target not in names:
            continue
        if "chartsheet" in rel.Type:
            return None
        sheets.append((sheet.name, rel.target))
    return sheets


def _styles(archive: zipfile.ZipFile) -> _Styles | None:
    """openpyxl's reading of ``xl/styles.xml`` (no styles: no date style)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
    from openpyxl.styles.stylesheet import Stylesheet
    from openpyxl.xml.functions import fromstring

    try:
        src = archive.read("xl/styles.xml")
    except KeyError:
        return _Styles(frozenset(), frozenset(), {})
    stylesheet = Stylesheet.from_tree(fromstring(src))
    if not stylesheet.cell_styles:
        return _Styles(frozenset(), frozenset(), {})
    formats = {}
    for index, style in enumerate(stylesheet.cell_styles):
        number = style.numFmtId
        if number < BUILTIN_FORMATS_MAX_SIZE:
            formats[index] = BUILTIN_FORMATS.get(number, "General")
        else:
            formats[index] = stylesheet.number_formats[number - BUILTIN_FORMATS_MAX_SIZE]
    return _Styles(
        frozenset(stylesheet.date_formats), frozenset(stylesheet.timedelta_formats), formats
    )


def _grid(sheet) -> list[Row]:
    """calamine's rows, numbered as the sheet numbers them, padded from column A."""
    start = sheet.start
    if start is None:
        return []
    top, left = start
    rows = sheet.to_python()
    last = sheet.end[0]
    if len(rows) == last + 1:
        top = 0  # rows counted from the sheet's first row (python-calamine ≥ 0.3)
    elif len(rows) != last - top + 1:
        raise ValueError("calamine's rows do not match its range")
    pad = [None] * left
    return [(top + offset + 1, pad + list(cells)) for offset, cells in enumerate(rows)]


def _first_cell(sheet) -> Cell:
    """The A1 cell of a sheet (``None`` when empty)."""
    grid = _grid(sheet)
    return _text(grid[0][1][0]) if grid and grid[0][0] == 1 and grid[0][1] else None


def _text(value: object) -> Cell:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip() if value else None
    return value


def _sheet(
    name: str,
    member: str,
    data: bytes,
    grid: list[Row],
    styles: _Styles,
    max_rows: int,
) -> FastSheet | None:
    """One table's sheet: calamine's values, corrected from the XML where openpyxl differs."""
    if any(marker in data for marker in _UNSURE_TEXT) or _UNSURE_NUMBER.search(data):
        return None
    fixed = _dated(data, styles)
    if fixed is None:
        return None
    if b't="e"' in data:
        for m in _ERROR_CELL.finditer(data):
            ref = _REF.search(m[1])
            if ref is None:
                return None
            value = _VALUE.search(m[2] or b"")
            text = value[1].decode() if value and value[1] else None
            fixed[(int(ref[2]), column_number(ref[1]))] = ExcelError(str(text))
    merges = sorted(
        {
            (int(m[2]), column_number(m[1]), int(m[4]), column_number(m[3]))
            for m in _merge_cells(data)
        }
    )
    has_formula = b"<f" in data or b":f" in data
    formulas = {
        (int(m[2]), column_number(m[1]))
        for m in (BARE_FORMULA.finditer(data) if has_formula else ())
    }
    rows = _rows(grid, fixed, max_rows)
    if rows is None:
        return None
    return FastSheet(name, member, rows, merges, formulas)


def _merge_cells(data: bytes) -> Iterator[re.Match[bytes]]:
    """The sheet's ``mergeCell`` elements, searched from the first mention of one (they
    follow the cells: the search skips the cells' XML)."""
    first = data.find(b"mergeCell")
    if first < 0:
        return iter(())
    return MERGE.finditer(data, max(data.rfind(b"<", 0, first), 0))


def _dated(data: bytes, styles: _Styles) -> dict[tuple[int, int], Cell] | None:
    """The cells of a date style, converted as openpyxl converts them (row, column -> value)."""
    fixed: dict[tuple[int, int], Cell] = {}
    if not styles.dates:
        return fixed
    alternatives = b"|".join(str(s).encode() for s in sorted(styles.dates))
    pattern = re.compile(_CELL_ATTRS % (rb's="(?:' + alternatives + rb')"'), re.DOTALL)
    seen: dict[tuple[bytes, bytes], Cell] = {}  # the same day is written many times
    for m in pattern.finditer(data):
        attrs = m[1]
        ref, kind, style = _REF.search(attrs), _TYPE.search(attrs), _STYLE.search(attrs)
        if ref is None or style is None:
            return None
        if (kind[1] if kind else b"n") != b"n":
            continue  # text, a boolean or an error in a date-styled cell: read as it is
        value = _VALUE.search(m[2] or b"")
        if value is None or not value[1]:
            continue
        key = (style[1], value[1])
        cell = seen.get(key)
        if cell is None:
            cell = seen[key] = _date_cell(int(style[1]), value[1].decode(), styles)
        fixed[(int(ref[2]), column_number(ref[1]))] = cell
    return fixed


def _date_cell(index: int, text: str, styles: _Styles) -> Cell:
    """A date-styled number cell as openpyxl reads it (``#VALUE!`` when out of range)."""
    from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

    try:
        when = from_excel(_cast_number(text), WINDOWS_EPOCH, timedelta=index in styles.durations)
    except (OverflowError, ValueError):
        return ExcelError("#VALUE!")
    return _as_openpyxl_cell(when, styles.formats.get(index, "General"))


def _cast_number(text: str) -> int | float:
    """openpyxl's reading of a number cell's text."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _as_openpyxl_cell(value: object, number_format: str) -> Cell:
    """:func:`planlib.inputs.xlsx._cell_value` of a date cell."""
    if isinstance(value, dt.datetime):
        has_time = "h" in number_format.lower() or value.time() != dt.time(0)
        return value if has_time else value.date()
    return value


_DATED = frozenset({dt.date, dt.datetime, dt.time, dt.timedelta})  # calamine's own types


def _rows(grid: list[Row], fixed: dict[tuple[int, int], Cell], max_rows: int) -> list[Row] | None:
    """The non-empty rows; ``None`` when calamine dated a cell openpyxl would not."""
    by_row: dict[int, dict[int, Cell]] = {}
    for (row, col), cell in fixed.items():
        by_row.setdefault(row, {})[col] = cell
    rows: list[Row] = []
    used = 0
    nfc = unicodedata.normalize
    for number, cells in grid:
        values: list[Cell] = [
            (nfc("NFC", raw).strip() if raw else None)
            if type(raw) is str
            else (int(raw) if type(raw) is float and raw.is_integer() else raw)
            for raw in cells
        ]
        mine = by_row.get(number)
        if mine:  # openpyxl's dates and errors
            values.extend([None] * (max(mine) - len(values)))
            for col, cell in mine.items():
                values[col - 1] = cell
            used += len(mine)
        if _DATED.intersection(map(type, cells)):
            dated = {col for col, raw in enumerate(cells, start=1) if type(raw) in _DATED}
            if not mine or not dated <= mine.keys():
                return None  # calamine dated a cell openpyxl would not
        while values and values[-1] is None:
            values.pop()
        if not values or all(v is None or v == "" for v in values):
            continue
        rows.append((number, values))
        if len(rows) > max_rows:
            return rows  # over the limit: the caller says so
    return rows if used == len(fixed) else None  # a corrected cell outside calamine's range
