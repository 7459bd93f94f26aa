"""The sample school's children in special circumstances and its incidents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np

from planlib.inputs.sample.cells import (
    SAMPLE,
    Pupil,
    Rows,
    Variant,
    bool_cell,
    complete,
    date_cell,
    pick,
)

__all__ = ["cases"]

D = dt.date  # short aliases for the data tables below
T = dt.datetime


#: when child D, a newcomer of 2023-2024, is found in special circumstances (its row below)
NEWCOMER_FOUND = D(2023, 9, 11)

_SPECIAL = (
    # child, group, identified, ended, eligible, welfare received, supported, support
    ("A", "a", D(2020, 9, 14), None, True, D(2020, 10, 1), D(2020, 9, 15),
     "Trợ cấp xã hội hằng tháng; miễn học phí"),
    ("B", "d", D(2021, 9, 10), None, True, D(2021, 11, 1), D(2021, 9, 20),
     "Hỗ trợ chi phí học tập"),
    ("B", "n", D(2023, 3, 10), None, True, D(2023, 4, 3), D(2023, 3, 15),
     "Hỗ trợ viện phí; tặng sách vở"),
    ("C", "đ", D(2022, 9, 6), None, True, D(2022, 11, 1), D(2022, 9, 8),
     "Hỗ trợ dinh dưỡng; tư vấn tâm lý"),
    ("D", "d", NEWCOMER_FOUND, None, True, D(2023, 10, 25), D(2023, 9, 15),
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
)  # fmt: skip

_INCIDENTS = (
    # child ("new": a stayer drawn in turn), kind, occurred, cause, place, fatal,
    # reported, intervened, description
    ("new", "injury", D(2022, 10, 18), "fall", "school", False,
     T(2022, 10, 18, 9, 40), T(2022, 10, 18, 9, 45), "Ngã khi chạy ở hành lang"),
    ("dead", "injury", D(2022, 11, 20), "drowning", "other", True,
     T(2022, 11, 21, 7, 30), None, "Đuối nước ở đầm phá"),
    ("new", "violence", D(2022, 12, 5), "", "school", None,
     T(2022, 12, 5, 10, 15), T(2022, 12, 5, 14, 0), "Xô xát giữa học sinh"),
    ("new", "maltreatment", D(2022, 12, 28), "", "home", None,
     T(2023, 1, 3, 7, 30), T(2023, 1, 3, 9, 0), "Nghi bị đánh đập tại nhà"),
    ("hurt0", "injury", D(2023, 2, 14), "ngã", "school", False,
     T(2023, 2, 14, 10, 20), T(2023, 2, 14, 10, 25), "Ngã cầu thang"),
    ("new", "bạo lực", D(2023, 3, 14), "", "trường học", None,
     T(2023, 3, 14, 8, 30), T(2023, 3, 14, 10, 0), "Bị bạn đánh"),
    ("hurt1", "injury", D(2023, 3, 27), "traffic", "road", False,
     T(2023, 3, 27, 7, 45), T(2023, 3, 27, 8, 0), "Va chạm xe đạp trên đường đi học"),
    ("new", "maltreatment", D(2023, 4, 20), "", "home", None,
     D(2023, 4, 21), D(2023, 4, 21), "Bị người thân bỏ đói"),
    ("new", "exploitation", D(2023, 5, 15), "", "home", None,
     D(2023, 5, 16), D(2023, 5, 19), "Bị ép bán vé số"),
    ("hurt2", "tai nạn thương tích", D(2023, 6, 18), "burn", "home", False,
     None, None, "Bỏng nước sôi"),
    ("hurt3", "injury", D(2023, 7, 9), "drowning", "public", False,
     T(2023, 7, 10, 8, 0), T(2023, 7, 10, 8, 30), "Đuối nước, được cứu kịp thời"),
    ("new", "child_labour", D(2023, 8, 5), "", "other", None,
     D(2023, 9, 7), D(2023, 9, 8), "Làm thuê ở xưởng cá dịp hè"),
    ("new", "other", D(2023, 9, 25), "", "other", None,
     T(2023, 9, 25, 20, 15), None, "Bị lừa đảo qua mạng"),
    ("new", "sexual_abuse", D(2023, 10, 2), "", "public", None,
     T(2023, 10, 3, 15, 20), T(2023, 10, 3, 19, 0), "Bị sàm sỡ"),
    ("hurt4", "injury", D(2023, 10, 12), "sharp", "school", False,
     T(2023, 10, 12, 14, 10), T(2023, 10, 12, 14, 12), "Đứt tay trong giờ công nghệ"),
    ("new", "violence", D(2023, 11, 6), "", "school", None,
     T(2023, 11, 6, 16, 0), T(2023, 11, 8, 10, 0), "Bị nhóm bạn bắt nạt"),
    ("hurt0", "injury", D(2023, 11, 21), "fall", "school", False,
     T(2023, 11, 21, 15, 5), T(2023, 11, 21, 15, 10), "Ngã khi chơi bóng"),
    ("G", "violence", D(2023, 12, 18), "", "home", None,
     T(2023, 12, 18, 9, 10), T(2023, 12, 18, 11, 30), "Bị bạo lực gia đình"),
    ("new", "injury", D(2024, 1, 8), "traffic", "road", False,
     T(2024, 1, 8, 7, 20), T(2024, 1, 8, 7, 40), "Ngã xe máy điện"),
)  # fmt: skip


def cases(
    rng: np.random.Generator,
    year1: list[Pupil],
    year2: list[Pupil],
    variant: Variant = SAMPLE,
) -> tuple[Rows, Rows]:
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
        return pick(rng, stayers, used, where=lambda p: grade in (None, p.grade))[0].sid

    newcomer = pick(rng, year2, used, where=lambda p: p.sid not in first and p.left is None)
    while newcomer[0].enrolled is not None and newcomer[0].enrolled > NEWCOMER_FOUND:
        # child D is found on 11/09/2023: one who enrolls later cannot be (a redraw, so that
        # a school whose first draw is right, the bundled sample among them, is unchanged)
        newcomer = pick(rng, year2, used, where=lambda p: p.sid not in first and p.left is None)
    graduate = pick(rng, year1, used, where=lambda p: p.outcome == "graduated")
    dropout = next(p.sid for p in year1 if p.reason == "dropout")
    kids = {k: stayer(g) for k, g in zip("ABCEFGJK", (9, 8, 7, 8, 9, 7, 8, 7), strict=True)}
    kids |= {"D": newcomer[0].sid, "H": graduate[0].sid, "I": dropout}
    incidents = _incident_rows(kids, year1, stayer, variant)
    incidents += _extra_injuries(stayer, variant.injured - 5)
    for n, row in enumerate(incidents, 1):  # numbered in table order, whichever rows are kept
        row["incident_id"] = f"VV{n:02d}"
    special = _special_rows(kids, variant) + _extra_special(stayer, variant.extra_special)
    return complete("special_circumstances", special), complete("incidents", incidents)


def _special_rows(kids: dict[str, str], variant: Variant) -> Rows:
    rows = [
        {
            "student_id": kids[k],
            "group": group,
            "identified_on": date_cell(found),
            "ended_on": date_cell(ended),
            "eligible_for_welfare": bool_cell(eligible),
            "welfare_received_on": date_cell(welfare),
            "supported_on": date_cell(supported),
            "support": support,
        }
        for k, group, found, ended, eligible, welfare, supported, support in _SPECIAL
    ]
    if variant.supported_all:  # the child found on 20/12/2023 after the violence incident
        late = next(r for r in rows if r["student_id"] == kids["G"])
        late["supported_on"], late["support"] = date_cell(D(2023, 12, 22)), "Tư vấn tâm lý"
    return rows


def _extra_special(stayer: Callable[[], str], count: int) -> Rows:
    """``count`` more children identified in 2023, supported and given welfare in time."""
    rows = []
    for k in range(count):
        found = D(2023, 1 + k % 10, 4 + (3 * k) % 20)
        rows.append(
            {
                "student_id": stayer(),
                "group": ("d", "n", "đ")[k % 3],
                "identified_on": date_cell(found),
                "eligible_for_welfare": bool_cell(True),
                "welfare_received_on": date_cell(found + dt.timedelta(days=40)),
                "supported_on": date_cell(found + dt.timedelta(days=5)),
                "support": "Hỗ trợ chi phí học tập",
            }
        )
    return rows


_CAUSES = (("fall", "school", "Ngã khi chơi"), ("traffic", "road", "Va chạm xe đạp"),
           ("burn", "home", "Bỏng khi nấu ăn"), ("sharp", "home", "Đứt tay khi làm bếp"),
           ("drowning", "public", "Đuối nước, được cứu kịp thời"))  # fmt: skip


def _extra_injuries(stayer: Callable[[], str], count: int) -> Rows:
    """``count`` more children injured once each in 2023, reported and seen to at once."""
    rows = []
    for k in range(max(count, 0)):
        cause, place, text = _CAUSES[k % len(_CAUSES)]
        when = T(2023, 1 + k % 12, 2 + (7 * k) % 26, 7 + k % 10, (13 * k) % 60)
        rows.append(
            {
                "student_id": stayer(),
                "kind": "injury",
                "occurred_on": date_cell(when.date()),
                "cause": cause,
                "place": place,
                "fatal": bool_cell(False),
                "reported_on": date_cell(when),
                "intervened_on": date_cell(when + dt.timedelta(minutes=10)),
                "description": text,
            }
        )
    return rows


def _incident_rows(
    kids: dict[str, str], year1: list[Pupil], stayer: Callable[[], str], variant: Variant
) -> Rows:
    """The incidents of :data:`_INCIDENTS`, each ``"new"`` child a stayer drawn in table order.

    Only the first ``variant.injured`` of the five injured children of 2023 keep their
    injuries; without ``variant.late_intervention`` the 42-hour case is seen to that evening.
    """
    children = {f"hurt{i}": stayer() for i in range(5)}
    children |= {"dead": next(p.sid for p in year1 if p.reason == "death"), "G": kids["G"]}
    kept = {f"hurt{i}" for i in range(min(variant.injured, 5))} | {"new", "dead", "G"}
    rows = []
    for who, kind, occurred, cause, place, fatal, reported, intervened, text in _INCIDENTS:
        child = stayer() if who == "new" else children[who]
        if who not in kept:
            continue
        if not variant.late_intervention and intervened == T(2023, 11, 8, 10, 0):
            intervened = T(2023, 11, 6, 18, 0)
        rows.append(
            {
                "student_id": child,
                "kind": kind,
                "occurred_on": date_cell(occurred),
                "cause": cause,
                "place": place,
                "fatal": bool_cell(fatal),
                "reported_on": date_cell(reported),
                "intervened_on": date_cell(intervened),
                "description": text,
            }
        )
    return rows
