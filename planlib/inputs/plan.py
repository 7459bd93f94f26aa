"""The plan as data: typed, frozen models built from a YAML plan file.

A plan file (``parameters/plan_2023.yaml``) holds the targets with their thresholds, the
solution areas with the school's own planned activities, funding sources and the tasks of each
responsible unit. Next year's plan is a new file, not new code. A wrong key or value is a
:class:`~planlib.core.errors.PlanError` naming its key path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from planlib.core.errors import PlanError, PlanProblem
from planlib.core.i18n import has_problem

__all__ = [
    "FACTORS",
    "Detail",
    "Plan",
    "Target",
    "default_plan_path",
    "load_plan",
    "parse_mapping",
    "read_mapping",
    "validation_problems",
    "written",
]

FACTORS = {"percent": 100, "per_10000": 10_000, "per_100000": 100_000}
ActivityKind = Literal[
    "communication",
    "coordination",
    "training",
    "screening",
    "visit_gift",
    "integrated_lesson",
    "counselling",
    "parent_meeting",
    "contest",
    "extracurricular",
    "other",
]
Unit = Literal["board", "pioneers", "health", "teachers", "union", "other"]
Source = Literal["regular_budget", "organization", "business", "individual"]
#: what a solution area shows beyond its activities (the evaluation and the pages each keep a
#: registry of these names: what to compute, what to show)
Detail = Literal["partners", "harm_cases", "learning", "facilities"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Model):
    """A text in Vietnamese, with its English version."""

    vi: str
    en: str = ""

    def __call__(self, lang: str = "vi") -> str:
        return self.en if lang == "en" and self.en else self.vi


class School(_Model):
    name: str
    district: str = ""
    province: str = ""
    place: str = ""  # the place of the date line: "<place>, ngày ... tháng ... năm ..."


class Period(_Model):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise PydanticCustomError("period_order", "end must not be before start")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Parameters(_Model):
    timely_hours: Annotated[float, Field(gt=0)] = 12
    pass_mark: Annotated[float, Field(ge=0, le=10)] = 5
    injury_count: Literal["children", "incidents"] = "children"
    small_numerator: Annotated[int, Field(ge=0)] = 10
    small_denominator: Annotated[int, Field(ge=0)] = 300


class Target(_Model):
    """One measurable target: ``value = numerator / denominator × factor``, compared by ``op``."""

    id: str
    method: str
    unit: Literal["percent", "per_10000", "per_100000"]
    op: Literal["<", "<=", ">", ">="]
    threshold: Annotated[Decimal, Field(ge=0)]
    label: Text
    wording: str = ""
    reference_date: dt.date | None = None

    @property
    def factor(self) -> int:
        return FACTORS[self.unit]

    @property
    def upper_bound(self) -> bool:
        """True when the rule caps the value (``<``, ``<=``)."""
        return self.op in ("<", "<=")

    def holds(self, numerator: int, denominator: int) -> bool:
        """The rule, exactly: rational arithmetic, so 3/200 is not below 1,5%."""
        value = Fraction(numerator * self.factor, denominator)
        threshold = Fraction(self.threshold)
        return {
            "<": value < threshold,
            "<=": value <= threshold,
            ">": value > threshold,
            ">=": value >= threshold,
        }[self.op]


class Baseline(_Model):
    school_year: str | None = None
    good_fair_share: Annotated[float, Field(ge=0, le=1)] | None = None
    promotion_rate: Annotated[float, Field(ge=0, le=1)] | None = None
    graduation_rate: Annotated[float, Field(ge=0, le=1)] | None = None
    dropouts: Annotated[int, Field(ge=0)] | None = None


class SolutionArea(_Model):
    """One solution area: its planned activities and the details its page shows.

    ``details`` chooses what the area evaluates and shows beyond its activities, in this
    order: ``partners`` (the partner organisations, also when there are none),
    ``harm_cases`` (injury and harm cases), ``learning`` (learning results against the
    previous school year, compared with ``baseline``) and ``facilities`` (construction
    projects).
    """

    id: Annotated[str, Field(pattern=r"^S\d+$")]
    label: Text
    school_set: bool = True
    planned: dict[ActivityKind, Annotated[int, Field(ge=0)]] = {}
    baseline: Baseline | None = None
    details: tuple[Detail, ...] = ()

    @field_validator("details")
    @classmethod
    def _distinct_details(cls, details: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(details)) != len(details):
            raise ValueError(f"a detail is listed twice (got {list(details)})")
        return details


class Funding(_Model):
    id: str
    label: Text
    sources: tuple[Source, ...]


class Task(_Model):
    id: str
    label: Text


class Responsibility(_Model):
    id: str
    unit: Unit
    label: Text
    tasks: tuple[Task, ...]


class Plan(_Model):
    """A yearly child protection and care plan."""

    schema_: Literal["planlib.plan/1"] = Field(alias="schema")
    id: str
    title: Text
    issued_under: tuple[str, ...] = ()
    school: School
    period: Period
    reference_date: dt.date
    parameters: Parameters = Parameters()
    general_objective: Text
    targets: tuple[Target, ...]
    solution_areas: tuple[SolutionArea, ...] = ()
    funding: tuple[Funding, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    directions: Text = Text(vi="")

    @field_validator("targets", "solution_areas", "funding", "responsibilities")
    @classmethod
    def _unique_ids(cls, items: tuple[BaseModel, ...]) -> tuple[BaseModel, ...]:
        seen: set[str] = set()
        for item in items:
            item_id = item.id  # type: ignore[attr-defined]
            if item_id in seen:
                raise PydanticCustomError(
                    "duplicate_id", "duplicate id {id}", {"id": repr(item_id)}
                )
            seen.add(item_id)
        return items

    @property
    def task_ids(self) -> tuple[str, ...]:
        return tuple(task.id for resp in self.responsibilities for task in resp.tasks)

    def target(self, target_id: str) -> Target:
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(f"{target_id!r} is not a target of plan {self.id}")

    def area(self, area_id: str) -> SolutionArea:
        for area in self.solution_areas:
            if area.id == area_id:
                return area
        ids = ", ".join(a.id for a in self.solution_areas)
        raise KeyError(f"{area_id!r} is not a solution area of plan {self.id} (areas: {ids})")

    def reference_for(self, target: Target) -> dt.date:
        return target.reference_date or self.reference_date


#: pydantic's error contexts a message shows (the allowed values, a bound...)
_CONTEXT = ("expected", "gt", "ge", "lt", "le", "pattern", "id")
#: pydantic error types that share one message
_SAME_REASON = {
    "float_parsing": "decimal_parsing",
    "date_from_datetime_parsing": "date_parsing",
    "dict_type": "model_type",
}


def validation_problems(
    exc: ValidationError,
    document: object = None,
    *,
    codes: Mapping[str, str] | None = None,
) -> list[PlanProblem]:
    """One :class:`PlanProblem` per pydantic error, its reason a code of the catalogue.

    The code is ``plan.<pydantic error type>`` when the catalogue has it, else
    ``plan.value_error``; the offending value is kept, as the user wrote it, unless the key
    is missing.

    Parameters
    ----------
    exc
        pydantic's error.
    document
        The mapping validated: an item of a list with an ``id`` is then also named by its id
        (``targets[0].threshold (T1.1)``).
    codes
        Codes that replace pydantic's for this kind of file (a parameter file's own words).
    """
    problems = []
    for err in exc.errors():
        loc = tuple("schema" if p == "schema_" else p for p in err["loc"])
        code = _SAME_REASON.get(err["type"], err["type"])
        code = (codes or {}).get(code, code)
        if not has_problem(f"plan.{code}"):
            code = "value_error"
        context = err.get("ctx") or {}
        params = {k: _shown(context[k]) for k in _CONTEXT if k in context}
        value = None if err["type"] == "missing" else written(err["input"])
        path = _key_path(loc)
        shown = _key_path(loc, document)
        problems.append(PlanProblem(path, code, params, value, shown if shown != path else None))
    return problems


def written(value: object) -> str:
    """A value as the user wrote it in YAML: ``2023-12-31``, not ``datetime.date(2023, 12, 31)``.

    Text keeps its quotes (``'sáu mươi'``), so that an empty or spaced value is visible.
    """
    if isinstance(value, str):
        return repr(value)
    try:
        text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    except yaml.YAMLError:
        return repr(value)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _shown(value: object) -> str:
    """A context value as a message shows it: pydantic's "'a', 'b' or 'c'" as a plain list."""
    return str(value).replace("' or '", "', '")


def read_mapping(path: Path) -> dict[object, object]:
    """A YAML plan file that must hold a mapping (:func:`parse_mapping` of its bytes).

    Raises
    ------
    PlanError
        When the file cannot be read, is not text, is not YAML or holds no mapping.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = PlanProblem("", "unreadable", {"reason": exc.strerror or type(exc).__name__})
        raise PlanError(str(path), [problem]) from None
    return parse_mapping(data, str(path))


def parse_mapping(
    data: bytes,
    source: str,
    *,
    kind: Literal["plan", "parameters"] = "plan",
    lang: str = "vi",
) -> dict[object, object]:
    """The mapping a plan or parameter file holds: the one reader of both kinds of file.

    The bytes are decoded like a school's CSV file
    (:func:`planlib.inputs.readers.decode_bytes`): UTF-8 with or without BOM, UTF-16 with BOM
    (Notepad's "Unicode"), else Windows-1258; anything else is not a text file.

    Parameters
    ----------
    data
        The file's bytes.
    source
        The file's path, as messages name it.
    kind
        Which kind of file it is (the heading of the error message says it).
    lang
        The language of ``str(error)``.

    Raises
    ------
    PlanError
        When the file is not text, is not YAML or holds no mapping (an empty parameter file is
        an empty mapping).
    """
    from planlib.inputs.readers import decode_bytes

    def fail(problem: PlanProblem) -> PlanError:
        return PlanError(source, [problem], kind=kind, lang=lang)

    text, _encoding = decode_bytes(data)
    if text is None:
        raise fail(PlanProblem("", "not_text"))
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise fail(PlanProblem("", "invalid_yaml", {"detail": str(exc)})) from None
    if document is None and kind == "parameters":
        return {}
    if not isinstance(document, dict):
        raise fail(PlanProblem("", "not_mapping"))
    return document


def _key_path(loc: tuple[int | str, ...], document: object = None) -> str:
    """``targets[2].threshold``; with the document, ``targets[2].threshold (T2.1)``.

    The ids of the list items on the way (``responsibilities[0].tasks[1] (R1 › NV2)``) are
    what the user searches the file for.
    """
    path, ids = "", []
    node = document
    for part in loc:
        item = node[part] if _has(node, part) else None
        if isinstance(part, int):
            path += f"[{part}]"
            item_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(item_id, str | int) and str(item_id):
                ids.append(str(item_id))
        else:
            path += f".{part}" if path else str(part)
        node = item
    return f"{path} ({' › '.join(ids)})" if ids else path


def _has(node: object, part: int | str) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def default_plan_path() -> Path:
    """The bundled 2023 plan file, ``parameters/plan_2023.yaml``."""
    return Path(__file__).resolve().parents[2] / "parameters" / "plan_2023.yaml"


def load_plan(path: Path | str | None = None, *, methods: Collection[str] = ()) -> Plan:
    """Load and validate a plan file.

    ``methods`` are the indicator methods that exist (the evaluation layer passes its
    registry: :func:`planlib.evaluation.session.open_plan`); when given, a target naming
    another method is an error.

    Raises
    ------
    PlanError
        Naming the key path of every wrong key or value.
    """
    path = Path(path) if path is not None else default_plan_path()
    document = read_mapping(path)
    try:
        plan = Plan.model_validate(document)
    except ValidationError as exc:
        raise PlanError(str(path), validation_problems(exc, document)) from None
    if methods:
        _check_methods(plan, str(path), methods)
    return plan


def _check_methods(plan: Plan, source: str, methods: Collection[str]) -> None:
    problems = [
        PlanProblem(
            f"targets[{i}].method",
            "unknown_method",
            {"method": repr(target.method), "methods": ", ".join(sorted(methods))},
            shown_path=f"targets[{i}].method ({target.id})",
        )
        for i, target in enumerate(plan.targets)
        if target.method not in methods
    ]
    if problems:
        raise PlanError(source, problems)
