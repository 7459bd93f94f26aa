"""Load a school's workbook: parse every cell by the contract, check it, collect every problem.

:func:`load` is the one entry point: it reads the container (:mod:`planlib.inputs.readers`), parses
each cell by its column's type, runs the row and cross-table checks of the data contract and
either returns a typed :class:`Workbook` (with its warnings) or raises one :class:`DataError`
listing every problem at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from planlib.core.contract import SC_GROUPS, TABLES, Column, Table, normalize_key
from planlib.core.errors import DataError, Problem, UsageError
from planlib.core.spreadsheet import unescape_cell
from planlib.inputs.readers import (
    ExcelError,
    RawTable,
    RawWorkbook,
    UncomputedFormula,
    match_header,
    read_container,
    read_rows,
)

__all__ = [
    "Workbook",
    "children_on",
    "load",
    "load_sample",
    "open_workbook",
    "parse_raw",
    "school_year_bounds",
]

T = pd.Timestamp


@dataclass(frozen=True)
class Workbook:
    """A checked workbook: one typed DataFrame per table that was present.

    Personal data and free text (``full_name``, ``description``, ``support``, titles...) are
    dropped once the workbook is checked: no report, notebook or explorer can show them.

    Each frame has a ``_row`` column (the spreadsheet row the user sees) and one column per
    contract column found in the header; absent optional columns are absent. Date columns are
    ``datetime64``; a ``datetime`` column ``c`` comes with ``c_has_time`` (bool). ``students``
    also carries ``sy_start`` / ``sy_end``, the bounds of the row's school year.
    """

    tables: Mapping[str, pd.DataFrame]
    warnings: tuple[Problem, ...]
    source: str
    sha256: str
    sample: bool = False

    def has(self, table: str, *columns: str) -> bool:
        """Whether ``table`` is present with every one of ``columns``."""
        frame = self.tables.get(table)
        return frame is not None and all(col in frame.columns for col in columns)

    def missing(self, requirements: Mapping[str, Iterable[str]]) -> list[str]:
        """``table`` or ``table.column`` names that are absent, for a ``no_data`` status."""
        out: list[str] = []
        for table, columns in requirements.items():
            if table not in self.tables:
                out.append(table)
                continue
            out += [f"{table}.{col}" for col in columns if col not in self.tables[table].columns]
        return out


def load(
    path: Path | str,
    *,
    today: dt.date | None = None,
    task_ids: Iterable[str] = (),
) -> Workbook:
    """Read, parse and check a workbook.

    Parameters
    ----------
    path
        A folder of ``<table>.csv`` files or an ``.xlsx`` workbook.
    today
        The day the report is run: no date in the workbook may be after it.
    task_ids
        Task ids of the plan; ``tasks.task_id`` must be one of them when given.

    Raises
    ------
    DataError
        With every error and warning found, when there is at least one error.
    """
    return parse_raw(read_container(Path(path)), today=today, task_ids=task_ids)


def load_sample(*, today: dt.date | None = None, task_ids: Iterable[str] = ()) -> Workbook:
    """The bundled synthetic school (:mod:`planlib.inputs.sample`), checked like any workbook."""
    from planlib.inputs.sample import generate_sample

    raw = read_rows(generate_sample(), source="sample", sample=True)
    return parse_raw(raw, today=today, task_ids=task_ids)


def open_workbook(
    path: Path | str | None, *, today: dt.date | None = None, task_ids: Iterable[str] = ()
) -> Workbook:
    """The school's workbook at ``path``, or the bundled sample school when ``path`` is ``None``.

    Raises
    ------
    UsageError
        When ``path`` does not exist (a wrong argument, not bad data).
    DataError
        When the workbook breaks the contract.
    """
    if path is None or str(path).strip() == "":
        return load_sample(today=today, task_ids=task_ids)
    if not Path(path).exists():
        raise UsageError(f"không tìm thấy / not found: {path}")
    return load(path, today=today, task_ids=task_ids)


def parse_raw(
    raw: RawWorkbook, *, today: dt.date | None = None, task_ids: Iterable[str] = ()
) -> Workbook:
    """Parse and check an already-read workbook (see :func:`load`)."""
    today = today or dt.date.today()
    problems = list(raw.problems)
    frames: dict[str, pd.DataFrame] = {}
    labels: dict[tuple[str, str], str] = {}
    for table in TABLES:
        sheet = raw.tables.get(table.id)
        if sheet is None:
            continue
        frame, found = _parse_table(sheet, problems)
        labels.update({(table.id, col): header for col, header in found.items()})
        if frame is not None:
            frames[table.id] = frame
    if "students" in frames:
        _add_school_years(frames["students"])
    _check(frames, problems, today=today, task_ids=tuple(task_ids))
    problems = [_labelled(p, raw, labels) for p in problems]
    if any(p.is_error for p in problems):
        raise DataError(problems)
    return Workbook(
        tables={name: _without_private(name, frame) for name, frame in frames.items()},
        warnings=tuple(sorted(problems, key=Problem.sort_key)),
        source=raw.source,
        sha256=raw.sha256,
        sample=raw.sample,
    )


def _without_private(table_id: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Drop names and free text: once checked, nothing downstream may see them."""
    private = [c.id for c in _table(table_id).columns if c.private and c.id in frame.columns]
    return frame.drop(columns=private)


def _labelled(p: Problem, raw: RawWorkbook, labels: dict[tuple[str, str], str]) -> Problem:
    """Attach the table and column names as the user wrote them."""
    if p.table is None or p.table not in raw.tables:
        return p
    sheet = raw.tables[p.table]
    table_label = p.table_label or sheet.label
    if normalize_key(table_label.removesuffix(".csv")) == normalize_key(p.table):
        table_label = None  # written as the id: the message shows the Vietnamese name
    column_label = labels.get((p.table, p.column or ""), p.column_label)
    return Problem(
        p.code,
        p.table,
        p.row,
        p.column,
        p.value,
        p.severity,
        p.params,
        table_label,
        column_label,
    )


# --- one table ------------------------------------------------------------------------------


def _parse_table(
    sheet: RawTable, problems: list[Problem]
) -> tuple[pd.DataFrame | None, dict[str, str]]:
    table = sheet.table
    positions: dict[str, int] = {}
    found: dict[str, str] = {}
    for index, header in enumerate(sheet.header):
        col_id = match_header(table, header) if header else None
        if col_id is None:
            continue
        if col_id in positions:
            problems.append(
                Problem(
                    "duplicate_column",
                    table.id,
                    sheet.header_row,
                    col_id,
                    params={"first": found[col_id], "second": header},
                )
            )
            continue
        positions[col_id] = index
        found[col_id] = header
    if sheet.merged_header:
        problems.append(Problem("merged_header", table.id, sheet.header_row))
    missing = [c.id for c in table.columns if c.required and c.id not in positions]
    for col_id in missing:
        problems.append(Problem("missing_column", table.id, sheet.header_row, col_id))
    columns = [c for c in table.columns if c.id in positions]
    data: dict[str, list[object]] = {"_row": []}
    for col in columns:
        data[col.id] = []
        if col.type == "datetime":
            data[f"{col.id}_has_time"] = []
    for row_number, cells in sheet.rows:
        data["_row"].append(row_number)
        for col in columns:
            index = positions[col.id]
            cell = cells[index] if index < len(cells) else None
            value, has_time = _parse_cell(col, cell, table.id, row_number, problems)
            data[col.id].append(value)
            if col.type == "datetime":
                data[f"{col.id}_has_time"].append(has_time)
    if missing:
        return None, found
    return _frame(columns, data), found


def _frame(columns: list[Column], data: dict[str, list[object]]) -> pd.DataFrame:
    frame = pd.DataFrame({"_row": pd.array(data["_row"], dtype="int64")})
    for col in columns:
        values = data[col.id]
        if col.type in ("date", "datetime"):
            frame[col.id] = pd.to_datetime(pd.Series(values, dtype="object"))
            if col.type == "datetime":
                frame[f"{col.id}_has_time"] = pd.array(data[f"{col.id}_has_time"], dtype=bool)
        elif col.type == "int":
            frame[col.id] = pd.array(values, dtype="Int64")
        elif col.type == "number":
            frame[col.id] = pd.array(values, dtype="Float64")
        elif col.type == "bool":
            frame[col.id] = pd.array(values, dtype="boolean")
        else:
            frame[col.id] = pd.Series(values, dtype="object")
    return frame


def _parse_cell(
    col: Column, cell: object, table: str, row: int, problems: list[Problem]
) -> tuple[object, bool]:
    """Parse one cell; on a problem, record it and return an empty value."""
    if isinstance(cell, ExcelError):
        problems.append(Problem("formula_error", table, row, col.id, str(cell)))
        return None, False
    if isinstance(cell, UncomputedFormula):
        problems.append(Problem("formula_uncomputed", table, row, col.id))
        return None, False
    if isinstance(cell, str):
        cell = _unescape_text(cell)
    if cell is None or cell == "":
        if col.type == "bool":
            return col.empty_bool, False
        if col.required:
            problems.append(Problem("required", table, row, col.id))
        return None, False
    try:
        value, has_time = PARSERS[col.type](col, cell)
    except CellError as exc:
        problems.append(Problem(exc.code, table, row, col.id, _shown(cell), params=exc.params))
        return None, False
    return value, has_time


def _shown(cell: object) -> str:
    if isinstance(cell, dt.datetime):
        return cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    return str(cell)


def _unescape_text(text: str) -> str:
    """Undo text escapes: Excel's ``="0123"`` and planlib's formula-safe apostrophe."""
    return unescape_cell(text.strip()).strip()


class CellError(Exception):
    """A cell that does not parse; ``code`` keys its message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# --- cell parsers -----------------------------------------------------------------------------


def _text(col: Column, cell: object) -> tuple[object, bool]:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # Excel stores the code 1001 as 1001.0
    return str(cell).strip(), False


_VN_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
_VN_DECIMAL = re.compile(r"-?\d+,\d+")
_PLAIN = re.compile(r"-?\d+(\.\d+)?")
_EN_GROUPED = re.compile(r"-?\d{1,3}(,\d{3}){2,}(\.\d+)?")
_SPACE_GROUPED = re.compile(r"-?\d{1,3}( \d{3})+(,\d+)?")
_CURRENCY = re.compile(r"\s*(đồng|đ|₫|vnđ|vnd)\s*$", re.IGNORECASE)


def parse_number(cell: object) -> float:
    """Parse a number, accepting Vietnamese style text (``1.500.000``, ``7,5``).

    ``1.500`` is one thousand five hundred (Vietnamese grouping); ``7.5`` (not a valid
    grouping) is seven and a half.
    """
    if isinstance(cell, bool):
        raise CellError("bad_number")
    if isinstance(cell, int | float):
        if isinstance(cell, float) and not math.isfinite(cell):
            raise CellError("bad_number")
        return float(cell)
    text = _CURRENCY.sub("", str(cell).strip()).replace("\u00a0", " ")
    if _VN_GROUPED.fullmatch(text) or _SPACE_GROUPED.fullmatch(text):
        return float(text.replace(".", "").replace(" ", "").replace(",", "."))
    if _VN_DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    if _EN_GROUPED.fullmatch(text):
        return float(text.replace(",", ""))
    if _PLAIN.fullmatch(text):
        return float(text)
    raise CellError("bad_number")


def _range_checked(col: Column, value: float) -> float:
    if col.max is not None and not (col.min or 0) <= value <= col.max:
        raise CellError("out_of_range", min=_num(col.min or 0), max=_num(col.max))
    if col.min is not None and value < col.min:
        raise CellError("below_min", min=_num(col.min))
    return value


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _number(col: Column, cell: object) -> tuple[object, bool]:
    return _range_checked(col, parse_number(cell)), False


def _int(col: Column, cell: object) -> tuple[object, bool]:
    try:
        value = parse_number(cell)
    except CellError:
        raise CellError("bad_int") from None
    if not value.is_integer() or abs(value) > _MAX_INT:
        raise CellError("bad_int")  # beyond 2**53 a float is no longer an exact whole number
    return int(_range_checked(col, value)), False


_MAX_INT = 2**53


_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?")
_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}(\s.*)?")
EXCEL_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2099-12-31


def parse_datetime(cell: object) -> tuple[dt.datetime, bool]:
    """Parse a date or date-time; return it with whether a clock time was given.

    Accepts ``dd/mm/yyyy`` (also with ``-`` or ``.``), ``yyyy-mm-dd``, either followed by
    ``HH:MM[:SS]`` (ISO ``T`` allowed), Excel date cells and Excel serial numbers.
    ``mm/dd/yyyy`` is never assumed: ``12/25/2023`` is an error.
    """
    if isinstance(cell, dt.datetime):
        return cell.replace(tzinfo=None), True
    if isinstance(cell, dt.date):
        return dt.datetime(cell.year, cell.month, cell.day), False
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        low, high = EXCEL_SERIAL_RANGE
        if low <= cell <= high:
            stamp = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(cell))
            return stamp.replace(microsecond=0), not float(cell).is_integer()
        raise CellError("bad_date")
    text = str(cell).strip()
    if _TWO_DIGIT_YEAR.fullmatch(text):
        raise CellError("two_digit_year")
    date_part, _, time_part = re.sub(r"(\d)T(\d)", r"\1 \2", text).partition(" ")
    time_part = time_part.strip()
    if match := _DMY.fullmatch(date_part):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.fullmatch(date_part):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise CellError("bad_date")
    hour = minute = second = 0
    if time_part:
        tmatch = _TIME.fullmatch(time_part)
        if not tmatch:
            raise CellError("bad_datetime")
        hour, minute = int(tmatch.group(1)), int(tmatch.group(2))
        second = int(tmatch.group(3) or 0)
    try:
        return dt.datetime(year, month, day, hour, minute, second), bool(time_part)
    except ValueError:
        raise CellError("bad_date") from None


def _date(col: Column, cell: object) -> tuple[object, bool]:
    value, has_time = parse_datetime(cell)
    if has_time and value.time() != dt.time(0):
        raise CellError("bad_date")
    return value, False


def _datetime(col: Column, cell: object) -> tuple[object, bool]:
    try:
        return parse_datetime(cell)
    except CellError as exc:
        if exc.code == "bad_date":
            raise CellError("bad_datetime") from None
        raise


_TRUE = {"co", "x", "1", "yes", "true", "dung", "y", "c", "v"}
_FALSE = {"khong", "0", "no", "false", "sai", "n", "k"}


def parse_bool(cell: object) -> bool:
    """Parse ``Có/Không``, ``x``, ``1/0``, ``yes/no``, ``true/false``, ``đúng/sai``."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    key = normalize_key(cell)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("bad_bool")


def _bool(col: Column, cell: object) -> tuple[object, bool]:
    return parse_bool(cell), False


_GROUP_LETTERS = {letter: letter for letter in SC_GROUPS} | {"dd": "đ"}


def _enum(col: Column, cell: object) -> tuple[object, bool]:
    assert col.enum is not None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    if col.id == "group":
        letter = text.lower().rstrip(").").strip()
        if letter in _GROUP_LETTERS:
            return _GROUP_LETTERS[letter], False
    code = col.enum.lookup().get(normalize_key(text))
    if code is None or (col.id == "group" and len(normalize_key(text)) <= 2):
        raise CellError("bad_enum", choices=_choices(col))
    return code, False


def _choices(col: Column) -> tuple[str, str]:
    assert col.enum is not None
    if col.id == "group":
        letters = ", ".join(SC_GROUPS)
        return (
            f"{letters} hoặc tên nhóm theo Luật Trẻ em 2016, Điều 10",
            f"{letters} or the group's name in the Law on Children 2016, art. 10",
        )
    pairs = ", ".join(
        f"{code} ({label})" if code != label else code for code, label in col.enum.labels.items()
    )
    return pairs, pairs


_SCHOOL_YEAR = re.compile(r"(\d{4})\s*[-–/]\s*(\d{4})")


def _school_year(col: Column, cell: object) -> tuple[object, bool]:
    match = _SCHOOL_YEAR.fullmatch(str(cell).strip())
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise CellError("bad_school_year")
    return f"{match.group(1)}-{match.group(2)}", False


def _list(col: Column, cell: object) -> tuple[object, bool]:
    separators = r"[;,\n]" if col.id == "classes" else r"[;\n]"
    items = tuple(item.strip() for item in re.split(separators, str(cell)) if item.strip())
    return items, False


PARSERS: dict[str, Callable[[Column, object], tuple[object, bool]]] = {
    "text": _text,
    "int": _int,
    "number": _number,
    "date": _date,
    "datetime": _datetime,
    "bool": _bool,
    "enum": _enum,
    "school_year": _school_year,
    "list": _list,
}


# --- roster semantics ---------------------------------------------------------------------


def school_year_bounds(school_year: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a school year ``YYYY-YYYY``: 01/09 to 31/08."""
    first = int(school_year[:4])
    return T(first, 9, 1), T(first + 1, 8, 31)


def _add_school_years(students: pd.DataFrame) -> None:
    if "school_year" not in students.columns:
        return
    first = pd.to_numeric(students["school_year"].str[:4], errors="coerce")
    students["sy_start"] = pd.to_datetime({"year": first, "month": 9, "day": 1}, errors="coerce")
    students["sy_end"] = pd.to_datetime({"year": first + 1, "month": 8, "day": 31}, errors="coerce")


def children_on(students: pd.DataFrame, day: dt.date | pd.Timestamp) -> pd.DataFrame:
    """The roster rows of the children of the school on ``day``.

    A student counts when the row's school year contains the day, ``enrolled_on`` (when given)
    is on or before it, and ``left_on`` is empty or after it.
    """
    day = T(day)
    mask = (students["sy_start"] <= day) & (students["sy_end"] >= day)
    if "enrolled_on" in students.columns:
        mask &= students["enrolled_on"].isna() | (students["enrolled_on"] <= day)
    if "left_on" in students.columns:
        mask &= students["left_on"].isna() | (students["left_on"] > day)
    return students.loc[mask.fillna(False).astype(bool)].drop_duplicates("student_id")


def enrolment(students: pd.DataFrame, days: pd.Series) -> np.ndarray:
    """How many children the school has on each of ``days``: :func:`children_on`, vectorised."""
    day = days.to_numpy(dtype="datetime64[ns]")[None, :]

    def column(name: str) -> np.ndarray:
        return students[name].to_numpy(dtype="datetime64[ns]")[:, None]

    mask = (column("sy_start") <= day) & (column("sy_end") >= day)
    if "enrolled_on" in students.columns:
        enrolled = column("enrolled_on")
        mask &= np.isnat(enrolled) | (enrolled <= day)
    if "left_on" in students.columns:
        left = column("left_on")
        mask &= np.isnat(left) | (left > day)
    return mask.sum(axis=0)


# --- checks ---------------------------------------------------------------------------------

REFERENCES = (
    ("special_circumstances", "student_id", "students"),
    ("incidents", "student_id", "students"),
    ("awareness", "student_id", "students"),
    ("trainings", "staff_id", "staff"),
)
DATE_ORDER = (  # (table, later column, earlier column, severity, code)
    ("students", "left_on", "enrolled_on", "error", "date_order"),
    ("special_circumstances", "ended_on", "identified_on", "error", "date_order"),
    ("incidents", "intervened_on", "reported_on", "error", "date_order"),
    ("incidents", "reported_on", "occurred_on", "warning", "reported_before_occurred"),
)
T4_KINDS = ("child_labour", "maltreatment", "violence", "sexual_abuse")


def _check(
    frames: dict[str, pd.DataFrame],
    problems: list[Problem],
    *,
    today: dt.date,
    task_ids: tuple[str, ...],
) -> None:
    for table in TABLES:
        frame = frames.get(table.id)
        if frame is None:
            continue
        _check_unique(table, frame, problems)
        _check_future(table, frame, today, problems)
    _check_references(frames, problems)
    _check_date_order(frames, problems)
    missing: list[Problem] = []
    _check_conditional(frames, missing)
    # a cell already reported as unreadable is not reported again as missing
    unreadable = {(p.table, p.row, p.column) for p in problems if p.is_error}
    problems += [p for p in missing if (p.table, p.row, p.column) not in unreadable]
    _check_fatal(frames, problems)
    _check_reach(frames, problems)
    if task_ids and "tasks" in frames:
        _check_tasks(frames["tasks"], task_ids, problems)


def _check_unique(table: Table, frame: pd.DataFrame, problems: list[Problem]) -> None:
    keys = [k for k in table.unique if k in frame.columns]
    if not keys or len(keys) != len(table.unique):
        return
    sub = frame[keys].astype("object")
    complete = sub.notna().all(axis=1)
    dup = sub.duplicated(keep=False) & complete
    if not dup.any():
        return
    first_rows: dict[tuple[object, ...], int] = {}
    for row_number, key in zip(frame["_row"], sub.itertuples(index=False, name=None), strict=True):
        first_rows.setdefault(key, int(row_number))
    for idx in frame.index[dup]:
        key = tuple(sub.loc[idx])
        row_number = int(frame.at[idx, "_row"])
        if first_rows[key] != row_number:
            problems.append(
                Problem(
                    "duplicate_id",
                    table.id,
                    row_number,
                    keys[0],
                    str(key[0]),
                    params={"other": first_rows[key]},
                )
            )


def _check_future(
    table: Table, frame: pd.DataFrame, today: dt.date, problems: list[Problem]
) -> None:
    limit = T(today) + pd.Timedelta(days=1)
    for col in table.columns:
        if col.type not in ("date", "datetime") or col.id not in frame.columns:
            continue
        late = frame[col.id] >= limit
        for idx in frame.index[late.fillna(False).astype(bool)]:
            problems.append(
                Problem(
                    "future_date",
                    table.id,
                    int(frame.at[idx, "_row"]),
                    col.id,
                    _fmt(frame.at[idx, col.id]),
                    params={"today": today.strftime("%d/%m/%Y")},
                )
            )


def _fmt(stamp: object) -> str:
    stamp = T(stamp)
    if stamp.hour or stamp.minute:
        return stamp.strftime("%d/%m/%Y %H:%M")
    return stamp.strftime("%d/%m/%Y")


def _check_references(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    for table, column, target in REFERENCES:
        frame = frames.get(table)
        if frame is None or column not in frame.columns:
            continue
        ref = frames.get(target)
        if ref is None or column not in ref.columns:
            if len(frame):
                problems.append(
                    Problem(
                        "refs_unchecked",
                        table,
                        column=column,
                        severity="warning",
                        params={"ref_table": _table_name(target)},
                    )
                )
            continue
        known = set(ref[column].dropna())
        bad = frame[column].notna() & ~frame[column].isin(known)
        for idx in frame.index[bad]:
            problems.append(
                Problem(
                    "dangling_ref",
                    table,
                    int(frame.at[idx, "_row"]),
                    column,
                    str(frame.at[idx, column]),
                    params={"ref_table": _table_name(target)},
                )
            )


def _check_date_order(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    for table, later, earlier, severity, code in DATE_ORDER:
        frame = frames.get(table)
        if frame is None or later not in frame.columns or earlier not in frame.columns:
            continue
        a, b = frame[later], frame[earlier]
        if f"{later}_has_time" in frame.columns or f"{earlier}_has_time" in frame.columns:
            precise = _has_time(frame, later) & _has_time(frame, earlier)
            wrong = (a < b) & precise | (a.dt.normalize() < b.dt.normalize()) & ~precise
        else:
            wrong = a < b
        column_names = {c.id: (c.vi, c.en) for c in _table(table).columns}
        for idx in frame.index[wrong.fillna(False).astype(bool)]:
            problems.append(
                Problem(
                    code,
                    table,
                    int(frame.at[idx, "_row"]),
                    later,
                    _fmt(a[idx]),
                    severity=severity,  # type: ignore[arg-type]
                    params={"other_column": column_names[earlier], "other_value": _fmt(b[idx])},
                )
            )


def _has_time(frame: pd.DataFrame, column: str) -> pd.Series:
    name = f"{column}_has_time"
    if name in frame.columns:
        return frame[name].astype(bool)
    return pd.Series(False, index=frame.index)


def _table_name(table_id: str) -> tuple[str, str]:
    """A table as messages name it, in both languages: ``Cán bộ giáo viên (staff)``."""
    table = _table(table_id)
    return f"{table.vi} ({table.id})", f"{table.en} ({table.id})"


def _table(table_id: str) -> Table:
    return next(t for t in TABLES if t.id == table_id)


def _check_conditional(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    students = frames.get("students")
    if students is not None and "left_on" in students.columns:
        reason = students.get("left_reason", pd.Series(None, index=students.index, dtype=object))
        for idx in students.index[students["left_on"].notna() & reason.isna()]:
            problems.append(
                Problem(
                    "left_reason_missing", "students", int(students.at[idx, "_row"]), "left_reason"
                )
            )
    incidents = frames.get("incidents")
    if incidents is None or "kind" not in incidents.columns:
        return
    empty = pd.Series(None, index=incidents.index, dtype=object)
    injury = incidents["kind"] == "injury"
    for idx in incidents.index[injury & incidents.get("cause", empty).isna()]:
        problems.append(
            Problem("cause_missing", "incidents", int(incidents.at[idx, "_row"]), "cause")
        )
    other = incidents["kind"].notna() & ~injury
    for idx in incidents.index[other & incidents.get("reported_on", empty).isna()]:
        problems.append(
            Problem("reported_missing", "incidents", int(incidents.at[idx, "_row"]), "reported_on")
        )


def _check_fatal(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    incidents, students = frames.get("incidents"), frames.get("students")
    if incidents is None or students is None or "fatal" not in incidents.columns:
        return
    if "occurred_on" not in incidents.columns:
        return
    if "left_reason" in students.columns and "left_on" in students.columns:
        deaths = students.loc[students["left_reason"] == "death", ["student_id", "left_on"]]
    else:
        deaths = pd.DataFrame(
            {"student_id": pd.Series(dtype=object), "left_on": pd.Series(dtype="datetime64[ns]")}
        )
    fatal = incidents["fatal"].fillna(False).astype(bool) & incidents["occurred_on"].notna()
    fatal = incidents.loc[fatal]  # an unreadable date is reported already
    for _, inc in fatal.iterrows():
        died = deaths.loc[deaths["student_id"] == inc["student_id"], "left_on"]
        if not (died >= inc["occurred_on"]).any():
            problems.append(
                Problem(
                    "fatal_no_death",
                    "incidents",
                    int(inc["_row"]),
                    "fatal",
                    severity="warning",
                    params={"student": inc["student_id"], "other_value": _fmt(inc["occurred_on"])},
                )
            )


def _check_reach(frames: dict[str, pd.DataFrame], problems: list[Problem]) -> None:
    activities, students = frames.get("activities"), frames.get("students")
    if activities is None or students is None or "students_reached" not in activities.columns:
        return
    if "sy_start" not in students.columns:
        return
    rows = activities.loc[activities["students_reached"].notna() & activities["held_on"].notna()]
    enrolled = enrolment(students, rows["held_on"])
    reached = rows["students_reached"].astype("int64").to_numpy()
    for i in (reached > enrolled).nonzero()[0]:
        problems.append(
            Problem(
                "reach_exceeds",
                "activities",
                int(rows["_row"].iloc[i]),
                "students_reached",
                str(int(reached[i])),
                severity="warning",
                params={"enrolled": int(enrolled[i])},
            )
        )


def _check_tasks(tasks: pd.DataFrame, task_ids: tuple[str, ...], problems: list[Problem]) -> None:
    canonical = {normalize_key(task_id): task_id for task_id in task_ids}
    mapped = tasks["task_id"].map(lambda v: canonical.get(normalize_key(v)) if v else None)
    for idx in tasks.index[tasks["task_id"].notna() & mapped.isna()]:
        problems.append(
            Problem(
                "unknown_task",
                "tasks",
                int(tasks.at[idx, "_row"]),
                "task_id",
                str(tasks.at[idx, "task_id"]),
                params={"choices": ", ".join(task_ids)},
            )
        )
    tasks["task_id"] = mapped.where(mapped.notna(), tasks["task_id"])
