"""The data contract: the tables and columns a school hands to planlib.

This module is the single, declarative source of ``shared/spec/data-contract.md``. The loader
(:mod:`planlib.inputs.parse`, :mod:`planlib.inputs.checks`), the Excel template and the
documentation are all generated from it; their words are in the catalogue.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

__all__ = [
    "SC_GROUPS",
    "TABLES",
    "Column",
    "ColumnType",
    "Enum",
    "Table",
    "normalize_key",
    "table_by_id",
    "table_by_key",
]

ColumnType = Literal[
    "text", "int", "number", "date", "datetime", "bool", "enum", "school_year", "list"
]


def normalize_key(text: object) -> str:
    """Fold a header, sheet name or enumeration value to its matching key.

    Lowercase, strip diacritics (``đ`` becomes ``d``), keep only letters and digits.

    Examples
    --------
    >>> normalize_key("Mã học sinh")
    'mahocsinh'
    >>> normalize_key("student_id")
    'studentid'
    """
    return _fold(str(text))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """:func:`normalize_key` of a string (cached: a workbook repeats its enumeration values)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


@dataclass(frozen=True)
class Enum:
    """An enumeration: English codes with their Vietnamese labels and extra spellings."""

    labels: dict[str, str]  # code -> Vietnamese label
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def lookup(self) -> dict[str, str]:
        """Map every accepted spelling's key to its code (computed once per enumeration)."""
        return self._lookup

    @cached_property
    def _lookup(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for code, label in self.labels.items():
            for spelling in (code, label, *self.aliases.get(code, ())):
                table[normalize_key(spelling)] = code
        return table


@dataclass(frozen=True)
class Column:
    """One column of a contract table."""

    id: str
    vi: str
    type: ColumnType
    required: bool = False
    enum: Enum | None = None
    min: float | None = None
    max: float | None = None
    #: personal data or free text: its values never reach any output or message
    private: bool = False
    #: value an empty boolean cell takes (``None`` keeps it unknown)
    empty_bool: bool | None = False
    en: str = ""

    @property
    def keys(self) -> frozenset[str]:
        return frozenset({normalize_key(self.id), normalize_key(self.vi)})


@dataclass(frozen=True)
class Table:
    """One table of the workbook: a CSV file or a sheet."""

    id: str
    vi: str
    en: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        return frozenset({normalize_key(self.id), normalize_key(self.vi)})

    def column(self, column_id: str) -> Column:
        for col in self.columns:
            if col.id == column_id:
                return col
        raise KeyError(column_id)


def _enum(pairs: str, **aliases: tuple[str, ...]) -> Enum:
    labels = dict(item.split("=", 1) for item in pairs.split("|"))
    return Enum(labels=labels, aliases=aliases)


RESULT = _enum("good=Tốt|fair=Khá|pass=Đạt|fail=Chưa đạt", good=("T", "Giỏi"), fair=("K",))
SEX = _enum("M=Nam|F=Nữ", M=("male", "nam giới"), F=("female", "nữ giới"))
LEFT_REASON = _enum("transfer=chuyển trường|dropout=bỏ học|death=tử vong|other=khác")
OUTCOME = _enum(
    "promoted=lên lớp|retained=ở lại lớp|graduated=tốt nghiệp|not_graduated=không tốt nghiệp",
    retained=("lưu ban",),
)
INCIDENT_KIND = _enum(
    "injury=tai nạn thương tích|violence=bạo lực|sexual_abuse=xâm hại tình dục|"
    "maltreatment=ngược đãi|child_labour=lao động trái quy định|exploitation=bóc lột|other=khác",
    injury=("TNTT",),
    child_labour=("child_labor", "lao động trẻ em"),
)
CAUSE = _enum(
    "traffic=giao thông|fall=ngã|drowning=đuối nước|burn=bỏng|poisoning=ngộ độc|"
    "animal=động vật|sharp=vật sắc nhọn|self_harm=tự gây|other=khác",
    animal=("động vật cắn", "động vật cắn/đốt/húc"),
    self_harm=("tự tử", "tự tử/tự gây"),
)
PLACE = _enum("school=trường học|home=gia đình|road=đường|public=nơi công cộng|other=khác")
STAFF_ROLE = _enum(
    "board=BGH|homeroom=GVCN|teacher=GVBM|pioneer_leader=TPT Đội|health=y tế|"
    "staff=nhân viên|other=khác",
    board=("Ban Giám hiệu",),
    homeroom=("giáo viên chủ nhiệm",),
    teacher=("giáo viên bộ môn", "giáo viên"),
    pioneer_leader=("Tổng phụ trách Đội", "TPT"),
    health=("nhân viên y tế",),
)
AREA = _enum("S1=S1|S2=S2|S3=S3|S4=S4|S5=S5|S6=S6")
UNIT = _enum(
    "board=BGH|pioneers=Liên đội|health=Y tế trường học|teachers=GVCN–GVBM|"
    "union=Công đoàn|other=khác",
    board=("Ban Giám hiệu",),
    health=("y tế",),
    teachers=("GVCN", "GVBM", "giáo viên", "GVCN-GVBM"),
)
ACTIVITY_KIND = _enum(
    "communication=tuyên truyền|coordination=phối hợp|training=tập huấn|"
    "screening=khám sàng lọc|visit_gift=thăm, tặng quà|integrated_lesson=lồng ghép bài giảng|"
    "counselling=tư vấn, tham vấn|parent_meeting=họp phụ huynh|contest=hội thi|"
    "extracurricular=ngoại khóa|other=khác",
    counselling=("counseling", "tư vấn", "tham vấn"),
    visit_gift=("thăm tặng quà",),
    integrated_lesson=("lồng ghép",),
    extracurricular=("ngoại khoá",),
)
SOURCE = _enum(
    "regular_budget=kinh phí thường xuyên|organization=tổ chức|business=doanh nghiệp|"
    "individual=cá nhân",
    organization=("organisation",),
)
FLOW = _enum("planned=dự toán|received=thu, huy động|spent=chi", received=("thu", "huy động"))
FACILITY_KIND = _enum("playground=sân chơi|covered_ground=bãi tập có mái che|other=khác")
FACILITY_STATUS = _enum(
    "planned=quy hoạch|fundraising=huy động vốn|building=đang xây dựng|done=hoàn thành"
)
TASK_STATUS = _enum("done=hoàn thành|in_progress=đang thực hiện|not_started=chưa thực hiện")

#: Luật Trẻ em 2016, Điều 10 khoản 1: the 14 groups of children in special circumstances.
SC_GROUPS: dict[str, str] = {
    "a": "Trẻ em mồ côi cả cha và mẹ",
    "b": "Trẻ em bị bỏ rơi",
    "c": "Trẻ em không nơi nương tựa",
    "d": "Trẻ em khuyết tật",
    "đ": "Trẻ em nhiễm HIV/AIDS",
    "e": "Trẻ em vi phạm pháp luật",
    "g": "Trẻ em nghiện ma túy",
    "h": "Trẻ em phải bỏ học kiếm sống chưa hoàn thành phổ cập giáo dục trung học cơ sở",
    "i": "Trẻ em bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực",
    "k": "Trẻ em bị bóc lột",
    "l": "Trẻ em bị xâm hại tình dục",
    "m": "Trẻ em bị mua bán",
    "n": "Trẻ em mắc bệnh hiểm nghèo hoặc bệnh phải điều trị dài ngày thuộc hộ nghèo hoặc hộ "
    "cận nghèo",
    "o": "Trẻ em di cư, trẻ em lánh nạn, tị nạn chưa xác định được cha mẹ hoặc không có người "
    "chăm sóc",
}


def _group_enum() -> Enum:
    aliases: dict[str, tuple[str, ...]] = {}
    for letter, name in SC_GROUPS.items():
        short = name.removeprefix("Trẻ em ")
        extra = [short, short.replace("trung học cơ sở", "THCS")]
        extra += [name.replace("trung học cơ sở", "THCS"), name.replace("ma túy", "ma tuý")]
        aliases[letter] = tuple(extra)
    # Letters are matched before diacritics are folded (see ``planlib.inputs.parse``): "đ" and
    # "dd".
    return Enum(labels=dict(SC_GROUPS), aliases=aliases)


SC_GROUP = _group_enum()

C = Column
TABLES: tuple[Table, ...] = (
    Table(
        "students",
        "Học sinh",
        "Students",
        (
            C("student_id", "Mã học sinh", "text", True, en="Student code"),
            C("school_year", "Năm học", "school_year", True, en="School year"),
            C("grade", "Khối", "int", True, min=6, max=9, en="Grade"),
            C("class_name", "Lớp", "text", True, en="Class"),
            C("sex", "Giới tính", "enum", True, enum=SEX, en="Sex"),
            C("birth_date", "Ngày sinh", "date", en="Date of birth"),
            C("enrolled_on", "Ngày nhập học", "date", en="Enrolled on"),
            C("left_on", "Ngày rời trường", "date", en="Left on"),
            C("left_reason", "Lý do rời trường", "enum", enum=LEFT_REASON, en="Reason for leaving"),
            C("learning_result", "Kết quả học tập", "enum", enum=RESULT, en="Learning result"),
            C("conduct_result", "Kết quả rèn luyện", "enum", enum=RESULT, en="Conduct result"),
            C("year_outcome", "Kết quả cuối năm", "enum", enum=OUTCOME, en="Year outcome"),
            C("full_name", "Họ và tên", "text", private=True, en="Full name"),
        ),
        unique=("student_id", "school_year"),
    ),
    Table(
        "special_circumstances",
        "Trẻ em có hoàn cảnh đặc biệt",
        "Children in special circumstances",
        (
            C("student_id", "Mã học sinh", "text", True, en="Student code"),
            C("group", "Nhóm", "enum", True, enum=SC_GROUP, en="Group (Law on Children, art. 10)"),
            C("identified_on", "Ngày phát hiện", "date", True, en="Identified on"),
            C("ended_on", "Ngày kết thúc", "date", en="Ended on"),
            C(
                "eligible_for_welfare",
                "Đủ điều kiện hưởng chính sách",
                "bool",
                True,
                en="Eligible for welfare",
            ),
            C(
                "welfare_received_on",
                "Ngày được hưởng chính sách",
                "date",
                en="Welfare received on",
            ),
            C("supported_on", "Ngày được chăm sóc, trợ giúp", "date", en="Supported on"),
            C("support", "Hình thức hỗ trợ", "text", private=True, en="Support given"),
        ),
    ),
    Table(
        "incidents",
        "Vụ việc",
        "Incidents",
        (
            C("incident_id", "Mã vụ việc", "text", True, en="Incident code"),
            C("student_id", "Mã học sinh", "text", True, en="Student code"),
            C("kind", "Loại", "enum", True, enum=INCIDENT_KIND, en="Kind"),
            C("occurred_on", "Ngày xảy ra", "date", True, en="Occurred on"),
            C("cause", "Nguyên nhân", "enum", enum=CAUSE, en="Cause (injuries)"),
            C("place", "Nơi xảy ra", "enum", enum=PLACE, en="Place"),
            C("fatal", "Tử vong", "bool", en="Fatal"),
            C("reported_on", "Thời điểm tiếp nhận", "datetime", en="Reported at"),
            C("intervened_on", "Thời điểm can thiệp", "datetime", en="Intervened at"),
            C("description", "Mô tả", "text", private=True, en="Description"),
        ),
        unique=("incident_id",),
    ),
    Table(
        "awareness",
        "Nhận thức quyền tham gia",
        "Participation-rights awareness",
        (
            C("student_id", "Mã học sinh", "text", True, en="Student code"),
            C("assessed_on", "Ngày đánh giá", "date", True, en="Assessed on"),
            C("score", "Điểm", "number", min=0, max=10, en="Score"),
            C("passed", "Đạt", "bool", empty_bool=None, en="Passed"),
        ),
    ),
    Table(
        "staff",
        "Cán bộ giáo viên",
        "Staff",
        (
            C("staff_id", "Mã cán bộ", "text", True, en="Staff code"),
            C("role", "Chức vụ", "enum", True, enum=STAFF_ROLE, en="Role"),
            C(
                "child_protection_duty",
                "Làm công tác BVCSTE",
                "bool",
                True,
                en="Child-protection duty",
            ),
            C("full_name", "Họ và tên", "text", private=True, en="Full name"),
        ),
        unique=("staff_id",),
    ),
    Table(
        "trainings",
        "Tập huấn",
        "Trainings",
        (
            C("staff_id", "Mã cán bộ", "text", True, en="Staff code"),
            C("trained_on", "Ngày tập huấn", "date", True, en="Trained on"),
            C("topic", "Nội dung", "text", True, private=True, en="Topic"),
            C("hours", "Số giờ", "number", min=0, en="Hours"),
            C("organizer", "Đơn vị tổ chức", "text", private=True, en="Organiser"),
        ),
    ),
    Table(
        "activities",
        "Hoạt động",
        "Activities",
        (
            C("activity_id", "Mã hoạt động", "text", True, en="Activity code"),
            C("held_on", "Ngày thực hiện", "date", True, en="Held on"),
            C("area", "Giải pháp", "enum", True, enum=AREA, en="Solution area"),
            C("unit", "Đơn vị thực hiện", "enum", True, enum=UNIT, en="Unit"),
            C("kind", "Hình thức", "enum", True, enum=ACTIVITY_KIND, en="Kind"),
            C("title", "Tên hoạt động", "text", True, private=True, en="Title"),
            C("students_reached", "Số học sinh", "int", min=0, en="Students reached"),
            C("parents_reached", "Số phụ huynh", "int", min=0, en="Parents reached"),
            C("staff_reached", "Số CB-GV-NV", "int", min=0, en="Staff reached"),
            C("community_reached", "Số người dân", "int", min=0, en="Community reached"),
            C("classes", "Các lớp", "list", en="Classes"),
            C("partners", "Đơn vị phối hợp", "list", en="Partners"),
            C("cost_vnd", "Kinh phí (đồng)", "number", min=0, en="Cost (VND)"),
            C("evidence", "Minh chứng", "text", private=True, en="Evidence"),
        ),
        unique=("activity_id",),
    ),
    Table(
        "funding",
        "Kinh phí",
        "Funding",
        (
            C("entry_id", "Mã", "text", True, en="Entry code"),
            C("entry_on", "Ngày", "date", True, en="Date"),
            C("source", "Nguồn", "enum", True, enum=SOURCE, en="Source"),
            C("flow", "Loại", "enum", True, enum=FLOW, en="Flow"),
            C("amount_vnd", "Số tiền (đồng)", "number", True, min=0, en="Amount (VND)"),
            C("area", "Giải pháp", "enum", enum=AREA, en="Solution area"),
            C("purpose", "Nội dung", "text", private=True, en="Purpose"),
        ),
        unique=("entry_id",),
    ),
    Table(
        "facilities",
        "Sân chơi bãi tập",
        "Playgrounds and grounds",
        (
            C("project_id", "Mã công trình", "text", True, en="Project code"),
            C("name", "Tên công trình", "text", True, private=True, en="Name"),
            C("kind", "Loại", "enum", True, enum=FACILITY_KIND, en="Kind"),
            C("status", "Tình trạng", "enum", True, enum=FACILITY_STATUS, en="Status"),
            C("area_m2", "Diện tích (m²)", "number", min=0, en="Area (m²)"),
            C("budget_vnd", "Dự toán (đồng)", "number", min=0, en="Budget (VND)"),
            C("mobilized_vnd", "Đã huy động (đồng)", "number", min=0, en="Mobilised (VND)"),
            C("completed_on", "Ngày hoàn thành", "date", en="Completed on"),
        ),
        unique=("project_id",),
    ),
    Table(
        "tasks",
        "Nhiệm vụ",
        "Tasks",
        (
            C("task_id", "Mã nhiệm vụ", "text", True, en="Task code"),
            C("status", "Tình trạng", "enum", True, enum=TASK_STATUS, en="Status"),
            C("completed_on", "Ngày hoàn thành", "date", en="Completed on"),
            C("evidence", "Minh chứng", "text", private=True, en="Evidence"),
        ),
        unique=("task_id",),
    ),
    Table(
        "school",
        "Thông tin trường",
        "School",
        (
            C("name", "Tên trường", "text", True, en="School name"),
            C("district", "Huyện", "text", en="District"),
            C("province", "Tỉnh", "text", en="Province"),
            C("place", "Địa danh", "text", en="Place (date line)"),
            C("head", "Hiệu trưởng", "text", en="Head teacher"),
            C("report_number", "Số báo cáo", "text", en="Report number"),
        ),
    ),
)
del C


def table_by_key(name: str) -> Table | None:
    """Find the table a file stem or sheet name stands for, or ``None``."""
    key = normalize_key(name)
    for table in TABLES:
        if key in table.keys:
            return table
    return None


def table_by_id(table_id: str) -> Table:
    """The contract table with id ``table_id``; ``KeyError`` when there is none."""
    for table in TABLES:
        if table.id == table_id:
            return table
    raise KeyError(table_id)
