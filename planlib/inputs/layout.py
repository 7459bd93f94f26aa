"""Find a table in a sheet laid out the way a school keeps its lists.

A school's own list is rarely a bare table: title rows stand above the header ("PHÒNG GD&ĐT
…", "DANH SÁCH HỌC SINH …"), a group header may be merged over sub-headers, Khối and Lớp are
merged down over each class's rows, a total row and a signature block follow the table.
:func:`locate` turns the non-empty rows of a sheet (with its merged ranges) into the header
and data rows of one contract table, and says what it understood (:class:`Layout`), so
``planlib validate`` can show it. Nothing here interprets values; the user's file is only read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from planlib.core.contract import Table, normalize_key
from planlib.core.errors import Problem
from planlib.core.headers import (
    is_personal_header,
    is_row_number_header,
    is_total_text,
    synonyms,
)

__all__ = ["HEADER_SEARCH_ROWS", "Layout", "Merge", "Row", "locate", "match_header"]

#: the header is looked for in this many first non-empty rows
HEADER_SEARCH_ROWS = 30

Cell = object
Row = tuple[int, list[Cell]]  # (spreadsheet row, cells)
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


@dataclass
class Layout:
    """What was understood of a sheet: where the header is, what was skipped or filled."""

    header_rows: tuple[int, ...] = ()
    #: header text as the sheet has it -> contract column id
    matched: dict[str, str] = field(default_factory=dict)
    #: header texts not used (``personal`` tells those holding personal data)
    ignored: list[str] = field(default_factory=list)
    personal: list[str] = field(default_factory=list)
    skipped_titles: list[int] = field(default_factory=list)
    skipped_notes: list[int] = field(default_factory=list)
    skipped_totals: list[int] = field(default_factory=list)
    filled_cells: int = 0
    derived: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "header_rows": list(self.header_rows),
            "matched": dict(self.matched),
            "ignored": list(self.ignored),
            "personal": list(self.personal),
            "skipped_titles": list(self.skipped_titles),
            "skipped_notes": list(self.skipped_notes),
            "skipped_totals": list(self.skipped_totals),
            "filled_cells": self.filled_cells,
            "derived": list(self.derived),
        }


def match_header(table: Table, header: str) -> str | None:
    """The column id a header cell stands for, or ``None``.

    The contract's id and Vietnamese name, its English name, and the synonyms schools use
    (:mod:`planlib.core.headers`) all match; a trailing note in parentheses or a ``*`` marking
    a required column is tolerated (``Mã học sinh (*)``, ``Ngày sinh (dd/mm/yyyy)``).
    """
    keys = {normalize_key(header), normalize_key(str(header).split("(")[0].replace("*", ""))}
    keys.discard("")
    names = _header_names(table)
    found = [names[key] for key in keys if key in names]
    return min(found)[1] if found else None


#: id(table) -> (table, folded name -> (the first column it names, in table order, and its id))
_HEADER_NAMES: dict[int, tuple[Table, dict[str, tuple[int, str]]]] = {}


def _header_names(table: Table) -> dict[str, tuple[int, str]]:
    """Every folded name of every column of ``table`` (computed once per table)."""
    known = _HEADER_NAMES.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    names: dict[str, tuple[int, str]] = {}
    for index, col in enumerate(table.columns):
        for key in col.keys | {normalize_key(col.en)} | synonyms(table.id, col.id):
            names.setdefault(key, (index, col.id))
    _HEADER_NAMES[id(table)] = (table, names)
    return names


def _text(value: Cell) -> str:
    return "" if value is None else str(value).strip()


def _matches(table: Table, header: Sequence[str]) -> set[str]:
    return {c for c in (match_header(table, h) for h in header if h) if c is not None}


def _spans(merges: Sequence[Merge], row: int) -> dict[int, tuple[int, int]]:
    """Column -> (first column, first row) of the merged range covering it in ``row``."""
    covered: dict[int, tuple[int, int]] = {}
    for first_row, first_col, last_row, last_col in merges:
        if first_row <= row <= last_row:
            for col in range(first_col, last_col + 1):
                covered[col] = (first_col, first_row)
    return covered


def _two_row_header(
    table: Table, group: Row, sub: Row, merges: Sequence[Merge], cells_of: dict[int, list[Cell]]
) -> list[str]:
    """Group and sub-header joined ("Thời điểm" over "Tiếp nhận" → "Thời điểm Tiếp nhận")."""
    spans = _spans(merges, group[0])
    width = max(len(group[1]), len(sub[1]))
    header = []
    for index in range(width):
        col = index + 1
        top = _text(group[1][index]) if index < len(group[1]) else ""
        if not top and col in spans:  # inside a group header merged across columns
            first_col, first_row = spans[col]
            source = cells_of.get(first_row, [])
            top = _text(source[first_col - 1]) if first_col - 1 < len(source) else ""
        below = _text(sub[1][index]) if index < len(sub[1]) else ""
        header.append(_join_header(table, top, below))
    return header


def _join_header(table: Table, top: str, below: str) -> str:
    if not below or not top:
        return top or below
    for candidate in (f"{top} {below}", below, top):
        if match_header(table, candidate):
            return candidate
    return f"{top} {below}"


def _find_header(
    table: Table, rows: Sequence[Row], merges: Sequence[Merge]
) -> tuple[int, list[str], tuple[int, ...]] | None:
    """Index of the header's last row, the header texts, and its spreadsheet rows."""
    needed = min(2, len(table.columns))
    cells_of = {number: cells for number, cells in rows}
    for i, (number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        single = [_text(v) for v in cells]
        found_single = _matches(table, single)
        if i + 1 < len(rows) and rows[i + 1][0] == number + 1:
            joined = _two_row_header(table, rows[i], rows[i + 1], merges, cells_of)
            if (
                len(_matches(table, joined)) > len(found_single)
                and len(_matches(table, joined)) >= needed
            ):
                return i + 1, joined, (number, number + 1)
        if len(found_single) >= needed:
            return i, single, (number,)
    return None


def _key_value(
    table: Table, rows: Sequence[Row]
) -> tuple[int, list[str], list[Row], Layout, list[Problem]] | None:
    """A one-row table written as field–value pairs, one per row (the school's identity)."""
    header: list[str] = []
    values: list[Cell] = []
    for _, cells in rows[:HEADER_SEARCH_ROWS]:
        texts = [(i, _text(v)) for i, v in enumerate(cells) if _text(v)]
        if len(texts) >= 2 and match_header(table, texts[0][1]):
            header.append(texts[0][1])
            values.append(cells[texts[1][0]])
    if not header or not any(
        c.required and match_header(table, h) == c.id for c in table.columns for h in header
    ):
        return None
    layout = Layout(header_rows=tuple(n for n, _ in rows[: len(header)]))
    _describe(table, header, layout)
    return rows[0][0], header, [(rows[0][0], values)], layout, []


def _fill_merged(body: list[Row], merges: Sequence[Merge], after: int) -> int:
    """Give a vertically merged body cell's value to every row it spans; count the cells.

    Only merges down rows are filled, in their first column: a merge across the columns of
    one row (a note line, a signature) gives nothing to the other columns.
    """
    by_number = {number: cells for number, cells in body}
    filled = 0
    for first_row, first_col, last_row, _ in merges:
        if first_row <= after or last_row == first_row or first_row not in by_number:
            continue  # a title, a header, or a merge across columns only (a note line)
        top = by_number[first_row]
        value = top[first_col - 1] if first_col - 1 < len(top) else None
        for number in range(first_row + 1, last_row + 1):
            cells = by_number.get(number)
            if cells is None:
                continue
            cells.extend([None] * (first_col - len(cells)))
            if _text(cells[first_col - 1]) == "":
                cells[first_col - 1] = value
                filled += 1
    return filled


def _required_positions(table: Table, header: Sequence[str]) -> list[int]:
    required = {c.id for c in table.columns if c.required}
    positions = [i for i, h in enumerate(header) if h and match_header(table, h) in required]
    return positions or [i for i, h in enumerate(header) if h and match_header(table, h)]


def _is_note(cells: Sequence[Cell], positions: Sequence[int]) -> bool:
    """Most of the table's required columns are empty in this row."""
    filled = sum(1 for i in positions if i < len(cells) and _text(cells[i]) != "")
    return filled * 2 < len(positions)


def _split_body(
    body: Sequence[Row], header_row: int, positions: Sequence[int], layout: Layout
) -> list[Row]:
    """Data rows, without total rows and without the notes and signatures below the table."""
    data: list[Row] = []
    previous = header_row
    after_gap = False
    for number, cells in body:
        after_gap = after_gap or number > previous + 1
        previous = number
        if any(is_total_text(v) for v in cells):
            layout.skipped_totals.append(number)
        elif after_gap and _is_note(cells, positions):
            layout.skipped_notes.append(number)
        else:
            data.append((number, cells))
    return data


def _describe(table: Table, header: Sequence[str], layout: Layout) -> None:
    for text in header:
        if not text:
            continue
        column = match_header(table, text)
        if column is not None and column not in layout.matched.values():
            layout.matched[text] = column
        elif column is None and is_personal_header(text):
            layout.personal.append(text)
        elif column is None and not is_row_number_header(text):
            layout.ignored.append(text)


def _ranges(rows: Sequence[int]) -> str:
    """``25–31, 40`` for rows 25…31 and 40."""
    parts: list[str] = []
    for number in sorted(rows):
        if parts and number == int(parts[-1].split("–")[-1]) + 1:
            parts[-1] = f"{parts[-1].split('–')[0]}–{number}"
        else:
            parts.append(str(number))
    return ", ".join(parts)


def _warnings(table: Table, label: str, layout: Layout) -> list[Problem]:
    found = []
    for code, rows in (
        ("notes_skipped", layout.skipped_notes),
        ("total_rows_skipped", layout.skipped_totals),
    ):
        if rows:
            found.append(
                Problem(
                    code,
                    table.id,
                    rows[0],
                    severity="warning",
                    table_label=label,
                    params={"rows": _ranges(rows), "count": len(rows)},
                )
            )
    return found


def locate(
    table: Table, label: str, rows: list[Row], merges: Sequence[Merge] = ()
) -> tuple[int, list[str], list[Row], Layout, list[Problem]] | None:
    """The header row, header texts, data rows, layout and warnings of a table in a sheet.

    Parameters
    ----------
    table
        The contract table the sheet holds.
    label
        The sheet or file name as the user wrote it (for messages).
    rows
        The sheet's non-empty rows with their spreadsheet row numbers, in order.
    merges
        The sheet's merged ranges (``(first row, first column, last row, last column)``).

    Returns
    -------
    tuple or None
        ``None`` when no row within the first :data:`HEADER_SEARCH_ROWS` names at least two
        of the table's columns (every column of a one-column table).
    """
    found = _find_header(table, rows, merges)
    if found is None:
        return _key_value(table, rows)
    index, header, header_rows = found
    layout = Layout(header_rows=header_rows)
    layout.skipped_titles = [number for number, _ in rows[: index + 1 - len(header_rows)]]
    body = [(number, list(cells)) for number, cells in rows[index + 1 :]]
    layout.filled_cells = _fill_merged(body, merges, header_rows[-1])
    _describe(table, header, layout)
    data = _split_body(body, header_rows[-1], _required_positions(table, header), layout)
    return header_rows[-1], header, data, layout, _warnings(table, label, layout)
