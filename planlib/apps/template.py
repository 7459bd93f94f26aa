"""The blank Excel workbook a school fills in, generated from the data contract.

Everything the workbook says about a table or a column (sheet name, headers, types, required
marks, drop-down lists, validations, the instructions sheet) comes from
:data:`planlib.core.contract.TABLES`; nothing is copied by hand from the specification. The sheet
and
header names are always the Vietnamese ones, so the loader matches them whatever ``lang`` the
instructions are written in.

Examples
--------
>>> from pathlib import Path
>>> write_template(Path("mau_nhap_lieu.xlsx"))  # doctest: +SKIP
PosixPath('mau_nhap_lieu.xlsx')
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planlib.core.contract import TABLES, Column, Enum, Table, normalize_key
from planlib.inputs.workbook import CellError, parse_bool, parse_datetime, parse_number

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "MAX_ROW",
    "build_template",
    "write_template",
]

Rows = Mapping[str, Sequence[Mapping[str, object]]]
_EnumKey = tuple[tuple[str, str], ...]

#: Last spreadsheet row that carries data validation (row 1 is the header).
MAX_ROW = 1000
#: Excel number format of date cells and of datetime cells.
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

_TEXT_FORMAT = "@"
_MONEY_FORMAT = "#,##0"
_MONEY_SUFFIX = "_vnd"
_DATE_MIN = date(1990, 1, 1)
_DATE_MAX = date(2099, 12, 31)
_BOOL_LABELS = ("Có", "Không")
_AUTHOR = "planlib"
# Excel's limits on data-validation texts (longer texts make Excel "repair" the file).
_TITLE_MAX = 32
_PROMPT_MAX = 255
_ERROR_MAX = 225
_SHEET_NAME_MAX = 31

_FILL_REQUIRED = PatternFill("solid", fgColor="F4B183")
_FILL_OPTIONAL = PatternFill("solid", fgColor="BDD7EE")
_FILL_PRIVATE = PatternFill("solid", fgColor="D9D9D9")
_FILL_SECTION = PatternFill("solid", fgColor="DDEBF7")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")

# --------------------------------------------------------------------------------------------
# Message catalogue: every user-facing text of the workbook, in Vietnamese and English.
# --------------------------------------------------------------------------------------------
_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "instructions_sheet": "Hướng dẫn",
        "lists_sheet": "Danh mục",
        "title": "Hướng dẫn nhập dữ liệu đánh giá kế hoạch bảo vệ, chăm sóc trẻ em",
        "rules_heading": "Cách nhập",
        "legend_heading": "Màu ô tiêu đề",
        "legend_required": "Bắt buộc nhập",
        "legend_optional": "Không bắt buộc",
        "legend_private": "Dữ liệu cá nhân / văn bản tự do – không bao giờ xuất hiện trong báo cáo",
        "tables_heading": "Các trang tính và các cột",
        "table_heading": "Trang tính «{vi}» ({id})",
        "unique": "Không được trùng: {columns}.",
        "col_header": "Cột (tiêu đề)",
        "col_id": "Mã cột",
        "col_type": "Kiểu dữ liệu",
        "col_required": "Bắt buộc",
        "col_notes": "Ghi chú",
        "yes": "Có",
        "no": "Không",
        "required": "bắt buộc",
        "optional": "không bắt buộc",
        "private_optional": "dữ liệu cá nhân – không bao giờ xuất hiện trong báo cáo; "
        "không bắt buộc",
        "private_required": "văn bản tự do – không bao giờ xuất hiện trong báo cáo; bắt buộc",
        "type_text": "văn bản",
        "type_list": "văn bản; nhiều giá trị cách nhau bởi dấu ;",
        "type_school_year": "năm học dạng 2023-2024",
        "type_date": "ngày dd/mm/yyyy",
        "type_datetime": "ngày giờ dd/mm/yyyy hh:mm (hoặc chỉ ngày dd/mm/yyyy)",
        "type_bool": "Có/Không",
        "type_enum": "chọn trong danh sách: {items}",
        "type_int": "số nguyên",
        "type_int_between": "số nguyên từ {min} đến {max}",
        "type_int_min": "số nguyên ≥ {min}",
        "type_number": "số (vd 7,5 hoặc 1.500.000)",
        "type_number_between": "số từ {min} đến {max} (vd 7,5)",
        "type_number_min": "số ≥ {min} (vd 1.500.000)",
        "error_title": "Giá trị không hợp lệ",
        "prompt_enum": "Chọn một giá trị trong danh sách thả xuống.",
        "error_enum": "Cột «{header}»: hãy chọn một giá trị trong danh sách thả xuống.",
        "prompt_bool": "Chọn Có hoặc Không.",
        "error_bool": "Cột «{header}»: chỉ nhận Có hoặc Không.",
        "prompt_int": "Nhập {type}.",
        "error_int": "Cột «{header}»: cần {type}.",
        "prompt_number": "Nhập {type}.",
        "error_number": "Cột «{header}»: cần {type}.",
        "prompt_date": "Nhập ngày dạng dd/mm/yyyy, ví dụ 05/12/2023.",
        "error_date": "Cột «{header}»: cần một ngày dd/mm/yyyy từ {min} đến {max}.",
        "prompt_datetime": "Nhập ngày giờ dạng dd/mm/yyyy hh:mm, ví dụ 05/12/2023 14:30 "
        "(có thể chỉ nhập ngày).",
        "error_datetime": "Cột «{header}»: cần ngày giờ dd/mm/yyyy hh:mm từ {min} đến {max}.",
        "prompt_school_year": "Nhập năm học dạng 2023-2024 (năm sau = năm trước + 1).",
        "error_school_year": "Cột «{header}»: năm học phải có dạng 2023-2024.",
        "prompt_text": "Nhập {type}.",
    },
    "en": {
        "instructions_sheet": "Instructions",
        "lists_sheet": "Lists",
        "title": "How to fill in the data for evaluating the child protection and care plan",
        "rules_heading": "How to fill in",
        "legend_heading": "Header colours",
        "legend_required": "Required",
        "legend_optional": "Optional",
        "legend_private": "Personal data / free text – never shown in any report",
        "tables_heading": "Sheets and columns",
        "table_heading": "Sheet “{vi}” – {en} ({id})",
        "unique": "Must not repeat: {columns}.",
        "col_header": "Column (header)",
        "col_id": "Column id",
        "col_type": "Type",
        "col_required": "Required",
        "col_notes": "Notes",
        "yes": "yes",
        "no": "no",
        "required": "required",
        "optional": "optional",
        "private_optional": "personal data – never shown in any report; optional",
        "private_required": "free text – never shown in any report; required",
        "type_text": "text",
        "type_list": "text; several values separated by ;",
        "type_school_year": "school year such as 2023-2024",
        "type_date": "date dd/mm/yyyy",
        "type_datetime": "date and time dd/mm/yyyy hh:mm (or a date dd/mm/yyyy)",
        "type_bool": "Có (yes) / Không (no)",
        "type_enum": "one of: {items}",
        "type_int": "whole number",
        "type_int_between": "whole number from {min} to {max}",
        "type_int_min": "whole number ≥ {min}",
        "type_number": "number (e.g. 7,5 or 1.500.000)",
        "type_number_between": "number from {min} to {max} (e.g. 7,5)",
        "type_number_min": "number ≥ {min} (e.g. 1.500.000)",
        "error_title": "Invalid value",
        "prompt_enum": "Choose a value from the drop-down list.",
        "error_enum": "Column “{header}”: choose a value from the drop-down list.",
        "prompt_bool": "Choose Có (yes) or Không (no).",
        "error_bool": "Column “{header}”: only Có or Không.",
        "prompt_int": "Enter a {type}.",
        "error_int": "Column “{header}”: expected a {type}.",
        "prompt_number": "Enter a {type}.",
        "error_number": "Column “{header}”: expected a {type}.",
        "prompt_date": "Enter a date as dd/mm/yyyy, e.g. 05/12/2023.",
        "error_date": "Column “{header}”: expected a date dd/mm/yyyy from {min} to {max}.",
        "prompt_datetime": "Enter date and time as dd/mm/yyyy hh:mm, e.g. 05/12/2023 14:30 "
        "(a date alone is fine).",
        "error_datetime": "Column “{header}”: expected dd/mm/yyyy hh:mm from {min} to {max}.",
        "prompt_school_year": "Enter the school year as 2023-2024 (second year = first + 1).",
        "error_school_year": "Column “{header}”: a school year looks like 2023-2024.",
        "prompt_text": "Enter {type}.",
    },
}

_RULES: dict[str, tuple[str, ...]] = {
    "vi": (
        "Mỗi bảng dữ liệu nằm trên một trang tính riêng, tên trang tính là tên bảng; "
        "không đổi tên trang tính và không sửa chữ ở dòng tiêu đề (dòng 1).",
        "Nhập dữ liệu từ dòng 2, mỗi dòng một bản ghi; các dòng có thể theo thứ tự bất kỳ; "
        "dòng trống bị bỏ qua.",
        "Ngày ghi theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 05/12/2023; ngày giờ ghi "
        "dd/mm/yyyy hh:mm. Không bao giờ hiểu là tháng/ngày/năm.",
        "Số ghi theo kiểu Việt Nam: dấu chấm phân cách hàng nghìn, dấu phẩy thập phân, "
        "ví dụ 1.500.000 và 7,5.",
        "Cột Có/Không và các cột danh mục: chọn trong danh sách thả xuống "
        "(mã tiếng Anh của danh mục cũng được chấp nhận).",
        "Cột có dấu hiệu dữ liệu cá nhân (màu xám) không bao giờ xuất hiện trong báo cáo; "
        "có thể để trống.",
        "Các trang tính khác (như trang hướng dẫn này) và các cột thêm vào đều bị bỏ qua.",
        "Bảng không có dữ liệu có thể để trống: các chỉ số cần bảng đó sẽ báo «không có dữ liệu».",
        "Di chuột vào ô tiêu đề để xem mã cột, kiểu dữ liệu và cột có bắt buộc hay không.",
    ),
    "en": (
        "Each table has its own sheet named after it; do not rename the sheets and do not "
        "change the header row (row 1). Sheet and column names stay in Vietnamese.",
        "Enter data from row 2, one record per row; rows can be in any order; empty rows are "
        "skipped.",
        "Dates are dd/mm/yyyy (day/month/year), e.g. 05/12/2023; date and time "
        "dd/mm/yyyy hh:mm. Month/day/year is never assumed.",
        "Numbers may use the Vietnamese style: dot for thousands, comma for decimals, "
        "e.g. 1.500.000 and 7,5.",
        "Có/Không (yes/no) and list columns: choose from the drop-down list "
        "(the English codes are accepted too).",
        "Personal-data columns (grey) never appear in any report and may be left empty.",
        "Other sheets (such as these instructions) and extra columns are ignored.",
        "A table without data may stay empty: the indicators that need it report no data.",
        "Hover over a header cell to see the column id, its type and whether it is required.",
    ),
}

# The contract has ``Table.help_vi`` but no English help: English purposes live here.
_TABLE_HELP_EN: dict[str, str] = {
    "students": "One row per student per school year.",
    "special_circumstances": "One row per child per group of special circumstances "
    "(Law on Children 2016, article 10(1)).",
    "incidents": "One row per incident affecting one child.",
    "awareness": "One row per assessment of a child's awareness of the right to participate.",
    "staff": "One row per staff member.",
    "trainings": "One row per staff member per training.",
    "activities": "One row per activity carried out.",
    "funding": "One row per budget line: planned, received/mobilised or spent.",
    "facilities": "One row per playground or sports-ground construction project.",
    "tasks": "The status of each task the plan assigns to a responsible unit.",
}

# Conditional requirements and references from data-contract.md that ``contract.py`` does not
# (yet) carry; ``Column.help_vi`` wins over the Vietnamese text when the contract sets it.
_COLUMN_NOTES: dict[tuple[str, str], tuple[str, str]] = {
    ("students", "student_id"): (
        "mã ẩn danh, ổn định qua các năm; không trùng trong một năm học",
        "stable pseudonymous code; unique within a school year",
    ),
    ("students", "left_reason"): (
        "bắt buộc khi có Ngày rời trường",
        "required when Ngày rời trường (left on) is filled",
    ),
    ("special_circumstances", "student_id"): (
        "phải có trong trang Học sinh",
        "must exist in the Học sinh (students) sheet",
    ),
    ("special_circumstances", "group"): (
        "Luật Trẻ em 2016, Điều 10 khoản 1; có thể ghi chữ cái a, b, c, d, đ (hoặc dd), e, g, h, "
        "i, k, l, m, n, o",
        "Law on Children 2016, article 10(1); the letters a, b, c, d, đ (or dd), e, g, h, i, k, "
        "l, m, n, o are accepted",
    ),
    ("incidents", "student_id"): (
        "phải có trong trang Học sinh",
        "must exist in the Học sinh (students) sheet",
    ),
    ("incidents", "cause"): (
        "bắt buộc với vụ tai nạn thương tích",
        "required for injuries",
    ),
    ("incidents", "fatal"): ("để trống = Không", "empty means no"),
    ("incidents", "reported_on"): (
        "bắt buộc với các loại vụ việc khác tai nạn thương tích",
        "required for every kind but injuries",
    ),
    ("incidents", "intervened_on"): (
        "để trống nếu chưa can thiệp",
        "empty while there has been no intervention",
    ),
    ("awareness", "passed"): (
        "để trống: tính theo Điểm ≥ điểm đạt (mặc định 5)",
        "when empty: Điểm (score) ≥ the pass mark (default 5)",
    ),
    ("trainings", "staff_id"): (
        "phải có trong trang Cán bộ giáo viên",
        "must exist in the Cán bộ giáo viên (staff) sheet",
    ),
    ("tasks", "task_id"): (
        "mã nhiệm vụ trong tệp kế hoạch",
        "a task id from the plan file",
    ),
}

_FORMULA_START = ("=", "+", "-", "@")


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------
def write_template(path: Path, *, rows: Rows | None = None, lang: str = "vi") -> Path:
    """Write the workbook a school fills in, optionally with rows already entered.

    Parameters
    ----------
    path : Path
        Where to write the ``.xlsx`` file; its folder must exist.
    rows : mapping of str to sequence of mappings, optional
        Table id to rows, each row keyed by contract column id. Values may be strings as typed in
        a CSV file (``"05/12/2023"``, ``"1.500.000"``, ``"F"``, ``"x"``) or Python ``date``,
        ``datetime``, ``int``, ``float`` and ``bool``. Dates become Excel date cells, numbers
        become numbers, enumeration codes become their Vietnamese label, booleans ``Có``/``Không``;
        a value that cannot be read is written verbatim as text, so the loader reports it.
    lang : {"vi", "en"}
        Language of the instructions sheet and of the validation messages. Sheet names and
        headers are Vietnamese in both languages.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ValueError
        For an unknown language, table id or column id.
    """
    workbook = build_template(rows=rows, lang=lang)
    path = Path(path)
    workbook.save(path)
    return path


def build_template(*, rows: Rows | None = None, lang: str = "vi") -> Workbook:
    """Build the template workbook in memory; see :func:`write_template`.

    Parameters
    ----------
    rows : mapping of str to sequence of mappings, optional
        As in :func:`write_template`.
    lang : {"vi", "en"}
        As in :func:`write_template`.

    Returns
    -------
    openpyxl.Workbook
        Instructions sheet first, one sheet per contract table, the hidden list sheet last.
    """
    text = _catalogue(lang)
    rows = dict(rows or {})
    _check_rows(rows)
    workbook = Workbook()
    workbook.properties.creator = _AUTHOR
    workbook.properties.title = text["title"]
    instructions = workbook.active
    instructions.title = text["instructions_sheet"]
    table_sheets = [_new_sheet(workbook, table.vi) for table in TABLES]
    lists = workbook.create_sheet(text["lists_sheet"])
    refs = _write_lists(lists, TABLES)
    lists.sheet_state = "hidden"
    for table, sheet in zip(TABLES, table_sheets, strict=True):
        _write_table_sheet(sheet, table, rows.get(table.id, ()), refs=refs, lang=lang)
    _write_instructions(instructions, TABLES, lang=lang)
    workbook.active = 0
    return workbook


# --------------------------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------------------------
def _catalogue(lang: str) -> dict[str, str]:
    try:
        return _TEXT[lang]
    except KeyError:
        raise ValueError(f"lang must be one of {sorted(_TEXT)} (got {lang!r})") from None


def _fmt_number(value: float) -> str:
    """Write a bound the Vietnamese way: ``7,5``, ``1.500``."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return str(value).replace(".", ",")


def _fmt_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _enum_items(enum: Enum, lang: str) -> str:
    if lang == "en":
        return "; ".join(f"{label} ({code})" for code, label in enum.labels.items())
    return "; ".join(enum.labels.values())


def _type_text(col: Column, lang: str) -> str:
    """Describe a column's type in plain words, e.g. ``số nguyên từ 6 đến 9``."""
    text = _catalogue(lang)
    if col.type == "enum" and col.enum is not None:
        return text["type_enum"].format(items=_enum_items(col.enum, lang))
    if col.type in ("int", "number"):
        bounds = {"min": col.min, "max": col.max}
        key = f"type_{col.type}"
        if col.min is not None and col.max is not None:
            key += "_between"
        elif col.min is not None:
            key += "_min"
        shown = {k: _fmt_number(v) for k, v in bounds.items() if v is not None}
        return text[key].format(**shown)
    return text.get(f"type_{col.type}", text["type_text"])


def _is_marked_required(col: Column) -> bool:
    """Whether the template marks a column as required.

    Follows ``Column.required``: the loader rejects an empty required cell, so the template must
    say so. A personal-data column is optional in the contract and is therefore never marked;
    a free-text column the contract both requires and keeps private (``topic``, ``title``,
    ``name``) is marked required and labelled as free text, not as personal data.
    """
    return col.required


def _required_text(col: Column, lang: str) -> str:
    text = _catalogue(lang)
    if col.private:
        return text["private_required" if _is_marked_required(col) else "private_optional"]
    return text["required" if _is_marked_required(col) else "optional"]


def _note_text(table: Table, col: Column, lang: str) -> str:
    vi, en = _COLUMN_NOTES.get((table.id, col.id), ("", ""))
    if lang == "vi":
        return col.help_vi or vi
    return en


def _table_help(table: Table, lang: str) -> str:
    if lang == "vi":
        return table.help_vi
    return _TABLE_HELP_EN.get(table.id, table.en)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------------------------
# Sheets
# --------------------------------------------------------------------------------------------
def _new_sheet(workbook: Workbook, title: str) -> Worksheet:
    if len(title) > _SHEET_NAME_MAX:
        raise ValueError(f"sheet name {title!r} is longer than Excel's {_SHEET_NAME_MAX} chars")
    return workbook.create_sheet(title)


def _check_rows(rows: Rows) -> None:
    known = {table.id: table for table in TABLES}
    for table_id, table_rows in rows.items():
        if table_id not in known:
            raise ValueError(f"unknown table {table_id!r}; tables are {sorted(known)}")
        ids = {col.id for col in known[table_id].columns}
        for number, row in enumerate(table_rows, start=2):
            unknown = sorted(set(row) - ids)
            if unknown:
                raise ValueError(
                    f"{table_id}, row {number}: unknown columns {unknown}; "
                    f"columns are {sorted(ids)}"
                )


def _enum_key(enum: Enum) -> _EnumKey:
    return tuple(enum.labels.items())


def _write_lists(sheet: Worksheet, tables: Iterable[Table]) -> dict[_EnumKey, str]:
    """Write each distinct enumeration's labels in a column; return its range per enumeration."""
    refs: dict[_EnumKey, str] = {}
    users: dict[_EnumKey, list[str]] = {}
    for table in tables:
        for col in table.columns:
            if col.type != "enum" or col.enum is None:
                continue
            key = _enum_key(col.enum)
            users.setdefault(key, []).append(f"{table.id}.{col.id}")
            if key in refs:
                continue
            index = len(refs) + 1
            letter = get_column_letter(index)
            labels = list(col.enum.labels.values())
            for row, label in enumerate(labels, start=2):
                _write_text(sheet.cell(row=row, column=index), label)
            last = len(labels) + 1
            refs[key] = f"{quote_sheetname(sheet.title)}!${letter}$2:${letter}${last}"
            sheet.column_dimensions[letter].width = min(max(len(label) for label in labels) + 2, 80)
    for index, key in enumerate(refs, start=1):
        header = sheet.cell(row=1, column=index)
        _write_text(header, ", ".join(users[key]))
        header.font = _BOLD
    return refs


def _write_table_sheet(
    sheet: Worksheet,
    table: Table,
    rows: Sequence[Mapping[str, object]],
    *,
    refs: Mapping[_EnumKey, str],
    lang: str,
) -> None:
    last_row = max(MAX_ROW, len(rows) + 1)
    for index, col in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        _write_header(sheet.cell(row=1, column=index), table, col, lang=lang)
        dimension = sheet.column_dimensions[letter]
        dimension.width = _column_width(col)
        number_format = _column_format(col)
        if number_format is not None:
            dimension.number_format = number_format
        validation = _validation(col, f"{letter}2", refs=refs, lang=lang)
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
    for row_number, row in enumerate(rows, start=2):
        for index, col in enumerate(table.columns, start=1):
            if col.id in row:
                _write_value(sheet.cell(row=row_number, column=index), col, row[col.id])
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    last_letter = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last_letter}{last_row}"


def _write_header(cell: Cell, table: Table, col: Column, *, lang: str) -> None:
    _write_text(cell, col.vi)
    cell.font = _BOLD
    cell.alignment = _HEADER_ALIGN
    if _is_marked_required(col):
        cell.fill = _FILL_REQUIRED
    elif col.private:
        cell.fill = _FILL_PRIVATE
    else:
        cell.fill = _FILL_OPTIONAL
    lines = [f"{col.id} – {_required_text(col, lang)}", _type_text(col, lang)]
    if lang == "en" and col.en:
        lines.insert(0, col.en)
    note = _note_text(table, col, lang)
    if note:
        lines.append(note)
    comment = Comment("\n".join(lines), _AUTHOR)
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


def _column_format(col: Column) -> str | None:
    if col.type == "date":
        return DATE_FORMAT
    if col.type == "datetime":
        return DATETIME_FORMAT
    if col.type in ("text", "list", "school_year"):
        return _TEXT_FORMAT
    if col.type == "int" or (col.type == "number" and col.id.endswith(_MONEY_SUFFIX)):
        return _MONEY_FORMAT
    return None


# --------------------------------------------------------------------------------------------
# Data validation
# --------------------------------------------------------------------------------------------
def _validation(
    col: Column, first_cell: str, *, refs: Mapping[_EnumKey, str], lang: str
) -> DataValidation:
    """The data validation of one column; ``first_cell`` is its top-left cell (row 2)."""
    text = _catalogue(lang)
    kind = col.type
    options: dict[str, object] = {}
    if kind == "enum" and col.enum is not None:
        options = {"type": "list", "formula1": refs[_enum_key(col.enum)]}
    elif kind == "bool":
        options = {"type": "list", "formula1": '"{}"'.format(",".join(_BOOL_LABELS))}
    elif kind in ("int", "number"):
        options = _bounds(col)
    elif kind in ("date", "datetime"):
        options = {
            "type": "date" if kind == "date" else "decimal",
            "operator": "between",
            "formula1": str(int(to_excel(_DATE_MIN))),
            "formula2": str(int(to_excel(_DATE_MAX)) + (kind == "datetime")),
        }
    elif kind == "school_year":
        c = first_cell
        formula = f'AND(LEN({c})=9,MID({c},5,1)="-",VALUE(RIGHT({c},4))=VALUE(LEFT({c},4))+1)'
        options = {"type": "custom", "formula1": formula}
    prompt = text.get(f"prompt_{kind}", text["prompt_text"]).format(type=_type_text(col, lang))
    prompt = f"{prompt} ({_required_text(col, lang)})"
    error = text.get(f"error_{kind}", "").format(
        header=col.vi,
        type=_type_text(col, lang),
        min=_fmt_date(_DATE_MIN),
        max=_fmt_date(_DATE_MAX),
    )
    validation = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=bool(options),
        promptTitle=_clip(col.vi, _TITLE_MAX),
        prompt=_clip(prompt, _PROMPT_MAX),
        errorTitle=_clip(text["error_title"], _TITLE_MAX) if options else None,
        error=_clip(error, _ERROR_MAX) if options else None,
        errorStyle="stop" if options else None,
        **options,  # type: ignore[arg-type]
    )
    return validation


def _bounds(col: Column) -> dict[str, object]:
    kind = "whole" if col.type == "int" else "decimal"
    if col.min is not None and col.max is not None:
        return {
            "type": kind,
            "operator": "between",
            "formula1": _formula_number(col.min),
            "formula2": _formula_number(col.max),
        }
    if col.min is not None:
        return {
            "type": kind,
            "operator": "greaterThanOrEqual",
            "formula1": _formula_number(col.min),
        }
    if col.max is not None:
        return {"type": kind, "operator": "lessThanOrEqual", "formula1": _formula_number(col.max)}
    # No bound: any number (whole for int columns).
    return {"type": kind, "operator": "between", "formula1": "-1E+307", "formula2": "1E+307"}


def _formula_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --------------------------------------------------------------------------------------------
# Writing values
# --------------------------------------------------------------------------------------------
def _write_text(cell: Cell, value: str) -> None:
    """Write ``value`` as a string cell, never as a formula.

    openpyxl turns a ``str`` starting with ``=`` into a formula; forcing the data type keeps it a
    string (written as ``t="inlineStr"``), and ``quotePrefix`` keeps Excel from re-reading text
    such as ``=1+1``, ``+84…`` or ``@x`` as a formula when the user edits the cell.
    """
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _write_value(cell: Cell, col: Column, value: object) -> None:
    converted, number_format = _convert(col, value)
    if converted is None:
        return
    if isinstance(converted, str):
        _write_text(cell, converted)
    else:
        cell.value = converted
    if number_format is not None:
        cell.number_format = number_format


def _convert(col: Column, value: object) -> tuple[object, str | None]:
    """Turn a CSV-style or Python value into what the cell holds, with its number format."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if col.type in ("date", "datetime"):
        return _convert_date(col, value)
    if col.type in ("int", "number"):
        number = _parse_number(value)
        if number is None:
            return _as_text(value), None
        return number, _column_format(col)
    if col.type == "bool":
        flag = _parse_bool(value)
        if flag is None:
            return _as_text(value), None
        return _BOOL_LABELS[0] if flag else _BOOL_LABELS[1], None
    if col.type == "enum" and col.enum is not None:
        label = _enum_label(col.enum, value)
        return (label if label is not None else _as_text(value)), None
    if col.type == "list" and isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value), _TEXT_FORMAT
    return _as_text(value), _TEXT_FORMAT


def _as_text(value: object) -> str | None:
    text = unicodedata.normalize("NFC", str(value))
    return text if text.strip() else None


def _convert_date(col: Column, value: object) -> tuple[object, str | None]:
    try:
        stamp, has_time = parse_datetime(value)
    except CellError:
        return _as_text(value), None
    if has_time and col.type == "datetime":
        return stamp, DATETIME_FORMAT
    if has_time and stamp.time() != datetime.min.time():
        return _as_text(value), None  # a time in a date column: left for the loader to report
    return stamp.date(), DATE_FORMAT


def _parse_number(value: object) -> int | float | None:
    """The loader's reading of a number (``1.500.000``, ``7,5``); ``None`` when it is none."""
    try:
        return _tidy(parse_number(value))
    except CellError:
        return None


def _tidy(number: float) -> int | float | None:
    if math.isnan(number) or math.isinf(number):
        return None
    return int(number) if number.is_integer() else number


def _parse_bool(value: object) -> bool | None:
    try:
        return parse_bool(value)
    except CellError:
        return None


def _enum_label(enum: Enum, value: object) -> str | None:
    """The Vietnamese label of a code, label or alias; ``None`` when it matches none.

    Codes are matched exactly (ignoring case) before diacritics are folded, so the group letters
    ``d`` and ``đ`` stay apart; ``dd`` stands for ``đ``.
    """
    text = unicodedata.normalize("NFC", str(value)).strip()
    codes = {code.casefold(): code for code in enum.labels}
    code = codes.get(text.casefold())
    if code is None and text.casefold() == "dd" and "đ" in enum.labels:
        code = "đ"
    if code is None:
        code = enum.lookup().get(normalize_key(text))
    return None if code is None else enum.labels[code]


# --------------------------------------------------------------------------------------------
# Instructions sheet
# --------------------------------------------------------------------------------------------
def _write_instructions(sheet: Worksheet, tables: Sequence[Table], *, lang: str) -> None:
    text = _catalogue(lang)
    for letter, width in zip("ABCDE", (30, 24, 48, 14, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    row = _put(sheet, 1, [text["title"]], font=Font(bold=True, size=14))
    row = _put(sheet, row + 1, [text["rules_heading"]], font=_BOLD)
    for rule in _RULES[lang]:
        row = _put(sheet, row, [f"• {rule}"])
    row = _put(sheet, row + 1, [text["legend_heading"]], font=_BOLD)
    for key, fill in (
        ("legend_required", _FILL_REQUIRED),
        ("legend_optional", _FILL_OPTIONAL),
        ("legend_private", _FILL_PRIVATE),
    ):
        sheet.cell(row=row, column=1).fill = fill
        row = _put(sheet, row, ["", text[key]])
    row = _put(sheet, row + 1, [text["tables_heading"]], font=Font(bold=True, size=12))
    for table in tables:
        row = _write_table_instructions(sheet, row + 1, table, lang=lang)


def _write_table_instructions(sheet: Worksheet, row: int, table: Table, *, lang: str) -> int:
    text = _catalogue(lang)
    heading = text["table_heading"].format(vi=table.vi, en=table.en, id=table.id)
    row = _put(sheet, row, [heading], font=_BOLD, fill=_FILL_SECTION, span=5)
    row = _put(sheet, row, [_table_help(table, lang)])
    if table.unique:
        names = " + ".join(table.column(column_id).vi for column_id in table.unique)
        row = _put(sheet, row, [text["unique"].format(columns=names)])
    keys = ("col_header", "col_id", "col_type", "col_required", "col_notes")
    row = _put(sheet, row, [text[key] for key in keys], font=_BOLD)
    for col in table.columns:
        header = col.vi if lang == "vi" or not col.en else f"{col.vi} ({col.en})"
        required = text["yes"] if _is_marked_required(col) else text["no"]
        notes = "; ".join(
            part
            for part in (
                _required_text(col, lang) if col.private else "",
                _note_text(table, col, lang),
            )
            if part
        )
        values = [header, col.id, _type_text(col, lang), required, notes]
        row = _put(sheet, row, values, wrap=True)
        if col.private:
            sheet.cell(row=row - 1, column=1).fill = _FILL_PRIVATE
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
            _write_text(cell, values[index - 1])
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if wrap:
            cell.alignment = _WRAP
    return row + 1
