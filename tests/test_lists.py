"""Lists as schools keep them (issue 9): title rows, merged cells, notes, class lists, formats.

Each workbook is built here the way a school office lays out its own lists, from the same
rows as a workbook in template form; both must give the same evaluation.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import openpyxl
import pytest
from conftest import run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planlib.apps.template import write_template
from planlib.core.contract import TABLES
from planlib.core.errors import DataError
from planlib.evaluation.session import open_evaluation
from planlib.inputs.derive import grade_of_class
from planlib.inputs.layout import locate
from planlib.inputs.readers import read_container
from planlib.inputs.sample import generate_sample
from planlib.present.report import Report

CANARY = "CANARY-0987654321"
STUDENTS = next(t for t in TABLES if t.id == "students")
INCIDENTS = next(t for t in TABLES if t.id == "incidents")
TITLE = [
    "PHÒNG GD&ĐT HUYỆN PHÚ VANG",
    "TRƯỜNG THCS AN BẰNG – VINH AN",
    "DANH SÁCH HỌC SINH NĂM HỌC 2023 - 2024",
]


@pytest.fixture(scope="module")
def sample() -> dict[str, list[dict[str, str]]]:
    return generate_sample()


@pytest.fixture(scope="module")
def template_form(tmp_path_factory, sample) -> dict:
    path = tmp_path_factory.mktemp("template") / "truong.xlsx"
    write_template(path, rows=sample)
    return _figures(path)


def _figures(path: Path) -> dict:
    doc = open_evaluation(path).to_dict()
    return {key: doc[key] for key in ("indicators", "solution_areas", "funding")}


def _school_list(ws, rows: list[dict[str, str]], *, girls_column: bool, grade_column: bool):
    """The students sheet as a school keeps it; returns the rows of the signature block."""
    columns = ["STT", "Mã HS", "Họ và tên học sinh", "Năm học"]
    columns += ["Khối"] if grade_column else []
    columns += ["Lớp", "Nữ" if girls_column else "Giới tính", "Ngày tháng năm sinh"]
    columns += ["Ngày nhập học", "Ngày rời trường", "Lý do rời trường", "Học lực", "Hạnh kiểm"]
    columns += ["Kết quả cuối năm", "Số điện thoại phụ huynh", "Mã định danh"]
    width = len(columns)
    for i, text in enumerate(TITLE, start=1):
        ws.cell(i, 1, text)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
    header = len(TITLE) + 2  # a blank row under the title
    for j, text in enumerate(columns, start=1):
        ws.cell(header, j, text)
    ordered = sorted(rows, key=lambda r: (r["school_year"], r["class_name"], r["student_id"]))
    number = header
    for (year, klass), group in itertools.groupby(
        ordered, key=lambda r: (r["school_year"], r["class_name"])
    ):
        group = list(group)
        first = number + 1
        for k, row in enumerate(group):
            number += 1
            girl = "x" if row["sex"] in ("F", "Nữ") else None
            values = [k + 1, row["student_id"], CANARY, year]
            values += [row["grade"] if k == 0 else None] if grade_column else []
            values += [klass if k == 0 else None, girl if girls_column else row["sex"]]
            values += [row[c] or None for c in ("birth_date", "enrolled_on", "left_on")]
            values += [row[c] or None for c in ("left_reason", "learning_result")]
            values += [row[c] or None for c in ("conduct_result", "year_outcome")]
            values += [f"0905{CANARY}", f"0460{CANARY}"]
            for j, value in enumerate(values, start=1):
                if value is not None:
                    ws.cell(number, j, value)
        klass_col = columns.index("Lớp") + 1
        ws.merge_cells(
            start_row=first, start_column=klass_col, end_row=number, end_column=klass_col
        )
        if grade_column:
            grade_col = columns.index("Khối") + 1
            ws.merge_cells(
                start_row=first, start_column=grade_col, end_row=number, end_column=grade_col
            )
    ws.cell(number + 1, 1, f"Tổng cộng: {len(rows)} học sinh")
    sign = number + 3  # after a blank row
    ws.cell(sign, 2, "Vinh An, ngày 25 tháng 5 năm 2024")
    ws.merge_cells(start_row=sign, start_column=2, end_row=sign, end_column=6)
    ws.cell(sign + 1, 2, "NGƯỜI LẬP BIỂU")
    ws.cell(sign + 1, 9, "HIỆU TRƯỞNG")
    ws.cell(sign + 4, 2, f"Nguyễn Văn {CANARY}")
    ws.cell(sign + 4, 9, f"Trần Thị {CANARY}")
    return [number + 1, sign, sign + 1, sign + 4]


def _as_school_keeps_it(tmp: Path, sample, **layout) -> tuple[Path, list[int]]:
    path = tmp / "danh-sach.xlsx"
    write_template(path, rows=sample)
    wb = openpyxl.load_workbook(path)
    index = wb.sheetnames.index("Học sinh")
    wb.remove(wb["Học sinh"])
    ws = wb.create_sheet("Học sinh", index)
    skipped = _school_list(ws, sample["students"], **layout)
    wb.save(path)
    return path, skipped


@pytest.mark.parametrize(
    "layout",
    [
        {"girls_column": False, "grade_column": True},
        {"girls_column": True, "grade_column": False},
    ],
    ids=["title-merged-khoi-lop-signature", "class-list-ma-hs-nu-no-khoi"],
)
def test_school_list_evaluates_like_the_template(tmp_path, sample, template_form, layout):
    path, skipped = _as_school_keeps_it(tmp_path, sample, **layout)
    assert _figures(path) == template_form
    raw = read_container(path)
    students = raw.tables["students"]
    assert students.layout.header_rows == (len(TITLE) + 2,)
    assert students.layout.skipped_titles == [1, 2, 3]
    assert students.layout.skipped_totals == [skipped[0]]
    assert students.layout.skipped_notes == skipped[1:]
    assert students.layout.filled_cells > 0
    assert "Số điện thoại phụ huynh" in students.layout.personal
    assert "Mã định danh" in students.layout.personal
    codes = {p.code for p in raw.problems}
    assert {"notes_skipped", "total_rows_skipped"} <= codes


def test_nothing_personal_from_a_school_list_reaches_any_output(tmp_path, sample):
    path, _ = _as_school_keeps_it(tmp_path, sample, girls_column=True, grade_column=False)
    for args in (
        ["evaluate", "--format", "json", "--data", str(path)],
        ["evaluate", "--data", str(path)],
        ["validate", str(path)],
    ):
        done = run_cli(*args)
        out = done.stdout + done.stderr
        assert done.returncode == 0, out
        assert CANARY not in out and "NGƯỜI LẬP BIỂU" not in out


def _incidents_two_row_header(path: Path, sample) -> None:
    write_template(path, rows=sample)
    wb = openpyxl.load_workbook(path)
    ws = wb["Vụ việc"]
    ws.insert_rows(1)
    headers = [ws.cell(2, j).value for j in range(1, ws.max_column + 1)]
    for name, (first, second) in {"Thời điểm": ("Tiếp nhận", "Can thiệp")}.items():
        a = headers.index("Thời điểm tiếp nhận") + 1
        assert headers[a] == "Thời điểm can thiệp"
        ws.cell(1, a, name)
        ws.merge_cells(start_row=1, start_column=a, end_row=1, end_column=a + 1)
        ws.cell(2, a, first)
        ws.cell(2, a + 1, second)
    for j, text in enumerate(headers, start=1):  # the other headers span both rows
        if ws.cell(2, j).value == text:
            ws.cell(1, j, text)
            ws.cell(2, j, None)
            ws.merge_cells(start_row=1, start_column=j, end_row=2, end_column=j)
    wb.save(path)


def test_two_row_header_is_read_by_joining_group_and_sub_header(tmp_path, sample, template_form):
    path = tmp_path / "vu-viec.xlsx"
    _incidents_two_row_header(path, sample)
    assert _figures(path) == template_form
    layout = read_container(path).tables["incidents"].layout
    assert layout.header_rows == (1, 2)
    assert layout.matched["Thời điểm Tiếp nhận"] == "reported_on"
    assert layout.matched["Thời điểm Can thiệp"] == "intervened_on"


def test_header_that_is_really_missing_names_the_sheet_and_the_columns(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "students.csv").write_text("Danh sách\nmột,hai,ba\n1,2,3\n", encoding="utf-8")
    done = run_cli("validate", str(folder))
    assert done.returncode == 1
    assert "students.csv" in done.stderr and "Mã học sinh" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_data_row_after_a_blank_gap_is_still_data(tmp_path):
    rows = [(1, ["Mã học sinh", "Năm học", "Khối", "Lớp", "Giới tính"])]
    rows += [(2, ["A1", "2023-2024", "6", "6A", "Nam"]), (4, ["A2", "2023-2024", "6", "6A", "Nữ"])]
    rows += [(6, ["", "HIỆU TRƯỞNG", "", "", ""])]
    _, _, data, layout, warnings = locate(STUDENTS, "students.csv", rows)
    assert [n for n, _ in data] == [2, 4]
    assert layout.skipped_notes == [6]
    assert [w.code for w in warnings] == ["notes_skipped"]
    assert all(w.value is None for w in warnings)  # never the text, which may hold names


@pytest.mark.parametrize(
    ("name", "grade"),
    [
        ("6/1", 6),
        ("6A", 6),
        ("6A1", 6),
        ("Lớp 6A", 6),
        ("9B", 9),
        ("lop 8C", 8),
        ("10A", None),
        ("A6", None),
        ("", None),
        ("5A", None),
    ],
)
def test_grade_of_class(name, grade):
    assert grade_of_class(name) == grade


def test_class_without_grade_is_an_error_naming_the_row(tmp_path):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "students.csv").write_text(
        "STT,Mã HS,Năm học,Lớp,Nữ\n1,A1,2023-2024,6/1,x\n2,A2,2023-2024,Lớp A,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        open_evaluation(folder)
    wrong = [p for p in info.value.errors if p.code == "grade_from_class"]
    assert [(p.row, p.column, p.value) for p in wrong] == [(3, "class_name", "Lớp A")]


def _write_xls(path: Path, table_rows: dict[str, list[list[object]]], merges=()) -> None:
    import xlwt

    wb = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for name, rows in table_rows.items():
        ws = wb.add_sheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write(i, j, value, date_style)
                elif value is not None:
                    ws.write(i, j, value)
        for r1, c1, r2, c2 in merges:
            ws.merge(r1, r2, c1, c2)
    wb.save(str(path))


def _write_ods(path: Path, table_rows: dict[str, list[list[object]]], spans=()) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in table_rows.items():
        sheet = Table(name=name)
        for i, row in enumerate(rows):
            tr = TableRow()
            for j, value in enumerate(row):
                span = next((s for s in spans if s[:2] == (i, j)), None)
                covered = any(s[0] < i <= s[2] and s[1] == j for s in spans)
                if covered:
                    tr.addElement(CoveredTableCell())
                    continue
                kw = {"numberrowsspanned": span[2] - span[0] + 1} if span else {}
                if isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat(), **kw)
                elif isinstance(value, int):
                    cell = TableCell(valuetype="float", value=value, **kw)
                else:
                    cell = TableCell(valuetype="string", **kw)
                if value is not None:
                    cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            sheet.addElement(tr)
        doc.spreadsheet.addElement(sheet)
    doc.save(str(path))


_CLASS_LIST = [
    ["DANH SÁCH HỌC SINH", None, None, None, None, None],
    [None] * 6,
    ["STT", "Mã HS", "Năm học", "Lớp", "Nữ", "Ngày sinh"],
    [1, "A1", "2023-2024", "6/1", "x", dt.date(2012, 3, 5)],
    [2, "A2", "2023-2024", None, None, dt.date(2012, 4, 6)],
    [3, "B1", "2023-2024", "7/2", None, dt.date(2011, 5, 7)],
]


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_xls_and_ods_read_like_xlsx(tmp_path, suffix):
    path = tmp_path / f"danh-sach{suffix}"
    if suffix == ".xls":
        _write_xls(path, {"Học sinh": _CLASS_LIST}, merges=[(0, 0, 0, 5), (3, 3, 4, 3)])
    else:
        _write_ods(path, {"Học sinh": _CLASS_LIST}, spans=[(3, 3, 4, 3)])
    raw = read_container(path)
    assert [p for p in raw.problems if p.is_error] == []
    students = raw.tables["students"]
    assert students.header_row == 3
    assert [cells[1] for _, cells in students.rows] == ["A1", "A2", "B1"]
    assert [cells[3] for _, cells in students.rows] == ["6/1", "6/1", "7/2"]  # merged: filled
    assert [cells[-1] for _, cells in students.rows][:1] == [6]  # grade from the class
    assert students.rows[0][1][5] == dt.date(2012, 3, 5)
    done = run_cli("validate", str(path))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_xls_and_ods_rows_keep_their_numbers_below_empty_rows_and_columns(tmp_path, suffix):
    """A list that starts at B3 (two empty rows, one empty column): rows numbered as shown."""
    path = tmp_path / f"lech{suffix}"
    shifted = [[None] * 7, [None] * 7, *([None, *row] for row in _CLASS_LIST)]
    (_write_xls if suffix == ".xls" else _write_ods)(path, {"Học sinh": shifted})
    students = read_container(path).tables["students"]
    assert students.header_row == 5
    assert [number for number, _ in students.rows] == [6, 7, 8]
    assert [cells[2] for _, cells in students.rows] == ["A1", "A2", "B1"]  # column C


def test_file_that_only_claims_to_be_excel_and_an_encrypted_one(tmp_path):
    fake = tmp_path / "fake.xls"
    fake.write_bytes(b"this is not a spreadsheet at all")
    done = run_cli("validate", str(fake))
    assert done.returncode == 1 and "fake.xls" in done.stderr and "Traceback" not in done.stderr
    encrypted = tmp_path / "locked.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    encrypted.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)
    done = run_cli("validate", str(encrypted))
    assert done.returncode == 1 and "locked.xlsx" in done.stderr and "mật khẩu" in done.stderr


def test_lock_files_in_a_csv_folder_are_ignored(tmp_path):
    done = run_cli("sample", str(tmp_path / "csv"))
    assert done.returncode == 0, done.stderr
    (tmp_path / "csv" / "~$students.csv").write_bytes(b"\x00\x01 owner file")
    (tmp_path / "csv" / ".~lock.students.csv#").write_text("x,y\n", encoding="utf-8")
    done = run_cli("validate", str(tmp_path / "csv"))
    assert done.returncode == 0, done.stderr


def test_school_identity_sheet_overrides_the_plan(tmp_path, sample):
    path = tmp_path / "truong.xlsx"
    write_template(path, rows=sample)
    wb = openpyxl.load_workbook(path)
    wb.remove(wb["Thông tin trường"])  # the template's own sheet, in table form
    ws = wb.create_sheet("Thông tin trường")  # the key–value form a school may write
    for i, (key, value) in enumerate(
        [
            ("Tên trường", "Trường THCS Thử Nghiệm"),
            ("Huyện", "huyện Phong Điền"),
            ("Tỉnh", "tỉnh Thừa Thiên Huế"),
            ("Địa danh", "Phong Hòa"),
        ],
        start=1,
    ):
        ws.cell(i, 1, key)
        ws.cell(i, 2, value)
    wb.save(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Thông tin trường"]
    ws.cell(5, 1, "Hiệu trưởng")
    ws.cell(5, 2, "Trần Văn Hiệu")
    ws.cell(6, 1, "Số báo cáo")
    ws.cell(6, 2, "15/BC-THCS")
    wb.save(path)
    evaluation = open_evaluation(path)
    internal = Report(evaluation, "vi", "internal").year_end()
    header = str(internal.header("2023-12-20"))
    assert "Phong Hòa, ngày 20 tháng 12 năm 2023" in header and "Số: 15/BC-THCS" in header
    assert "TRƯỜNG THCS THỬ NGHIỆM" in header.upper()
    assert "Trần Văn Hiệu" in str(internal.signature())
    assert "Trần Văn Hiệu" not in str(Report(evaluation, "vi", "public").year_end().signature())
    doc = json.loads(run_cli("evaluate", "--format", "json", "--data", str(path)).stdout)
    assert "Trần Văn Hiệu" not in json.dumps(doc, ensure_ascii=False)
    assert doc["school"] == {
        "name": "Trường THCS Thử Nghiệm",
        "district": "huyện Phong Điền",
        "province": "tỉnh Thừa Thiên Huế",
    }


_GOOD = [["Mã học sinh", "Năm học", "Khối", "Lớp", "Giới tính"]] + [
    [f"A{i}", "2023-2024", "7", "7A", "Nữ" if i % 2 else "Nam"] for i in range(5)
]
_TITLE_TEXT = st.sampled_from(
    [
        "PHÒNG GD&ĐT HUYỆN PHÚ VANG",
        "TRƯỜNG THCS AN BẰNG",
        "DANH SÁCH HỌC SINH",
        "Năm học 2023 - 2024",
        "Lớp 7A",
        "Ghi chú: danh sách chính thức",
        "Mã học sinh và họ tên",
    ]
)


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    titles=st.lists(st.one_of(st.none(), _TITLE_TEXT), max_size=8),
    spans=st.lists(st.integers(1, 5), max_size=8),
)
def test_header_detection_ignores_any_title_block(titles, spans):
    """Random title rows, blank rows and merges above a valid header: the same table."""
    rows, merges, number = [], [], 0
    for k, text in enumerate(titles):
        number += 1
        if text is None:
            continue  # a blank row
        rows.append((number, [text]))
        if k < len(spans):
            merges.append((number, 1, number, spans[k]))
    start = number
    rows += [(start + 1 + i, list(r)) for i, r in enumerate(_GOOD)]
    found = locate(STUDENTS, "Học sinh", rows, merges)
    assert found is not None
    header_row, header, data, _, _ = found
    assert header_row == start + 1 and header == _GOOD[0]
    assert [cells for _, cells in data] == _GOOD[1:]


def test_validate_says_what_it_understood(tmp_path, sample):
    path, skipped = _as_school_keeps_it(tmp_path, sample, girls_column=True, grade_column=False)
    done = run_cli("validate", str(path))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert 'Học sinh (students): trang "Học sinh", dòng tiêu đề 5' in text
    assert "Mã HS → student_id" in text and "Ngày tháng năm sinh → birth_date" in text
    assert "Số điện thoại phụ huynh" in text and "Mã định danh" in text
    assert "Giới tính (từ cột Nữ)" in text and "Khối (từ tên lớp)" in text
    assert CANARY not in text
    done = run_cli("validate", "--format", "json", "--lang", "en", str(path))
    doc = json.loads(done.stdout)
    students = doc["tables"]["students"]
    assert doc["valid"] is True
    assert students["header_rows"] == [5] and students["skipped_titles"] == [1, 2, 3]
    assert students["skipped_totals"] == [skipped[0]] and students["skipped_notes"] == skipped[1:]
    assert students["matched"]["Mã HS"] == "student_id"
    assert students["derived"] == ["sex", "grade"]
    assert CANARY not in done.stdout


# --- header matching --------------------------------------------------------------------------


def _every_name(table) -> list[str]:
    from planlib.core.headers import synonyms

    return sorted(
        {name for col in table.columns for name in (col.id, col.vi, col.en)}
        | {name for col in table.columns for name in synonyms(table.id, col.id)}
    )


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_header_names_the_first_column_any_of_its_names_belong_to(data):
    """:func:`match_header` (whose names are folded once per table) answers as a walk over the
    table's columns in order does: the first column whose folded names hold the header's."""
    from planlib.core.contract import normalize_key
    from planlib.core.headers import synonyms
    from planlib.inputs.layout import match_header

    table = data.draw(st.sampled_from(TABLES))
    other = data.draw(st.sampled_from(TABLES))
    name = data.draw(st.sampled_from(_every_name(other)) | st.text(max_size=12))
    header = name + data.draw(st.sampled_from(["", " (*)", "*", " (dd/mm/yyyy)", " (", "("]))
    keys = {normalize_key(header), normalize_key(header.split("(")[0].replace("*", ""))} - {""}
    expected = next(
        (
            col.id
            for col in table.columns
            if keys & (col.keys | {normalize_key(col.en)} | synonyms(table.id, col.id))
        ),
        None,
    )
    assert match_header(table, header) == expected
