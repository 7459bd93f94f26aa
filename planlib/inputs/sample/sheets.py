"""A synthetic school's tables as a spreadsheet file: ``.xlsx``, ``.ods`` or ``.xls``.

One sheet per table, named and headed in Vietnamese as the contract names them (the way a school
that keeps its own workbook writes it), dates and numbers as typed cells: a ``dd/mm/yyyy`` text
becomes a date cell, ``1.500.000`` or ``7,5`` a number; everything else stays the text typed.
``.ods`` needs ``odfpy`` and ``.xls`` needs ``xlwt`` (test dependencies), imported only when asked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from planlib.core.contract import table_by_id

__all__ = ["FORMATS", "sheet_rows", "write_book"]

#: the formats :func:`write_book` writes (``csv`` is a folder, written elsewhere)
FORMATS = ("xlsx", "ods", "xls")

Cell = str | int | float | dt.date | dt.datetime | None
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})(?: (\d{2}):(\d{2}))?")
_INT = re.compile(r"-?\d{1,3}(?:\.\d{3})*|-?\d+")
_DECIMAL = re.compile(r"-?\d+,\d+")


def typed(text: str, kind: str) -> Cell:
    """The cell a spreadsheet holds for ``text`` typed in a column of contract type ``kind``.

    Examples
    --------
    >>> typed("05/12/2023", "date"), typed("1.500.000", "number"), typed("7,5", "number")
    (datetime.date(2023, 12, 5), 1500000, 7.5)
    >>> typed("06/11/2023 16:00", "datetime"), typed("Có", "bool")
    (datetime.datetime(2023, 11, 6, 16, 0), 'Có')
    """
    if text == "":
        return None
    if kind in ("date", "datetime") and (m := _DATE.fullmatch(text)):
        day, month, year, hour, minute = m.groups()
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        return dt.datetime(int(year), int(month), int(day), int(hour), int(minute))
    if kind in ("int", "number") and _INT.fullmatch(text):
        return int(text.replace(".", ""))
    if kind == "number" and _DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    return text


def sheet_rows(table_id: str, rows: Sequence[Mapping[str, str]]) -> list[list[Cell]]:
    """The header row (Vietnamese column names) and the typed rows of one table."""
    columns = table_by_id(table_id).columns
    body = [[typed(row.get(c.id, ""), c.type) for c in columns] for row in rows]
    return [[c.vi for c in columns], *body]


def write_book(path: Path, tables: Mapping[str, Sequence[Mapping[str, str]]]) -> Path:
    """Write ``tables`` (table id -> rows of cell text) as one workbook; format from the suffix.

    Raises
    ------
    ValueError
        For a suffix other than ``.xlsx``, ``.ods`` or ``.xls``.
    """
    path = Path(path)
    sheets = {table_by_id(t).vi: sheet_rows(t, rows) for t, rows in tables.items()}
    writer = {".xlsx": _write_xlsx, ".ods": _write_ods, ".xls": _write_xls}.get(path.suffix)
    if writer is None:
        raise ValueError(f"not a workbook format: {path.name}")
    writer(path, sheets)
    return path


def _write_xlsx(path: Path, sheets: Mapping[str, list[list[Cell]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            ws.append(cells)
    book.save(path)


def _write_ods(path: Path, sheets: Mapping[str, list[list[Cell]]]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        sheet = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                if isinstance(value, dt.date):  # a datetime too: ISO with its time
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    text = value.strftime("%d/%m/%Y %H:%M" if isinstance(value, dt.datetime)
                                          else "%d/%m/%Y")  # fmt: skip
                elif isinstance(value, int | float):
                    cell, text = TableCell(valuetype="float", value=value), str(value)
                else:
                    cell, text = TableCell(valuetype="string"), value
                if text is not None:
                    cell.addElement(P(text=text))
                tr.addElement(cell)
            sheet.addElement(tr)
        doc.spreadsheet.addElement(sheet)
    doc.save(str(path))


def _write_xls(path: Path, sheets: Mapping[str, list[list[Cell]]]) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    day = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    moment = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if isinstance(value, dt.datetime):
                    ws.write(i, j, value, moment)
                elif isinstance(value, dt.date):
                    ws.write(i, j, value, day)
                elif value is not None:
                    ws.write(i, j, value)
    book.save(str(path))
