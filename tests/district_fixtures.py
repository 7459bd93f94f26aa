"""Compiled districts built in the test process, from schools whose counts the test chooses.

Each school is the bundled sample school's ``results.json`` with the counts of some targets
replaced; the district is pooled as the district run pools it
(:func:`planlib.present.district.sample.compile_sample`). Canaries (a head's name, a child's
name in free text) are put where a school's results carry personal data, to show they never
reach the district report.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import cache
from typing import Any

from planlib.evaluation.district import DistrictEvaluation, Submission
from planlib.evaluation.session import open_evaluation
from planlib.present.district.sample import compile_sample

#: a head of school's name put into every school's identity block
HEAD_CANARY = "Hoàng Thị Canarybgh"
#: a child-like name put into free text of a school's results
CHILD_CANARY = "Lê Văn Canarychild"
DISTRICT = {"name": "huyện Phú Vang", "province": "tỉnh Thừa Thiên Huế"}


@cache
def _base() -> tuple[Any, dict[str, Any]]:
    evaluation = open_evaluation(None, None)
    return evaluation.plan, evaluation.to_dict()


def school_results(
    name: str, counts: Mapping[str, tuple[int, int]] | None = None, *, scale: float = 1.0
) -> dict[str, Any]:
    """The sample school's results renamed, with ``counts`` (target -> (num, den)) set."""
    _, base = _base()
    out = copy.deepcopy(base)
    out["school"] = {**base["school"], "name": name, "head": HEAD_CANARY}
    out["warnings"] = [{"message": f"Học sinh {CHILD_CANARY} thiếu ngày sinh", "row": 3}]
    for area in out["solution_areas"]:
        if "partners" in area:
            area["partners"] = {"count": 1, "names": [CHILD_CANARY]}
    for ind in out["indicators"]:
        num, den = (counts or {}).get(ind["id"], (ind["numerator"], ind["denominator"]))
        if ind["id"] not in (counts or {}) and scale != 1.0:
            num, den = round(num * scale), max(1, round(den * scale))
        value = num / den * ind["factor"] if den else None
        ind.update(numerator=num, denominator=den, value=value)
    return out


def district(
    schools: Mapping[str, Mapping[str, tuple[int, int]]],
    *,
    invalid: int = 1,
    failed: int = 1,
    missing: int = 1,
    sample: bool = False,
) -> DistrictEvaluation:
    """A compiled district: the ``ok`` schools with their chosen counts, then ``invalid``,
    ``failed`` and ``missing`` submissions."""
    plan, _ = _base()
    subs = [
        Submission(
            name,
            f"thcs-{i:02d}.xlsx",
            "ok",
            0,
            school_results(name, counts, scale=0.6 + 0.15 * i),
            f"truong-{i:02d}/index.html",
        )
        for i, (name, counts) in enumerate(schools.items(), start=1)
    ]
    subs += [
        Submission(f"Trường THCS Lỗi {i}", f"loi-{i}.xlsx", "invalid", 6 + i)
        for i in range(invalid)
    ]
    subs += [Submission(f"Trường THCS Hỏng {i}", f"hong-{i}", "failed", 1) for i in range(failed)]
    subs += [Submission(f"Trường THCS Vắng {i}", "", "missing") for i in range(missing)]
    evaluation = compile_sample(plan, subs, DISTRICT)
    if not sample:
        from dataclasses import replace

        evaluation = replace(evaluation, sample=False)
    return evaluation


#: five schools; Trường THCS Cao has many injuries (outside the 99,8% limits of T2.1); one
#: death in the district (T2.2: a pooled count of 1)
SCHOOLS = {
    "Trường THCS Một": {"T2.1": (2, 500), "T2.2": (1, 500), "T4": (3, 4)},
    "Trường THCS Cao": {"T2.1": (25, 400), "T4": (6, 6)},
    "Trường THCS Ba": {"T2.1": (1, 300), "T4": (2, 3)},
    "Trường THCS Bốn": {"T2.1": (3, 600), "T4": (5, 7)},
    "Trường THCS Năm": {"T2.1": (0, 450), "T4": (8, 9)},
}


def many_schools(n: int = 20) -> dict[str, dict[str, tuple[int, int]]]:
    """``n`` schools of 300–640 children with injuries around the target, one far above it."""
    schools = {}
    for i in range(n):
        children = 300 + (i * 37) % 340
        injuries = 30 if i == 7 else (i * 5) % 7
        schools[f"Trường THCS Số {i + 1:02d} Phú Vang"] = {"T2.1": (injuries, children)}
    return schools
