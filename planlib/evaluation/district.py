"""A district's schools compiled: pooled figures, funnel limits, completion and funding sums.

The district office (Phòng GD&ĐT) sends the province the sum of its schools. Everything here is
computed from each school's ``results.json`` document (:meth:`Evaluation.to_dict`), so a school
whose report is unchanged since the last district run is compiled from its kept results without
being evaluated again. A pooled figure is exactly the sum of the valid schools' numerators over
the sum of their denominators; a school is compared with the others on a funnel plot
(:mod:`planlib.evaluation.funnel`), never in a league table of raw rates.

Data model (frozen): :class:`Submission` (one school as the district run ended it) →
:func:`compile_district` → :class:`DistrictEvaluation` (with :meth:`~DistrictEvaluation.to_dict`,
the ``district.json`` document, schema ``planlib.district/1``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from planlib.inputs.plan import Plan

__all__ = [
    "SCHEMA",
    "AreaCompletion",
    "DistrictEvaluation",
    "FundingSum",
    "PooledIndicator",
    "SchoolFigure",
    "Submission",
    "SubmissionStatus",
    "compile_district",
]

SCHEMA = "planlib.district/1"

#: ``ok``: evaluated and its report written (or kept); ``invalid``: its data breaks the contract;
#: ``failed``: a notebook of its report failed; ``missing``: listed but not received
SubmissionStatus = Literal["ok", "invalid", "failed", "missing"]


@dataclass(frozen=True)
class Submission:
    """One school's submission, as the district run ended it.

    Parameters
    ----------
    name
        The school's name (its ``Thông tin trường`` sheet, else the file or folder name).
    source
        The workbook's file or folder name only (never a path: a path may name a person).
    status
        How it ended (:data:`SubmissionStatus`).
    errors
        Problems found in its data (``invalid``) or notebooks that failed (``failed``); 0 else.
    results
        Its ``results.json`` document when ``ok`` (also the ``failed`` school's, when its
        evaluation succeeded: it is not pooled), else ``None``.
    report
        Link to its report's index page, relative to the district report's folder
        (``truong-thcs-a/index.html``), or ``None`` when it has none.
    """

    name: str
    source: str
    status: SubmissionStatus
    errors: int = 0
    results: Mapping[str, Any] | None = None
    report: str | None = None


@dataclass(frozen=True)
class SchoolFigure:
    """One school on one target: its counts, value and status, and where the funnel puts it.

    ``outside95``/``outside998``: ``"above"`` or ``"below"`` when the school's value lies
    outside the 95% / 99.8% control limits at its denominator, else ``None``.
    """

    school: str
    numerator: int | None
    denominator: int | None
    value: float | None
    status: str
    outside95: Literal["above", "below"] | None = None
    outside998: Literal["above", "below"] | None = None


@dataclass(frozen=True)
class PooledIndicator:
    """One target for the district: the pooled figure, its schools and its funnel.

    Parameters
    ----------
    id
        The target's id (``T2.1``).
    numerator, denominator
        Sums over the ``ok`` schools whose indicator has a denominator.
    factor, op, threshold, unit
        The target's rule, as in the plan.
    value
        ``numerator / denominator × factor`` (``None`` when the denominator is 0).
    ci95
        Its 95% interval (the same method as a school's: :func:`planlib.evaluation.stats.ci95`).
    status
        The pooled value against the target (:func:`planlib.evaluation.evaluate.status_of`).
    schools_achieved, schools_evaluated
        How many ``ok`` schools achieved it, of those whose indicator has a denominator.
    centre
        The funnel's centre: the target, or the pooled value where the target (0 or 100%)
        gives a funnel no width.
    centre_is_target
        Whether ``centre`` is the target.
    model
        ``binomial`` (a proportion) or ``poisson`` (a rate per 10.000).
    schools
        One figure per ``ok`` school, in submission order.
    """

    id: str
    numerator: int
    denominator: int
    factor: int
    op: str
    threshold: float
    unit: str
    value: float | None
    ci95: tuple[float, float] | None
    status: str
    schools_achieved: int
    schools_evaluated: int
    centre: float | None
    centre_is_target: bool
    model: Literal["binomial", "poisson"]
    schools: tuple[SchoolFigure, ...] = ()


@dataclass(frozen=True)
class AreaCompletion:
    """One solution area: each school's completion and the district's (pooled counts)."""

    id: str
    planned: int
    counted: int
    completion: float | None
    by_school: tuple[tuple[str, float | None], ...] = ()


@dataclass(frozen=True)
class FundingSum:
    """One funding group: planned, received and spent summed over the schools, by source."""

    id: str
    planned: float
    received: float
    spent: float
    by_source: tuple[tuple[str, float, float, float], ...] = ()


@dataclass(frozen=True)
class DistrictEvaluation:
    """A district's schools compiled against one plan (what the district report presents)."""

    plan: Plan
    district: Mapping[str, str]
    period: tuple[str, str]
    submissions: tuple[Submission, ...]
    indicators: tuple[PooledIndicator, ...]
    areas: tuple[AreaCompletion, ...] = ()
    funding: tuple[FundingSum, ...] = ()
    sample: bool = False
    meta: Mapping[str, Any] = field(default_factory=dict)

    def indicator(self, indicator_id: str) -> PooledIndicator:
        """The pooled figure of one target."""
        return next(i for i in self.indicators if i.id == indicator_id)

    def to_dict(self) -> dict[str, Any]:
        """The ``district.json`` document (schema ``planlib.district/1``, stable key order)."""
        raise NotImplementedError  # filled in by the district-evaluation step


def compile_district(
    plan: Plan,
    submissions: list[Submission] | tuple[Submission, ...],
    district: Mapping[str, str] | None = None,
) -> DistrictEvaluation:
    """Compile the district: pooled figures, funnels, area completion and funding sums.

    Parameters
    ----------
    plan
        The plan every school was evaluated against.
    submissions
        One per school, in the order the district lists them.
    district
        ``name`` and ``province`` (else taken from the schools' own ``district``/``province``
        when they agree).
    """
    raise NotImplementedError  # filled in by the district-evaluation step
