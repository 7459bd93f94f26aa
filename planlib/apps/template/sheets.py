"""The template's data sheets (one per contract table) and its hidden sheet of drop-down lists."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from planlib.apps.template.cells import column_format, write_text, write_value
from planlib.apps.template.style import (
    BOLD,
    FILL_OPTIONAL,
    FILL_PRIVATE,
    FILL_REQUIRED,
    HEADER_ALIGN,
)
from planlib.apps.template.texts import is_marked_required, note_text, required_text, type_text
from planlib.apps.template.validation import EnumKey, enum_key, validation
from planlib.core.contract import Column, Table

__all__ = ["AUTHOR", "MAX_ROW", "write_lists", "write_table_sheet"]

#: Last spreadsheet row that carries data validation (row 1 is the header).
MAX_ROW = 1000
AUTHOR = "planlib"


def write_lists(sheet: Worksheet, tables: Iterable[Table]) -> dict[EnumKey, str]:
    """Write each distinct enumeration's labels in a column; return its range per enumeration."""
    refs: dict[EnumKey, str] = {}
    users: dict[EnumKey, list[str]] = {}
    for table in tables:
        for col in table.columns:
            if col.type != "enum" or col.enum is None:
                continue
            key = enum_key(col.enum)
            users.setdefault(key, []).append(f"{table.id}.{col.id}")
            if key not in refs:
                refs[key] = _write_list(sheet, len(refs) + 1, list(col.enum.labels.values()))
    for index, key in enumerate(refs, start=1):
        header = sheet.cell(row=1, column=index)
        write_text(header, ", ".join(users[key]))
        header.font = BOLD
    return refs


def _write_list(sheet: Worksheet, index: int, labels: list[str]) -> str:
    """Write ``labels`` down column ``index`` from row 2; return the range as a formula."""
    letter = get_column_letter(index)
    for row, label in enumerate(labels, start=2):
        write_text(sheet.cell(row=row, column=index), label)
    sheet.column_dimensions[letter].width = min(max(len(label) for label in labels) + 2, 80)
    return f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${len(labels) + 1}"


def write_table_sheet(
    sheet: Worksheet,
    table: Table,
    rows: Sequence[Mapping[str, object]],
    *,
    refs: Mapping[EnumKey, str],
    lang: str,
) -> None:
    """Headers with their notes, widths, formats and validations, then the rows given."""
    last_row = max(MAX_ROW, len(rows) + 1)
    for index, col in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        _write_header(sheet.cell(row=1, column=index), table, col, lang=lang)
        dimension = sheet.column_dimensions[letter]
        dimension.width = _column_width(col)
        number_format = column_format(col)
        if number_format is not None:
            dimension.number_format = number_format
        rule = validation(col, f"{letter}2", refs=refs, lang=lang)
        rule.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(rule)
    for row_number, row in enumerate(rows, start=2):
        for index, col in enumerate(table.columns, start=1):
            if col.id in row:
                write_value(sheet.cell(row=row_number, column=index), col, row[col.id])
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    last_letter = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last_letter}{last_row}"


def _write_header(cell: Cell, table: Table, col: Column, *, lang: str) -> None:
    write_text(cell, col.vi)
    cell.font = BOLD
    cell.alignment = HEADER_ALIGN
    if is_marked_required(col):
        cell.fill = FILL_REQUIRED
    elif col.private:
        cell.fill = FILL_PRIVATE
    else:
        cell.fill = FILL_OPTIONAL
    lines = [f"{col.id} – {required_text(col, lang)}", type_text(col, lang)]
    if lang == "en" and col.en:
        lines.insert(0, col.en)
    note = note_text(table, col, lang)
    if note:
        lines.append(note)
    comment = Comment("\n".join(lines), AUTHOR)
    comment.width = 320
    comment.height = 150
    cell.comment = comment


def _column_width(col: Column) -> float:
    """Width from the header, wider for free text and long list labels."""
    by_type = {
        "text": 30 if col.private else 16,
        "list": 28,
        "school_year": 12,
        "date": 12,
        "datetime": 17,
        "bool": 10,
        "int": 10,
        "number": 14,
    }
    width = by_type.get(col.type, 12)
    if col.type == "enum" and col.enum is not None:
        width = min(max(len(label) for label in col.enum.labels.values()) + 4, 45)
    return float(min(max(len(col.vi) + 4, width), 60))
