"""Tests of :mod:`planlib.apps.template`: the Excel workbook generated from the contract."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planlib.apps.template import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    MAX_ROW,
    sheets,
    style,
    texts,
    write_template,
)
from planlib.core.contract import TABLES, Column, Table, normalize_key, table_by_key

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
PERSONAL_MARK = "dữ liệu cá nhân – không bao giờ xuất hiện trong báo cáo; không bắt buộc"
FORMULA_LIKE = ("=1+1", '=HYPERLINK("http://x","y")', "+84 912 345 678", "-5 điểm", "@SUM(A1)")

TABLE = {table.id: table for table in TABLES}
COLUMNS = [(table, col) for table in TABLES for col in table.columns]


def _ids(item: tuple[Table, Column]) -> str:
    return f"{item[0].id}.{item[1].id}"


def _of_type(*types: str) -> list[object]:
    return [pytest.param(*item, id=_ids(item)) for item in COLUMNS if item[1].type in types]


@pytest.fixture(scope="module")
def vi_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / "mau.xlsx")


@pytest.fixture(scope="module")
def vi_book(vi_path: Path) -> Workbook:
    return load_workbook(vi_path)


@pytest.fixture(scope="module")
def en_book(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = write_template(tmp_path_factory.mktemp("template") / "template.xlsx", lang="en")
    return load_workbook(path)


# ------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------
def _letter(table: Table, col: Column) -> str:
    return get_column_letter(table.columns.index(col) + 1)


def _validations_at(sheet: Worksheet, coordinate: str) -> list[DataValidation]:
    return [dv for dv in sheet.data_validations.dataValidation if coordinate in dv.sqref]


def _only_validation(sheet: Worksheet, coordinate: str) -> DataValidation:
    found = _validations_at(sheet, coordinate)
    assert len(found) == 1, f"{sheet.title}!{coordinate}: {len(found)} validations"
    return found[0]


def _resolve_list(book: Workbook, formula: str) -> list[object]:
    """The values a list validation offers: an inline list or a sheet range."""
    formula = formula.removeprefix("=")
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_part, _, cells = formula.rpartition("!")
    sheet_name = sheet_part.strip("'").replace("''", "'")
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    sheet = book[sheet_name]
    return [
        sheet.cell(row=row, column=column).value
        for row in range(min_row, max_row + 1)
        for column in range(min_col, max_col + 1)
    ]


def _column_format(sheet: Worksheet, letter: str) -> str:
    index = column_index_from_string(letter)
    for dimension in sheet.column_dimensions.values():
        if dimension.min is not None and dimension.min <= index <= dimension.max:
            return dimension.number_format
    return "General"


def _sheet_xml(path: Path, sheet_name: str) -> ElementTree.Element:
    """The parsed worksheet XML of ``sheet_name``, found through the workbook relationships."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        rel_id = next(
            sheet.get(f"{{{NS['r']}}}id")
            for sheet in book.iterfind("m:sheets/m:sheet", NS)
            if sheet.get("name") == sheet_name
        )
        target = next(rel.get("Target") for rel in rels if rel.get("Id") == rel_id)
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl", target))
        return ElementTree.fromstring(archive.read(member))


def _xml_cell(root: ElementTree.Element, coordinate: str) -> ElementTree.Element:
    cell = root.find(f".//m:sheetData/m:row/m:c[@r='{coordinate}']", NS)
    assert cell is not None, coordinate
    return cell


def _instructions_text(sheet: Worksheet) -> str:
    return "\n".join(
        str(value) for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def _write_one(tmp_path: Path, table_id: str, row: dict[str, object]) -> tuple[Path, Worksheet]:
    path = write_template(tmp_path / "rows.xlsx", rows={table_id: [row]})
    table = TABLE[table_id]
    return path, load_workbook(path)[table.vi]


def _cell(sheet: Worksheet, table_id: str, column_id: str, row: int = 2) -> Cell:
    table = TABLE[table_id]
    return sheet[f"{_letter(table, table.column(column_id))}{row}"]


# ------------------------------------------------------------------------------------------------
# structure
# ------------------------------------------------------------------------------------------------
def test_sheet_order_and_hidden_list_sheet(vi_book: Workbook) -> None:
    names = vi_book.sheetnames
    assert names[0] == "Hướng dẫn"
    assert names[1 : 1 + len(TABLES)] == [table.vi for table in TABLES]
    extra = names[1 + len(TABLES) :]
    assert len(extra) == 1
    assert vi_book[extra[0]].sheet_state == "hidden"
    assert vi_book.active.title == "Hướng dẫn"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.id)
def test_table_sheet_headers_are_the_contract_names(vi_book: Workbook, table: Table) -> None:
    sheet = vi_book[table.vi]
    assert len(table.vi) <= 31
    headers = [cell.value for cell in sheet[1]]
    assert headers == [col.vi for col in table.columns]
    assert all(cell.font.bold and cell.fill.fill_type == "solid" for cell in sheet[1])
    assert sheet.max_row == 1, "a blank template has no data rows"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.id)
def test_frozen_header_autofilter_and_widths(vi_book: Workbook, table: Table) -> None:
    sheet = vi_book[table.vi]
    assert sheet.freeze_panes == "A2"
    last = get_column_letter(len(table.columns))
    assert sheet.auto_filter.ref == f"A1:{last}{MAX_ROW}"
    for col in table.columns:
        width = sheet.column_dimensions[_letter(table, col)].width
        assert width >= len(col.vi), col.id


def test_every_sheet_is_found_by_the_loader_rules(vi_book: Workbook, en_book: Workbook) -> None:
    for book in (vi_book, en_book):
        for table in TABLES:
            assert table_by_key(table.vi) is table
            headers = [normalize_key(cell.value) for cell in book[table.vi][1]]
            assert headers == [normalize_key(col.vi) for col in table.columns]
        extra = [name for name in book.sheetnames if name not in {t.vi for t in TABLES}]
        assert all(table_by_key(name) is None for name in extra)


# ------------------------------------------------------------------------------------------------
# required and personal-data marks
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("table", "col"), COLUMNS, ids=[_ids(c) for c in COLUMNS])
def test_header_comment_says_id_and_requirement(
    vi_book: Workbook, table: Table, col: Column
) -> None:
    cell = vi_book[table.vi][f"{_letter(table, col)}1"]
    assert cell.value == col.vi
    assert cell.comment is not None
    first_line = cell.comment.text.splitlines()[0]
    assert first_line.startswith(f"{col.id} – ")
    if col.private and not col.required:
        assert first_line.endswith(PERSONAL_MARK)
    elif col.required:
        assert first_line.endswith("bắt buộc") and "không bắt buộc" not in first_line
    else:
        assert first_line.endswith("không bắt buộc")


def test_required_fill_only_on_required_columns(vi_book: Workbook) -> None:
    required_fill = style.FILL_REQUIRED.fgColor.rgb
    for table, col in COLUMNS:
        cell = vi_book[table.vi][f"{_letter(table, col)}1"]
        marked = cell.fill.fgColor.rgb == required_fill
        assert marked == col.required, _ids((table, col))
        if col.private and not col.required:
            assert cell.fill.fgColor.rgb == style.FILL_PRIVATE.fgColor.rgb


def test_personal_data_is_never_marked_required_when_the_contract_makes_it_optional() -> None:
    for _, col in COLUMNS:
        if col.private and not col.required:
            assert not texts.is_marked_required(col)
            assert texts.required_text(col, "vi") == PERSONAL_MARK


# ------------------------------------------------------------------------------------------------
# data validation
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("table", "col"), _of_type("enum"))
def test_enum_dropdown_lists_the_contract_labels(
    vi_book: Workbook, table: Table, col: Column
) -> None:
    assert col.enum is not None
    letter = _letter(table, col)
    sheet = vi_book[table.vi]
    dv = _only_validation(sheet, f"{letter}2")
    assert f"{letter}{MAX_ROW}" in dv.sqref
    assert dv.type == "list"
    assert "!" in dv.formula1, "labels live on the hidden sheet, not inline"
    assert _resolve_list(vi_book, dv.formula1) == list(col.enum.labels.values())
    assert dv.showErrorMessage and dv.error and dv.errorTitle


def test_long_and_comma_labels_survive_the_hidden_sheet(vi_book: Workbook) -> None:
    # Inline list formulas break on commas and stop at 255 characters.
    group = TABLE["special_circumstances"].column("group")
    assert group.enum is not None
    assert len(",".join(group.enum.labels.values())) > 255
    activities = TABLE["activities"]
    dv = _only_validation(
        vi_book[activities.vi], f"{_letter(activities, activities.column('kind'))}2"
    )
    assert "thăm, tặng quà" in _resolve_list(vi_book, dv.formula1)


@pytest.mark.parametrize(("table", "col"), _of_type("bool"))
def test_bool_dropdown_is_co_khong(vi_book: Workbook, table: Table, col: Column) -> None:
    dv = _only_validation(vi_book[table.vi], f"{_letter(table, col)}2")
    assert dv.type == "list"
    assert _resolve_list(vi_book, dv.formula1) == ["Có", "Không"]


@pytest.mark.parametrize(("table", "col"), _of_type("int", "number"))
def test_numbers_have_bounds_from_the_contract(
    vi_book: Workbook, table: Table, col: Column
) -> None:
    dv = _only_validation(vi_book[table.vi], f"{_letter(table, col)}2")
    assert dv.type == ("whole" if col.type == "int" else "decimal")
    if col.min is not None and col.max is not None:
        assert dv.operator == "between"
        assert (float(dv.formula1), float(dv.formula2)) == (col.min, col.max)
    elif col.min is not None:
        assert dv.operator == "greaterThanOrEqual"
        assert float(dv.formula1) == col.min


def test_grade_and_score_bounds(vi_book: Workbook) -> None:
    students, awareness = TABLE["students"], TABLE["awareness"]
    grade = _only_validation(
        vi_book[students.vi], f"{_letter(students, students.column('grade'))}2"
    )
    assert (grade.type, grade.formula1, grade.formula2) == ("whole", "6", "9")
    score = _only_validation(
        vi_book[awareness.vi], f"{_letter(awareness, awareness.column('score'))}2"
    )
    assert (score.type, score.formula1, score.formula2) == ("decimal", "0", "10")


@pytest.mark.parametrize(("table", "col"), _of_type("date", "datetime"))
def test_date_columns_have_date_format_and_validation(
    vi_book: Workbook, table: Table, col: Column
) -> None:
    sheet = vi_book[table.vi]
    letter = _letter(table, col)
    expected = DATE_FORMAT if col.type == "date" else DATETIME_FORMAT
    assert _column_format(sheet, letter) == expected
    dv = _only_validation(sheet, f"{letter}2")
    assert dv.type == ("date" if col.type == "date" else "decimal")
    assert dv.operator == "between"


def test_school_year_has_a_custom_rule_and_text_format(vi_book: Workbook) -> None:
    students = TABLE["students"]
    letter = _letter(students, students.column("school_year"))
    sheet = vi_book[students.vi]
    dv = _only_validation(sheet, f"{letter}2")
    assert dv.type == "custom"
    assert f"LEN({letter}2)=9" in dv.formula1
    assert _column_format(sheet, letter) == "@"


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.id)
def test_validation_texts_fit_excel_limits(vi_book: Workbook, table: Table) -> None:
    for dv in vi_book[table.vi].data_validations.dataValidation:
        assert dv.showInputMessage and dv.prompt
        assert len(dv.prompt) <= 255
        assert len(dv.promptTitle or "") <= 32
        assert len(dv.errorTitle or "") <= 32
        assert len(dv.error or "") <= 225
        if dv.type is not None:
            assert dv.showErrorMessage and dv.error


# ------------------------------------------------------------------------------------------------
# instructions
# ------------------------------------------------------------------------------------------------
def test_instructions_mention_every_table_and_column(vi_book: Workbook) -> None:
    text = _instructions_text(vi_book["Hướng dẫn"])
    for table in TABLES:
        assert f"«{table.vi}» ({table.id})" in text
        assert texts.table_help(table, "vi") in text
        for col in table.columns:
            assert col.id in text
            assert col.vi in text
    for phrase in ("dd/mm/yyyy", "1.500.000", "7,5", "bị bỏ qua", "thứ tự bất kỳ", "Có/Không"):
        assert phrase in text
    assert "số nguyên từ 6 đến 9" in text
    assert "chọn trong danh sách: Nam; Nữ" in text


def test_instructions_mark_personal_data(vi_book: Workbook) -> None:
    sheet = vi_book["Hướng dẫn"]
    rows = {(row[1], row[0]): row for row in sheet.iter_rows(values_only=True) if row[1]}
    for _, col in COLUMNS:
        if col.private and not col.required:
            row = rows[(col.id, col.vi)]
            assert row[3] == "Không"
            assert PERSONAL_MARK in row[4]


def test_english_instructions_keep_vietnamese_sheets(vi_book: Workbook, en_book: Workbook) -> None:
    assert en_book.sheetnames[0] == "Instructions"
    assert en_book.sheetnames[1 : 1 + len(TABLES)] == vi_book.sheetnames[1 : 1 + len(TABLES)]
    text = _instructions_text(en_book["Instructions"])
    assert "rows can be in any order" in text
    assert "never shown in any report" in text
    for table in TABLES:
        assert table.en in text and table.id in text
        assert [c.value for c in en_book[table.vi][1]] == [col.vi for col in table.columns]
    assert "Hướng dẫn" not in en_book.sheetnames
    students = TABLE["students"]
    grade_comment = en_book[students.vi][
        f"{_letter(students, students.column('grade'))}1"
    ].comment.text
    assert "whole number from 6 to 9" in grade_comment


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lang must be one of"):
        write_template(tmp_path / "x.xlsx", lang="fr")


# ------------------------------------------------------------------------------------------------
# rows
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_looking_text_is_stored_as_a_string(tmp_path: Path, text: str) -> None:
    path, sheet = _write_one(tmp_path, "students", {"student_id": "HS01", "full_name": text})
    cell = _cell(sheet, "students", "full_name")
    assert cell.value == text
    assert cell.data_type == "s"
    xml = _xml_cell(_sheet_xml(path, "Học sinh"), cell.coordinate)
    assert xml.find("m:f", NS) is None, "written as a formula"
    assert xml.get("t") == "inlineStr"
    assert xml.findtext("m:is/m:t", namespaces=NS) == text


def test_formula_looking_text_gets_a_quote_prefix(tmp_path: Path) -> None:
    path, sheet = _write_one(tmp_path, "tasks", {"task_id": "=cmd|' /C calc'!A0"})
    cell = _cell(sheet, "tasks", "task_id")
    assert cell.quotePrefix
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert re.search(r'quotePrefix="1"', styles)


def test_date_strings_become_date_cells(tmp_path: Path) -> None:
    row = {"student_id": "HS01", "birth_date": "05/12/2011", "enrolled_on": "2023-09-05"}
    _, sheet = _write_one(tmp_path, "students", row)
    birth = _cell(sheet, "students", "birth_date")
    assert birth.is_date and birth.value == datetime(2011, 12, 5)
    assert birth.number_format == DATE_FORMAT
    assert _cell(sheet, "students", "enrolled_on").value == datetime(2023, 9, 5)


def test_datetime_strings_become_datetime_cells(tmp_path: Path) -> None:
    row = {"incident_id": "V1", "reported_on": "05/12/2023 14:30", "intervened_on": "06/12/2023"}
    _, sheet = _write_one(tmp_path, "incidents", row)
    reported = _cell(sheet, "incidents", "reported_on")
    assert reported.is_date and reported.value == datetime(2023, 12, 5, 14, 30)
    assert reported.number_format == DATETIME_FORMAT
    intervened = _cell(sheet, "incidents", "intervened_on")
    assert intervened.value == datetime(2023, 12, 6)
    assert intervened.number_format == DATE_FORMAT


def test_python_dates_and_numbers(tmp_path: Path) -> None:
    row = {"entry_id": "K1", "entry_on": date(2023, 3, 1), "amount_vnd": 2_500_000.0}
    _, sheet = _write_one(tmp_path, "funding", row)
    assert _cell(sheet, "funding", "entry_on").value == datetime(2023, 3, 1)
    amount = _cell(sheet, "funding", "amount_vnd")
    assert amount.value == 2_500_000 and amount.data_type == "n"


@pytest.mark.parametrize(
    ("typed", "expected"), [("1.500.000", 1_500_000), ("7,5", 7.5), ("12", 12), ("0.5", 0.5)]
)
def test_vietnamese_number_text_becomes_numbers(
    tmp_path: Path, typed: str, expected: float
) -> None:
    _, sheet = _write_one(tmp_path, "activities", {"activity_id": "A1", "cost_vnd": typed})
    cell = _cell(sheet, "activities", "cost_vnd")
    assert cell.data_type == "n"
    assert cell.value == expected


@pytest.mark.parametrize(
    ("column_id", "typed", "label"),
    [
        ("sex", "F", "Nữ"),
        ("sex", "nu", "Nữ"),
        ("sex", "Nam", "Nam"),
        ("left_reason", "dropout", "bỏ học"),
        ("learning_result", "GOOD", "Tốt"),
        ("year_outcome", "not_graduated", "không tốt nghiệp"),
    ],
)
def test_enum_codes_become_vietnamese_labels(
    tmp_path: Path, column_id: str, typed: str, label: str
) -> None:
    _, sheet = _write_one(tmp_path, "students", {"student_id": "HS01", column_id: typed})
    assert _cell(sheet, "students", column_id).value == label


@pytest.mark.parametrize(
    ("typed", "letter"), [("d", "d"), ("đ", "đ"), ("dd", "đ"), ("Đ", "đ"), ("bị bỏ rơi", "b")]
)
def test_group_letters_keep_d_and_dd_apart(tmp_path: Path, typed: str, letter: str) -> None:
    _, sheet = _write_one(tmp_path, "special_circumstances", {"student_id": "HS", "group": typed})
    group = TABLE["special_circumstances"].column("group")
    assert group.enum is not None
    assert _cell(sheet, "special_circumstances", "group").value == group.enum.labels[letter]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [(True, "Có"), (False, "Không"), ("x", "Có"), ("0", "Không"), ("đúng", "Có")],
)
def test_booleans_become_co_khong(tmp_path: Path, typed: object, shown: str) -> None:
    _, sheet = _write_one(tmp_path, "staff", {"staff_id": "GV1", "child_protection_duty": typed})
    assert _cell(sheet, "staff", "child_protection_duty").value == shown


def test_unreadable_values_are_kept_verbatim(tmp_path: Path) -> None:
    row = {"student_id": "HS01", "sex": "X", "grade": "lớp 7", "birth_date": "12/31/2011"}
    _, sheet = _write_one(tmp_path, "students", row)
    assert _cell(sheet, "students", "sex").value == "X"
    assert _cell(sheet, "students", "grade").value == "lớp 7"
    birth = _cell(sheet, "students", "birth_date")
    assert birth.value == "12/31/2011" and birth.data_type == "s"


def test_empty_values_leave_the_cell_empty(tmp_path: Path) -> None:
    _, sheet = _write_one(tmp_path, "students", {"student_id": "HS01", "full_name": "  "})
    assert _cell(sheet, "students", "full_name").value is None
    assert _cell(sheet, "students", "birth_date").value is None


def test_rows_keep_their_order_below_the_header(tmp_path: Path) -> None:
    rows = {"tasks": [{"task_id": f"T{i}", "status": "done"} for i in (3, 1, 2)]}
    sheet = load_workbook(write_template(tmp_path / "r.xlsx", rows=rows))["Nhiệm vụ"]
    assert [c.value for c in sheet["A"][1:]] == ["T3", "T1", "T2"]
    assert [c.value for c in sheet["B"][1:]] == ["hoàn thành"] * 3


def test_validation_extends_below_many_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_ROW", 5)
    rows = {"tasks": [{"task_id": f"T{i}"} for i in range(8)]}
    sheet = load_workbook(write_template(tmp_path / "r.xlsx", rows=rows))["Nhiệm vụ"]
    assert "B9" in _only_validation(sheet, "B2").sqref


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"pupils": []}, "unknown table 'pupils'"),
        ({"students": [{"student_id": "HS", "name": "x"}]}, r"students, row 2: unknown columns"),
    ],
)
def test_unknown_tables_and_columns_are_refused(
    tmp_path: Path, rows: dict[str, list[dict[str, object]]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        write_template(tmp_path / "x.xlsx", rows=rows)
