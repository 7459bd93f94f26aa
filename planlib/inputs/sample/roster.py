"""The sample school's two rosters (2022-2023, 2023-2024): arrivals, departures and results."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

import numpy as np

from planlib.inputs.sample.cells import SAMPLE, Pupil, Rows, Variant, complete, date_cell, pick

__all__ = ["rosters", "student_rows"]

D = dt.date


def rosters(rng: np.random.Generator, variant: Variant = SAMPLE) -> tuple[list[Pupil], list[Pupil]]:
    """Build the 2022-2023 and 2023-2024 rosters with their movements and results."""
    letters, (low, high) = variant.letters, variant.class_size
    counter = itertools.count(1)

    def pupil(year: int, grade: int, letter: str, enrolled: dt.date | None = None) -> Pupil:
        born = None
        if rng.random() > 0.04:  # a few birth dates left blank
            born = D(year - 5 - grade, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
        sex = "M" if rng.random() < 0.51 else "F"
        return Pupil(f"HS{next(counter):04d}", year, grade, letter, sex, born, enrolled)

    year1 = [
        pupil(2022, grade, letter)
        for grade in (9, 8, 7, 6)
        for letter in letters
        for _ in range(int(rng.integers(low, high)))
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
        (p,) = pick(rng, pool, used, where=lambda p, g=grade: p.grade == g)
        p.left, p.reason = day, reason
    for day in (D(2022, 10, 17), D(2023, 1, 9), D(2023, 2, 13)):  # arrivals during the year
        pick(rng, lower, used)[0].enrolled = day
    for p in pick(rng, lower, used, 3):
        p.outcome, p.learning, p.conduct = "retained", "fail", "pass"
    for p in pick(rng, upper, used, 2):
        p.outcome, p.learning, p.conduct = "not_graduated", "fail", "fair"
    for p in year1:
        if p.left is None and not p.outcome:
            p.learning = str(rng.choice(["good", "fair", "pass"], p=[0.3, 0.42, 0.28]))
            p.conduct = str(rng.choice(["good", "fair", "pass"], p=[0.76, 0.2, 0.04]))
            p.outcome = "graduated" if p.grade == 9 else "promoted"

    year2: list[Pupil] = []
    for p in year1:
        if p.left is None and p.outcome in ("promoted", "retained"):
            up = p.outcome == "promoted"
            letter = p.letter if up else str(rng.choice(list(letters)))
            year2.append(Pupil(p.sid, 2023, p.grade + up, letter, p.sex, p.birth))
    year2 += [pupil(2023, 6, x) for x in letters for _ in range(int(rng.integers(low, high)))]
    year2.append(pupil(2023, 7, str(rng.choice(list(letters))), enrolled=D(2023, 10, 16)))
    year2.append(pupil(2023, 6, str(rng.choice(list(letters))), enrolled=D(2024, 1, 8)))
    used = {p.sid for p in year2 if p.enrolled}
    for grade, day, reason in (
        (7, D(2023, 10, 20), "transfer"),
        (9, D(2023, 12, 4), "dropout"),
        (8, D(2024, 1, 10), "transfer"),  # after the reference date: still a child of it
    ):
        (p,) = pick(rng, year2, used, where=lambda p, g=grade: p.grade == g)
        p.left, p.reason = day, reason
    return year1, year2


def student_rows(rng: np.random.Generator, pupils: Iterable[Pupil]) -> Rows:
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
                "birth_date": date_cell(p.birth),
                "enrolled_on": date_cell(p.enrolled),
                "left_on": date_cell(p.left),
                "left_reason": enum(p.reason, 0.5),
                "learning_result": enum(p.learning, 0.15),
                "conduct_result": enum(p.conduct, 0.15),
                "year_outcome": p.outcome,
                "full_name": f"Học sinh {p.sid}",
            }
        )
    return complete("students", rows)
