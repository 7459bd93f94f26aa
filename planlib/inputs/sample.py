"""A deterministic synthetic school: the workbook Trường THCS An Bằng – Vinh An might hand in.

The sample fills all ten tables of :mod:`planlib.core.contract` with cells written the way a
Vietnamese school types them (``dd/mm/yyyy`` dates, ``Có``/``Không``, ``1.500.000``, ``7,5``,
enumeration codes mixed with Vietnamese labels). It covers the school years 2022-2023 and
2023-2024, about 600 students each, and is meant to have been filled in mid-January 2024: the
running year 2023-2024 has no year results yet and no date is later than 10/01/2024. Every
person is pseudonymous (``Học sinh HS0001``, ``Cán bộ CB001``).

The counts that decide the targets are fixed by construction; the seed only chooses which
students they fall on, their dates within a window, scores and reach figures. With the default
plan file (reference date 31/12/2023, period 2023) the intended outcomes are:

- **T1.1 achieved**: 7 children of the reference date are in special circumstances on it,
  about 1,2% of ~600 (a child with two groups counts once; one row ended in 2022, one in June 2023,
  one belongs to a 2023 graduate and one to a 2023 dropout, none of which count).
- **T1.2 not achieved**: 10 children were in special circumstances during 2023; the child
  identified on 20/12/2023 after a violence incident has no ``supported_on`` yet (9/10).
- **T2.1 not achieved**: 5 distinct children (6 incidents, one child injured twice) were injured
  in 2023, ~83/10.000 ≥ 60; two injuries of 2022 and one of January 2024 do not count.
- **T2.2 achieved**: no injury death in 2023 (0/~600). The one fatal injury, a drowning in
  November 2022, is outside the period; its child's 2022-2023 row has ``left_reason`` death.
- **T3 achieved**: all 8 eligible children in special circumstances during 2023 received
  welfare by 31/12/2023.
- **T4 not achieved**: 7 violence, maltreatment, sexual-abuse and child-labour incidents were
  reported in 2023 (one occurred in December 2022); one was intervened 42 hours after the report
  (6/7). Two are recorded at day precision only. One ``exploitation`` and one ``other`` incident
  of 2023 and one violence incident of 2022 do not count.
- **T5 achieved**: about 88-90% of the children of 31/12/2023 passed their latest 2023
  assessment (exactly 10% of the December 2023 round fail, about 3% miss it); ``passed`` is
  empty on about a third of the rows, so the score decides with pass mark 5.
- **T6 achieved**: all 12 staff with child-protection duty were trained in 2023 (12/12).

Solution areas against ``parameters/plan_2023.yaml``: S1 and S3 fully done, S2 (coordination
2/3), S4 (counselling 3/4) and S5 (integrated lessons 6/8) partly done; S6 plans nothing and has
one review activity. A few activities fall in late 2022 or January 2024, outside the period.

Examples
--------
>>> sample = generate_sample()
>>> sorted(sample) == sorted(t.id for t in TABLES)
True
>>> sample["students"][0]["school_year"], sample["students"][0]["class_name"]
('2022-2023', '6A')
"""

from __future__ import annotations

import datetime as dt
import itertools
import pathlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from planlib.core.contract import TABLES
from planlib.core.spreadsheet import write_csv

__all__ = ["generate_sample", "write_sample_csv"]

_Rows = list[dict[str, str]]
D = dt.date  # short aliases for the data tables below
T = dt.datetime
_LETTERS = "ABCD"


# --- cell formatting -------------------------------------------------------------------------


def _date(value: dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def _bool(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


def _money(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def _decimal(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


def _table(table_id: str, rows: Iterable[dict[str, str]]) -> _Rows:
    """Complete rows with every contract column (empty string when not given), in order."""
    columns = [c.id for c in next(t for t in TABLES if t.id == table_id).columns]
    return [{c: row.get(c, "") for c in columns} for row in rows]


# --- students ----------------------------------------------------------------------------------


@dataclass
class _Pupil:
    """One roster row: a student in one school year (``year`` = its first calendar year)."""

    sid: str
    year: int
    grade: int
    letter: str
    sex: str
    birth: dt.date | None
    enrolled: dt.date | None = None
    left: dt.date | None = None
    reason: str = ""
    learning: str = ""
    conduct: str = ""
    outcome: str = ""

    def present(self, day: dt.date) -> bool:
        """Whether the student is on the school's roll on ``day`` (data-contract.md)."""
        return (
            D(self.year, 9, 1) <= day <= D(self.year + 1, 8, 31)
            and (self.enrolled is None or self.enrolled <= day)
            and (self.left is None or self.left > day)
        )


def _pick(
    rng: np.random.Generator,
    pool: Sequence[_Pupil],
    used: set[str],
    n: int = 1,
    where: Callable[[_Pupil], bool] = lambda p: True,
) -> list[_Pupil]:
    """Draw ``n`` distinct students not drawn before that satisfy ``where``."""
    candidates = [p for p in pool if p.sid not in used and where(p)]
    chosen = [candidates[i] for i in rng.choice(len(candidates), size=n, replace=False)]
    used.update(p.sid for p in chosen)
    return chosen


def _roster(rng: np.random.Generator) -> tuple[list[_Pupil], list[_Pupil]]:
    """Build the 2022-2023 and 2023-2024 rosters with their movements and results."""
    counter = itertools.count(1)

    def pupil(year: int, grade: int, letter: str, enrolled: dt.date | None = None) -> _Pupil:
        born = None
        if rng.random() > 0.04:  # a few birth dates left blank
            born = D(year - 5 - grade, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
        sex = "M" if rng.random() < 0.51 else "F"
        return _Pupil(f"HS{next(counter):04d}", year, grade, letter, sex, born, enrolled)

    year1 = [
        pupil(2022, grade, letter)
        for grade in (9, 8, 7, 6)
        for letter in _LETTERS
        for _ in range(int(rng.integers(36, 41)))
    ]
    used: set[str] = set()
    lower = [p for p in year1 if p.grade < 9]
    upper = [p for p in year1 if p.grade == 9]
    leaving = [
        (lower, 7, D(2022, 11, 20), "death"),
        (lower, 6, D(2022, 11, 14), "transfer"),
        (lower, 7, D(2023, 1, 16), "transfer"),
        (upper, 9, D(2023, 3, 6), "transfer"),
        (lower, 8, D(2023, 3, 13), "dropout"),
    ]
    for pool, grade, day, reason in leaving:
        (p,) = _pick(rng, pool, used, where=lambda p, g=grade: p.grade == g)
        p.left, p.reason = day, reason
    for day in (D(2022, 10, 17), D(2023, 1, 9), D(2023, 2, 13)):  # arrivals during the year
        _pick(rng, lower, used)[0].enrolled = day
    for p in _pick(rng, lower, used, 3):
        p.outcome, p.learning, p.conduct = "retained", "fail", "pass"
    for p in _pick(rng, upper, used, 2):
        p.outcome, p.learning, p.conduct = "not_graduated", "fail", "fair"
    for p in year1:
        if p.left is None and not p.outcome:
            p.learning = str(rng.choice(["good", "fair", "pass"], p=[0.3, 0.42, 0.28]))
            p.conduct = str(rng.choice(["good", "fair", "pass"], p=[0.76, 0.2, 0.04]))
            p.outcome = "graduated" if p.grade == 9 else "promoted"

    year2: list[_Pupil] = []
    for p in year1:
        if p.left is None and p.outcome in ("promoted", "retained"):
            up = p.outcome == "promoted"
            letter = p.letter if up else str(rng.choice(list(_LETTERS)))
            year2.append(_Pupil(p.sid, 2023, p.grade + up, letter, p.sex, p.birth))
    year2 += [pupil(2023, 6, x) for x in _LETTERS for _ in range(int(rng.integers(36, 41)))]
    year2.append(pupil(2023, 7, str(rng.choice(list(_LETTERS))), enrolled=D(2023, 10, 16)))
    year2.append(pupil(2023, 6, str(rng.choice(list(_LETTERS))), enrolled=D(2024, 1, 8)))
    used = {p.sid for p in year2 if p.enrolled}
    for grade, day, reason in (
        (7, D(2023, 10, 20), "transfer"),
        (9, D(2023, 12, 4), "dropout"),
        (8, D(2024, 1, 10), "transfer"),  # after the reference date: still a child of it
    ):
        (p,) = _pick(rng, year2, used, where=lambda p, g=grade: p.grade == g)
        p.left, p.reason = day, reason
    return year1, year2


def _student_rows(rng: np.random.Generator, pupils: Iterable[_Pupil]) -> _Rows:
    labels = {"good": "Tốt", "fair": "Khá", "pass": "Đạt", "fail": "Chưa đạt"}
    labels |= {"transfer": "chuyển trường", "dropout": "bỏ học"}

    def enum(code: str, share: float) -> str:
        """Write the code, or its Vietnamese label for a ``share`` of the cells."""
        return labels.get(code, code) if rng.random() < share else code

    rows = []
    for p in sorted(pupils, key=lambda p: (p.year, p.grade, p.letter, p.sid)):
        rows.append(
            {
                "student_id": p.sid,
                "school_year": f"{p.year}-{p.year + 1}",
                "grade": str(p.grade),
                "class_name": f"{p.grade}{p.letter}",
                "sex": "Nam" if p.sex == "M" else "Nữ",
                "birth_date": _date(p.birth),
                "enrolled_on": _date(p.enrolled),
                "left_on": _date(p.left),
                "left_reason": enum(p.reason, 0.5),
                "learning_result": enum(p.learning, 0.15),
                "conduct_result": enum(p.conduct, 0.15),
                "year_outcome": p.outcome,
                "full_name": f"Học sinh {p.sid}",
            }
        )
    return _table("students", rows)


# --- special circumstances and incidents -------------------------------------------------------


def _cases(
    rng: np.random.Generator, year1: list[_Pupil], year2: list[_Pupil]
) -> tuple[_Rows, _Rows]:
    """Special-circumstances rows and incidents, on students who are on the roll when needed."""
    first = {p.sid: p for p in year1}
    # stayers: on the roll from 01/09/2022 through January 2024 without interruption
    stayers = [
        p
        for p in year2
        if p.sid in first
        and p.left is None
        and first[p.sid].enrolled is None
        and first[p.sid].left is None
    ]
    used: set[str] = set()

    def stayer(grade: int | None = None) -> str:
        return _pick(rng, stayers, used, where=lambda p: grade in (None, p.grade))[0].sid

    newcomer = _pick(rng, year2, used, where=lambda p: p.sid not in first and p.left is None)
    graduate = _pick(rng, year1, used, where=lambda p: p.outcome == "graduated")
    dropout = next(p.sid for p in year1 if p.reason == "dropout")
    kids = {k: stayer(g) for k, g in zip("ABCEFGJK", (9, 8, 7, 8, 9, 7, 8, 7), strict=True)}
    kids |= {"D": newcomer[0].sid, "H": graduate[0].sid, "I": dropout}

    sc = [
        # child, group, identified, ended, eligible, welfare received, supported, support
        ("A", "a", D(2020, 9, 14), None, True, D(2020, 10, 1), D(2020, 9, 15),
         "Trợ cấp xã hội hằng tháng; miễn học phí"),
        ("B", "d", D(2021, 9, 10), None, True, D(2021, 11, 1), D(2021, 9, 20),
         "Hỗ trợ chi phí học tập"),
        ("B", "n", D(2023, 3, 10), None, True, D(2023, 4, 3), D(2023, 3, 15),
         "Hỗ trợ viện phí; tặng sách vở"),
        ("C", "đ", D(2022, 9, 6), None, True, D(2022, 11, 1), D(2022, 9, 8),
         "Hỗ trợ dinh dưỡng; tư vấn tâm lý"),
        ("D", "d", D(2023, 9, 11), None, True, D(2023, 10, 25), D(2023, 9, 15),
         "Hỗ trợ học phí"),
        ("E", "Không nơi nương tựa", D(2022, 10, 10), None, True, D(2022, 12, 1),
         D(2022, 10, 15), "Trợ cấp xã hội; tặng xe đạp"),
        ("F", "n", D(2023, 2, 15), None, True, D(2023, 3, 20), D(2023, 2, 20),
         "Hỗ trợ chi phí điều trị"),
        ("G", "i", D(2023, 12, 20), None, False, None, None, ""),
        ("H", "d", D(2019, 9, 12), None, True, D(2019, 11, 1), D(2019, 9, 20),
         "Hỗ trợ chi phí học tập"),
        ("I", "h", D(2023, 3, 13), None, False, None, D(2023, 3, 17), "Vận động trở lại lớp"),
        ("J", "c", D(2022, 9, 19), D(2023, 6, 30), True, D(2022, 11, 1), D(2022, 9, 26),
         "Trợ cấp xã hội hằng tháng"),
        ("K", "e", D(2022, 10, 15), D(2022, 12, 20), False, None, D(2022, 10, 17),
         "Tư vấn tâm lý"),
    ]  # fmt: skip
    sc_rows = [
        {
            "student_id": kids[k],
            "group": group,
            "identified_on": _date(found),
            "ended_on": _date(ended),
            "eligible_for_welfare": _bool(eligible),
            "welfare_received_on": _date(welfare),
            "supported_on": _date(supported),
            "support": support,
        }
        for k, group, found, ended, eligible, welfare, supported, support in sc
    ]

    hurt = [stayer() for _ in range(5)]
    dead = next(p.sid for p in year1 if p.reason == "death")
    incidents = [
        # child, kind, occurred, cause, place, fatal, reported, intervened, description
        (stayer(), "injury", D(2022, 10, 18), "fall", "school", False,
         T(2022, 10, 18, 9, 40), T(2022, 10, 18, 9, 45), "Ngã khi chạy ở hành lang"),
        (dead, "injury", D(2022, 11, 20), "drowning", "other", True,
         T(2022, 11, 21, 7, 30), None, "Đuối nước ở đầm phá"),
        (stayer(), "violence", D(2022, 12, 5), "", "school", None,
         T(2022, 12, 5, 10, 15), T(2022, 12, 5, 14, 0), "Xô xát giữa học sinh"),
        (stayer(), "maltreatment", D(2022, 12, 28), "", "home", None,
         T(2023, 1, 3, 7, 30), T(2023, 1, 3, 9, 0), "Nghi bị đánh đập tại nhà"),
        (hurt[0], "injury", D(2023, 2, 14), "ngã", "school", False,
         T(2023, 2, 14, 10, 20), T(2023, 2, 14, 10, 25), "Ngã cầu thang"),
        (stayer(), "bạo lực", D(2023, 3, 14), "", "trường học", None,
         T(2023, 3, 14, 8, 30), T(2023, 3, 14, 10, 0), "Bị bạn đánh"),
        (hurt[1], "injury", D(2023, 3, 27), "traffic", "road", False,
         T(2023, 3, 27, 7, 45), T(2023, 3, 27, 8, 0), "Va chạm xe đạp trên đường đi học"),
        (stayer(), "maltreatment", D(2023, 4, 20), "", "home", None,
         D(2023, 4, 21), D(2023, 4, 21), "Bị người thân bỏ đói"),
        (stayer(), "exploitation", D(2023, 5, 15), "", "home", None,
         D(2023, 5, 16), D(2023, 5, 19), "Bị ép bán vé số"),
        (hurt[2], "tai nạn thương tích", D(2023, 6, 18), "burn", "home", False,
         None, None, "Bỏng nước sôi"),
        (hurt[3], "injury", D(2023, 7, 9), "drowning", "public", False,
         T(2023, 7, 10, 8, 0), T(2023, 7, 10, 8, 30), "Đuối nước, được cứu kịp thời"),
        (stayer(), "child_labour", D(2023, 8, 5), "", "other", None,
         D(2023, 9, 7), D(2023, 9, 8), "Làm thuê ở xưởng cá dịp hè"),
        (stayer(), "other", D(2023, 9, 25), "", "other", None,
         T(2023, 9, 25, 20, 15), None, "Bị lừa đảo qua mạng"),
        (stayer(), "sexual_abuse", D(2023, 10, 2), "", "public", None,
         T(2023, 10, 3, 15, 20), T(2023, 10, 3, 19, 0), "Bị sàm sỡ"),
        (hurt[4], "injury", D(2023, 10, 12), "sharp", "school", False,
         T(2023, 10, 12, 14, 10), T(2023, 10, 12, 14, 12), "Đứt tay trong giờ công nghệ"),
        (stayer(), "violence", D(2023, 11, 6), "", "school", None,
         T(2023, 11, 6, 16, 0), T(2023, 11, 8, 10, 0), "Bị nhóm bạn bắt nạt"),
        (hurt[0], "injury", D(2023, 11, 21), "fall", "school", False,
         T(2023, 11, 21, 15, 5), T(2023, 11, 21, 15, 10), "Ngã khi chơi bóng"),
        (kids["G"], "violence", D(2023, 12, 18), "", "home", None,
         T(2023, 12, 18, 9, 10), T(2023, 12, 18, 11, 30), "Bị bạo lực gia đình"),
        (stayer(), "injury", D(2024, 1, 8), "traffic", "road", False,
         T(2024, 1, 8, 7, 20), T(2024, 1, 8, 7, 40), "Ngã xe máy điện"),
    ]  # fmt: skip
    incident_rows = [
        {
            "incident_id": f"VV{n:02d}",
            "student_id": sid,
            "kind": kind,
            "occurred_on": _date(occurred),
            "cause": cause,
            "place": place,
            "fatal": _bool(fatal),
            "reported_on": _date(reported),
            "intervened_on": _date(intervened),
            "description": text,
        }
        for n, (sid, kind, occurred, cause, place, fatal, reported, intervened, text) in enumerate(
            incidents, 1
        )
    ]
    return _table("special_circumstances", sc_rows), _table("incidents", incident_rows)


# --- awareness ---------------------------------------------------------------------------------


def _awareness(rng: np.random.Generator, year1: list[_Pupil], year2: list[_Pupil]) -> _Rows:
    """Three assessment rounds; in the December 2023 one exactly 10% of those assessed fail."""
    rounds = ((D(2022, 11, 15), year1, 0.75), (D(2023, 5, 18), year1, 0.85))
    rows = []

    def row(sid: str, day: dt.date, passed: bool) -> dict[str, str]:
        if passed:
            score = float(rng.choice(np.arange(5, 10.5, 0.5), p=_weights(11)))
        else:
            score = float(rng.choice(np.arange(1, 5, 0.5)))
        cell = {"student_id": sid, "assessed_on": _date(day), "score": _decimal(score)}
        draw = rng.random()
        if draw < 0.04:  # the teacher ticked the box without a score
            cell["score"], cell["passed"] = "", _bool(passed)
        elif draw < 0.66:
            cell["passed"] = _bool(passed)
        return cell

    for day, roster, share in rounds:
        for p in roster:
            if p.present(day) and rng.random() < 0.96:
                rows.append(row(p.sid, day, bool(rng.random() < share)))
    day = D(2023, 12, 12)
    assessed = [p for p in year2 if p.present(day) and rng.random() < 0.97]
    failing = set(rng.choice(len(assessed), size=round(0.1 * len(assessed)), replace=False))
    rows += [row(p.sid, day, i not in failing) for i, p in enumerate(assessed)]
    return _table("awareness", rows)


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


def _staff(rng: np.random.Generator) -> tuple[_Rows, _Rows]:
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
                    "child_protection_duty": _bool(i < with_duty),
                    "full_name": f"Cán bộ {sid}",
                }
            )
    ids = list(duty)
    carers = [s for s, (_, d) in duty.items() if d]
    others = [s for s, (_, d) in duty.items() if not d]
    summer = [s for s in carers if duty[s][0] in ("board", "homeroom")][:-1]
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
        {"staff_id": s, "trained_on": _date(day), "topic": topic, "hours": hours, "organizer": org}
        for day, topic, hours, org, who in sessions
        for s in who
    ]
    return _table("staff", staff), _table("trainings", trainings)


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
        "extracurricular": {"students": r(300, enrolled), "staff": r(20, 40)},
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


def _activities(rng: np.random.Generator, pupils: Sequence[_Pupil]) -> _Rows:
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
                "held_on": _date(day),
                "area": area,
                "unit": unit_cell,
                "kind": kind,
                "title": title,
                "students_reached": _int(reach.get("students")),
                "parents_reached": _int(reach.get("parents")),
                "staff_reached": _int(reach.get("staff")),
                "community_reached": _int(reach.get("community")),
                "classes": classes,
                "partners": partners,
                "cost_vnd": _money(cost),
                "evidence": f"{suffix.split('-')[0]} {next(numbers)}/{suffix}" if suffix else "",
            }
        )
    return _table("activities", rows)


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

_FACILITIES = (
    {"project_id": "CT01", "name": "Sân chơi khu A", "kind": "playground", "status": "done",
     "area_m2": "250", "budget_vnd": _money(120_000_000), "mobilized_vnd": _money(120_000_000),
     "completed_on": _date(D(2023, 8, 25))},
    {"project_id": "CT02", "name": "Bãi tập có mái che", "kind": "covered_ground",
     "status": "huy động vốn", "area_m2": "420", "budget_vnd": _money(850_000_000),
     "mobilized_vnd": _money(95_000_000)},
    {"project_id": "CT03", "name": "Sân bóng mini", "kind": "other", "status": "planned",
     "area_m2": "600", "budget_vnd": _money(300_000_000), "mobilized_vnd": "0"},
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


def _funding_rows() -> _Rows:
    rows = [
        {
            "entry_id": f"KP{n:02d}",
            "entry_on": _date(day),
            "source": source,
            "flow": flow,
            "amount_vnd": _money(amount),
            "area": area,
            "purpose": purpose,
        }
        for n, (day, source, flow, amount, area, purpose) in enumerate(_FUNDING, 1)
    ]
    return _table("funding", rows)


def _task_rows() -> _Rows:
    keys = ("task_id", "status", "completed_on", "evidence")
    return _table(
        "tasks", [dict(zip(keys, (t, s, _date(d), e), strict=True)) for t, s, d, e in _TASKS]
    )


# --- public API --------------------------------------------------------------------------------


def generate_sample(seed: int = 2023) -> dict[str, list[dict[str, str]]]:
    """Generate the workbook of a synthetic school, table by table.

    Parameters
    ----------
    seed : int, default 2023
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same workbook.

    Returns
    -------
    dict of str to list of dict
        Table id -> rows, in contract order; each row maps every contract column id to the cell
        text a school would type in a CSV (empty string for an empty cell).
    """
    rng = np.random.default_rng(seed)
    year1, year2 = _roster(rng)
    special, incidents = _cases(rng, year1, year2)
    staff, trainings = _staff(rng)
    tables = {
        "students": _student_rows(rng, year1 + year2),
        "special_circumstances": special,
        "incidents": incidents,
        "awareness": _awareness(rng, year1, year2),
        "staff": staff,
        "trainings": trainings,
        "activities": _activities(rng, year1 + year2),
        "funding": _funding_rows(),
        "facilities": _table("facilities", _FACILITIES),
        "tasks": _task_rows(),
    }
    return {t.id: tables[t.id] for t in TABLES if t.id in tables}


def write_sample_csv(folder: pathlib.Path, *, seed: int = 2023) -> list[pathlib.Path]:
    """Write the sample school as one UTF-8 ``<table>.csv`` per table.

    Parameters
    ----------
    folder : pathlib.Path
        Destination folder; created when missing. Existing files of the same names are replaced.
    seed : int, default 2023
        Passed to :func:`generate_sample`.

    Returns
    -------
    list of pathlib.Path
        The files written, in contract order. The header row holds the column ids.
    """
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table_id, rows in generate_sample(seed).items():
        columns = [c.id for c in next(t for t in TABLES if t.id == table_id).columns]
        paths.append(write_csv(folder / f"{table_id}.csv", columns, rows))
    return paths
