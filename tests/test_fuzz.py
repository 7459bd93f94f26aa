"""Fuzzing the loader and the evaluation with hypothesis-generated workbooks.

Random subsets of tables and columns, headers spelt as ids, Vietnamese names, upper case or
without diacritics, cells mixing valid and invalid values, CSV in UTF-8 / UTF-8 with BOM /
Windows-1258 or one ``.xlsx`` with typed cells. The only outcomes allowed are an
:class:`~planlib.evaluation.evaluate.Evaluation` or a :class:`~planlib.core.errors.DataError` whose
every problem
formats as a message; any other exception is a bug. The examples are derandomized (the same
on every run) and bounded to keep the file well under a minute.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from badinput import Book, Sheet, encode, write_csv, write_xlsx
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from planlib.core.contract import TABLES, Column, Table
from planlib.core.errors import DataError, Problem
from planlib.evaluation.evaluate import Evaluation, evaluate
from planlib.inputs.plan import load_plan
from planlib.inputs.readers import decode_bytes, read_rows
from planlib.inputs.workbook import load, parse_raw

PLAN = load_plan()
TODAY = dt.date(2024, 1, 15)
EXAMPLES = int(os.environ.get("PLANLIB_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- cells ------------------------------------------------------------------------------------
# Values a school might type, valid ones first; ``_BAD`` holds what the contract rejects.

_IDS = {
    "student_id": ["S01", "S02", "S03", "S04", "S05", '="0123"'],
    "staff_id": ["ST1", "ST2", "ST3"],
    "incident_id": ["I01", "I02", "I03"],
    "activity_id": ["A01", "A02", "A03"],
    "entry_id": ["F01", "F02", "F03"],
    "project_id": ["P01", "P02", "P03"],
    "task_id": list(PLAN.task_ids),
}
_GOOD = {
    "date": ["05/03/2023", "2023-03-05", "1/9/2023", "31/12/2023", "15.11.2023", "10/01/2024"],
    "datetime": ["21/10/2023 08:00", "2023-10-21T08:00:30", "22/10/2023", "01/09/2023 7:05"],
    "bool": ["Có", "Không", "x", "1", "0", "yes", "no", "TRUE", "đúng", "sai"],
    "int": ["6", "7", "9"],
    "number": ["0", "3", "7,5", "8"],
    "school_year": ["2022-2023", "2023-2024", "2023 – 2024"],
    "list": ["6A;7A", "6A, 6B", ";;", "Công an xã"],
    "text": ["6A", "Nguyễn Thị Ánh", "Phổ biến Luật Trẻ em", "  đệm  "],
}
_BAD = {
    "date": [
        "29/02/2023", "31/02/2023", "12/25/2023", "05/12/23", "01/01/2099", "31/12/9999",
        "01/01/0001", "hôm qua", "45000", "2023-13-01", "00/00/0000", "05/03/2023 10:00",
    ],
    "datetime": ["21/10/2023 25:00", "21/10/2023 8:5", "2023-10-21T08", "12/25/2023 08:00"],
    "bool": ["X", "có lẽ", "2", "-"],
    "int": ["10", "-1", "6.5", "6,5", "1e5", "99999999999999999999", "sáu"],
    "number": [
        "1.500.000", "1.234.567,5", "1,500,000", "2 000 000", "-1", "11", "6.5", "tám", "NaN",
        "inf", "1e5", "1.500 đồng", "₫", ",5", "1.5.0",
    ],
    "school_year": ["2023/2024", "2023-2025", "2023", "23-24"],
    "enum": ["X", "khác nữa", "z", "S7"],
    "id": ["S99", "ST9", "0123", "R-XX.9", "r-bgh.1"],
}  # fmt: skip
# cells typed by Excel (written as such to .xlsx, as their str() to CSV)
_BAD_TYPED: dict[str, list[object]] = {
    "date": [dt.date(2023, 3, 5), dt.datetime(2023, 3, 5, 10, 30), 45000, 45000.5, 1e12, True],
    "datetime": [dt.datetime(2023, 10, 21, 8, 0), 45220.25, -1],
    "int": [6.0, 6.5, True, 1e20, -0.0, float("inf")],
    "number": [7.5, 1e308, True, float("nan")],
    "bool": [True, False, 2, 0.0],
    "enum": [1, True, dt.date(2023, 1, 1)],
    "school_year": [2023, 2023.5],
    "text": [1001, 1001.0, dt.date(2023, 1, 1), False],
    "id": [1001, 1001.0, dt.date(2023, 1, 1)],
}


def _good(col: Column) -> list[str]:
    if col.id in _IDS:
        return _IDS[col.id]
    if col.type == "enum":
        assert col.enum is not None
        values = [*col.enum.labels, *col.enum.labels.values()]
        if col.id == "group":
            values += ["dd", "a)", "Trẻ em khuyết tật"]
        return values
    return _GOOD[col.type]


def cells(col: Column, noise: int, day: str = "") -> st.SearchStrategy[object]:
    """A valid value, or with ``noise`` per cent chance an invalid one or arbitrary text.

    ``noise < 0`` asks for a clean cell: never empty, every date ``day``, references to the
    first id (so that whole workbooks pass the checks and reach the evaluation).
    """
    if noise < 0:
        if col.type in ("date", "datetime"):
            return st.just(day)
        if col.id in ("student_id", "staff_id"):
            return st.just(_IDS[col.id][0])
        return st.sampled_from(_good(col))
    good = st.sampled_from(_good(col) + ([] if col.required else [""]))
    bad = st.one_of(
        st.sampled_from(_BAD.get("id" if col.id in _IDS else col.type, ["  "])),
        st.sampled_from(_BAD_TYPED.get("id" if col.id in _IDS else col.type, [0])),
        st.just(""),
        st.text(max_size=12),
    )
    return st.integers(0, 99).flatmap(lambda roll: bad if roll < noise else good)


#: per workbook: per cent of invalid cells (-1: a clean workbook, 0: valid cells only)
noises = st.sampled_from([-1, -1, 0, 2, 10, 50])


# --- headers and tables -----------------------------------------------------------------------


def _strip_diacritics(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def spellings(column_id: str, vi: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [column_id, vi, vi.upper(), _strip_diacritics(vi), f"{vi} (*)", column_id.upper()]
    )


@st.composite
def sheets(draw: st.DrawFn, table: Table, noise: int, day: str) -> Sheet:
    clean = noise < 0
    columns = [
        col
        for col in table.columns  # required columns are usually present
        if clean or draw(st.integers(0, 99)) < (100 - noise // 5 if col.required else 60)
    ]
    header = [draw(spellings(col.id, col.vi)) for col in columns]
    if draw(st.integers(0, 4)) == 0:
        header.append(draw(st.sampled_from(["Ghi chú", "", "notes"])))
        columns.append(Column("extra", "Ghi chú", "text"))
    ids = [col.id for col in columns]
    rows: list[list[object]] = []
    for number in range(draw(st.integers(1 if clean else 0, 5))):
        if draw(st.integers(0, 9)) == 0:
            rows.append([""] * len(columns))  # an empty row is skipped
            continue
        row = [draw(cells(col, noise, day)) for col in columns]
        if noise <= 0 and table.unique and table.unique[0] in ids:
            pool = _IDS[table.unique[0]]  # unique ids, unless noise is wanted
            row[ids.index(table.unique[0])] = pool[number % len(pool)]
        if not clean and row:
            row = row[: draw(st.integers(len(row) - 1, len(row)))]  # a ragged row
        rows.append(row)
    return Sheet(header, rows, lead=draw(st.integers(0, 1)))


table_subsets = st.lists(
    st.sampled_from(range(len(TABLES))), max_size=len(TABLES), unique=True
).map(lambda indexes: [TABLES[i] for i in sorted(indexes)])


@dataclass(frozen=True)
class Spec:
    book: Book
    container: str
    encoding: str
    sheet_names: str
    typed_cells: bool


@st.composite
def workbooks(draw: st.DrawFn) -> Spec:
    """A workbook and how it is written: container, CSV encoding, sheet names, typed cells."""
    noise, day = draw(noises), draw(st.sampled_from(_GOOD["date"]))
    book = {table.id: draw(sheets(table, noise, day)) for table in draw(table_subsets)}
    return Spec(
        book,
        container=draw(st.sampled_from(["csv", "xlsx"])),
        encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1258"])),
        sheet_names=draw(st.sampled_from(["vi", "id"])),
        typed_cells=draw(st.booleans()),
    )


def _xlsx_safe(book: Book) -> Book:
    """openpyxl refuses control characters (text starting with ``=`` becomes a formula)."""

    def clean(value: object) -> object:
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    return {
        table_id: Sheet(
            [str(clean(h)) for h in sheet.header],
            [[clean(v) for v in row] for row in sheet.rows],
            sheet.lead,
        )
        for table_id, sheet in book.items()
    }


def _write(spec: Spec, folder: Path) -> Path:
    if spec.container == "csv":
        return write_csv(spec.book, folder / "data", encoding=spec.encoding)
    path = folder / "truong.xlsx"
    book = _xlsx_safe(spec.book)
    return write_xlsx(book, path, sheet_names=spec.sheet_names, typed_cells=spec.typed_cells)


def _outcome(path: Path) -> Evaluation | DataError:
    try:
        workbook = load(path, today=TODAY, task_ids=PLAN.task_ids)
    except DataError as exc:
        return exc
    return evaluate(workbook, PLAN)


def _check(result: Evaluation | DataError) -> None:
    event(type(result).__name__)  # see --hypothesis-show-statistics
    if isinstance(result, DataError):
        assert result.errors, "a DataError must carry at least one error"
        for lang in ("vi", "en"):
            report = result.report(lang)
            assert len(report.splitlines()) >= len(result.problems)
        return
    assert isinstance(result, Evaluation)
    for warning in result.workbook.warnings:
        assert isinstance(warning, Problem) and not warning.is_error
    for lang in ("vi", "en"):
        json.dumps(result.to_dict(lang), ensure_ascii=False, allow_nan=False)


@FUZZ
@given(spec=workbooks())
def test_random_workbooks_load_and_evaluate(spec: Spec):
    with tempfile.TemporaryDirectory() as tmp:
        _check(_outcome(_write(spec, Path(tmp))))


@settings(FUZZ, max_examples=EXAMPLES * 4)
@given(
    tables=st.tuples(table_subsets, noises, st.sampled_from(_GOOD["date"])).flatmap(
        lambda drawn: st.fixed_dictionaries(
            {
                table.id: st.lists(
                    st.fixed_dictionaries(
                        {col.id: cells(col, drawn[1], drawn[2]) for col in table.columns}
                    ),
                    max_size=6,
                )
                for table in drawn[0]
            }
        )
    )
)
def test_random_rows_in_memory(tables: dict[str, list[dict[str, object]]]):
    """Many more cell combinations, without files: every column, every table."""
    rows = {t: [{k: str(v) for k, v in row.items()} for row in r] for t, r in tables.items()}
    try:
        workbook = parse_raw(read_rows(rows, source="fuzz"), today=TODAY, task_ids=PLAN.task_ids)
    except DataError as exc:
        _check(exc)
        return
    _check(evaluate(workbook, PLAN))


@settings(FUZZ, max_examples=EXAMPLES * 4)
@given(data=st.binary(max_size=200))
def test_decode_bytes_is_total(data: bytes):
    text, encoding = decode_bytes(data)
    assert (text is None) == (encoding == "")
    if text is not None:
        assert unicodedata.is_normalized("NFC", text)


@settings(FUZZ, max_examples=EXAMPLES)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.sampled_from([b"PK\x03\x04", b"PK\x05\x06" + b"\0" * 18, b"\xef\xbb\xbf", b"\xff\xfe"]),
    ),
    name=st.sampled_from(["students.csv", "truong.xlsx", "Học sinh.csv", "tasks.csv"]),
)
def test_random_bytes_are_rejected_cleanly(data: bytes, name: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        target = path if name.endswith(".xlsx") else path.parent
        _check(_outcome(target))


def test_cp1258_round_trip():
    """The Windows-1258 writer stores tone marks as combining characters; reading gives NFC."""
    text = "Nguyễn Thị Ánh, lồng ghép"
    data = encode(text, "cp1258")
    assert not unicodedata.is_normalized("NFC", data.decode("cp1258"))
    assert decode_bytes(data) == (text, "Windows-1258")
