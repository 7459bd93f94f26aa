"""The target indicators: small pure functions of the workbook, registered by method name.

Each function receives a :class:`Context` and returns :class:`Counts`: the units counted in the
numerator and in the denominator (one row each, by pseudonymous id, with the attributes used for
disaggregation) and, for event-based indicators, the events behind the numerator. The plan file
binds a target id to a method, so next year's plan reuses these without new code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from planlib.inputs.memo import remembered
from planlib.inputs.plan import Parameters, Target
from planlib.inputs.workbook import Workbook, children_on

__all__ = [
    "DIMENSIONS",
    "REGISTRY",
    "Context",
    "Counts",
    "NoData",
    "disaggregate",
    "register",
    "student_attributes",
]

T = pd.Timestamp
DAY = pd.Timedelta(days=1)
HARM_KINDS = ("child_labour", "maltreatment", "violence", "sexual_abuse")
STUDENT_ATTRIBUTES = ("sex", "grade", "class_name")
#: disaggregation dimensions and where they come from
DIMENSIONS = {
    "sex": "unit",
    "grade": "unit",
    "class_name": "unit",
    "role": "unit",
    "month": "event",
    "cause": "event",
    "place": "event",
    "kind": "event",
}


class NoData(Exception):
    """A table or column the indicator needs is absent."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


@dataclass(frozen=True)
class Context:
    """What an indicator function may look at."""

    workbook: Workbook
    target: Target
    parameters: Parameters
    start: pd.Timestamp  # first day of the period
    end: pd.Timestamp  # last day of the period
    reference: pd.Timestamp  # reference date R

    def need(self, requirements: dict[str, tuple[str, ...]]) -> None:
        missing = self.workbook.missing(requirements)
        if missing:
            raise NoData(missing)

    def table(self, name: str) -> pd.DataFrame:
        return self.workbook.tables[name]

    def in_period(self, dates: pd.Series) -> pd.Series:
        """Whether each date (time of day ignored) falls in the period."""
        days = dates.dt.normalize()
        return ((days >= self.start) & (days <= self.end)).fillna(False).astype(bool)

    def children(self) -> pd.DataFrame:
        """The children of the school on R, one row each, with their attributes."""
        roster = children_on(self.table("students"), self.reference)
        columns = ["student_id", *[c for c in STUDENT_ATTRIBUTES if c in roster.columns]]
        return roster[columns].rename(columns={"student_id": "unit"}).reset_index(drop=True)

    def attributes(self, student_ids: pd.Series) -> pd.DataFrame:
        """Units ``student_ids`` with their sex, grade and class (when students is present)."""
        units = pd.DataFrame({"unit": student_ids.to_numpy()})
        if "students" not in self.workbook.tables:
            return units
        attrs = student_attributes(self.table("students"), self.reference)
        return units.merge(attrs, how="left", left_on="unit", right_index=True)


@dataclass(frozen=True)
class Counts:
    """The units behind an indicator's numerator and denominator.

    ``numerator`` and ``denominator`` have a ``unit`` column (a pseudonymous student, incident
    or staff id) and attribute columns; ``events`` (incident-based indicators) has one row per
    event behind the numerator with ``month``, ``cause``, ``place``, ``kind``.
    """

    numerator: pd.DataFrame
    denominator: pd.DataFrame
    unit: str = "student"
    events: pd.DataFrame | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def n(self) -> int:
        return len(self.numerator)

    @property
    def d(self) -> int:
        return len(self.denominator)


IndicatorFn = Callable[[Context], Counts]
REGISTRY: dict[str, IndicatorFn] = {}


def register(method: str) -> Callable[[IndicatorFn], IndicatorFn]:
    """Register an indicator function under the method name plan files use."""

    def decorate(fn: IndicatorFn) -> IndicatorFn:
        REGISTRY[method] = fn
        return fn

    return decorate


def student_attributes(students: pd.DataFrame, reference: pd.Timestamp) -> pd.DataFrame:
    """Sex, grade and class of each student, indexed by ``student_id``.

    From the roster row whose school year contains ``reference``; otherwise the latest school
    year that began before it; otherwise the earliest.
    """
    day = pd.Timestamp(reference)
    return remembered(
        "student_attributes", students, day, lambda: _student_attributes(students, day)
    )


def _student_attributes(students: pd.DataFrame, reference: pd.Timestamp) -> pd.DataFrame:
    columns = [c for c in STUDENT_ATTRIBUTES if c in students.columns]
    start = students["sy_start"]
    holds = (start <= reference) & (students["sy_end"] >= reference)
    before = start <= reference
    nanos = start.astype("int64")
    ranked = students.assign(
        _holds=holds, _before=before, _recent=nanos.where(before, -nanos)
    ).sort_values(["_holds", "_before", "_recent"], ascending=False, kind="stable")
    return ranked.drop_duplicates("student_id").set_index("student_id")[columns]


# --- the eight methods of the 2023 plan -------------------------------------------------------

SC_COLUMNS = ("student_id", "identified_on")


def _sc_in_period(ctx: Context) -> pd.DataFrame:
    """Special-circumstances rows that hold at some time in the period."""
    sc = ctx.table("special_circumstances")
    ended = sc["ended_on"] if "ended_on" in sc.columns else pd.Series(pd.NaT, index=sc.index)
    mask = (sc["identified_on"] <= ctx.end) & (ended.isna() | (ended >= ctx.start))
    return sc.loc[mask.fillna(False).astype(bool)]


def _units(frame: pd.DataFrame, mask: pd.Series | None = None) -> pd.DataFrame:
    rows = frame if mask is None else frame.loc[mask.to_numpy()]
    return rows.reset_index(drop=True)


@register("special_circumstances_share")
def special_circumstances_share(ctx: Context) -> Counts:
    """Children of R in special circumstances on R, over the children of R (T1.1)."""
    ctx.need({"students": ("student_id", "school_year"), "special_circumstances": SC_COLUMNS})
    children = ctx.children()
    sc = ctx.table("special_circumstances")
    ended = sc["ended_on"] if "ended_on" in sc.columns else pd.Series(pd.NaT, index=sc.index)
    on_r = (sc["identified_on"] <= ctx.reference) & (ended.isna() | (ended > ctx.reference))
    in_sc = set(sc.loc[on_r.fillna(False).astype(bool), "student_id"])
    return Counts(_units(children, children["unit"].isin(in_sc)), children)


@register("special_circumstances_supported")
def special_circumstances_supported(ctx: Context) -> Counts:
    """Children in special circumstances during P that were cared for or supported (T1.2)."""
    ctx.need({"special_circumstances": (*SC_COLUMNS, "supported_on")})
    rows = _sc_in_period(ctx)
    supported = set(rows.loc[(rows["supported_on"] <= ctx.end).fillna(False), "student_id"])
    children = ctx.attributes(pd.Series(sorted(set(rows["student_id"]))))
    return Counts(_units(children, children["unit"].isin(supported)), children)


def _injuries(ctx: Context, *, fatal: bool) -> pd.DataFrame:
    incidents = ctx.table("incidents")
    mask = (incidents["kind"] == "injury") & ctx.in_period(incidents["occurred_on"])
    if fatal:
        mask &= incidents["fatal"].fillna(False).astype(bool)
    events = incidents.loc[mask.fillna(False).astype(bool)]
    return _events(events, "occurred_on")


def _events(incidents: pd.DataFrame, date_column: str) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "event": incidents["incident_id"].to_numpy(),
            "student": incidents["student_id"].to_numpy(),
            "month": incidents[date_column].dt.month.to_numpy(),
            "kind": incidents["kind"].to_numpy(),
        }
    )
    for column in ("cause", "place"):
        if column in incidents.columns:
            out[column] = incidents[column].to_numpy()
    return out


def _injury_counts(ctx: Context, *, fatal: bool) -> Counts:
    required = ("incident_id", "student_id", "kind", "occurred_on", *(("fatal",) if fatal else ()))
    ctx.need({"students": ("student_id", "school_year"), "incidents": required})
    children = ctx.children()
    events = _injuries(ctx, fatal=fatal)
    if ctx.parameters.injury_count == "incidents" and not fatal:
        numerator = ctx.attributes(events["student"]).assign(unit=events["event"].to_numpy())
        return Counts(numerator, children, unit="incident", events=events)
    numerator = ctx.attributes(pd.Series(sorted(set(events["student"]))))
    return Counts(numerator, children, events=events)


@register("injury_rate")
def injury_rate(ctx: Context) -> Counts:
    """Distinct children injured in P (or injuries, by parameter) per children of R (T2.1)."""
    return _injury_counts(ctx, fatal=False)


@register("injury_death_rate")
def injury_death_rate(ctx: Context) -> Counts:
    """Distinct children who died of an injury in P, per children of R (T2.2)."""
    return _injury_counts(ctx, fatal=True)


@register("welfare_received")
def welfare_received(ctx: Context) -> Counts:
    """Eligible children in special circumstances during P who received welfare (T3)."""
    ctx.need(
        {"special_circumstances": (*SC_COLUMNS, "eligible_for_welfare", "welfare_received_on")}
    )
    rows = _sc_in_period(ctx)
    eligible = sorted(set(rows.loc[rows["eligible_for_welfare"].fillna(False), "student_id"]))
    received = set(rows.loc[(rows["welfare_received_on"] <= ctx.end).fillna(False), "student_id"])
    children = ctx.attributes(pd.Series(eligible, dtype=object))
    return Counts(_units(children, children["unit"].isin(received)), children)


@register("timely_intervention")
def timely_intervention(ctx: Context) -> Counts:
    """Harm cases reported in P with intervention within ``timely_hours`` (T4).

    When either time has no clock time the check is made at day precision: timely when
    intervened on the same calendar day as reported or the next (for 12 hours; generally within
    ``ceil(hours / 24)`` days). An incident not intervened by the end of P is not timely.
    """
    columns = ("incident_id", "student_id", "kind", "reported_on", "intervened_on")
    ctx.need({"incidents": columns})
    incidents = ctx.table("incidents")
    cases = incidents.loc[
        incidents["kind"].isin(HARM_KINDS) & ctx.in_period(incidents["reported_on"])
    ]
    reported, intervened = cases["reported_on"], cases["intervened_on"]
    precise = cases["reported_on_has_time"] & cases["intervened_on_has_time"]
    hours = ctx.parameters.timely_hours
    within_hours = (intervened - reported) <= pd.Timedelta(hours=hours)
    days = (intervened.dt.normalize() - reported.dt.normalize()).dt.days
    within_days = days <= max(1, math.ceil(hours / 24))
    by_end = intervened < ctx.end + DAY
    rule = (precise & within_hours) | (~precise & within_days)
    timely = (intervened.notna() & by_end & rule).fillna(False).astype(bool)
    events = _events(cases, "reported_on")
    denominator = ctx.attributes(cases["student_id"]).assign(unit=cases["incident_id"].to_numpy())
    for column in ("kind", "place"):
        if column in events.columns:
            denominator[column] = events[column].to_numpy()
    denominator["month"] = events["month"].to_numpy()
    numerator = _units(denominator, timely)
    notes = ("day_precision",) if (~precise).any() else ()
    return Counts(
        numerator, denominator, unit="incident", events=_units(events, timely), notes=notes
    )


@register("participation_awareness")
def participation_awareness(ctx: Context) -> Counts:
    """Children of R whose latest assessment in P passed (T5).

    ``passed`` decides when given, else ``score ≥ pass_mark``. Several assessments on the
    latest day: passed when any of them passed.
    """
    ctx.need(
        {"students": ("student_id", "school_year"), "awareness": ("student_id", "assessed_on")}
    )
    awareness = ctx.table("awareness")
    if "score" not in awareness.columns and "passed" not in awareness.columns:
        raise NoData(["awareness.score", "awareness.passed"])
    children = ctx.children()
    rows = awareness.loc[ctx.in_period(awareness["assessed_on"])]
    passed = pd.Series(False, index=rows.index)
    decided = pd.Series(False, index=rows.index)
    if "passed" in rows.columns:
        decided = rows["passed"].notna()
        passed = rows["passed"].fillna(False).astype(bool)
    if "score" in rows.columns:
        by_score = (rows["score"] >= ctx.parameters.pass_mark).fillna(False).astype(bool)
        passed = passed.where(decided, by_score)
    latest = rows["assessed_on"] == rows.groupby("student_id")["assessed_on"].transform("max")
    passed_latest = set(rows.loc[latest & passed, "student_id"])
    return Counts(_units(children, children["unit"].isin(passed_latest)), children)


@register("staff_trained")
def staff_trained(ctx: Context) -> Counts:
    """Staff with child-protection duty who had at least one training in P (T6)."""
    ctx.need(
        {
            "staff": ("staff_id", "child_protection_duty"),
            "trainings": ("staff_id", "trained_on"),
        }
    )
    staff = ctx.table("staff")
    duty = staff.loc[staff["child_protection_duty"].fillna(False).astype(bool)]
    columns = ["staff_id", *(["role"] if "role" in duty.columns else [])]
    denominator = duty[columns].rename(columns={"staff_id": "unit"}).reset_index(drop=True)
    trainings = ctx.table("trainings")
    trained = set(trainings.loc[ctx.in_period(trainings["trained_on"]), "staff_id"])
    return Counts(_units(denominator, denominator["unit"].isin(trained)), denominator, unit="staff")


# --- disaggregation ---------------------------------------------------------------------------


def disaggregate(counts: Counts, by: str, *, factor: int = 100) -> pd.DataFrame:
    """Numerator and denominator by one dimension.

    For attributes of the counted units (sex, grade, class, role; and kind, place, month when
    the units are cases, as for T4) each group gets its numerator, denominator and value; for
    event attributes of a population rate (month, cause, place of injuries) the events of the
    numerator are counted (no denominator: the population is not split by month or cause).

    Returns
    -------
    pandas.DataFrame
        Columns ``by``, ``numerator``, ``denominator`` (nullable) and ``value`` (nullable).
    """
    if DIMENSIONS.get(by) == "event" and by not in counts.denominator.columns:
        if counts.events is None or by not in counts.events.columns:
            return _empty(by)
        grouped = counts.events.groupby(by, dropna=False).size().rename("numerator")
        out = grouped.reset_index()
        out["denominator"] = pd.array([pd.NA] * len(out), dtype="Int64")
        out["value"] = pd.array([pd.NA] * len(out), dtype="Float64")
        return out
    if by not in counts.denominator.columns and by not in counts.numerator.columns:
        return _empty(by)
    num = counts.numerator.groupby(by, dropna=False).size() if by in counts.numerator else None
    den = counts.denominator.groupby(by, dropna=False).size() if by in counts.denominator else None
    out = pd.concat({"numerator": num, "denominator": den}, axis=1).fillna(0).astype("Int64")
    value = (out["numerator"] * factor / out["denominator"].replace(0, pd.NA)).astype("Float64")
    out["value"] = value
    return (
        out.reset_index()
        .rename(columns={"index": by})
        .sort_values(by, kind="stable")
        .reset_index(drop=True)
    )


def _empty(by: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            by: pd.Series(dtype=object),
            "numerator": pd.Series(dtype="Int64"),
            "denominator": pd.Series(dtype="Int64"),
            "value": pd.Series(dtype="Float64"),
        }
    )
