"""The typed sections of ``results.json``: solution areas, funding groups, responsibilities.

Each entry is a frozen dataclass whose attribute names are the keys of its ``results.json``
object, in the same order; :meth:`Record.to_dict` gives that object (tuples as lists,
records as objects). Breakdown rows whose columns depend on the breakdown (the harm cases
by kind, cause, place or month) stay JSON-ready dicts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DETAIL_FIELDS",
    "ActivityCount",
    "AreaResult",
    "AreaSpending",
    "Facilities",
    "FundingResult",
    "HarmCases",
    "HeldActivity",
    "KindCount",
    "Learning",
    "LessonCoverage",
    "Measure",
    "Partners",
    "Record",
    "ResponsibilityResult",
    "Sections",
    "SourceFlows",
    "StatusCount",
    "TaskStatus",
]

Number = int | float
Rows = tuple[dict[str, Any], ...]


def _json(value: object) -> object:
    """A field's value as JSON: records as objects, tuples as lists, mappings copied."""
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _json(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Record:
    """A frozen record that is one object of ``results.json``."""

    def _keys(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self) if not f.metadata.get("internal")]

    def to_dict(self) -> dict[str, Any]:
        """The ``results.json`` object: the fields in order, JSON-ready."""
        return {key: _json(getattr(self, key)) for key in self._keys()}


# --- solution areas ------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityCount(Record):
    """Activities of one planned kind: planned, held, and counted (``min(done, planned)``)."""

    kind: str
    planned: int
    done: int
    counted: int


@dataclass(frozen=True)
class HeldActivity(Record):
    """Activities held of a kind the plan does not plan for the area."""

    kind: str
    done: int


@dataclass(frozen=True)
class Partners(Record):
    """The distinct partner organisations of an area's activities."""

    count: int
    names: tuple[str, ...]


@dataclass(frozen=True)
class LessonCoverage(Record):
    """Roster classes covered by integrated lessons, and classes named but not on the roster."""

    classes_covered: int
    classes_total: int
    share: float | None
    classes: tuple[str, ...]
    other_classes: tuple[str, ...]


@dataclass(frozen=True)
class HarmCases(Record):
    """Injury and harm cases of the period: totals and counts by kind, cause, place, month."""

    total: int
    injuries: int
    fatal: int | None
    children: int
    by_kind: Rows | None
    by_cause: Rows | None
    by_place: Rows | None
    by_month: Rows | None


@dataclass(frozen=True)
class Measure(Record):
    """One learning measure this school year against the year before (see ``learning``)."""

    id: str
    numerator: int | None
    denominator: int | None
    value: Number | None
    previous_numerator: int | None
    previous_denominator: int | None
    previous_value: Number | None
    previous_source: str | None
    status: str


@dataclass(frozen=True)
class Learning(Record):
    """Learning results of the school year ending in the plan's period."""

    school_year: str
    previous_school_year: str
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class StatusCount(Record):
    """Construction projects in one status."""

    status: str
    count: int


@dataclass(frozen=True)
class Facilities(Record):
    """The construction projects: their states, square metres done and money mobilised."""

    projects: int
    by_status: tuple[StatusCount, ...]
    m2_done: Number | None
    m2_done_in_period: Number | None
    budget_vnd: Number | None
    mobilized_vnd: Number | None
    mobilised_share: float | None


#: the :class:`AreaResult` attributes holding the blocks of plan details
DETAIL_FIELDS = ("harm_cases", "learning", "facilities")


@dataclass(frozen=True)
class AreaResult(Record):
    """One solution area of the plan.

    ``harm_cases``, ``learning`` and ``facilities`` are the blocks of the area's plan
    ``details`` (``None`` when it has not that detail, or its table is absent); only the
    area's own details appear in ``results.json``.
    """

    id: str
    status: str
    missing: tuple[str, ...]
    planned: int | None
    counted: int | None
    completion: float | None
    activities: tuple[ActivityCount, ...] | None
    unplanned: tuple[HeldActivity, ...] | None
    reach: Mapping[str, int | None] | None
    partners: Partners | None
    integrated_lessons: LessonCoverage | None
    details: tuple[str, ...] = dataclasses.field(default=(), metadata={"internal": True})
    harm_cases: HarmCases | None = None
    learning: Learning | None = None
    facilities: Facilities | None = None

    def _keys(self) -> list[str]:
        keys = [k for k in super()._keys() if k not in DETAIL_FIELDS]
        return keys + [d for d in self.details if d in DETAIL_FIELDS]


# --- funding and responsibilities -----------------------------------------------------------


@dataclass(frozen=True)
class SourceFlows(Record):
    """Planned, received and spent of one funding source."""

    source: str
    planned: Number | None
    received: Number | None
    spent: Number | None


@dataclass(frozen=True)
class AreaSpending(Record):
    """Money of one funding group spent on one solution area (``None``: on no area)."""

    area: str | None
    amount_vnd: Number | None


@dataclass(frozen=True)
class FundingResult(Record):
    """One funding group (F1, F2…): its flows, mobilised share, sources and spending."""

    id: str
    status: str
    missing: tuple[str, ...]
    sources: tuple[str, ...]
    planned: Number | None
    received: Number | None
    spent: Number | None
    mobilised_share: float | None
    by_source: tuple[SourceFlows, ...] | None
    spent_by_area: tuple[AreaSpending, ...] | None


@dataclass(frozen=True)
class TaskStatus(Record):
    """One task of a responsible unit and its status (``completed_on`` ISO date)."""

    id: str
    status: str
    completed_on: str | None


@dataclass(frozen=True)
class KindCount(Record):
    """Activities of one kind."""

    kind: str
    count: int


@dataclass(frozen=True)
class ResponsibilityResult(Record):
    """One responsible unit (R-*): its tasks and its activities in the period."""

    id: str
    status: str
    missing: tuple[str, ...]
    unit: str
    tasks_done: int | None
    tasks_total: int
    tasks: tuple[TaskStatus, ...]
    activities: int | None
    activities_by_kind: tuple[KindCount, ...] | None


@dataclass(frozen=True)
class Sections(Record):
    """The three sections, one entry per area, funding group and responsibility of the plan."""

    solution_areas: tuple[AreaResult, ...] = ()
    funding: tuple[FundingResult, ...] = ()
    responsibilities: tuple[ResponsibilityResult, ...] = ()

    def area(self, area_id: str) -> AreaResult:
        """The entry of one solution area.

        Raises
        ------
        KeyError
            Naming the areas there are.
        """
        for entry in self.solution_areas:
            if entry.id == area_id:
                return entry
        ids = ", ".join(e.id for e in self.solution_areas)
        raise KeyError(f"{area_id!r} is not a solution area (areas: {ids})")
