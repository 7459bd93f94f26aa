"""The bad-input corpus: malformed workbooks through ``planlib validate``, as a user runs it.

Each case starts from the valid base workbook of :mod:`badinput`, applies one defect (a few apply
several, which must all be reported in one run), writes it as CSV files and/or as an ``.xlsx`` in
``tmp_path`` and runs the CLI as a subprocess. Every case checks the exit code (1 for errors, 0
when the contract says warning), that no traceback leaks, that every expected problem is named on
one line (table, ``dòng N`` as the spreadsheet shows it, column id, value in quotes), that no
other error is reported, and that no personal data reaches the output. ``timeout=60`` turns a
hang (zip bomb, huge file) into a failure without asserting wall-clock time.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from badinput import (
    CONTRACT,
    Book,
    Expect,
    add_column,
    append_row,
    base_book,
    csv_text,
    drop_column,
    encode,
    rename,
    row_bomb,
    set_cell,
    write_csv,
    write_xlsx,
    zip_bomb,
)
from conftest import run_cli

from planlib.inputs.plan import load_plan
from planlib.inputs.readers import decode_bytes
from planlib.inputs.workbook import Workbook, load

E = Expect
HIDDEN = "(giá trị ẩn: dữ liệu cá nhân)"


@dataclass(frozen=True)
class Case:
    """One malformed (or tricky but valid) workbook and what ``planlib validate`` must say."""

    id: str
    expect: tuple[Expect, ...] = ()
    #: edits the base workbook; the test writes it in each of ``containers``
    defect: Callable[[Book], None] | None = None
    #: or writes the whole container itself (``tmp_path`` -> path to validate)
    build: Callable[[Path], Path] | None = None
    containers: tuple[str, ...] = ("csv", "xlsx")
    #: text that must not appear in the output
    absent: tuple[str, ...] = ()
    #: the errors (and, when the data is valid, the warnings) reported are exactly ``expect``
    exact: bool = True
    #: a check of the loaded workbook, for inputs that must be accepted with the right values
    check: Callable[[Path], None] | None = None

    @property
    def exit_code(self) -> int:
        return 1 if any(not e.is_warning for e in self.expect) else 0


def edits(*changes: tuple[str, int, str, object]) -> Callable[[Book], None]:
    """A defect made of cell edits ``(table, spreadsheet row, column id, value)``."""

    def apply(book: Book) -> None:
        for table, row, column, value in changes:
            set_cell(book, table, row, column, value)

    return apply


def combined(*defects: Callable[[Book], None]) -> Callable[[Book], None]:
    """A defect made of several defects."""

    def apply(book: Book) -> None:
        for defect in defects:
            defect(book)

    return apply


def loaded(path: Path) -> Workbook:
    return load(path, task_ids=load_plan().task_ids, today=dt.date(2024, 1, 15))


# --- defects that need more than cell edits ---------------------------------------------------


def _drop(table: str, *columns: str) -> Callable[[Book], None]:
    def apply(book: Book) -> None:
        for column in columns:
            drop_column(book, table, column)

    return apply


def _extra_columns(book: Book) -> None:
    add_column(book, "students", "Ghi chú", ["chuyển lớp", "", "", "", "", "", ""])
    add_column(book, "incidents", "notes", ["", "x", ""])
    add_column(book, "staff", "", ["", "lạc cột", ""])  # a column without a header


def _duplicate_header(book: Book) -> None:
    add_column(book, "students", "Mã học sinh", ["X1", "X2", "X3", "X4", "X5", "X6", "X7"])


def _same_student_two_years(book: Book) -> None:
    row = {"grade": "6", "class_name": "6B", "sex": "M"}
    append_row(book, "students", student_id="S04", school_year="2022-2023", **row)


def _ragged_row(book: Book) -> None:
    sheet = book["students"]
    sheet.rows[1] = sheet.rows[1][:4]  # row 3 stops after the class: no sex


def _header_not_on_row_1(book: Book) -> None:
    sheet = book["students"]
    sheet.lead = 2  # header on row 3, data from row 4
    sheet.rows.insert(1, [""] * len(sheet.header))  # row 5 is empty
    set_cell(book, "students", 7, "grade", "5")


def _header_spellings(book: Book) -> None:
    set_cell(book, "students", 4, "grade", "12")
    for column, header in {
        "student_id": "Mã học sinh",
        "school_year": "NĂM HỌC",
        "grade": "KHỐI",
        "class_name": "Lop",
        "sex": "Giới tính (*)",
        "birth_date": "Ngày sinh (dd/mm/yyyy)",
        "left_reason": "ly do roi truong",
        "full_name": "Họ và tên",
    }.items():
        rename(book, "students", column, header)
    rename(book, "incidents", "reported_on", "Thời điểm tiếp nhận (dd/mm/yyyy hh:mm)")
    rename(book, "awareness", "score", "ĐIỂM")


def _private_bad_row(book: Book) -> None:
    set_cell(book, "students", 4, "full_name", "Hoàng Thị Bí Mật")
    set_cell(book, "students", 4, "grade", "mười")
    set_cell(book, "students", 4, "sex", "không rõ")
    set_cell(book, "incidents", 3, "description", "chuyện riêng tư của gia đình")
    set_cell(book, "incidents", 3, "kind", "đánh nhau")
    set_cell(book, "trainings", 3, "topic", "")


MULTI = combined(
    edits(
        ("students", 3, "grade", "10"),
        ("students", 5, "sex", "X"),
        ("students", 8, "left_on", "01/10/2023"),
        ("students", 8, "left_reason", "bỏ học"),
        ("incidents", 2, "occurred_on", "31/02/2023"),
        ("incidents", 3, "incident_id", "I01"),
        ("awareness", 3, "score", "11"),
        ("staff", 3, "child_protection_duty", "có lẽ"),
        ("trainings", 3, "staff_id", "ST9"),
        ("activities", 2, "held_on", "12/25/2023"),
        ("funding", 4, "amount_vnd", "-1500000"),
        ("tasks", 3, "status", "xong rồi"),
    ),
)
MULTI_EXPECT = (
    E("out_of_range", "students", 3, "grade", "10", extra=("6", "9")),
    E("bad_enum", "students", 5, "sex", "X"),
    E("date_order", "students", 8, "left_on", "01/10/2023", extra=("10/10/2023",)),
    E("bad_date", "incidents", 2, "occurred_on", "31/02/2023"),
    E("duplicate_id", "incidents", 3, "incident_id", "I01", extra=("dòng 2",)),
    E("out_of_range", "awareness", 3, "score", "11"),
    E("bad_bool", "staff", 3, "child_protection_duty", "có lẽ"),
    E("dangling_ref", "trainings", 3, "staff_id", "ST9", extra=("staff",)),
    E("bad_date", "activities", 2, "held_on", "12/25/2023"),
    E("below_min", "funding", 4, "amount_vnd", "-1500000"),
    E("bad_enum", "tasks", 3, "status", "xong rồi"),
)


# --- in-process checks of what accepted inputs became ----------------------------------------


def _check_labels(path: Path) -> None:
    frames = loaded(path).tables
    assert list(frames["students"]["sex"]) == ["F", "F", "M", "F", "M", "F", "M"]
    assert frames["students"]["left_reason"].iloc[5] == "transfer"
    assert list(frames["special_circumstances"]["group"]) == ["d", "đ"]
    assert list(frames["incidents"]["kind"]) == ["injury", "violence", "injury"]
    assert list(frames["staff"]["role"]) == ["board", "pioneer_leader", "homeroom"]
    assert list(frames["activities"]["unit"]) == ["board", "health"]
    assert list(frames["activities"]["kind"]) == ["communication", "counselling"]
    assert list(frames["funding"]["source"]) == ["regular_budget", "business", "individual"]
    assert list(frames["funding"]["flow"]) == ["planned", "received", "spent"]
    assert list(frames["tasks"]["status"]) == ["done", "in_progress"]


def _check_numbers(path: Path) -> None:
    frames = loaded(path).tables
    assert frames["activities"]["cost_vnd"].iloc[0] == 1_500_000
    assert frames["funding"]["amount_vnd"].tolist() == [5_000_000, 2_000_000, 1_234_567.5]
    assert frames["awareness"]["score"].iloc[0] == 7.5
    assert frames["trainings"]["hours"].tolist() == [1.5, 3]
    assert frames["facilities"]["area_m2"].iloc[0] == 200.5


def _check_text(expected: dict[tuple[str, str], list[object]]) -> Callable[[Path], None]:
    def check(path: Path) -> None:
        frames = loaded(path).tables
        for (table, column), values in expected.items():
            assert frames[table][column].tolist() == values, (table, column)

    return check


_check_enums_decoded = _check_text(
    {
        ("students", "sex"): ["F", "M", "F", "F", "M", "F", "M"],
        ("staff", "role"): ["board", "pioneer_leader", "teacher"],
        ("activities", "partners"): [("Công an xã",), None],  # "ã" is a + U+0303 in Windows-1258
    }
)


def _check_decoded(path: Path) -> None:
    """Every file reads back as the NFC text that was written (names included)."""
    _check_enums_decoded(path)
    for table_id, sheet in base_book().items():
        text, _ = decode_bytes((path / f"{table_id}.csv").read_bytes())
        assert text is not None and unicodedata.is_normalized("NFC", text)
        for row in sheet.rows:
            assert all(str(value) in text for value in row), (table_id, row)


# --- containers written by hand ---------------------------------------------------------------


def _csv_folder(tmp: Path, book: Book | None = None, **kwargs: str) -> Path:
    return write_csv(book or base_book(), tmp / "data", **kwargs)


def _build_encoding(encoding: str, delimiter: str = ",") -> Callable[[Path], Path]:
    return lambda tmp: _csv_folder(tmp, encoding=encoding, delimiter=delimiter)


def _build_undecodable(tmp: Path) -> Path:
    folder = _csv_folder(tmp)
    data = (folder / "students.csv").read_bytes()
    (folder / "students.csv").write_bytes(data.replace(b"6A", b"6\x81A", 1))
    return folder


def _build_xls_renamed(tmp: Path) -> Path:
    folder = _csv_folder(tmp)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\x09\x08\x10\x00" * 64
    (folder / "staff.csv").write_bytes(ole)
    return folder


def _build_empty_file(tmp: Path) -> Path:
    folder = _csv_folder(tmp)
    (folder / "students.csv").write_bytes(b"")
    return folder


def _build_empty_sheet(tmp: Path) -> Path:
    path = write_xlsx(base_book(), tmp / "truong.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.remove(wb["Học sinh"])
    wb.create_sheet("Học sinh", 1)
    wb.save(path)
    return path


def _build_merged_header(tmp: Path) -> Path:
    path = write_xlsx(base_book(), tmp / "truong.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Học sinh"].merge_cells("B1:C1")  # school_year spans grade: the grade header is lost
    wb.save(path)
    return path


def _build_xlsx_is_csv(tmp: Path) -> Path:
    path = tmp / "truong.xlsx"
    path.write_text(csv_text(base_book()["students"]), encoding="utf-8")
    return path


def _build_corrupt_zip(tmp: Path) -> Path:
    path = write_xlsx(base_book(), tmp / "truong.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _build_docx_as_xlsx(tmp: Path) -> Path:
    path = tmp / "truong.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return path


def _build_zip_bomb(tmp: Path) -> Path:
    path = zip_bomb(tmp / "truong.xlsx", unpacked_mb=400)
    assert path.stat().st_size < 5 * 1024 * 1024
    return path


def _build_huge_csv(tmp: Path) -> Path:
    folder = _csv_folder(tmp)
    text = csv_text(base_book()["students"]).encode()
    header, _, rest = text.partition(b"\r\n")
    line = rest.split(b"\r\n")[0] + b"\r\n"
    with (folder / "students.csv").open("wb") as handle:
        handle.write(header + b"\r\n")
        handle.write(line * (51 * 1024 * 1024 // len(line) + 1))
    return folder


def _build_row_bomb(tmp: Path) -> Path:
    path = row_bomb(tmp / "truong.xlsx", rows=3_000_000)
    assert path.stat().st_size < 2 * 1024 * 1024
    return path


def _build_many_rows_csv(tmp: Path) -> Path:
    folder = _csv_folder(tmp)
    with (folder / "students.csv").open("wb") as handle:
        handle.write(b"student_id,school_year,grade,class_name,sex\r\n")
        handle.write(b"S01,2023-2024,6,6A,F\r\n" * 200_001)
    return folder


def _long_field(book: Book) -> None:
    set_cell(book, "incidents", 3, "description", "chuyện riêng tư " * 10_000)


def _build_duplicate_table(tmp: Path) -> Path:
    folder = _csv_folder(tmp)
    (folder / "Học sinh.csv").write_bytes((folder / "students.csv").read_bytes())
    return folder


def _build_nul_in_one_cell(tmp: Path) -> Path:
    """One NUL byte in one cell (staff row 2, staff_id): that cell is named, not the file."""
    folder = _csv_folder(tmp)
    data = (folder / "staff.csv").read_bytes()
    (folder / "staff.csv").write_bytes(data.replace(b"ST1,", b"ST1\x00,", 1))
    return folder


def _build_excel_lock_file(tmp: Path) -> Path:
    """Excel's owner file beside an open students.csv: binary, named like a table."""
    folder = _csv_folder(tmp)
    (folder / "~$students.csv").write_bytes(b"\x0bNguyen Van A" + b"\x00" * 150)
    (folder / ".~lock.students.csv#").write_text("x,host,1,2023;", encoding="utf-8")
    return folder


def _build_encrypted_xlsx(tmp: Path) -> Path:
    """What Excel writes for a workbook with a password: an OLE file with EncryptedPackage."""
    path = tmp / "truong.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path.write_bytes(ole + "EncryptedInfo EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    return path


def _build_unknown_file(tmp: Path) -> Path:
    folder = _csv_folder(tmp)
    (folder / "ghi_chu.csv").write_text("ghi chú\nnộp trước 15/01\n", encoding="utf-8")
    return folder


def _build_no_tables(tmp: Path) -> Path:
    folder = tmp / "data"
    folder.mkdir()
    (folder / "danh_sach.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return folder


def _build_numbers(tmp: Path) -> Path:
    path = tmp / "truong.numbers"  # Apple Numbers: not a format planlib reads
    path.write_bytes(b"PK\x03\x04 not really")
    return path


def _build_ods(tmp: Path) -> Path:
    path = tmp / "truong.ods"
    path.write_bytes(b"PK\x03\x04 not really")
    return path


def _build_semicolon(tmp: Path) -> Path:
    """What Excel writes in Vietnamese locale: ``;``, decimal comma, Vietnamese headers."""
    book = base_book()
    set_cell(book, "awareness", 2, "score", "7,5")
    set_cell(book, "activities", 2, "cost_vnd", "1.500.000")
    set_cell(book, "funding", 4, "amount_vnd", "1.234.567,5")
    set_cell(book, "trainings", 2, "hours", "1,5")
    set_cell(book, "facilities", 2, "area_m2", "200,5")
    set_cell(book, "funding", 2, "amount_vnd", "5.000.000")
    set_cell(book, "funding", 3, "amount_vnd", "2000000")
    for table_id, sheet in book.items():
        sheet.header = [CONTRACT[table_id].column(c).vi for c in sheet.header]
    folder = write_csv(book, tmp / "data", encoding="utf-8-sig", delimiter=";")
    text = (folder / "awareness.csv").read_text(encoding="utf-8-sig")
    assert "7,5;" in text and '"' not in text  # the decimal comma is not quoted
    return folder


def _build_excel_escaped(tmp: Path) -> Path:
    book = base_book()
    set_cell(book, "students", 8, "student_id", "@0123@")
    set_cell(book, "awareness", 4, "student_id", "0123")
    set_cell(book, "incidents", 4, "student_id", "@0123@")
    set_cell(book, "activities", 2, "evidence", "@007@")
    folder = write_csv(book, tmp / "data")
    for name in ("students.csv", "incidents.csv", "activities.csv"):
        path = folder / name
        text = re.sub(r"@(\d+)@", r'="\1"', path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    assert '="0123"' in (folder / "students.csv").read_text(encoding="utf-8")
    return folder


def _build_utf16_tab(tmp: Path) -> Path:
    """Excel's "Unicode Text": UTF-16 with BOM, tab-separated, saved as .csv."""
    folder = tmp / "data"
    folder.mkdir()
    for table_id, sheet in base_book().items():
        text = csv_text(sheet, delimiter="\t")
        (folder / f"{table_id}.csv").write_bytes(encode(text, "utf-16"))
    return folder


def _build_xlsx_typed(tmp: Path) -> Path:
    """Cells Excel types itself: booleans, a float grade, a serial date, a numeric code."""
    book = base_book()
    for row, value in ((2, True), (3, True), (4, False)):
        set_cell(book, "staff", row, "child_protection_duty", value)
    set_cell(book, "students", 2, "grade", 6.0)
    set_cell(book, "activities", 3, "held_on", 45250)  # 20/11/2023
    set_cell(book, "students", 8, "student_id", 1001)
    set_cell(book, "awareness", 4, "student_id", "1001")
    set_cell(book, "incidents", 4, "student_id", 1001.0)
    return write_xlsx(book, tmp / "truong.xlsx")


def _check_xlsx_typed(path: Path) -> None:
    frames = loaded(path).tables
    assert frames["staff"]["child_protection_duty"].tolist() == [True, True, False]
    assert frames["students"]["student_id"].iloc[6] == "1001"
    assert frames["incidents"]["student_id"].iloc[2] == "1001"
    assert str(frames["activities"]["held_on"].iloc[1].date()) == "2023-11-20"


def _build_private_formula_error(tmp: Path) -> Path:
    book = base_book()
    set_cell(book, "students", 2, "full_name", "#REF!")
    set_cell(book, "students", 3, "full_name", "Nguyễn Văn Riêng Tư")
    set_cell(book, "students", 3, "grade", "#N/A")
    return write_xlsx(book, tmp / "truong.xlsx")


# --- the corpus -------------------------------------------------------------------------------

_REFS_UNCHECKED = tuple(
    E("refs_unchecked", table, column="student_id", extra=("students",))
    for table in ("special_circumstances", "incidents", "awareness")
)

CASES: tuple[Case, ...] = (
    # columns
    Case(
        "missing-required-column",
        (E("missing_column", "students", 1, "sex"), *_REFS_UNCHECKED),
        defect=_drop("students", "sex"),
    ),
    Case(
        "missing-required-columns-three-tables",
        (
            E("missing_column", "incidents", 1, "kind"),
            E("missing_column", "funding", 1, "amount_vnd"),
            E("missing_column", "tasks", 1, "status"),
        ),
        defect=combined(
            _drop("incidents", "kind"), _drop("funding", "amount_vnd"), _drop("tasks", "status")
        ),
    ),
    Case("extra-unknown-columns-accepted", defect=_extra_columns),
    Case(
        "duplicate-header",
        (E("duplicate_column", "students", 1, "student_id", extra=("Mã học sinh",)),),
        defect=_duplicate_header,
    ),
    Case(
        "header-spellings",
        (E("out_of_range", "students", 4, "grade", "12", column_label="KHỐI"),),
        defect=_header_spellings,
    ),
    Case(
        "header-not-on-row-1",
        (E("out_of_range", "students", 7, "grade", "5"),),
        defect=_header_not_on_row_1,
    ),
    # wrong types
    Case(
        "text-in-int",
        (E("bad_int", "students", 3, "grade", "sáu"),),
        defect=edits(("students", 3, "grade", "sáu")),
    ),
    Case(
        "fraction-in-int",
        (E("bad_int", "students", 3, "grade", "6,5"),),
        defect=edits(("students", 3, "grade", "6,5")),
    ),
    Case(
        "count-beyond-int64",
        (E("bad_int", "activities", 2, "students_reached", "99999999999999999999"),),
        defect=edits(("activities", 2, "students_reached", "99999999999999999999")),
    ),
    Case(
        "text-in-number",
        (E("bad_number", "awareness", 2, "score", "tám"),),
        defect=edits(("awareness", 2, "score", "tám")),
    ),
    Case(
        "text-in-date",
        (E("bad_date", "incidents", 2, "occurred_on", "hôm qua"),),
        defect=edits(("incidents", 2, "occurred_on", "hôm qua")),
    ),
    Case(
        "text-in-datetime",
        (E("bad_datetime", "incidents", 3, "reported_on", "sáng nay"),),
        defect=edits(("incidents", 3, "reported_on", "sáng nay")),
    ),
    Case(
        "impossible-clock-time",
        (E("bad_datetime", "incidents", 3, "intervened_on", "21/10/2023 25:00"),),
        defect=edits(("incidents", 3, "intervened_on", "21/10/2023 25:00")),
    ),
    Case(
        "text-in-bool",
        (
            E("bad_bool", "staff", 2, "child_protection_duty", "có lẽ"),
            E("bad_bool", "incidents", 4, "fatal", "chưa rõ"),
        ),
        defect=edits(
            ("staff", 2, "child_protection_duty", "có lẽ"), ("incidents", 4, "fatal", "chưa rõ")
        ),
    ),
    # ranges
    Case(
        "grade-10",
        (E("out_of_range", "students", 4, "grade", "10", extra=("6", "9")),),
        defect=edits(("students", 4, "grade", "10")),
    ),
    Case(
        "score-11",
        (E("out_of_range", "awareness", 3, "score", "11", extra=("0", "10")),),
        defect=edits(("awareness", 3, "score", "11")),
    ),
    Case(
        "negative-counts-and-amounts",
        (
            E("below_min", "activities", 2, "students_reached", "-5"),
            E("below_min", "funding", 3, "amount_vnd", "-100000"),
            E("below_min", "trainings", 2, "hours", "-1"),
        ),
        defect=edits(
            ("activities", 2, "students_reached", "-5"),
            ("funding", 3, "amount_vnd", "-100000"),
            ("trainings", 2, "hours", "-1"),
        ),
    ),
    # enumerations
    Case(
        "enum-vietnamese-labels-accepted",
        defect=edits(
            ("students", 3, "sex", "nữ"),
            ("students", 4, "sex", "NAM"),
            ("students", 7, "left_reason", "Chuyển Trường"),
            ("special_circumstances", 2, "group", "Trẻ em khuyết tật"),
            ("special_circumstances", 3, "group", "dd"),
            ("incidents", 3, "kind", "bao luc"),
            ("staff", 4, "role", "giáo viên chủ nhiệm"),
            ("activities", 2, "unit", "Ban Giám hiệu"),
            ("activities", 3, "kind", "tư vấn, tham vấn"),
            ("funding", 4, "source", "Cá nhân"),
            ("funding", 4, "flow", "chi"),
            ("tasks", 2, "status", "Hoàn thành"),
        ),
        check=_check_labels,
    ),
    Case(
        "enum-garbage",
        (
            E("bad_enum", "students", 2, "sex", "X", extra=("M (Nam)", "F (Nữ)")),
            E("bad_enum", "staff", 3, "role", "hiệu trưởng"),
            E("bad_enum", "special_circumstances", 2, "group", "z"),
            E("bad_enum", "activities", 3, "area", "S7"),
            E("bad_enum", "facilities", 2, "status", "xong"),
        ),
        defect=edits(
            ("students", 2, "sex", "X"),
            ("staff", 3, "role", "hiệu trưởng"),
            ("special_circumstances", 2, "group", "z"),
            ("activities", 3, "area", "S7"),
            ("facilities", 2, "status", "xong"),
        ),
    ),
    # dates
    Case(
        "impossible-date",
        (E("bad_date", "special_circumstances", 3, "identified_on", "31/02/2023"),),
        defect=edits(("special_circumstances", 3, "identified_on", "31/02/2023")),
    ),
    Case(
        "us-date-mm-dd-yyyy",
        (E("bad_date", "activities", 2, "held_on", "12/25/2023"),),
        defect=edits(("activities", 2, "held_on", "12/25/2023")),
    ),
    Case(
        "two-digit-year",
        (E("two_digit_year", "trainings", 2, "trained_on", "15/08/23"),),
        defect=edits(("trainings", 2, "trained_on", "15/08/23")),
    ),
    Case(
        "future-date",
        (E("future_date", "funding", 3, "entry_on", "01/01/2099"),),
        defect=edits(("funding", 3, "entry_on", "01/01/2099")),
    ),
    # ids and references
    Case(
        "duplicate-incident-id",
        (E("duplicate_id", "incidents", 3, "incident_id", "I01", extra=("dòng 2",)),),
        defect=edits(("incidents", 3, "incident_id", "I01")),
    ),
    Case(
        "duplicate-student-in-school-year",
        (E("duplicate_id", "students", 4, "student_id", "S01", extra=("dòng 2",)),),
        defect=edits(("students", 4, "student_id", "S01")),
    ),
    Case("same-student-two-school-years-accepted", defect=_same_student_two_years),
    Case(
        "dangling-references",
        (
            E("dangling_ref", "special_circumstances", 2, "student_id", "S97"),
            E("dangling_ref", "incidents", 3, "student_id", "S99", extra=("students",)),
            E("dangling_ref", "awareness", 4, "student_id", "S98"),
            E("dangling_ref", "trainings", 3, "staff_id", "ST9", extra=("staff",)),
        ),
        defect=edits(
            ("special_circumstances", 2, "student_id", "S97"),
            ("incidents", 3, "student_id", "S99"),
            ("awareness", 4, "student_id", "S98"),
            ("trainings", 3, "staff_id", "ST9"),
        ),
    ),
    Case(
        "required-cells-empty",
        (
            E("required", "students", 5, "student_id"),
            E("required", "incidents", 2, "kind"),
            E("required", "trainings", 3, "topic"),
        ),
        defect=edits(
            ("students", 5, "student_id", ""),
            ("incidents", 2, "kind", ""),
            ("trainings", 3, "topic", "   "),
        ),
    ),
    Case(
        "ragged-row",
        (E("required", "students", 3, "sex"),),
        defect=_ragged_row,
    ),
    Case(
        "unknown-task-id",
        (E("unknown_task", "tasks", 3, "task_id", "R-XX.9", extra=("R-BGH.1",)),),
        defect=edits(("tasks", 3, "task_id", "R-XX.9")),
    ),
    # cross-column and cross-table checks
    Case(
        "left-before-enrolled",
        (E("date_order", "students", 8, "left_on", "01/10/2023", extra=("10/10/2023",)),),
        defect=edits(
            ("students", 8, "left_on", "01/10/2023"), ("students", 8, "left_reason", "bỏ học")
        ),
    ),
    Case(
        "ended-before-identified",
        (E("date_order", "special_circumstances", 3, "ended_on", "01/03/2023"),),
        defect=edits(("special_circumstances", 3, "ended_on", "01/03/2023")),
    ),
    Case(
        "intervened-before-reported",
        (
            E(
                "date_order",
                "incidents",
                3,
                "intervened_on",
                "21/10/2023 07:15",
                extra=("21/10/2023 08:00",),
            ),
        ),
        defect=edits(("incidents", 3, "intervened_on", "21/10/2023 07:15")),
    ),
    Case(
        "reported-before-occurred-warning",
        (E("reported_before_occurred", "incidents", 4, "reported_on", "04/12/2023"),),
        defect=edits(("incidents", 4, "reported_on", "04/12/2023")),
    ),
    Case(
        "fatal-without-death-warning",
        (E("fatal_no_death", "incidents", 4, "fatal", extra=("S04", "05/12/2023")),),
        defect=edits(("incidents", 4, "fatal", "Có")),
    ),
    Case(
        "reach-over-enrolment-warning",
        (E("reach_exceeds", "activities", 2, "students_reached", "500", extra=("(3)",)),),
        defect=edits(("activities", 2, "students_reached", "500")),
    ),
    Case(
        "left-without-reason",
        (E("left_reason_missing", "students", 8, "left_reason"),),
        defect=edits(("students", 8, "left_on", "20/12/2023")),
    ),
    Case(
        "injury-without-cause",
        (E("cause_missing", "incidents", 4, "cause"),),
        defect=edits(("incidents", 4, "cause", "")),
    ),
    Case(
        "violence-without-reported-on",
        (E("reported_missing", "incidents", 3, "reported_on"),),
        defect=edits(("incidents", 3, "reported_on", "")),
    ),
    Case(
        "school-year-2023-2025",
        (E("bad_school_year", "students", 8, "school_year", "2023-2025"),),
        defect=edits(("students", 8, "school_year", "2023-2025")),
    ),
    # several defects, one run
    Case("multi-defect-eleven-tables-rows", MULTI_EXPECT, defect=MULTI),
    # personal data
    Case(
        "private-values-never-shown",
        (
            E("bad_int", "students", 4, "grade", "mười"),
            E("bad_enum", "students", 4, "sex", "không rõ"),
            E("bad_enum", "incidents", 3, "kind", "đánh nhau"),
            E("required", "trainings", 3, "topic"),
        ),
        defect=_private_bad_row,
        absent=("Hoàng Thị Bí Mật", "Bí Mật", "chuyện riêng tư"),
    ),
    Case(
        "private-formula-error-hidden",
        (
            E("formula_error", "students", 2, "full_name", extra=(HIDDEN,)),
            E("formula_error", "students", 3, "grade", "#N/A"),
        ),
        build=_build_private_formula_error,
        containers=("xlsx",),
        absent=("#REF!", "Riêng Tư"),
    ),
    Case(
        "formula-errors",
        (
            E("formula_error", "students", 3, "grade", "#REF!"),
            E("formula_error", "activities", 2, "held_on", "#DIV/0!"),
            E("formula_error", "funding", 2, "amount_vnd", "#VALUE!"),
        ),
        defect=edits(
            ("students", 3, "grade", "#REF!"),
            ("activities", 2, "held_on", "#DIV/0!"),
            ("funding", 2, "amount_vnd", "#VALUE!"),
        ),
        containers=("xlsx",),
    ),
    # number and text styles that must be accepted
    Case(
        "vietnamese-number-style-accepted",
        defect=edits(
            ("activities", 2, "cost_vnd", "1.500.000"),
            ("funding", 4, "amount_vnd", "1.234.567,5"),
            ("awareness", 2, "score", "7,5"),
            ("trainings", 2, "hours", "1,5"),
            ("facilities", 2, "area_m2", "200,5"),
        ),
        check=_check_numbers,
    ),
    Case(
        "semicolon-csv-vietnamese-excel",
        build=_build_semicolon,
        containers=("csv",),
        check=_check_numbers,
    ),
    Case(
        "excel-escaped-text",
        build=_build_excel_escaped,
        containers=("csv",),
        check=_check_text(
            {
                ("students", "student_id"): ["S01", "S02", "S03", "S01", "S02", "S03", "0123"],
                ("awareness", "student_id"): ["S01", "S02", "0123"],
                ("incidents", "student_id"): ["S01", "S02", "0123"],
            }
        ),
    ),
    Case(
        "xlsx-typed-cells-accepted",
        build=_build_xlsx_typed,
        containers=("xlsx",),
        check=_check_xlsx_typed,
    ),
    # encodings
    Case(
        "windows-1258",
        tuple(E("encoding_detected", t, extra=("Windows-1258",)) for t in base_book()),
        build=_build_encoding("cp1258"),
        containers=("csv",),
        check=_check_decoded,
    ),
    Case(
        "utf8-bom",
        build=_build_encoding("utf-8-sig"),
        containers=("csv",),
        check=_check_decoded,
    ),
    Case(
        "utf16",
        build=_build_encoding("utf-16"),
        containers=("csv",),
        check=_check_decoded,
    ),
    Case(
        "utf16-tab-unicode-text",
        build=_build_utf16_tab,
        containers=("csv",),
        check=_check_decoded,
    ),
    Case(
        "undecodable-bytes",
        (E("encoding", "students", table_label="students.csv"),),
        build=_build_undecodable,
        containers=("csv",),
        exact=False,  # students is then absent: references are not checked (warnings)
    ),
    Case(
        "xls-renamed-csv",
        (
            E("encoding", "staff", table_label="staff.csv"),
            E("refs_unchecked", "trainings", column="staff_id", extra=("staff",)),
        ),
        build=_build_xls_renamed,
        containers=("csv",),
    ),
    # containers
    Case(
        "empty-file",
        (E("empty_table", "students", table_label="students.csv"), *_REFS_UNCHECKED),
        build=_build_empty_file,
        containers=("csv",),
    ),
    Case(
        "empty-sheet",
        (E("empty_table", "students"), *_REFS_UNCHECKED),
        build=_build_empty_sheet,
        containers=("xlsx",),
    ),
    Case(
        "merged-header-cells",
        (
            E("merged_header", "students", 1, extra=("B1:C1",)),
            E("missing_column", "students", 1, "grade"),
            *_REFS_UNCHECKED,
        ),
        build=_build_merged_header,
        containers=("xlsx",),
    ),
    Case(
        "xlsx-that-is-csv",
        (E("not_xlsx", table_label="truong.xlsx"),),
        build=_build_xlsx_is_csv,
        containers=("xlsx",),
    ),
    Case(
        "xlsx-truncated",
        (E("not_xlsx", table_label="truong.xlsx"),),
        build=_build_corrupt_zip,
        containers=("xlsx",),
    ),
    Case(
        "docx-renamed-xlsx",
        (E("not_xlsx", table_label="truong.xlsx", extra=("xl/workbook.xml",)),),
        build=_build_docx_as_xlsx,
        containers=("xlsx",),
    ),
    Case(
        "xlsx-zip-bomb",
        (E("not_xlsx", table_label="truong.xlsx", extra=("300 MB",)),),
        build=_build_zip_bomb,
        containers=("xlsx",),
    ),
    Case(
        "csv-over-50-mb",
        (
            E("too_large", "students", table_label="students.csv", extra=("50 MB",)),
            *_REFS_UNCHECKED,
        ),
        build=_build_huge_csv,
        containers=("csv",),
    ),
    Case(
        "xlsx-row-bomb",
        (E("too_many_rows", "students", extra=("200000",)), *_REFS_UNCHECKED),
        build=_build_row_bomb,
        containers=("xlsx",),
    ),
    Case(
        "csv-too-many-rows",
        (
            E("too_many_rows", "students", table_label="students.csv", extra=("200000",)),
            *_REFS_UNCHECKED,
        ),
        build=_build_many_rows_csv,
        containers=("csv",),
    ),
    Case(
        "csv-field-over-limit",
        (E("csv_malformed", "incidents", 3, table_label="incidents.csv"),),
        defect=_long_field,
        containers=("csv",),
    ),
    Case(
        "table-given-twice",
        (E("duplicate_table", "students", extra=("Học sinh.csv", "students.csv")),),
        build=_build_duplicate_table,
        containers=("csv",),
    ),
    Case(
        "school-year-far-ahead",
        (E("school_year_future", "students", 2, "school_year", "2098-2099"),),
        defect=edits(("students", 2, "school_year", "2098-2099")),
    ),
    Case(
        "enrolled-after-the-school-year-warning",
        (
            E(
                "enrolled_after_year",
                "students",
                2,
                "enrolled_on",
                "15/09/2023",
                extra=("2022-2023",),
            ),
        ),
        defect=edits(("students", 2, "enrolled_on", "15/09/2023")),
    ),
    Case(
        "nul-byte-in-one-cell",
        (E("nul_byte", "staff", 2, extra=("staff_id",)),),
        build=_build_nul_in_one_cell,
        containers=("csv",),
    ),
    Case("excel-lock-file-ignored", build=_build_excel_lock_file, containers=("csv",)),
    Case(
        "encrypted-xlsx",
        (E("encrypted", table_label="truong.xlsx", extra=("mật khẩu",)),),
        build=_build_encrypted_xlsx,
        containers=("xlsx",),
    ),
    Case(
        "unknown-file-warning",
        (E("unknown_file", table_label="ghi_chu.csv"),),
        build=_build_unknown_file,
        containers=("csv",),
    ),
    Case(
        "no-table-at-all",
        (E("no_tables"), E("unknown_file", table_label="danh_sach.csv")),
        build=_build_no_tables,
        containers=("csv",),
    ),
    Case(
        "ods-that-is-not-a-spreadsheet",
        (E("not_excel", table_label="truong.ods"),),
        build=_build_ods,
        containers=("ods",),
    ),
    Case(
        "unsupported-file-type",
        (E("unsupported_file", table_label="truong.numbers"),),
        build=_build_numbers,
        containers=("numbers",),
    ),
)

PARAMS = [
    pytest.param(case, container, id=f"{case.id}-{container}")
    for case in CASES
    for container in case.containers
]


def _write(case: Case, container: str, tmp_path: Path) -> Path:
    if case.build is not None:
        return case.build(tmp_path)
    book = base_book()
    assert case.defect is not None
    case.defect(book)
    if container == "csv":
        return write_csv(book, tmp_path / "data")
    return write_xlsx(book, tmp_path / "truong.xlsx")


def _private_values(case: Case) -> list[str]:
    """Personal data and free text of the workbook (long enough not to be ordinary words)."""
    book = base_book()
    if case.defect is not None:
        case.defect(book)
    values = []
    for table_id, sheet in book.items():
        private = {c.id for c in CONTRACT[table_id].columns if c.private}
        for index, header in enumerate(sheet.header):
            if header in private:
                values += [str(row[index]) for row in sheet.rows if index < len(row)]
    return [v for v in values if len(v.strip()) >= 8]


def _validate(path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], str]:
    proc = run_cli("validate", str(path), *extra, timeout=60)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    return proc, output


def _verdict(stdout: str) -> str:
    """What ``validate`` concludes, after its summary of what it read ("Đã đọc: …")."""
    if stdout.startswith("Đã đọc:"):
        assert "\nDữ liệu hợp lệ." in stdout, stdout
        return stdout[stdout.index("\nDữ liệu hợp lệ.") + 1 :]
    return stdout


def test_corpus_size():
    assert len(CASES) >= 45
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("container", ["csv", "xlsx"])
def test_base_workbook_is_valid(container, tmp_path):
    book = base_book()
    if container == "csv":
        path = write_csv(book, tmp_path / "data")
    else:
        path = write_xlsx(book, tmp_path / "truong.xlsx")
    proc, output = _validate(path)
    assert proc.returncode == 0, output
    assert proc.stdout.startswith("Đã đọc:"), output
    assert _verdict(proc.stdout).strip() == "Dữ liệu hợp lệ.", output
    proc = run_cli("evaluate", "--data", str(path), "--format", "json", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert '"indicators"' in proc.stdout


@pytest.mark.parametrize(("case", "container"), PARAMS)
def test_bad_input(case: Case, container: str, tmp_path: Path):
    path = _write(case, container, tmp_path)
    proc, output = _validate(path)
    assert proc.returncode == case.exit_code, output
    missing = [e.where() + " " + e.words() for e in case.expect if not e.found_in(output)]
    assert not missing, "not reported:\n" + "\n".join(missing) + "\n--- output:\n" + output
    errors = sum(not e.is_warning for e in case.expect)
    warnings = len(case.expect) - errors
    if case.exit_code == 1:
        assert f"Dữ liệu không hợp lệ: {errors} lỗi." in proc.stderr or not case.exact, output
        lines = proc.stderr.strip().splitlines()[1:]
        assert len(lines) == errors + warnings or not case.exact, output
    else:
        assert _verdict(proc.stdout).startswith("Dữ liệu hợp lệ."), output
        heading = f"Cảnh báo dữ liệu ({warnings})" if warnings else "Cảnh báo dữ liệu"
        assert (heading in proc.stdout) == bool(warnings), output
    for text in (*case.absent, *_private_values(case)):
        assert text not in output, f"private value {text!r} shown:\n{output}"
    if case.check is not None:
        case.check(path)


def test_english_messages(tmp_path):
    book = base_book()
    MULTI(book)
    proc, output = _validate(write_csv(book, tmp_path / "data"), "--lang", "en")
    assert proc.returncode == 1, output
    assert proc.stderr.startswith(f"Invalid data: {len(MULTI_EXPECT)} error(s).")
    for expect in MULTI_EXPECT:
        english = Expect(**{**expect.__dict__, "lang": "en", "extra": ()})
        assert english.found_in(output), f"{english.where()} {english.words()}\n{output}"
    assert (
        'Students (students), row 3, column Grade (grade): "10" must be between 6 and 9' in output
    )
    assert "dòng" not in output
