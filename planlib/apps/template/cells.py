"""Writing values into the template's cells: the loader's reading of a value, as Excel holds it.

A value a school would type in a CSV (``"05/12/2023"``, ``"1.500.000"``, ``"x"``) or a Python
``date``, number or ``bool`` becomes a date cell, a number, a Vietnamese label or ``Có`` /
``Không``; a value that cannot be read is written verbatim as text, so the loader reports it.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import datetime

from openpyxl.cell.cell import Cell

from planlib.core.contract import Column, Enum, normalize_key
from planlib.core.errors import CellError
from planlib.inputs.parse import parse_bool, parse_datetime, parse_number

__all__ = [
    "BOOL_LABELS",
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "TEXT_FORMAT",
    "column_format",
    "write_text",
    "write_value",
]

#: Excel number format of date cells and of datetime cells.
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
TEXT_FORMAT = "@"
BOOL_LABELS = ("Có", "Không")
_MONEY_FORMAT = "#,##0"
_MONEY_SUFFIX = "_vnd"
_FORMULA_START = ("=", "+", "-", "@")


def column_format(col: Column) -> str | None:
    """The Excel number format of a column's cells (``None``: Excel's general format)."""
    if col.type == "date":
        return DATE_FORMAT
    if col.type == "datetime":
        return DATETIME_FORMAT
    if col.type in ("text", "list", "school_year"):
        return TEXT_FORMAT
    if col.type == "int" or (col.type == "number" and col.id.endswith(_MONEY_SUFFIX)):
        return _MONEY_FORMAT
    return None


def write_text(cell: Cell, value: str) -> None:
    """Write ``value`` as a string cell, never as a formula.

    openpyxl turns a ``str`` starting with ``=`` into a formula; forcing the data type keeps it a
    string (written as ``t="inlineStr"``), and ``quotePrefix`` keeps Excel from re-reading text
    such as ``=1+1``, ``+84…`` or ``@x`` as a formula when the user edits the cell.
    """
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True


def write_value(cell: Cell, col: Column, value: object) -> None:
    """Write one value of column ``col`` as the loader would read it."""
    converted, number_format = _convert(col, value)
    if converted is None:
        return
    if isinstance(converted, str):
        write_text(cell, converted)
    else:
        cell.value = converted
    if number_format is not None:
        cell.number_format = number_format


def _convert(col: Column, value: object) -> tuple[object, str | None]:
    """Turn a CSV-style or Python value into what the cell holds, with its number format."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if col.type in ("date", "datetime"):
        return _convert_date(col, value)
    if col.type in ("int", "number"):
        number = _parse_number(value)
        if number is None:
            return _as_text(value), None
        return number, column_format(col)
    if col.type == "bool":
        flag = _parse_bool(value)
        if flag is None:
            return _as_text(value), None
        return BOOL_LABELS[0] if flag else BOOL_LABELS[1], None
    if col.type == "enum" and col.enum is not None:
        label = _enum_label(col.enum, value)
        return (label if label is not None else _as_text(value)), None
    if col.type == "list" and isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value), TEXT_FORMAT
    return _as_text(value), TEXT_FORMAT


def _as_text(value: object) -> str | None:
    text = unicodedata.normalize("NFC", str(value))
    return text if text.strip() else None


def _convert_date(col: Column, value: object) -> tuple[object, str | None]:
    try:
        stamp, has_time = parse_datetime(value)
    except CellError:
        return _as_text(value), None
    if has_time and col.type == "datetime":
        return stamp, DATETIME_FORMAT
    if has_time and stamp.time() != datetime.min.time():
        return _as_text(value), None  # a time in a date column: left for the loader to report
    return stamp.date(), DATE_FORMAT


def _parse_number(value: object) -> int | float | None:
    """The loader's reading of a number (``1.500.000``, ``7,5``); ``None`` when it is none."""
    try:
        return _tidy(parse_number(value))
    except CellError:
        return None


def _tidy(number: float) -> int | float | None:
    if math.isnan(number) or math.isinf(number):
        return None
    return int(number) if number.is_integer() else number


def _parse_bool(value: object) -> bool | None:
    try:
        return parse_bool(value)
    except CellError:
        return None


def _enum_label(enum: Enum, value: object) -> str | None:
    """The Vietnamese label of a code, label or alias; ``None`` when it matches none.

    Codes are matched exactly (ignoring case) before diacritics are folded, so the group letters
    ``d`` and ``đ`` stay apart; ``dd`` stands for ``đ``.
    """
    text = unicodedata.normalize("NFC", str(value)).strip()
    codes = {code.casefold(): code for code in enum.labels}
    code = codes.get(text.casefold())
    if code is None and text.casefold() == "dd" and "đ" in enum.labels:
        code = "đ"
    if code is None:
        code = enum.lookup().get(normalize_key(text))
    return None if code is None else enum.labels[code]
