"""Evaluate a workbook against a plan: a loop over the plan's targets, then the results file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from planlib.core.errors import UsageError
from planlib.core.fmt import fmt_date
from planlib.evaluation.indicators import REGISTRY, Context, Counts, NoData
from planlib.evaluation.results import Sections
from planlib.evaluation.sections import evaluate_sections
from planlib.evaluation.stats import ci95, headroom
from planlib.inputs.memo import evaluation_memo
from planlib.inputs.plan import Parameters, Plan, Target
from planlib.inputs.workbook import Workbook

__all__ = [
    "Evaluation",
    "IndicatorResult",
    "evaluate",
    "evaluate_target",
    "figures",
    "status_of",
]

Status = Literal["achieved", "not_achieved", "not_applicable", "no_data"]
SCHEMA = "planlib.results/1"
#: the school fields results.json carries (the head's name and the rest stay in the report)
RESULT_SCHOOL = ("name", "district", "province")


@dataclass(frozen=True)
class IndicatorResult:
    """One target indicator: counts, value, rule, status, interval and headroom."""

    id: str
    numerator: int | None
    denominator: int | None
    factor: int
    value: float | None
    op: str
    threshold: float
    status: Status
    ci95: tuple[float, float] | None
    allowed_max: int | None
    required_min: int | None
    small_numbers: bool
    unit: str
    reference_date: dt.date
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "factor": self.factor,
            "value": self.value,
            "rule": {"op": self.op, "threshold": self.threshold},
            "status": self.status,
            "ci95": list(self.ci95) if self.ci95 is not None else None,
            "allowed_max": self.allowed_max,
            "required_min": self.required_min,
            "small_numbers": self.small_numbers,
            "unit": self.unit,
            "reference_date": self.reference_date.isoformat(),
            "missing": list(self.missing),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class Evaluation:
    """The evaluation of one school's workbook against one plan."""

    plan: Plan
    workbook: Workbook
    start: dt.date
    end: dt.date
    reference: dt.date
    indicators: tuple[IndicatorResult, ...]
    counts: dict[str, Counts] = field(repr=False)
    sections: Sections = field(default_factory=Sections)
    school: dict[str, str] = field(default_factory=dict)

    def indicator(self, indicator_id: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.id == indicator_id)

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        """The ``results.json`` document (stable key order, unrounded values)."""
        return {
            "schema": SCHEMA,
            "plan": {
                "id": self.plan.id,
                "title": self.plan.title(lang),
                "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
                "reference_date": self.reference.isoformat(),
            },
            "school": {k: v for k, v in self.school.items() if k in RESULT_SCHOOL},
            "data": {
                "source": _source_name(self.workbook),
                "sha256": self.workbook.sha256,
                "sample": self.workbook.sample,
            },
            "indicators": [i.to_dict() for i in self.indicators],
            **self.sections.to_dict(),
            "warnings": [
                {"table": w.table, "row": w.row, "column": w.column, "message": w.message(lang)}
                for w in self.workbook.warnings
            ],
        }


def _source_name(workbook: Workbook) -> str:
    """The workbook's file or folder name only: a full path may name a person's folder."""
    if workbook.sample:
        return "sample"
    return workbook.source.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]


def evaluate(
    workbook: Workbook,
    plan: Plan,
    *,
    as_of: dt.date | None = None,
    school: dict[str, str] | None = None,
    district: bool = False,
) -> Evaluation:
    """Evaluate every target of the plan.

    Parameters
    ----------
    workbook
        A checked workbook (:func:`planlib.inputs.workbook.load`).
    plan
        The plan (:func:`planlib.inputs.plan.load_plan`).
    as_of
        Look mid-year: the period ends and the reference date is this day (when earlier than
        the plan's). It must lie within the plan's period.
    school
        Overrides of the plan's school name, district and province.
    district
        Evaluate only what a district compiles of the school (a district run without pages):
        every target, the solution areas' activity totals and the funding (see
        :func:`~planlib.evaluation.sections.evaluate_sections`).

    Raises
    ------
    UsageError
        ``as_of`` lies outside the plan's period (the message names the period).
    """
    _check_as_of(plan, as_of)
    with evaluation_memo():
        return _evaluate(workbook, plan, as_of=as_of, school=school, district=district)


def _evaluate(
    workbook: Workbook,
    plan: Plan,
    *,
    as_of: dt.date | None,
    school: dict[str, str] | None,
    district: bool,
) -> Evaluation:
    start = plan.period.start
    end = plan.period.end if as_of is None else min(plan.period.end, as_of)
    results, counts = [], {}
    for target in plan.targets:
        day = (
            plan.reference_for(target) if as_of is None else min(plan.reference_for(target), as_of)
        )
        result, count = evaluate_target(workbook, plan, target, start=start, end=end, reference=day)
        results.append(result)
        if count is not None:
            counts[target.id] = count
    reference = plan.reference_date if as_of is None else min(plan.reference_date, as_of)
    return Evaluation(
        plan=plan,
        workbook=workbook,
        start=start,
        end=end,
        reference=reference,
        indicators=tuple(results),
        counts=counts,
        sections=evaluate_sections(
            plan, workbook, start=start, end=end, reference=reference, district=district
        ),
        school={
            "name": plan.school.name,
            "district": plan.school.district,
            "province": plan.school.province,
            **(school or {}),
        },
    )


def _check_as_of(plan: Plan, as_of: dt.date | None) -> None:
    """A mid-year look must look inside the plan's period, not before it nor after it."""
    if as_of is None or plan.period.contains(as_of):
        return
    raise UsageError(
        code="as_of_outside",
        as_of=fmt_date(as_of),
        start=fmt_date(plan.period.start),
        end=fmt_date(plan.period.end),
    )


def figures(
    target: Target, numerator: int, denominator: int, parameters: Parameters
) -> dict[str, Any]:
    """Everything a target's rule says of these counts.

    Value, status, 95% interval, headroom and the small-numbers flag, keyed like the fields of
    :class:`IndicatorResult`: the evaluation, the explorer's filters and its what-if panel all
    compute them here.
    """
    n, d = numerator, denominator
    allowed_max, required_min = headroom(target, d)
    return {
        "numerator": n,
        "denominator": d,
        "value": n * target.factor / d if d else None,
        "status": status_of(target, n, d),
        "ci95": ci95(target, n, d),
        "allowed_max": allowed_max,
        "required_min": required_min,
        "small_numbers": d > 0
        and (n < parameters.small_numerator or d < parameters.small_denominator),
    }


def status_of(target: Target, numerator: int, denominator: int) -> Status:
    """The status of counts under a target's rule: ``not_applicable`` when nothing arose."""
    if denominator == 0:
        return "not_applicable"
    return "achieved" if target.holds(numerator, denominator) else "not_achieved"


def evaluate_target(
    workbook: Workbook,
    plan: Plan,
    target: Target,
    *,
    start: dt.date,
    end: dt.date,
    reference: dt.date,
) -> tuple[IndicatorResult, Counts | None]:
    """Evaluate one target; returns its result and the counted units (``None`` if no data)."""
    ctx = Context(
        workbook=workbook,
        target=target,
        parameters=plan.parameters,
        start=pd.Timestamp(start),
        end=pd.Timestamp(end),
        reference=pd.Timestamp(reference),
    )
    base = {
        "id": target.id,
        "factor": target.factor,
        "op": target.op,
        "threshold": _number(target.threshold),
        "unit": target.unit,
        "reference_date": reference,
    }
    try:
        counts = REGISTRY[target.method](ctx)
    except NoData as exc:
        return (
            IndicatorResult(
                **base,
                numerator=None,
                denominator=None,
                value=None,
                status="no_data",
                ci95=None,
                allowed_max=None,
                required_min=None,
                small_numbers=False,
                missing=tuple(exc.missing),
            ),
            None,
        )
    result = IndicatorResult(
        **base, **figures(target, counts.n, counts.d, plan.parameters), notes=counts.notes
    )
    return result, counts


def _number(value: object) -> float:
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number
