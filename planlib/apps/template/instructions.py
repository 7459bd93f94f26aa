"""The instructions sheet: how to fill in, the colour legend, every table and column explained."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planlib.apps.template.cells import write_text
from planlib.apps.template.style import (
    BOLD,
    FILL_OPTIONAL,
    FILL_PRIVATE,
    FILL_REQUIRED,
    FILL_SECTION,
    WRAP,
)
from planlib.apps.template.texts import (
    is_marked_required,
    note_text,
    required_text,
    rules,
    table_help,
    text,
    type_text,
)
from planlib.core.contract import Table

__all__ = ["write_instructions"]

_COLUMNS = ("col_header", "col_id", "col_type", "col_required", "col_notes")


def write_instructions(sheet: Worksheet, tables: Sequence[Table], *, lang: str) -> None:
    """Fill the instructions sheet in ``lang``."""
    for letter, width in zip("ABCDE", (30, 24, 48, 14, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    row = _put(sheet, 1, [text("title", lang)], font=Font(bold=True, size=14))
    row = _put(sheet, row + 1, [text("rules_heading", lang)], font=BOLD)
    for rule in rules(lang):
        row = _put(sheet, row, [f"• {rule}"])
    row = _put(sheet, row + 1, [text("legend_heading", lang)], font=BOLD)
    for key, fill in (
        ("legend_required", FILL_REQUIRED),
        ("legend_optional", FILL_OPTIONAL),
        ("legend_private", FILL_PRIVATE),
    ):
        sheet.cell(row=row, column=1).fill = fill
        row = _put(sheet, row, ["", text(key, lang)])
    row = _put(sheet, row + 1, [text("tables_heading", lang)], font=Font(bold=True, size=12))
    for table in tables:
        row = _write_table(sheet, row + 1, table, lang=lang)


def _write_table(sheet: Worksheet, row: int, table: Table, *, lang: str) -> int:
    heading = text("table_heading", lang, sheet=table.vi, id=table.id)
    row = _put(sheet, row, [heading], font=BOLD, fill=FILL_SECTION, span=5)
    row = _put(sheet, row, [table_help(table, lang)])
    if table.unique:
        names = " + ".join(table.column(column_id).vi for column_id in table.unique)
        row = _put(sheet, row, [text("unique", lang, columns=names)])
    row = _put(sheet, row, [text(key, lang) for key in _COLUMNS], font=BOLD)
    for col in table.columns:
        header = col.vi if lang == "vi" or not col.en else f"{col.vi} ({col.en})"
        required = text("yes" if is_marked_required(col) else "no", lang)
        private = required_text(col, lang) if col.private else ""
        notes = "; ".join(part for part in (private, note_text(table, col, lang)) if part)
        row = _put(sheet, row, [header, col.id, type_text(col, lang), required, notes], wrap=True)
        if col.private:
            sheet.cell(row=row - 1, column=1).fill = FILL_PRIVATE
    return row


def _put(
    sheet: Worksheet,
    row: int,
    values: Sequence[str],
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    span: int = 0,
    wrap: bool = False,
) -> int:
    """Write ``values`` from column A of ``row`` as text; return the next row."""
    for index in range(1, max(len(values), span) + 1):
        cell = sheet.cell(row=row, column=index)
        if index <= len(values) and values[index - 1]:
            write_text(cell, values[index - 1])
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if wrap:
            cell.alignment = WRAP
    return row + 1
