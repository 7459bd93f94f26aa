"""Builders for the bad-input corpus: a small valid workbook, its writers, and what to expect.

Every malformed workbook of ``test_bad_input.py`` starts from :func:`base_book` (all ten tables,
a handful of rows, valid under the data contract) and applies one defect (a few apply several).
Nothing is stored on disk: the tests write each workbook into ``tmp_path`` as a folder of CSV
files or as one ``.xlsx``, the hostile ones (zip bomb, oversized CSV) included.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from planlib.core.contract import TABLES
from planlib.core.i18n import PROBLEMS

__all__ = [
    "CONTRACT",
    "WARNING_CODES",
    "Book",
    "Expect",
    "Sheet",
    "add_column",
    "append_row",
    "base_book",
    "drop_column",
    "encode",
    "rename",
    "row_bomb",
    "set_cell",
    "write_csv",
    "write_xlsx",
    "zip_bomb",
]

CONTRACT = {table.id: table for table in TABLES}
#: problem codes that are warnings: they are listed but the exit code stays 0
WARNING_CODES = frozenset(
    {
        "reported_before_occurred",
        "fatal_no_death",
        "reach_exceeds",
        "encoding_detected",
        "refs_unchecked",
        "unknown_file",
        "enrolled_after_year",
    }
)


@dataclass
class Sheet:
    """One table as the user typed it: header cells and rows of cells (text, as typed)."""

    header: list[str]
    rows: list[list[object]]
    lead: int = 0  # empty rows above the header

    def row_number(self, index: int) -> int:
        """The spreadsheet row of ``rows[index]``."""
        return self.lead + 2 + index

    def index(self, row: int) -> int:
        return row - self.lead - 2

    def position(self, column: str) -> int:
        return self.header.index(column)


Book = dict[str, Sheet]

# The base school: two school years, three tables referring to students, one to staff. Rows are
# written the way a school types them, codes mixed with Vietnamese labels.
_BASE: dict[str, list[str]] = {
    "students": [
        "S01|2022-2023|6|6A|F|05/03/2011||||good|good|promoted|Nguyễn Thị An",
        "S02|2022-2023|6|6A|Nam|12/07/2011||||Khá|Tốt|lên lớp|Trần Văn Bình",
        "S03|2022-2023|7|7A|Nữ|20/01/2010||||pass|good|promoted|Lê Thị Cúc",
        "S01|2023-2024|7|7A|F|05/03/2011|||||||Nguyễn Thị An",
        "S02|2023-2024|7|7A|M|12/07/2011|||||||Trần Văn Bình",
        "S03|2023-2024|8|8A|F|20/01/2010||15/11/2023|chuyển trường||||Lê Thị Cúc",
        "S04|2023-2024|6|6B|M|02/02/2012|10/10/2023||||||Phạm Văn Dũng",
    ],
    "special_circumstances": [
        "S01|d|10/09/2022||Có|15/10/2022|20/09/2022|hỗ trợ học phí",
        "S02|đ|05/03/2023|30/06/2023|Không||10/03/2023|tư vấn",
    ],
    "incidents": [
        "I01|S01|injury|12/03/2023|fall|school|Không|12/03/2023|12/03/2023|ngã ở sân trường",
        "I02|S02|bạo lực|20/10/2023||home||21/10/2023 08:00|21/10/2023 10:30|",
        "I03|S04|injury|05/12/2023|traffic|road|Không|05/12/2023||",
    ],
    "awareness": [
        "S01|15/11/2023|8|",
        "S02|15/11/2023|4|Không",
        "S04|15/11/2023||Có",
    ],
    "staff": [
        "ST1|board|Có|Võ Thị Hoa",
        "ST2|TPT Đội|Có|Đặng Văn Hùng",
        "ST3|teacher|Không|Bùi Thị Lan",
    ],
    "trainings": [
        "ST1|15/08/2023|Phổ biến Luật Trẻ em|4|PGDĐT",
        "ST2|10/10/2023|Kỹ năng tham vấn|3|Trường",
    ],
    "activities": [
        "A01|05/09/2023|S1|board|communication|Tuyên truyền đầu năm|3|10|5|0|6A;7A|Công an xã|"
        "1500000|QĐ 12/QĐ-THCS",
        "A02|20/11/2023|S4|y tế|counselling|Tư vấn tâm lý|2||1||6B|||",
    ],
    "funding": [
        "F01|10/01/2023|regular_budget|planned|5000000|S1|Tuyên truyền",
        "F02|15/03/2023|doanh nghiệp|received|2000000||Tài trợ",
        "F03|20/05/2023|regular_budget|spent|1500000|S1|In tờ rơi",
    ],
    "facilities": [
        "P01|Sân chơi khu A|playground|done|200|100000000|100000000|30/08/2023",
    ],
    "tasks": [
        "R-BGH.1|done|30/06/2023|",
        "R-YT.1|đang thực hiện||",
    ],
}


def base_book() -> Book:
    """A fresh copy of the valid base workbook: every contract column, headers as ids."""
    book: Book = {}
    for table_id, lines in _BASE.items():
        header = [col.id for col in CONTRACT[table_id].columns]
        rows: list[list[object]] = [line.split("|") for line in lines]
        assert all(len(row) == len(header) for row in rows), table_id
        book[table_id] = Sheet(header, rows)
    return copy.deepcopy(book)


def set_cell(book: Book, table: str, row: int, column: str, value: object) -> None:
    """Overwrite one cell, addressed by its spreadsheet row and its column id."""
    sheet = book[table]
    sheet.rows[sheet.index(row)][sheet.position(column)] = value


def append_row(book: Book, table: str, **values: object) -> int:
    """Add a row (cells by column id, the rest empty); return its spreadsheet row."""
    sheet = book[table]
    row: list[object] = [""] * len(sheet.header)
    for column, value in values.items():
        row[sheet.position(column)] = value
    sheet.rows.append(row)
    return sheet.row_number(len(sheet.rows) - 1)


def drop_column(book: Book, table: str, column: str) -> None:
    sheet = book[table]
    index = sheet.position(column)
    del sheet.header[index]
    for row in sheet.rows:
        del row[index]


def add_column(book: Book, table: str, header: str, values: list[object]) -> None:
    sheet = book[table]
    sheet.header.append(header)
    for row, value in zip(sheet.rows, values, strict=True):
        row.append(value)


def rename(book: Book, table: str, column: str, header: str) -> None:
    """Write a column's header another way (apply after the cell edits that use its id)."""
    sheet = book[table]
    sheet.header[sheet.position(column)] = header


# --- writers ----------------------------------------------------------------------------------

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # Vietnamese tone marks


def encode(text: str, encoding: str) -> bytes:
    """Encode like Excel does; ``cp1258`` writes tone marks as combining characters."""
    if encoding != "cp1258":
        return text.encode(encoding)
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tones = "".join(c for c in parts if c in _TONES)
        out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


def csv_text(sheet: Sheet, *, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for number in range(sheet.lead):  # an empty line, then lines of separators only
        writer.writerow([""] * len(sheet.header) if number else [])
    writer.writerow(sheet.header)
    writer.writerows([["" if v is None else v for v in row] for row in sheet.rows])
    return buffer.getvalue()


def write_csv(book: Book, folder: Path, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """Write ``<table>.csv`` files into ``folder``; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for table_id, sheet in book.items():
        data = encode(csv_text(sheet, delimiter=delimiter), encoding)
        (folder / f"{table_id}.csv").write_bytes(data)
    return folder


_INT = re.compile(r"-?(0|[1-9]\d{0,14})")
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})(?: (\d{2}):(\d{2}))?")


def typed(value: object) -> object:
    """The cell Excel would store for text the user typed: numbers and dates become typed."""
    if not isinstance(value, str):
        return value
    if _INT.fullmatch(value):
        return int(value)
    if match := _DATE.fullmatch(value):
        day, month, year = (int(g) for g in match.groups()[:3])
        try:
            if match.group(4) is None:
                return dt.date(year, month, day)
            return dt.datetime(year, month, day, int(match.group(4)), int(match.group(5)))
        except ValueError:
            return value  # 31/02/2023 stays text, as in Excel
    return value


def write_xlsx(
    book: Book, path: Path, *, sheet_names: str = "vi", typed_cells: bool = True
) -> Path:
    """Write one sheet per table (Vietnamese sheet names) after an instructions sheet.

    With ``typed_cells`` numbers and dates are stored as Excel would store what was typed;
    otherwise every cell is text.
    """
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Hướng dẫn"
    notes["A1"] = "Điền mỗi bảng vào trang của nó; không đổi tên cột."
    for table_id, sheet in book.items():
        table = CONTRACT[table_id]
        ws = wb.create_sheet(table.vi if sheet_names == "vi" else table.id)
        top = sheet.lead + 1
        for j, header in enumerate(sheet.header, start=1):
            ws.cell(top, j, header)
        for i, row in enumerate(sheet.rows, start=1):
            for j, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(top + i, j, typed(value) if typed_cells else value)
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
    wb.save(path)
    return path


def zip_bomb(path: Path, *, unpacked_mb: int = 400) -> Path:
    """An ``.xlsx`` whose zip holds a small workbook and a huge run of zeros (about 2 MB)."""
    write_xlsx(base_book(), path)
    chunk = b"\0" * (1 << 24)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("xl/media/image1.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(unpacked_mb // 16):
            member.write(chunk)
    return path


def row_bomb(path: Path, *, rows: int = 3_000_000) -> Path:
    """An ``.xlsx`` of about 1 MB whose student sheet holds ``rows`` one-cell rows (~80 MB XML).

    Under the unpacked-size limit: only streaming the rows and stopping at the row limit keeps
    it from being loaded whole into memory (minutes and gigabytes).
    """
    write_xlsx(base_book(), path)
    body = "<row><c><v>1</v></c></row>" * rows
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:A{rows + 1}"/><sheetData>'
        '<row><c t="inlineStr"><is><t>student_id</t></is></c></row>'
        f"{body}</sheetData></worksheet>"
    ).encode()
    replaced = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(replaced, "w") as dst:
        member = _sheet_member(src, CONTRACT["students"].vi)
        for info in src.infolist():
            data = sheet if info.filename == member else src.read(info)
            dst.writestr(info.filename, data, zipfile.ZIP_DEFLATED, compresslevel=1)
    replaced.replace(path)
    return path


def _sheet_member(archive: zipfile.ZipFile, title: str) -> str:
    """The zip member of the sheet called ``title`` (via the workbook and its relations)."""
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="(\w+)"', workbook)
    assert rid, title
    target = re.search(rf'<Relationship [^>]*Id="{rid[1]}"[^>]*Target="([^"]+)"', rels)
    if target is None:  # attribute order differs between writers
        target = re.search(rf'Target="([^"]+)"[^>]*Id="{rid[1]}"', rels)
    assert target, rid[1]
    return "xl/" + target[1].removeprefix("/xl/")


# --- expectations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """A problem the CLI must report on one line, with everything the user needs to find it.

    The line must hold ``<table label> (<table id>), dòng <row>, cột <column label> (<column
    id>): "<value>"`` (parts that do not apply are left out), then the words of ``code``.
    """

    code: str
    table: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    table_label: str | None = None  # default: the Vietnamese table name
    column_label: str | None = None  # default: the Vietnamese column name
    lang: str = "vi"
    extra: tuple[str, ...] = field(default=())

    @property
    def is_warning(self) -> bool:
        return self.code in WARNING_CODES

    def where(self) -> str:
        en = self.lang == "en"
        parts = []
        if self.table is not None:
            table = CONTRACT[self.table]
            label = self.table_label or (table.en if en else table.vi)
            parts.append(f"{label} ({self.table})")
        elif self.table_label:
            parts.append(self.table_label)
        if self.row is not None:
            parts.append(f"{'row' if en else 'dòng'} {self.row}")
        if self.column is not None:
            assert self.table is not None
            col = CONTRACT[self.table].column(self.column)
            label = self.column_label or ((col.en or col.id) if en else col.vi)
            parts.append(f"{'column' if en else 'cột'} {label} ({self.column})")
        text = ", ".join(parts) + ":" if parts else ""
        if self.value is not None:
            text += f' "{self.value}"'
        return text

    def words(self) -> str:
        """The fixed start of the message of ``code`` (before its first parameter)."""
        vi, en = PROBLEMS[self.code]
        return (en if self.lang == "en" else vi).split("{")[0].strip()

    def found_in(self, output: str) -> bool:
        where, words = self.where(), self.words()
        return any(
            where in line and words in line and all(x in line for x in self.extra)
            for line in output.splitlines()
        )
