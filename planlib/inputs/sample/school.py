"""The sample school's awareness rounds, staff and trainings, activities, funding and tasks."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import numpy as np

from planlib.inputs.sample.cells import (
    Pupil,
    Rows,
    bool_cell,
    complete,
    date_cell,
    decimal_cell,
    int_cell,
    money_cell,
)

__all__ = ["FACILITIES", "activities", "awareness", "funding_rows", "staff", "task_rows"]

D = dt.date  # short aliases for the data tables below


def awareness(
    rng: np.random.Generator, year1: list[Pupil], year2: list[Pupil], fail_share: float = 0.1
) -> Rows:
    """Three assessment rounds; in the December 2023 one ``fail_share`` of those assessed fail."""
    rounds = ((D(2022, 11, 15), year1, 0.75), (D(2023, 5, 18), year1, 0.85))
    rows = []

    def row(sid: str, day: dt.date, passed: bool) -> dict[str, str]:
        if passed:
            score = float(rng.choice(np.arange(5, 10.5, 0.5), p=_weights(11)))
        else:
            score = float(rng.choice(np.arange(1, 5, 0.5)))
        cell = {"student_id": sid, "assessed_on": date_cell(day), "score": decimal_cell(score)}
        draw = rng.random()
        if draw < 0.04:  # the teacher ticked the box without a score
            cell["score"], cell["passed"] = "", bool_cell(passed)
        elif draw < 0.66:
            cell["passed"] = bool_cell(passed)
        return cell

    for day, roster, share in rounds:
        for p in roster:
            if p.present(day) and rng.random() < 0.96:
                rows.append(row(p.sid, day, bool(rng.random() < share)))
    day = D(2023, 12, 12)
    assessed = [p for p in year2 if p.present(day) and rng.random() < 0.97]
    failing = set(rng.choice(len(assessed), size=round(fail_share * len(assessed)), replace=False))
    rows += [row(p.sid, day, i not in failing) for i, p in enumerate(assessed)]
    return complete("awareness", rows)


def _weights(n: int) -> np.ndarray:
    """A hump of weights over ``n`` scores, heaviest in the middle-upper range."""
    w = np.exp(-0.5 * ((np.arange(n) - 0.6 * n) / (0.3 * n)) ** 2)
    return w / w.sum()


# --- staff and trainings -----------------------------------------------------------------------


_ROLES = (  # role, how many, of whom with child-protection duty
    ("board", 3, 3),
    ("pioneer_leader", 1, 1),
    ("health", 1, 1),
    ("homeroom", 16, 7),
    ("teacher", 19, 0),
    ("staff", 5, 0),
)
_ROLE_LABELS = {"board": "BGH", "homeroom": "GVCN", "teacher": "GVBM", "pioneer_leader": "TPT Đội"}


def staff(rng: np.random.Generator, untrained: int = 0) -> tuple[Rows, Rows]:
    """Staff and their trainings; the first ``untrained`` summer trainees with duty miss it."""
    staff, duty = [], {}
    counter = itertools.count(1)
    for role, count, with_duty in _ROLES:
        for i in range(count):
            sid = f"CB{next(counter):03d}"
            duty[sid] = (role, i < with_duty)
            label = _ROLE_LABELS.get(role, role)
            staff.append(
                {
                    "staff_id": sid,
                    "role": label if rng.random() < 0.3 else role,
                    "child_protection_duty": bool_cell(i < with_duty),
                    "full_name": f"Cán bộ {sid}",
                }
            )
    ids = list(duty)
    carers = [s for s, (_, d) in duty.items() if d]
    others = [s for s, (_, d) in duty.items() if not d]
    summer = [s for s in carers if duty[s][0] in ("board", "homeroom")][:-1][untrained:]
    summer += [others[i] for i in sorted(rng.choice(len(others), size=6, replace=False))]
    sessions = [  # day, topic, hours, organiser, who
        (D(2022, 11, 24), "Phòng chống xâm hại trẻ em", "4", "Trường THCS An Bằng – Vinh An",
         [ids[i] for i in sorted(rng.choice(len(ids), size=10, replace=False))]),
        (D(2023, 3, 10), "Sơ cấp cứu tai nạn thương tích", "4",
         "Trung tâm Y tế huyện Phú Vang", [s for s in ids if duty[s][0] == "health"]),
        (D(2023, 4, 21), "Kỹ năng tham vấn tâm lý học đường", "3,5", "Huyện đoàn Phú Vang",
         [s for s in ids if duty[s][0] == "pioneer_leader"]),
        (D(2023, 8, 12), "Luật Trẻ em 2016 và Nghị định 56/2017/NĐ-CP", "8",
         "Phòng GD&ĐT huyện Phú Vang", summer),
        (D(2023, 10, 26), "Phòng chống bạo lực học đường", "3", "Trường THCS An Bằng – Vinh An",
         [carers[-1], *others[:2]]),
    ]  # fmt: skip
    trainings = [
        {
            "staff_id": s,
            "trained_on": date_cell(day),
            "topic": topic,
            "hours": hours,
            "organizer": org,
        }
        for day, topic, hours, org, who in sessions
        for s in who
    ]
    return complete("staff", staff), complete("trainings", trainings)


# --- activities --------------------------------------------------------------------------------

_ACTIVITIES = (  # held on, area, unit, kind, title, partners
    (D(2022, 10, 20), "S1", "pioneers", "communication", "Tuyên truyền Luật Trẻ em dưới cờ", ""),
    (D(2022, 11, 15), "S5", "teachers", "integrated_lesson", "Lồng ghép quyền trẻ em môn GDCD", ""),
    (D(2022, 12, 8), "S4", "pioneers", "counselling", "Tư vấn tâm lý lứa tuổi", ""),
    (D(2022, 12, 20), "S2", "pioneers", "visit_gift", "Thăm, tặng quà học sinh khó khăn", ""),
    (D(2023, 2, 20), "S1", "pioneers", "communication", "Tuyên truyền Luật Trẻ em 2016", ""),
    (D(2023, 2, 23), "S5", "teachers", "integrated_lesson", "Lồng ghép bài giảng GDCD 8", ""),
    (D(2023, 3, 10), "S2", "board", "coordination", "Phối hợp đảm bảo an ninh trường học",
     "Công an xã; Trạm y tế xã; Hội Phụ nữ xã"),
    (D(2023, 3, 16), "S4", "pioneers", "counselling", "Tham vấn học sinh có nguy cơ", ""),
    (D(2023, 3, 20), "S3", "pioneers", "communication", "Phòng chống xâm hại trẻ em", ""),
    (D(2023, 3, 24), "S2", "pioneers", "extracurricular", "Hội trại mừng ngày 26/3", ""),
    (D(2023, 3, 30), "S5", "teachers", "integrated_lesson", "Lồng ghép kỹ năng sống môn Sinh", ""),
    (D(2023, 4, 3), "S1", "pioneers", "communication", "Tuyên truyền Chỉ thị 23/CT-TTg", ""),
    (D(2023, 4, 14), "S3", "board", "training", "Tập huấn kỹ năng tự bảo vệ cho học sinh",
     "Hội Liên hiệp Phụ nữ huyện"),
    (D(2023, 4, 20), "S5", "teachers", "integrated_lesson", "Lồng ghép phòng chống TNTT", ""),
    (D(2023, 5, 8), "S1", "pioneers", "communication", "Tuyên truyền Nghị quyết 121/2020/QH14", ""),
    (D(2023, 5, 15), "S3", "pioneers", "communication", "Phòng chống đuối nước mùa hè", ""),
    (D(2023, 5, 22), "S4", "health", "communication", "An toàn giao thông và phòng TNTT", ""),
    (D(2023, 5, 28), "S1", "teachers", "parent_meeting", "Họp phụ huynh cuối năm học", ""),
    (D(2023, 6, 1), "S2", "pioneers", "visit_gift", "Tặng quà nhân ngày Quốc tế Thiếu nhi",
     "Hội Chữ thập đỏ xã"),
    (D(2023, 7, 20), "S6", "board", "other", "Rà soát quy hoạch sân chơi, bãi tập", ""),
    (D(2023, 9, 11), "S1", "pioneers", "communication", "Tuyên truyền quyền trẻ em đầu năm", ""),
    (D(2023, 9, 17), "S1", "board", "parent_meeting", "Họp phụ huynh đầu năm học", ""),
    (D(2023, 9, 25), "S4", "health", "communication", "Phòng chống tai nạn thương tích", ""),
    (D(2023, 9, 29), "S2", "union", "visit_gift", "Vui Tết Trung thu, tặng quà học sinh",
     "Hội Chữ thập đỏ xã; Đoàn xã"),
    (D(2023, 10, 5), "S2", "board", "coordination", "Phối hợp phòng chống bạo lực gia đình",
     "Hội Phụ nữ xã; Đoàn xã; Công an xã"),
    (D(2023, 10, 16), "S3", "pioneers", "communication", "Phòng chống bóc lột lao động", ""),
    (D(2023, 10, 19), "S4", "health", "screening", "Khám sàng lọc tim bẩm sinh, khuyết tật",
     "Trung tâm Y tế huyện Phú Vang; Trạm y tế xã"),
    (D(2023, 10, 24), "S5", "teachers", "integrated_lesson", "Lồng ghép quyền trẻ em Ngữ văn", ""),
    (D(2023, 10, 30), "S4", "teachers", "counselling", "Tư vấn học sinh bị bắt nạt", ""),
    (D(2023, 11, 9), "S1", "pioneers", "extracurricular", "Ngoại khóa Ngày Pháp luật 9/11", ""),
    (D(2023, 11, 14), "S5", "teachers", "integrated_lesson", "Lồng ghép bài giảng GDCD 6", ""),
    (D(2023, 11, 24), "S3", "pioneers", "contest", "Hội thi tìm hiểu quyền trẻ em", ""),
    (D(2023, 12, 5), "S5", "teachers", "integrated_lesson", "Lồng ghép Hoạt động trải nghiệm", ""),
    (D(2023, 12, 14), "S4", "health", "counselling", "Tư vấn sức khỏe sinh sản vị thành niên", ""),
    (D(2023, 12, 22), "S2", "pioneers", "extracurricular", "Văn nghệ chào mừng 22/12", ""),
    (D(2024, 1, 8), "S1", "pioneers", "communication", "Tuyên truyền an toàn dịp Tết", ""),
)  # fmt: skip

_COSTS = {
    "visit_gift": (3_500_000, 6_000_000),
    "contest": (2_500_000, 3_000_000),
    "extracurricular": (1_000_000, 2_000_000),
    "training": (1_500_000, 2_500_000),
    "parent_meeting": (200_000, 500_000),
    "communication": (0, 400_000),
}
_EVIDENCE = {"board": "QĐ-THCS", "pioneers": "KH-LĐ", "health": "BC-YT", "teachers": "KH-CM"}
_UNIT_LABELS = {"pioneers": "Liên đội", "board": "BGH", "health": "Y tế trường học"}


def _reach(rng: np.random.Generator, kind: str, enrolled: int) -> dict[str, int]:
    """Plausible people reached by one activity (students capped by the roll that day)."""

    def r(low: int, high: int) -> int:
        return int(rng.integers(low, high + 1))

    reach = {
        "communication": {
            "students": round(enrolled * rng.uniform(0.85, 0.98)),
            "staff": r(20, 45),
        },
        "parent_meeting": {"parents": round(enrolled * rng.uniform(0.8, 0.92)), "staff": r(18, 24)},
        "extracurricular": {"students": r(min(300, enrolled), enrolled), "staff": r(20, 40)},
        "coordination": {"students": r(150, 300), "parents": r(30, 80), "community": r(40, 150)},
        "visit_gift": {"students": r(15, 40), "staff": r(6, 12)},
        "training": {"students": r(140, 160), "staff": r(6, 10)},
        "contest": {"students": r(100, 140), "staff": r(12, 20)},
        "screening": {"students": r(140, 160)},
        "counselling": {"students": r(5, 30)},
        "integrated_lesson": {},
        "other": {"staff": r(5, 8)},
    }[kind]
    if "students" in reach:
        reach["students"] = min(reach["students"], enrolled)
    return reach


def activities(rng: np.random.Generator, pupils: Sequence[Pupil]) -> Rows:
    rows, numbers = [], itertools.count(3)
    for n, (day, area, unit, kind, title, partners) in enumerate(_ACTIVITIES, 1):
        on_roll = [p for p in pupils if p.present(day)]
        reach = _reach(rng, kind, len(on_roll))
        classes = ""
        if kind == "integrated_lesson":
            names = sorted({f"{p.grade}{p.letter}" for p in on_roll})
            chosen = sorted(rng.choice(names, size=int(rng.integers(2, 5)), replace=False))
            reach["students"] = sum(f"{p.grade}{p.letter}" in chosen for p in on_roll)
            classes = "; ".join(chosen)
        cost = None
        if kind in _COSTS:
            low, high = _COSTS[kind]
            cost = int(rng.integers(low // 50_000, high // 50_000 + 1)) * 50_000 or None
        suffix = _EVIDENCE.get(unit)
        unit_cell = _UNIT_LABELS.get(unit, unit) if rng.random() < 0.25 else unit
        rows.append(
            {
                "activity_id": f"HD{n:02d}",
                "held_on": date_cell(day),
                "area": area,
                "unit": unit_cell,
                "kind": kind,
                "title": title,
                "students_reached": int_cell(reach.get("students")),
                "parents_reached": int_cell(reach.get("parents")),
                "staff_reached": int_cell(reach.get("staff")),
                "community_reached": int_cell(reach.get("community")),
                "classes": classes,
                "partners": partners,
                "cost_vnd": money_cell(cost),
                "evidence": f"{suffix.split('-')[0]} {next(numbers)}/{suffix}" if suffix else "",
            }
        )
    return complete("activities", rows)


# --- funding, facilities, tasks ----------------------------------------------------------------

_FUNDING = (  # day, source, flow, amount, area, purpose
    (D(2022, 12, 15), "individual", "received", 2_000_000, "", "Mạnh thường quân ủng hộ quà"),
    (D(2022, 12, 20), "individual", "spent", 2_000_000, "S2", "Quà cho học sinh khó khăn"),
    (D(2023, 1, 5), "regular_budget", "planned", 15_000_000, "", "Dự toán công tác BVCSTE 2023"),
    (D(2023, 3, 18), "regular_budget", "spent", 1_200_000, "S1", "In tài liệu tuyên truyền"),
    (D(2023, 3, 24), "regular_budget", "spent", 1_500_000, "S2", "Hội trại 26/3"),
    (D(2023, 4, 10), "doanh nghiệp", "received", 30_000_000, "", "Ủng hộ xây sân chơi"),
    (D(2023, 4, 14), "regular_budget", "spent", 2_000_000, "S3", "Tập huấn kỹ năng tự bảo vệ"),
    (D(2023, 5, 22), "regular_budget", "spent", 1_350_000, "S4", "Mua tủ thuốc, dụng cụ sơ cứu"),
    (D(2023, 5, 25), "organization", "received", 4_000_000, "", "Hội Chữ thập đỏ xã ủng hộ"),
    (D(2023, 6, 1), "organization", "spent", 4_000_000, "S2", "Quà ngày Quốc tế Thiếu nhi"),
    (D(2023, 8, 15), "business", "spent", 30_000_000, "S6", "Thiết bị sân chơi"),
    (D(2023, 9, 20), "individual", "received", 5_500_000, "", "Mạnh thường quân ủng hộ Trung thu"),
    (D(2023, 9, 29), "cá nhân", "spent", 5_500_000, "S2", "Quà Tết Trung thu"),
    (D(2023, 11, 20), "business", "received", 15_000_000, "", "Ủng hộ bãi tập có mái che"),
    (D(2023, 11, 24), "regular_budget", "spent", 2_800_000, "S3", "Giải thưởng hội thi"),
    (D(2023, 12, 5), "regular_budget", "spent", 600_000, "S5", "Tài liệu lồng ghép"),
)

FACILITIES = (
    {"project_id": "CT01", "name": "Sân chơi khu A", "kind": "playground", "status": "done",
     "area_m2": "250", "budget_vnd": money_cell(120_000_000),
     "mobilized_vnd": money_cell(120_000_000),
     "completed_on": date_cell(D(2023, 8, 25))},
    {"project_id": "CT02", "name": "Bãi tập có mái che", "kind": "covered_ground",
     "status": "huy động vốn", "area_m2": "420", "budget_vnd": money_cell(850_000_000),
     "mobilized_vnd": money_cell(95_000_000)},
    {"project_id": "CT03", "name": "Sân bóng mini", "kind": "other", "status": "planned",
     "area_m2": "600", "budget_vnd": money_cell(300_000_000), "mobilized_vnd": "0"},
)  # fmt: skip

_TASKS = (  # task id, status, completed on, evidence
    ("R-BGH.1", "done", D(2023, 4, 20), "KH 45/KH-THCS"),
    ("R-LĐ.1", "done", D(2023, 12, 15), "Báo cáo Liên đội học kỳ I"),
    ("R-LĐ.2", "done", D(2023, 11, 24), "KH 12/KH-LĐ"),
    ("R-LĐ.3", "not_started", None, ""),
    ("R-LĐ.4", "hoàn thành", D(2023, 9, 29), "Danh sách tặng quà 01/6 và Trung thu"),
    ("R-LĐ.5", "done", D(2023, 10, 25), "Hồ sơ chính sách trẻ em HCĐB"),
    ("R-YT.1", "in_progress", None, "Danh sách khám sàng lọc 19/10/2023"),
    ("R-GV.1", "done", D(2023, 12, 5), "Giáo án lồng ghép"),
)


def funding_rows() -> Rows:
    rows = [
        {
            "entry_id": f"KP{n:02d}",
            "entry_on": date_cell(day),
            "source": source,
            "flow": flow,
            "amount_vnd": money_cell(amount),
            "area": area,
            "purpose": purpose,
        }
        for n, (day, source, flow, amount, area, purpose) in enumerate(_FUNDING, 1)
    ]
    return complete("funding", rows)


def task_rows() -> Rows:
    keys = ("task_id", "status", "completed_on", "evidence")
    return complete(
        "tasks", [dict(zip(keys, (t, s, date_cell(d), e), strict=True)) for t, s, d, e in _TASKS]
    )
