"""The message catalogue: every user-facing word, Vietnamese first, English second.

Messages are ``str.format`` templates keyed by a code. Problems in a workbook use
:func:`format_problem`; everything else uses :func:`t`.
"""

from __future__ import annotations

from planlib.contract import TABLES
from planlib.errors import Problem

__all__ = ["LANGS", "check_lang", "format_problem", "t"]

LANGS = ("vi", "en")

#: code -> (Vietnamese, English)
PROBLEMS: dict[str, tuple[str, str]] = {
    "path_missing": ("không tìm thấy tệp hoặc thư mục", "no such file or folder"),
    "too_large": (
        "tệp quá lớn ({size} MB; giới hạn {limit} MB)",
        "file too large ({size} MB; limit {limit} MB)",
    ),
    "too_many_rows": (
        "quá nhiều dòng (giới hạn {limit} dòng)",
        "too many rows (limit {limit} rows)",
    ),
    "encoding": (
        "không đọc được bảng mã của tệp (không phải UTF-8, Windows-1258 hay Windows-1252); "
        "hãy lưu lại tệp dạng CSV UTF-8",
        "cannot decode the file (not UTF-8, Windows-1258 nor Windows-1252); save it as CSV UTF-8",
    ),
    "encoding_detected": (
        "tệp không phải UTF-8, đã đọc theo bảng mã {encoding}; hãy kiểm tra dấu tiếng Việt",
        "file is not UTF-8, read as {encoding}; check the Vietnamese diacritics",
    ),
    "not_xlsx": (
        "không phải tệp Excel .xlsx hợp lệ ({reason})",
        "not a valid Excel .xlsx file ({reason})",
    ),
    "unsupported_file": (
        "chỉ nhận thư mục các tệp .csv hoặc một tệp .xlsx",
        "only a folder of .csv files or one .xlsx file is accepted",
    ),
    "no_tables": (
        "không có bảng nào của mẫu dữ liệu (cần ví dụ students.csv hoặc trang Học sinh)",
        "no table of the data contract found (e.g. students.csv or a sheet Học sinh)",
    ),
    "duplicate_table": (
        "bảng có hai lần: cả {first} và {second}",
        "table given twice: both {first} and {second}",
    ),
    "empty_table": ("bảng trống, không có dòng tiêu đề", "table is empty, no header row"),
    "unknown_file": ("tệp không thuộc bảng nào, đã bỏ qua", "file is not a known table, ignored"),
    "csv_malformed": ("dòng CSV hỏng ({reason})", "malformed CSV line ({reason})"),
    "missing_column": ("thiếu cột bắt buộc", "required column is missing"),
    "duplicate_column": (
        "cột có hai lần (cột {first} và cột {second})",
        "column given twice (columns {first} and {second})",
    ),
    "merged_header": (
        "dòng tiêu đề có ô bị gộp; hãy bỏ gộp ô",
        "header row has merged cells; unmerge them",
    ),
    "required": ("ô bắt buộc đang để trống", "required cell is empty"),
    "bad_int": ("phải là số nguyên", "must be a whole number"),
    "bad_number": ("phải là số", "must be a number"),
    "out_of_range": ("phải từ {min} đến {max}", "must be between {min} and {max}"),
    "below_min": ("phải lớn hơn hoặc bằng {min}", "must be at least {min}"),
    "bad_date": (
        "không phải ngày hợp lệ (cần dd/mm/yyyy, ví dụ 05/12/2023)",
        "not a valid date (expected dd/mm/yyyy, e.g. 05/12/2023)",
    ),
    "bad_datetime": (
        "không phải ngày giờ hợp lệ (cần dd/mm/yyyy hoặc dd/mm/yyyy HH:MM)",
        "not a valid date-time (expected dd/mm/yyyy or dd/mm/yyyy HH:MM)",
    ),
    "two_digit_year": (
        "năm phải đủ 4 chữ số (ví dụ 05/12/2023)",
        "the year must have 4 digits (e.g. 05/12/2023)",
    ),
    "bad_bool": ("phải là Có hoặc Không", "must be Có (yes) or Không (no)"),
    "bad_enum": (
        "không phải giá trị hợp lệ; chọn một trong: {choices}",
        "not a valid value; choose one of: {choices}",
    ),
    "bad_school_year": (
        "năm học phải có dạng YYYY-YYYY, năm sau bằng năm trước cộng 1 (ví dụ 2023-2024)",
        "school year must be YYYY-YYYY, second year = first + 1 (e.g. 2023-2024)",
    ),
    "formula_error": (
        "ô có lỗi công thức Excel; hãy nhập giá trị",
        "cell holds an Excel formula error; enter a value",
    ),
    "formula_uncomputed": (
        "ô là công thức chưa được Excel tính; hãy mở tệp trong Excel và lưu lại, hoặc nhập giá trị",
        "cell is a formula Excel has not computed; open and save it in Excel, or type the value",
    ),
    "duplicate_id": ("trùng với dòng {other}", "duplicates row {other}"),
    "dangling_ref": (
        "không có trong bảng {ref_table}",
        "does not exist in table {ref_table}",
    ),
    "refs_unchecked": (
        "không kiểm tra được mã tham chiếu vì thiếu bảng {ref_table}",
        "references not checked: table {ref_table} is absent",
    ),
    "date_order": (
        "phải sau hoặc bằng {other_column} ({other_value})",
        "must be on or after {other_column} ({other_value})",
    ),
    "future_date": (
        "là ngày sau hôm nay ({today})",
        "is after today ({today})",
    ),
    "left_reason_missing": (
        "cần ghi lý do rời trường khi có ngày rời trường",
        "a reason for leaving is needed when a leaving date is given",
    ),
    "cause_missing": (
        "vụ tai nạn thương tích cần ghi nguyên nhân",
        "an injury needs its cause",
    ),
    "reported_missing": (
        "vụ việc loại này cần thời điểm tiếp nhận",
        "this kind of incident needs the time it was reported",
    ),
    "reported_before_occurred": (
        "thời điểm tiếp nhận trước ngày xảy ra ({other_value})",
        "reported before it occurred ({other_value})",
    ),
    "fatal_no_death": (
        "vụ việc tử vong nhưng học sinh {student} chưa có lý do rời trường là tử vong từ ngày "
        "{other_value}",
        "fatal incident, but student {student} has no leaving reason 'death' on or after "
        "{other_value}",
    ),
    "reach_exceeds": (
        "lớn hơn số học sinh đang học ngày đó ({enrolled})",
        "exceeds the students enrolled that day ({enrolled})",
    ),
    "unknown_task": (
        "không phải mã nhiệm vụ trong kế hoạch; các mã: {choices}",
        "not a task id of the plan; ids: {choices}",
    ),
    "awareness_no_result": (
        "không có điểm và không ghi Đạt/Không: tính là chưa đạt",
        "neither a score nor passed given: counted as not passed",
    ),
    "list_value": ("giá trị không hợp lệ trong danh sách", "invalid item in the list"),
}

#: key -> (Vietnamese, English): labels, headings and sentences of reports and the CLI.
LABELS: dict[str, tuple[str, str]] = {
    "row": ("dòng", "row"),
    "column": ("cột", "column"),
    "hidden_value": ("(giá trị ẩn: dữ liệu cá nhân)", "(value hidden: personal data)"),
    "status.achieved": ("Đạt", "Achieved"),
    "status.not_achieved": ("Không đạt", "Not achieved"),
    "status.not_applicable": ("Không phát sinh", "Not applicable"),
    "status.no_data": ("Thiếu dữ liệu", "No data"),
    "status.improved": ("Tiến bộ", "Improved"),
    "status.held": ("Giữ vững", "Held"),
    "status.declined": ("Giảm", "Declined"),
    "unit.percent": ("%", "%"),
    "unit.per_10000": ("/10.000 trẻ em", "per 10,000 children"),
    "unit.per_100000": ("/100.000 trẻ em", "per 100,000 children"),
    "sample_banner": (
        "DỮ LIỆU MẪU — số liệu tổng hợp, không phải của một trường thật",
        "SAMPLE DATA — synthetic figures, not a real school",
    ),
    "col.id": ("Mã", "Id"),
    "col.indicator": ("Chỉ tiêu", "Indicator"),
    "col.value": ("Kết quả", "Value"),
    "col.target": ("Mục tiêu", "Target"),
    "col.counts": ("Tử số/Mẫu số", "Numerator/Denominator"),
    "col.ci": ("KTC 95%", "95% CI"),
    "col.headroom": ("Ngưỡng", "Headroom"),
    "col.status": ("Trạng thái", "Status"),
    "allowed_max": ("tối đa {n}", "at most {n}"),
    "required_min": ("cần ít nhất {n}", "needs at least {n}"),
    "small_numbers": ("số nhỏ, kém ổn định", "small numbers, unstable"),
    "day_precision": (
        "kiểm tra ở mức ngày (thiếu giờ): can thiệp trong ngày hoặc ngày hôm sau",
        "checked at day precision (no clock time): same or next day",
    ),
    "evaluation_title": ("Đánh giá", "Evaluation"),
    "reference_date": ("ngày tham chiếu", "reference date"),
    "period": ("kỳ đánh giá", "period"),
    "warnings_heading": ("Cảnh báo dữ liệu ({n})", "Data warnings ({n})"),
    "errors_heading": (
        "Dữ liệu không hợp lệ: {n} lỗi. Hãy sửa các lỗi sau rồi chạy lại.",
        "Invalid data: {n} error(s). Fix the following and run again.",
    ),
    "valid": ("Dữ liệu hợp lệ.", "The data is valid."),
    "plan_error": ("Tệp kế hoạch không hợp lệ:", "Invalid plan file:"),
    "usage_error": ("Lỗi cách dùng:", "Usage error:"),
    "sample_written": ("Đã ghi dữ liệu mẫu vào {path}", "Sample data written to {path}"),
    "page.year_end": ("Báo cáo cuối năm", "Year-end report"),
    "page.funding": ("Kinh phí và tổ chức thực hiện", "Funding and responsibilities"),
    "index.pages": ("Các trang báo cáo", "Report pages"),
    "index.targets": ("Kết quả các chỉ tiêu", "Targets at a glance"),
    "run_done": ("Đã lập báo cáo: {path}", "Report written: {path}"),
    "run_failed": (
        "Lập báo cáo không thành công; báo cáo trước (nếu có) được giữ nguyên.",
        "The run failed; the previous report (if any) is untouched.",
    ),
    "district.title": ("Kết quả các trường", "Schools of the district"),
    "district.failed": (
        "Chưa lập được báo cáo (xem thông báo lỗi)",
        "No report (see the error messages)",
    ),
    "district_done": (
        "Đã lập báo cáo cho {ok}/{n} trường: {path}",
        "Reports written for {ok}/{n} schools: {path}",
    ),
    "template_written": ("Đã ghi tệp Excel để nhập liệu: {path}", "Workbook written: {path}"),
    "run_progress": ("Đang lập báo cáo", "Running notebooks"),
    "internal_error": (
        "Lỗi nội bộ của planlib ({kind}). Dữ liệu của bạn không bị thay đổi. "
        "Hãy báo lỗi này cho nhóm phát triển.",
        "planlib internal error ({kind}). Your data was not changed. Please report it.",
    ),
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)} (got {lang!r})")
    return lang


def t(key: str, lang: str = "vi", /, **params: object) -> str:
    """Look up a label or sentence and fill in its parameters."""
    vi, en = LABELS[key]
    return (en if lang == "en" else vi).format(**params)


_TABLE_NAMES = {table.id: (table.vi, table.en) for table in TABLES}
_COLUMN_NAMES = {
    (table.id, col.id): (col.vi, col.en or col.id) for table in TABLES for col in table.columns
}
_PRIVATE = {(table.id, col.id) for table in TABLES for col in table.columns if col.private}


def _table_part(p: Problem, lang: str) -> str:
    if p.table is None:
        return p.table_label or ""
    vi, en = _TABLE_NAMES.get(p.table, (p.table, p.table))
    shown = p.table_label or (en if lang == "en" else vi)
    return f"{shown} ({p.table})"


def _column_part(p: Problem, lang: str) -> str:
    vi, en = _COLUMN_NAMES.get((p.table or "", p.column or ""), (p.column, p.column))
    label = p.column_label
    if not label or label == p.column:
        label = en if lang == "en" else vi
    return f"{t('column', lang)} {label} ({p.column})"


def format_problem(p: Problem, lang: str = "vi") -> str:
    """One line naming table, row, column and value, then what is wrong, in plain words.

    A value from a personal-data column is never shown.

    Examples
    --------
    >>> format_problem(Problem("duplicate_id", "students", 5, "student_id", "B02",
    ...                        params={"other": 3}, column_label="Mã học sinh"))
    'Học sinh (students), dòng 5, cột Mã học sinh (student_id): "B02" trùng với dòng 3'
    """
    parts = [_table_part(p, lang)]
    if p.row is not None:
        parts.append(f"{t('row', lang)} {p.row}")
    if p.column is not None:
        parts.append(_column_part(p, lang))
    where = ", ".join(part for part in parts if part)
    vi, en = PROBLEMS[p.code]
    params = {k: _param(v, lang) for k, v in p.params.items()}
    text = (en if lang == "en" else vi).format(**params)
    if (p.table or "", p.column or "") in _PRIVATE and p.value is not None:
        text = f"{t('hidden_value', lang)} {text}"
    elif p.value is not None:
        text = f'"{_clip(p.value)}" {text}'
    return f"{where}: {text}" if where else text


def _param(value: object, lang: str) -> object:
    if isinstance(value, tuple) and len(value) == 2:  # a (vi, en) pair
        return value[1] if lang == "en" else value[0]
    return value


def _clip(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ").replace("\r", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"
