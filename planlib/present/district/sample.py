"""A small sample district for notebook ``95_district_report`` run on its own.

With ``context_path = None`` the notebook still runs (as it is stored, in the tests): it shows
a district of a few schools made from the bundled sample school. Each school's figures are
drawn (seeded) around the sample school's own rates, scaled to the school's size, and then
compiled the way the district run compiles real schools: pooled sums, 95% intervals, statuses
and the funnel's 99.8% limits. Everything it shows is marked DỮ LIỆU MẪU.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import numpy as np

from planlib.evaluation.district import (
    AreaCompletion,
    DistrictEvaluation,
    FundingSum,
    PooledIndicator,
    SchoolFigure,
    Submission,
)
from planlib.evaluation.evaluate import status_of
from planlib.evaluation.session import open_evaluation
from planlib.evaluation.stats import ci95
from planlib.inputs.plan import Plan
from planlib.present.district.limits import count_position

__all__ = ["SAMPLE_SCHOOLS", "compile_sample", "sample_district"]

#: the sample district's schools (names of the sample data, not real reports)
SAMPLE_SCHOOLS = (
    "Trường THCS Phú Thượng",
    "Trường THCS Phú Mỹ",
    "Trường THCS Vinh Thanh",
    "Trường THCS Phú Đa",
    "Trường THCS Vinh Hà",
)
_SAMPLE_CHILDREN = 604


def _school_results(base: Mapping[str, Any], name: str, size: int, rng, boost: float):
    """The sample school's ``results.json`` redrawn for a school of ``size`` children."""
    out = copy.deepcopy(dict(base))
    out["school"] = {**base["school"], "name": name}
    scale = size / _SAMPLE_CHILDREN
    for ind in out["indicators"]:
        den = max(1, round(ind["denominator"] * scale))
        p = ind["numerator"] / ind["denominator"] if ind["denominator"] else 0.0
        if ind["unit"] == "percent":
            num = int(rng.binomial(den, min(1.0, p)))
        else:
            num = int(rng.poisson(den * p * boost))
        ind.update(numerator=num, denominator=den, value=num / den * ind["factor"])
    for area in out["solution_areas"]:
        if area.get("planned"):
            share = min(1.0, (area["counted"] or 0) / area["planned"] + 0.1)
            area["counted"] = int(rng.binomial(area["planned"], share))
            area["completion"] = area["counted"] / area["planned"]
    for group in out["funding"]:
        for key in ("planned", "received", "spent"):
            group[key] = round(group[key] * scale, -4)
        for row in group["by_source"]:
            for key in ("planned", "received", "spent"):
                row[key] = round(row[key] * scale, -4)
    return out


def sample_district(seed: int = 2023) -> DistrictEvaluation:
    """The sample district: five schools, one invalid, one whose report failed, one missing."""
    evaluation = open_evaluation(None, None)
    base = evaluation.to_dict()
    rng = np.random.default_rng(seed)
    submissions = []
    for i, name in enumerate(SAMPLE_SCHOOLS):
        size = int(rng.integers(280, 650))
        results = _school_results(base, name, size, rng, boost=4.0 if i == 1 else 1.0)
        # no report link: the sample district's schools have no reports of their own
        submissions.append(Submission(name, f"thcs-{i + 1:02d}.xlsx", "ok", 0, results))
    submissions += [
        Submission("Trường THCS Phú An", "thcs-phu-an.xlsx", "invalid", 7),
        Submission("Trường THCS Phú Xuân", "thcs-phu-xuan", "failed", 1),
        Submission("Trường THCS Vinh Xuân", "", "missing"),
    ]
    district = {"name": base["school"]["district"], "province": base["school"]["province"]}
    return compile_sample(evaluation.plan, submissions, district)


def _figure(
    target: Any, school: str, ind: Mapping[str, Any], centre: float | None, model: Any
) -> SchoolFigure:
    num, den = ind["numerator"], ind["denominator"]
    value = num / den * target.factor if den else None
    where = {}
    if value is not None and centre is not None:
        for level, key in ((0.95, "outside95"), (0.998, "outside998")):
            where[key] = count_position(
                num, den, centre, factor=target.factor, model=model, level=level
            )
    return SchoolFigure(school, num, den, value, status_of(target, num, den), **where)


def _pooled(plan: Plan, target: Any, ok: list[Submission]) -> PooledIndicator:
    rows = [
        (s.name, i)
        for s in ok
        for i in s.results["indicators"]  # type: ignore[index]
        if i["id"] == target.id and i["denominator"] is not None
    ]
    num = sum(i["numerator"] for _, i in rows)
    den = sum(i["denominator"] for _, i in rows)
    value = num / den * target.factor if den else None
    model = "binomial" if target.unit == "percent" else "poisson"
    flat = target.unit == "percent" and target.threshold in (0, 100)
    centre = value if flat else float(target.threshold)
    figures = tuple(_figure(target, name, ind, centre, model) for name, ind in rows)
    return PooledIndicator(
        id=target.id,
        numerator=num,
        denominator=den,
        factor=target.factor,
        op=target.op,
        threshold=float(target.threshold),
        unit=target.unit,
        value=value,
        ci95=ci95(target, num, den),
        status=status_of(target, num, den),
        schools_achieved=sum(f.status == "achieved" for f in figures),
        schools_evaluated=len(figures),
        centre=centre,
        centre_is_target=not flat,
        model=model,
        schools=figures,
    )


def _areas(plan: Plan, ok: list[Submission]) -> tuple[AreaCompletion, ...]:
    out = []
    for area in plan.solution_areas:
        entries = [
            (s.name, next(a for a in s.results["solution_areas"] if a["id"] == area.id))  # type: ignore[index]
            for s in ok
        ]
        planned = sum(e.get("planned") or 0 for _, e in entries)
        counted = sum(e.get("counted") or 0 for _, e in entries)
        by_school = tuple((name, e.get("completion")) for name, e in entries)
        out.append(
            AreaCompletion(
                area.id, planned, counted, counted / planned if planned else None, by_school
            )
        )
    return tuple(out)


def _funding(plan: Plan, ok: list[Submission]) -> tuple[FundingSum, ...]:
    out = []
    for group in plan.funding:
        entries = [
            next(f for f in s.results["funding"] if f["id"] == group.id)  # type: ignore[index]
            for s in ok
        ]
        sources: dict[str, list[float]] = {}
        for entry in entries:
            for row in entry["by_source"]:
                sums = sources.setdefault(row["source"], [0.0, 0.0, 0.0])
                for k, key in enumerate(("planned", "received", "spent")):
                    sums[k] += row[key]
        out.append(
            FundingSum(
                group.id,
                sum(e["planned"] for e in entries),
                sum(e["received"] for e in entries),
                sum(e["spent"] for e in entries),
                tuple((source, *sums) for source, sums in sources.items()),  # type: ignore[misc]
            )
        )
    return tuple(out)


def compile_sample(
    plan: Plan, submissions: list[Submission], district: Mapping[str, str]
) -> DistrictEvaluation:
    """Pool the ``ok`` submissions as the district run does (sums, intervals, limits)."""
    ok = [s for s in submissions if s.status == "ok" and s.results is not None]
    return DistrictEvaluation(
        plan=plan,
        district=dict(district),
        period=(plan.period.start.isoformat(), plan.period.end.isoformat()),
        submissions=tuple(submissions),
        indicators=tuple(_pooled(plan, target, ok) for target in plan.targets),
        areas=_areas(plan, ok),
        funding=_funding(plan, ok),
        sample=True,
    )
