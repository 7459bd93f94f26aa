"""How schools head their own lists: header synonyms, personal columns, title and total rows.

The contract's names and ids stay binding (:mod:`planlib.core.contract`); these are the other
spellings a school's own list uses for the same column ("Mã HS", "Họ tên", "Ngày tháng năm
sinh"...), and the headers of columns that hold personal data under any name (parents'
names, phone numbers, addresses, national ID numbers), which planlib never reads or shows.
"""

from __future__ import annotations

from planlib.core.contract import normalize_key

__all__ = [
    "GIRL_COLUMN",
    "ROW_NUMBER_COLUMNS",
    "TOTAL_WORDS",
    "is_personal_header",
    "is_row_number_header",
    "is_total_text",
    "synonyms",
]

_STUDENT_ID = ("Mã HS", "Mã số học sinh", "Mã số HS", "Mã học sinh (mã số)", "Số hiệu học sinh")
_STAFF_ID = ("Mã CB", "Mã GV", "Mã giáo viên", "Mã CBGVNV", "Mã số cán bộ")

#: (table id or "*", column id) -> other headers a school's list uses for that column
_SYNONYMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("*", "student_id"): _STUDENT_ID,
    ("students", "full_name"): (
        "Họ tên",
        "Họ và tên học sinh",
        "Họ tên học sinh",
        "Tên học sinh",
    ),
    ("students", "birth_date"): ("Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "NTNS"),
    ("students", "class_name"): ("Lớp học", "Tên lớp"),
    ("students", "grade"): ("Khối lớp",),
    ("students", "school_year"): ("Năm học (niên khóa)",),
    ("students", "sex"): ("Giới",),
    ("students", "enrolled_on"): ("Ngày vào trường", "Ngày chuyển đến"),
    ("students", "left_on"): ("Ngày chuyển đi", "Ngày nghỉ học"),
    ("students", "learning_result"): ("Học lực", "Kết quả học tập cả năm"),
    ("students", "conduct_result"): ("Hạnh kiểm", "Kết quả rèn luyện cả năm"),
    ("students", "year_outcome"): ("Xét lên lớp", "Kết quả xét lên lớp"),
    ("*", "staff_id"): _STAFF_ID,
    ("staff", "full_name"): ("Họ tên", "Họ và tên cán bộ", "Họ tên giáo viên"),
    ("staff", "role"): ("Chức danh", "Vị trí việc làm"),
    ("special_circumstances", "group"): ("Nhóm hoàn cảnh", "Hoàn cảnh đặc biệt"),
    ("incidents", "occurred_on"): ("Ngày xảy ra vụ việc",),
    ("trainings", "trained_on"): ("Ngày tham gia",),
    ("school", "name"): ("Trường", "Tên đơn vị"),
    ("school", "head"): ("Họ tên hiệu trưởng",),
}

#: the column of girls a class list may have instead of Giới tính: x / 1 / Có marks a girl
GIRL_COLUMN = "nu"
#: headers of row-number columns (ignored)
ROW_NUMBER_COLUMNS = frozenset({"stt", "tt", "sott", "sothutu"})
#: what a total row starts with
TOTAL_WORDS = ("tongcong", "tongso", "cong", "tong")

#: folded headers (or their beginnings) of columns with personal data under any name
_PERSONAL_PREFIXES = (
    "hoten",
    "hovaten",
    "ten",
    "cha",
    "me",
    "bo",
    "phuhuynh",
    "nguoigiamho",
    "giamho",
    "dienthoai",
    "sodienthoai",
    "sdt",
    "dt",
    "email",
    "diachi",
    "noio",
    "choo",
    "thon",
    "xom",
    "hokhau",
    "quequan",
    "noisinh",
    "madinhdanh",
    "sodinhdanh",
    "cccd",
    "socccd",
    "cmnd",
    "socmnd",
    "cancuoc",
    "hochieu",
    "dantoc",
    "tongiao",
    "ghichu",
)


def synonyms(table_id: str, column_id: str) -> frozenset[str]:
    """The folded headers, besides the contract's, that name this column."""
    names = _SYNONYMS.get((table_id, column_id), ()) + _SYNONYMS.get(("*", column_id), ())
    return frozenset(normalize_key(name) for name in names)


def is_personal_header(header: str) -> bool:
    """Whether an unmatched column's header names personal data (never read or shown)."""
    key = normalize_key(header)
    return bool(key) and key.startswith(_PERSONAL_PREFIXES)


def is_row_number_header(header: str) -> bool:
    """``STT``, ``TT``, ``Số TT``: the list's own row numbers."""
    return normalize_key(header) in ROW_NUMBER_COLUMNS


def is_total_text(value: object) -> bool:
    """Whether a cell starts a total row ("Tổng cộng", "Cộng:", "Tổng số 45 học sinh")."""
    if not isinstance(value, str) or value[:1] not in "TtCc":
        return False  # the cheap test first: this runs on every cell of a table
    key = normalize_key(value)
    return key in TOTAL_WORDS or key.startswith(("tongcong", "tongso"))
