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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from planlib.evaluation.evaluate import status_of
from planlib.evaluation.funnel import Model, has_width, model_of, positions
from planlib.evaluation.stats import ci95
from planlib.inputs.plan import Plan, Target

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
    "is_pooled",
    "pool_indicator",
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
        """The ``district.json`` document (schema ``planlib.district/1``, stable key order).

        The keys of ``spec/indicators.md`` first, in its order; then, per indicator, its rule
        and funnel (``factor``, ``op``, ``threshold``, ``unit``, ``centre``, ``centre_is_target``,
        ``model``), per school its ``report`` link, and at the end ``areas``, ``funding`` and
        ``sample``. Values are unrounded. No personal data: a school is its name and its
        file or folder name (never its head's name, never a path).
        """
        return {
            "schema": SCHEMA,
            "plan": {
                "id": self.plan.id,
                "period": {"start": self.period[0], "end": self.period[1]},
            },
            "district": {
                "name": self.district.get("name", ""),
                "province": self.district.get("province", ""),
            },
            "indicators": [_indicator_dict(i) for i in self.indicators],
            "schools": [self._school_dict(s, k) for s, k in self._pooled_index()],
            "areas": [
                {
                    "id": a.id,
                    "planned": a.planned,
                    "counted": a.counted,
                    "completion": a.completion,
                    "by_school": [{"name": n, "completion": c} for n, c in a.by_school],
                }
                for a in self.areas
            ],
            "funding": [
                {
                    "id": f.id,
                    "planned": f.planned,
                    "received": f.received,
                    "spent": f.spent,
                    "by_source": [
                        {"source": src, "planned": pl, "received": rc, "spent": sp}
                        for src, pl, rc, sp in f.by_source
                    ],
                }
                for f in self.funding
            ],
            "sample": self.sample,
        }

    def _pooled_index(self) -> list[tuple[Submission, int | None]]:
        """Each submission with its place among the pooled schools (``None``: not pooled)."""
        places, k = [], 0
        for submission in self.submissions:
            pooled = is_pooled(submission)
            places.append((submission, k if pooled else None))
            k += pooled
        return places

    def school_figures(self, submission: Submission) -> dict[str, SchoolFigure]:
        """One submission's figure per target (empty when it is not pooled)."""
        place = dict((id(s), k) for s, k in self._pooled_index()).get(id(submission))
        return {} if place is None else {i.id: i.schools[place] for i in self.indicators}

    def _school_dict(self, submission: Submission, place: int | None) -> dict[str, Any]:
        figures = {} if place is None else {i.id: i.schools[place] for i in self.indicators}
        return {
            "name": submission.name,
            "source": submission.source,
            "status": submission.status,
            "errors": submission.errors,
            "indicators": {
                target: {
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "value": f.value,
                    "status": f.status,
                }
                for target, f in figures.items()
            },
            "outside_limits": [t for t, f in figures.items() if f.outside998 is not None],
            "report": submission.report,
        }


def _indicator_dict(pooled: PooledIndicator) -> dict[str, Any]:
    return {
        "id": pooled.id,
        "numerator": pooled.numerator,
        "denominator": pooled.denominator,
        "value": pooled.value,
        "ci95": list(pooled.ci95) if pooled.ci95 is not None else None,
        "status": pooled.status,
        "schools_achieved": pooled.schools_achieved,
        "schools_evaluated": pooled.schools_evaluated,
        "factor": pooled.factor,
        "op": pooled.op,
        "threshold": pooled.threshold,
        "unit": pooled.unit,
        "centre": pooled.centre,
        "centre_is_target": pooled.centre_is_target,
        "model": pooled.model,
    }


def compile_district(
    plan: Plan,
    submissions: list[Submission] | tuple[Submission, ...],
    district: Mapping[str, str] | None = None,
) -> DistrictEvaluation:
    """Compile the district: pooled figures, funnels, area completion and funding sums.

    Only the ``ok`` submissions are pooled; ``invalid``, ``failed`` and ``missing`` ones are
    listed with their status and errors and count nowhere else.

    Parameters
    ----------
    plan
        The plan every school was evaluated against.
    submissions
        One per school, in the order the district lists them.
    district
        ``name`` and ``province`` (else taken from the schools' own ``district``/``province``
        when they agree; an empty string when they do not).
    """
    submissions = tuple(submissions)
    pooled = [s for s in submissions if is_pooled(s)]
    first = pooled[0].results["plan"]["period"] if pooled else None
    period = (
        (first["start"], first["end"])
        if first
        else (plan.period.start.isoformat(), plan.period.end.isoformat())
    )
    return DistrictEvaluation(
        plan=plan,
        district=_district_identity(submissions, district),
        period=period,
        submissions=submissions,
        indicators=tuple(pool_indicator(t, pooled) for t in plan.targets),
        areas=tuple(_areas(pooled)),
        funding=tuple(_funding(pooled)),
        sample=any(bool(s.results.get("data", {}).get("sample")) for s in pooled),
    )


def is_pooled(submission: Submission) -> bool:
    """Whether a submission counts in the district's figures: ``ok`` with its results."""
    return submission.status == "ok" and submission.results is not None


def _district_identity(
    submissions: Iterable[Submission], given: Mapping[str, str] | None
) -> dict[str, str]:
    """The given ``name``/``province``, else the schools' own when they all agree."""
    schools = [s.results.get("school", {}) for s in submissions if s.results is not None]
    found = {}
    for key, field_name in (("name", "district"), ("province", "province")):
        values = {str(school.get(field_name) or "").strip() for school in schools}
        found[key] = values.pop() if len(values) == 1 else ""
    return {**found, **{k: v for k, v in (given or {}).items() if k in ("name", "province")}}


def _entry(submission: Submission, target_id: str) -> Mapping[str, Any] | None:
    """The school's figure of one target in its results (``None``: it has none)."""
    return next((i for i in submission.results["indicators"] if i["id"] == target_id), None)


def pool_indicator(target: Target, pooled: Sequence[Submission]) -> PooledIndicator:
    """One target for the district from the ``ok`` submissions (see :class:`PooledIndicator`).

    The pooled counts sum the schools whose indicator has a denominator above 0; the status
    is ``no_data`` when no school had the data, ``not_applicable`` when none had a case.
    """
    entries = [(s.name, _entry(s, target.id)) for s in pooled]
    counted = [e for _, e in entries if e and e.get("denominator")]
    num = sum(int(e["numerator"]) for e in counted)
    den = sum(int(e["denominator"]) for e in counted)
    had_data = any(e is not None and e.get("denominator") is not None for _, e in entries)
    value = num * target.factor / den if den else None
    model = model_of(target.unit)
    threshold = float(target.threshold)
    threshold = int(threshold) if threshold.is_integer() else threshold
    centre_is_target = has_width(threshold, factor=target.factor, model=model)
    centre = threshold if centre_is_target else value
    schools = _school_figures(entries, centre=centre, factor=target.factor, model=model)
    return PooledIndicator(
        id=target.id,
        numerator=num,
        denominator=den,
        factor=target.factor,
        op=target.op,
        threshold=threshold,
        unit=target.unit,
        value=value,
        ci95=ci95(target, num, den),
        status=status_of(target, num, den) if had_data else "no_data",
        schools_achieved=sum(e["status"] == "achieved" for e in counted),
        schools_evaluated=len(counted),
        centre=centre,
        centre_is_target=centre_is_target,
        model=model,
        schools=schools,
    )


def _school_figures(
    entries: Sequence[tuple[str, Mapping[str, Any] | None]],
    *,
    centre: float | None,
    factor: int,
    model: Model,
) -> tuple[SchoolFigure, ...]:
    """Each pooled school's figure of one target, with its side of the 95%/99.8% limits."""
    counts = [
        (int(e["numerator"]), int(e["denominator"]))
        if e and e.get("numerator") is not None and e.get("denominator")
        else (0, 0)
        for _, e in entries
    ]
    nums, dens = [n for n, _ in counts], [d for _, d in counts]
    kw = {"centre": centre, "factor": factor, "model": model}
    sides95 = positions(nums, dens, level=0.95, **kw)
    sides998 = positions(nums, dens, level=0.998, **kw)
    figures = []
    for (name, e), s95, s998 in zip(entries, sides95, sides998, strict=True):
        if e is None:
            figures.append(SchoolFigure(name, None, None, None, "no_data"))
            continue
        figures.append(
            SchoolFigure(
                name, e.get("numerator"), e.get("denominator"), e.get("value"), e["status"],
                s95, s998,
            )
        )  # fmt: skip
    return tuple(figures)


def _areas(pooled: Sequence[Submission]) -> list[AreaCompletion]:
    """Per solution area: summed ``counted`` over summed ``planned``, and each school's."""
    ids: dict[str, None] = {}
    for s in pooled:
        ids |= dict.fromkeys(a["id"] for a in s.results.get("solution_areas") or [])
    areas = []
    for area_id in ids:
        planned = counted = 0
        by_school = []
        for s in pooled:
            entry = next(
                (a for a in s.results.get("solution_areas") or [] if a["id"] == area_id), None
            )
            if entry is not None and entry.get("planned") is not None:
                planned += int(entry["planned"])
                counted += int(entry.get("counted") or 0)
            by_school.append((s.name, entry.get("completion") if entry else None))
        completion = counted / planned if planned else None
        areas.append(AreaCompletion(area_id, planned, counted, completion, tuple(by_school)))
    return areas


def _funding(pooled: Sequence[Submission]) -> list[FundingSum]:
    """Per funding group: planned, received and spent summed, and by source."""
    groups: dict[str, dict[str, list[float]]] = {}
    totals: dict[str, list[float]] = {}
    for s in pooled:
        for entry in s.results.get("funding") or []:
            total = totals.setdefault(entry["id"], [0, 0, 0])
            sources = groups.setdefault(entry["id"], {})
            for i, key in enumerate(("planned", "received", "spent")):
                total[i] += entry.get(key) or 0
            for row in entry.get("by_source") or []:
                sums = sources.setdefault(row["source"], [0, 0, 0])
                for i, key in enumerate(("planned", "received", "spent")):
                    sums[i] += row.get(key) or 0
    return [
        FundingSum(group, *totals[group], by_source=tuple((src, *v) for src, v in sources.items()))
        for group, sources in groups.items()
    ]
