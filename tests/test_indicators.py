"""Indicator functions: exact thresholds, headroom, intervals, and properties under hypothesis."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planlib.core.contract import TABLES
from planlib.evaluation.evaluate import evaluate
from planlib.evaluation.indicators import disaggregate
from planlib.evaluation.stats import ci95, headroom, poisson_exact_ci, wilson_ci
from planlib.inputs.plan import Target
from planlib.inputs.readers import read_rows
from planlib.inputs.workbook import parse_raw

TODAY = dt.date(2024, 6, 30)


def target(op: str, threshold: str, unit: str = "percent") -> Target:
    return Target(
        id="X",
        method="staff_trained",
        unit=unit,
        op=op,
        threshold=Decimal(threshold),
        label={"vi": "x"},
    )


# --- exact rules and headroom ---------------------------------------------------------------


def test_threshold_is_exact_at_the_boundary():
    t11 = target("<", "1.5")
    assert not t11.holds(3, 200)  # 1,5% is not below 1,5%
    assert t11.holds(2, 200)
    assert target(">=", "85").holds(17, 20)  # 85% meets "at least 85%"
    assert not target(">=", "85").holds(16, 20)
    # 0.1 + 0.2 style float traps: 7/466.666… — use a denominator where floats would round
    assert not target("<", "60", "per_10000").holds(3, 500)  # 60/10.000 exactly


def test_headroom_examples_from_the_spec():
    assert headroom(target("<", "1.8", "per_10000"), 600) == (0, None)
    assert headroom(target("<", "60", "per_10000"), 612) == (3, None)
    assert headroom(target("<", "1.5"), 200) == (2, None)
    assert headroom(target(">=", "85"), 20) == (None, 17)
    assert headroom(target(">=", "100"), 4) == (None, 4)
    assert headroom(target("<", "0"), 50) == (None, None)
    assert headroom(target("<", "1.5"), 0) == (None, None)


def test_intervals_come_from_scipy_and_match_known_values():
    # the spec's example: 2 injured of 612 children → [3.96, 118.0] per 10.000
    low, high = ci95(target("<", "60", "per_10000"), 2, 612)
    assert math.isclose(low, 3.96, abs_tol=0.005) and math.isclose(high, 118.0, abs_tol=0.1)
    # Wilson 18/20 (statsmodels-known value 0.6990–0.9721)
    low, high = wilson_ci(18, 20)
    assert (round(low, 4), round(high, 4)) == (0.699, 0.9721)
    assert poisson_exact_ci(0)[0] == 0.0


@given(
    op=st.sampled_from(["<", "<=", ">", ">="]),
    threshold=st.decimals(min_value=0, max_value=200, places=2),
    unit=st.sampled_from(["percent", "per_10000"]),
    denominator=st.integers(min_value=1, max_value=5000),
    data=st.data(),
)
def test_status_is_consistent_with_headroom(op, threshold, unit, denominator, data):
    t = target(op, str(threshold), unit)
    numerator = data.draw(st.integers(min_value=0, max_value=denominator))
    allowed_max, required_min = headroom(t, denominator)
    holds = t.holds(numerator, denominator)
    if t.upper_bound:
        assert required_min is None
        assert holds == (allowed_max is not None and numerator <= allowed_max)
        if allowed_max is not None:
            assert t.holds(allowed_max, denominator) and not t.holds(allowed_max + 1, denominator)
    else:
        assert allowed_max is None
        assert holds == (numerator >= required_min)
        if required_min > 0:
            assert not t.holds(required_min - 1, denominator)
    exact = Fraction(numerator * t.factor, denominator)
    assert (
        holds
        == {
            "<": exact < Fraction(threshold),
            "<=": exact <= Fraction(threshold),
            ">": exact > Fraction(threshold),
            ">=": exact >= Fraction(threshold),
        }[op]
    )


@given(
    unit=st.sampled_from(["percent", "per_10000"]),
    denominator=st.integers(min_value=1, max_value=3000),
    data=st.data(),
)
def test_value_lies_within_its_interval(unit, denominator, data):
    numerator = data.draw(st.integers(min_value=0, max_value=denominator))
    t = target("<", "1", unit)
    low, high = ci95(t, numerator, denominator)
    value = numerator * t.factor / denominator
    assert low <= value + 1e-9 and value <= high + 1e-9
    assert low >= 0


# --- random workbooks --------------------------------------------------------------------------

CLASSES = ["6A", "6B", "7A", "8A", "9A"]
KINDS = ["injury", "violence", "sexual_abuse", "maltreatment", "child_labour", "exploitation"]


def _day(draw, start=dt.date(2022, 9, 1), end=dt.date(2024, 5, 31)) -> dt.date:
    return draw(st.dates(min_value=start, max_value=end))


@st.composite
def workbooks(draw) -> dict[str, list[dict[str, str]]]:
    """A small school as CSV-like rows: roster, special circumstances, incidents, assessments."""
    n = draw(st.integers(min_value=1, max_value=40))
    students, sc, incidents, awareness = [], [], [], []
    for i in range(n):
        sid = f"S{i:03d}"
        klass = draw(st.sampled_from(CLASSES))
        row = {
            "student_id": sid,
            "school_year": "2023-2024",
            "grade": klass[0],
            "class_name": klass,
            "sex": draw(st.sampled_from(["M", "F", "Nam", "Nữ"])),
        }
        if draw(st.integers(0, 9)) == 0:
            row["left_on"] = _day(draw, dt.date(2023, 9, 2), dt.date(2024, 5, 31)).strftime(
                "%d/%m/%Y"
            )
            row["left_reason"] = "transfer"
        students.append(row)
        if draw(st.integers(0, 4)) == 0:
            identified = _day(draw)
            sc.append(
                {
                    "student_id": sid,
                    "group": draw(st.sampled_from(["a", "d", "đ", "k"])),
                    "identified_on": identified.strftime("%d/%m/%Y"),
                    "eligible_for_welfare": draw(st.sampled_from(["Có", "Không"])),
                    "welfare_received_on": draw(st.sampled_from(["", "01/06/2023", "15/01/2024"])),
                    "supported_on": draw(st.sampled_from(["", "02/02/2023", "20/12/2023"])),
                }
            )
        for k in range(draw(st.integers(0, 2))):
            kind = draw(st.sampled_from(KINDS))
            occurred = _day(draw)
            reported = dt.datetime.combine(occurred, dt.time(draw(st.integers(0, 20)), 0))
            delay = dt.timedelta(hours=draw(st.integers(0, 40)))
            incidents.append(
                {
                    "incident_id": f"I{i:03d}-{k}",
                    "student_id": sid,
                    "kind": kind,
                    "occurred_on": occurred.strftime("%d/%m/%Y"),
                    "cause": "fall" if kind == "injury" else "",
                    "place": draw(st.sampled_from(["school", "home", "road", ""])),
                    "fatal": "Không",
                    "reported_on": reported.strftime("%d/%m/%Y %H:%M"),
                    "intervened_on": draw(
                        st.sampled_from([(reported + delay).strftime("%d/%m/%Y %H:%M"), ""])
                    ),
                }
            )
        for _ in range(draw(st.integers(0, 2))):
            awareness.append(
                {
                    "student_id": sid,
                    "assessed_on": _day(draw).strftime("%d/%m/%Y"),
                    "score": str(draw(st.integers(0, 10))),
                    "passed": draw(st.sampled_from(["", "Có", "Không"])),
                }
            )
    return {
        "students": students,
        "special_circumstances": sc,
        "incidents": incidents,
        "awareness": awareness,
    }


def _evaluate(tables, plan):
    raw = read_rows(tables, source="test")
    return evaluate(parse_raw(raw, today=TODAY, task_ids=plan.task_ids), plan)


def _indicators(evaluation) -> list[dict]:
    return [i.to_dict() for i in evaluation.indicators]


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(tables=workbooks(), seed=st.integers(0, 2**16))
def test_invariant_to_row_order(plan, tables, seed):
    shuffled = {name: random.Random(seed).sample(rows, len(rows)) for name, rows in tables.items()}
    assert _indicators(_evaluate(tables, plan)) == _indicators(_evaluate(shuffled, plan))


@SETTINGS
@given(tables=workbooks())
def test_results_are_coherent(plan, tables):
    evaluation = _evaluate(tables, plan)
    for result in evaluation.indicators:
        if result.status == "no_data":
            assert result.numerator is None and result.missing
            continue
        assert result.numerator >= 0
        if result.denominator == 0:
            assert result.status == "not_applicable" and result.value is None
            continue
        assert math.isclose(result.value, result.numerator * result.factor / result.denominator)
        low, high = result.ci95
        assert low - 1e-9 <= result.value <= high + 1e-9
        if result.allowed_max is not None:
            assert (result.status == "achieved") == (result.numerator <= result.allowed_max)
        if result.required_min is not None:
            assert (result.status == "achieved") == (result.numerator >= result.required_min)
        counts = evaluation.counts[result.id]
        if result.unit == "percent":  # proportions: numerator units are denominator units
            assert set(counts.numerator["unit"]) <= set(counts.denominator["unit"])
        for by in ("sex", "grade", "class_name"):
            table = disaggregate(counts, by, factor=result.factor)
            if len(table):
                assert table["numerator"].sum() == result.numerator
                if result.unit == "percent":
                    assert table["denominator"].sum() == result.denominator


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(tables=workbooks())
def test_csv_and_xlsx_give_identical_results(plan, tables, tmp_path_factory):
    from planlib.apps.template import write_template
    from planlib.inputs.workbook import load

    folder = tmp_path_factory.mktemp("csv")
    # the template writes every sheet of the contract, so the CSV side gets every table too
    for table in TABLES:
        columns = [c.id for c in table.columns]
        rows = tables.get(table.id, [])
        lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
        (folder / f"{table.id}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    xlsx = folder.parent / f"{folder.name}.xlsx"
    write_template(xlsx, rows=tables)
    from_csv = evaluate(load(folder, today=TODAY), plan)
    from_xlsx = evaluate(load(xlsx, today=TODAY), plan)
    assert _indicators(from_csv) == _indicators(from_xlsx)


# --- the definitions, row by row --------------------------------------------------------------


def _students(n: int, year: str = "2023-2024") -> list[dict[str, str]]:
    return [
        {"student_id": f"S{i}", "school_year": year, "grade": "6", "class_name": "6A", "sex": "F"}
        for i in range(n)
    ]


def test_t4_timeliness_in_hours_and_at_day_precision(plan):
    def case(i, reported, intervened, kind="violence"):
        return {
            "incident_id": f"I{i}",
            "student_id": "S0",
            "kind": kind,
            "occurred_on": reported[:10],
            "reported_on": reported,
            "intervened_on": intervened,
        }

    incidents = [
        case(1, "01/03/2023 08:00", "01/03/2023 20:00"),  # exactly 12 h: timely
        case(2, "01/03/2023 08:00", "01/03/2023 20:01"),  # 12 h 1 min: late
        case(3, "03/08/2023", "04/08/2023"),  # next day at day precision: timely
        case(4, "03/08/2023", "05/08/2023"),  # two days later: late
        case(5, "28/12/2023 16:00", ""),  # never intervened: late
        case(6, "31/12/2023 22:00", "01/01/2024 06:00"),  # intervened after P: not timely
        case(7, "27/12/2022", "27/12/2022"),  # reported before P: not counted
        case(8, "01/06/2023", "01/06/2023", kind="exploitation"),  # not a T4 kind
    ]
    evaluation = _evaluate({"students": _students(1), "incidents": incidents}, plan)
    t4 = evaluation.indicator("T4")
    assert (t4.numerator, t4.denominator) == (2, 6)
    assert sorted(evaluation.counts["T4"].numerator["unit"]) == ["I1", "I3"]
    assert "day_precision" in t4.notes


def test_t5_latest_assessment_in_period_decides(plan):
    awareness = [
        {"student_id": "S0", "assessed_on": "15/11/2023", "score": "8"},
        {"student_id": "S0", "assessed_on": "20/12/2023", "score": "3"},  # latest: fails
        {"student_id": "S1", "assessed_on": "15/11/2023", "score": "5"},  # = pass mark: passes
        {"student_id": "S1", "assessed_on": "10/01/2024", "score": "1"},  # after P: ignored
        {"student_id": "S2", "assessed_on": "15/11/2023", "score": "9", "passed": "Không"},
    ]
    t5 = _evaluate({"students": _students(4), "awareness": awareness}, plan).indicator("T5")
    assert (t5.numerator, t5.denominator) == (1, 4)


def test_missing_table_gives_no_data_and_empty_population_not_applicable(plan):
    evaluation = _evaluate({"students": _students(3)}, plan)
    statuses = {i.id: i.status for i in evaluation.indicators}
    assert (
        statuses["T1.1"] == "no_data"
        and "special_circumstances" in evaluation.indicator("T1.1").missing
    )
    assert statuses["T6"] == "no_data"
    empty = _evaluate({"students": _students(3), "special_circumstances": []}, plan)
    assert empty.indicator("T1.2").status == "not_applicable"


def test_injury_count_by_incidents_parameter(plan):
    injuries = [
        {
            "incident_id": f"I{i}",
            "student_id": "S0",
            "kind": "injury",
            "occurred_on": "01/03/2023",
            "cause": "fall",
        }
        for i in range(3)
    ]
    tables = {"students": _students(10), "incidents": injuries}
    assert _evaluate(tables, plan).indicator("T2.1").numerator == 1
    by_incident = plan.model_copy(
        update={"parameters": plan.parameters.model_copy(update={"injury_count": "incidents"})}
    )
    assert _evaluate(tables, by_incident).indicator("T2.1").numerator == 3


def test_disaggregation_by_month_and_cause(plan):
    injuries = [
        {
            "incident_id": "I1",
            "student_id": "S0",
            "kind": "injury",
            "occurred_on": "01/03/2023",
            "cause": "fall",
            "place": "school",
        },
        {
            "incident_id": "I2",
            "student_id": "S1",
            "kind": "injury",
            "occurred_on": "05/03/2023",
            "cause": "traffic",
            "place": "road",
        },
        {
            "incident_id": "I3",
            "student_id": "S1",
            "kind": "injury",
            "occurred_on": "09/10/2023",
            "cause": "fall",
            "place": "home",
        },
    ]
    evaluation = _evaluate({"students": _students(5), "incidents": injuries}, plan)
    counts = evaluation.counts["T2.1"]
    by_month = disaggregate(counts, "month").set_index("month")["numerator"].to_dict()
    assert by_month == {3: 2, 10: 1}
    by_cause = disaggregate(counts, "cause").set_index("cause")["numerator"].to_dict()
    assert by_cause == {"fall": 2, "traffic": 1}
    by_sex = disaggregate(counts, "sex", factor=10_000)
    assert by_sex.to_dict("records") == [
        {"sex": "F", "numerator": 2, "denominator": 5, "value": 4000.0}
    ]


@pytest.mark.parametrize("reference", ["2023-12-31", "2023-10-01"])
def test_children_of_reference_date(plan, reference):
    students = [
        *_students(3),
        {
            "student_id": "L",
            "school_year": "2023-2024",
            "grade": "7",
            "class_name": "7A",
            "sex": "M",
            "left_on": "15/11/2023",
            "left_reason": "transfer",
        },
        {
            "student_id": "E",
            "school_year": "2023-2024",
            "grade": "7",
            "class_name": "7A",
            "sex": "M",
            "enrolled_on": "01/12/2023",
        },
        {
            "student_id": "G",
            "school_year": "2022-2023",
            "grade": "9",
            "class_name": "9A",
            "sex": "M",
        },
    ]
    as_of = dt.date.fromisoformat(reference)
    raw = read_rows({"students": students, "awareness": []}, source="t")
    evaluation = evaluate(parse_raw(raw, today=TODAY), plan, as_of=as_of)
    expected = {"2023-12-31": {"S0", "S1", "S2", "E"}, "2023-10-01": {"S0", "S1", "S2", "L"}}
    assert set(evaluation.counts["T5"].denominator["unit"]) == expected[reference]
