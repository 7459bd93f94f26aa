"""Columns a class list gives in its own way: sex from a "Nữ" column, grade from the class.

A school's class list often has a column ``Nữ`` marked ``x`` for girls instead of
``Giới tính``, and no ``Khối`` column because the class name says it (``6/1``, ``6A``,
``Lớp 6A``). :func:`derive_columns` adds the contract's ``sex`` and ``grade`` to such rows,
before any value is parsed, and reports a class whose name gives no grade 6–9.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planlib.core.contract import Table, normalize_key
from planlib.core.errors import Problem
from planlib.core.headers import GIRL_COLUMN
from planlib.inputs.layout import Layout, Row, match_header

__all__ = ["derive_columns", "grade_of_class"]

_GRADE = re.compile(r"^\s*(?:l[oớ]p\s*)?([6-9])(?![0-9])", re.IGNORECASE)
_GIRL_MARKS = frozenset({"x", "1", "co", "yes", "true", "dung", "nu", "f"})


def grade_of_class(name: object) -> int | None:
    """The grade a class name starts with: ``6/1``, ``6A``, ``6A1``, ``Lớp 6A`` → 6."""
    match = _GRADE.match(str(name or ""))
    return int(match.group(1)) if match else None


def _position(table: Table, header: Sequence[str], column_id: str) -> int | None:
    for index, text in enumerate(header):
        if text and match_header(table, text) == column_id:
            return index
    return None


def _cell(cells: Sequence[object], index: int | None) -> str:
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    return str(cells[index]).strip()


def _is_empty(cells: Sequence[object], index: int) -> bool:
    """An empty cell (a marked one, e.g. a formula saved without its value, is not)."""
    value = cells[index] if index < len(cells) else None
    return value is None or (type(value) is str and not value.strip())


def _sex_from_girls(header: list[str], data: list[Row], layout: Layout) -> None:
    girls = next((i for i, h in enumerate(header) if normalize_key(h) == GIRL_COLUMN), None)
    if girls is None:
        return
    header.append("sex")
    layout.derived.append("sex")
    for _, cells in data:
        mark = _cell(cells, girls)
        cells.extend([None] * (len(header) - 1 - len(cells)))
        if not mark:
            cells.append("M")  # an empty cell in the girls' column: a boy
        else:
            cells.append("F" if normalize_key(mark) in _GIRL_MARKS else mark)


def _grade_from_class(
    table: Table, label: str, header: list[str], data: list[Row], layout: Layout
) -> list[Problem]:
    classes = _position(table, header, "class_name")
    grades = _position(table, header, "grade")
    if classes is None:
        return []
    if grades is None:
        header.append("grade")
        grades = len(header) - 1
    problems = []
    for number, cells in data:
        if not _is_empty(cells, grades):
            continue
        cells.extend([None] * (grades + 1 - len(cells)))
        grade = grade_of_class(_cell(cells, classes))
        if grade is not None:
            cells[grades] = grade
            if "grade" not in layout.derived:
                layout.derived.append("grade")
        elif _cell(cells, classes):
            problems.append(
                Problem(
                    "grade_from_class",
                    table.id,
                    number,
                    "class_name",
                    _cell(cells, classes),
                    table_label=label,
                    column_label=header[classes],
                )
            )
    return problems


def derive_columns(
    table: Table, label: str, header: list[str], data: list[Row], layout: Layout
) -> list[Problem]:
    """Add ``sex`` and ``grade`` where a students list gives them its own way (in place)."""
    if table.id != "students":
        return []
    if _position(table, header, "sex") is None:
        _sex_from_girls(header, data, layout)
    return _grade_from_class(table, label, header, data, layout)
