"""Tests of the sections (:mod:`planlib.evaluation.sections` and the modules it assembles).

Each workbook is a handful of rows written as CSV files and loaded by
:func:`planlib.inputs.workbook.load`,
so every expected number can be worked out by hand from the rows beside it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planlib.core.i18n import t
from planlib.evaluation.activities import (
    activities_by_kind,
    activity_progress,
    completion,
    integrated_lesson_coverage,
    partners,
    reach_by_group,
)
from planlib.evaluation.details import harm_cases, learning_results, school_year_ending_in
from planlib.evaluation.funding import funding_flows, spending_by_area
from planlib.evaluation.indicators import NoData
from planlib.evaluation.responsibilities import responsibility_tasks
from planlib.evaluation.results import Sections
from planlib.evaluation.sections import evaluate_sections as _evaluate_sections
from planlib.inputs.memo import evaluation_memo
from planlib.inputs.plan import Plan, default_plan_path, load_plan
from planlib.inputs.readers import read_rows
from planlib.inputs.workbook import Workbook, load, parse_raw

START, END = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
TODAY = dt.date(2024, 6, 30)
PLAN = load_plan()

Rows = list[dict[str, str]]


@dataclass(frozen=True)
class Ev:
    """What :func:`planlib.evaluation.sections.evaluate_sections` is given."""

    plan: Plan
    workbook: Workbook
    start: dt.date = START
    end: dt.date = END
    reference: dt.date = END


def typed_sections(ev: Ev) -> Sections:
    return _evaluate_sections(
        ev.plan, ev.workbook, start=ev.start, end=ev.end, reference=ev.reference
    )


def evaluate_sections(ev: Ev) -> dict:
    """The sections as ``results.json`` holds them."""
    return typed_sections(ev).to_dict()


def write_tables(folder: Path, tables: dict[str, Rows]) -> Path:
    """Write each table as ``<table>.csv`` (header = the union of the rows' keys)."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        header = list(dict.fromkeys(key for row in rows for key in row))
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def load_tables(folder: Path, tables: dict[str, Rows]) -> Workbook:
    return load(write_tables(folder, tables), today=TODAY, task_ids=PLAN.task_ids)


def student(sid: str, year: str, grade: int, cls: str, **extra: str) -> dict[str, str]:
    return {
        "student_id": sid,
        "school_year": year,
        "grade": str(grade),
        "class_name": cls,
        "sex": "F",
        "full_name": f"Nguyễn Văn {sid}",
        **extra,
    }


def activity(aid: str, day: str, area: str, kind: str, unit: str = "pioneers", **extra: str):
    return {
        "activity_id": aid,
        "held_on": day,
        "area": area,
        "unit": unit,
        "kind": kind,
        "title": f"Hoạt động bí mật {aid}",
        "evidence": f"Minh chứng riêng {aid}",
        **extra,
    }


ROSTER = [
    student("A1", "2023-2024", 6, "6A"),
    student("A2", "2023-2024", 6, "6B"),
    student("A3", "2023-2024", 7, "7A"),
    student("A4", "2023-2024", 7, "7A"),
]

ACTIVITIES = [
    # S1 plans communication 4, parent_meeting 2, extracurricular 1.
    *(activity(f"C{i}", f"0{i}/03/2023", "S1", "communication") for i in range(1, 7)),
    activity("PM1", "10/04/2023", "S1", "parent_meeting", parents_reached="40"),
    activity("O1", "11/04/2023", "S1", "other", students_reached="3"),
    activity("O2", "12/04/2023", "S1", "other", students_reached="1", staff_reached="2"),
    activity("OLD", "20/12/2022", "S1", "communication", students_reached="99"),  # before P
    # S2 plans coordination 3, extracurricular 2, visit_gift 2.
    activity(
        "K1",
        "01/06/2023",
        "S2",
        "coordination",
        unit="board",
        partners="Công an xã; Đoàn xã",
        community_reached="30",
    ),
    activity(
        "K2",
        "02/06/2023",
        "S2",
        "coordination",
        unit="board",
        partners="công an  xã",
        community_reached="12",
    ),
    activity("K3", "03/12/2022", "S2", "coordination", unit="board", partners="Hội Phụ nữ xã"),
    # S5 plans integrated_lesson 8.
    activity("L1", "05/10/2023", "S5", "integrated_lesson", unit="teachers", classes="6a; 7A"),
    activity("L2", "06/10/2023", "S5", "integrated_lesson", unit="teachers", classes="7A;9Z"),
    activity("L3", "06/10/2022", "S5", "integrated_lesson", unit="teachers", classes="6B"),
]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    folder = tmp_path_factory.mktemp("book")
    return load_tables(folder, {"students": ROSTER, "activities": ACTIVITIES})


def section(sections: dict, name: str, entry_id: str) -> dict:
    return next(e for e in sections[name] if e["id"] == entry_id)


# --- activities -------------------------------------------------------------------------------


def test_progress_caps_over_done_kinds_and_lists_unplanned(book):
    progress = activity_progress(book, PLAN, "S1", START, END)
    assert progress.to_dict("records") == [
        {"kind": "communication", "planned": 4, "done": 6, "counted": 4, "in_plan": True},
        {"kind": "parent_meeting", "planned": 2, "done": 1, "counted": 1, "in_plan": True},
        {"kind": "extracurricular", "planned": 1, "done": 0, "counted": 0, "in_plan": True},
        {"kind": "other", "planned": 0, "done": 2, "counted": 0, "in_plan": False},
    ]
    assert completion(progress) == pytest.approx(5 / 7)


def test_area_entry(book):
    s1 = section(evaluate_sections(Ev(PLAN, book)), "solution_areas", "S1")
    assert list(s1)[:3] == ["id", "status", "missing"]
    assert s1["status"] == "evaluated" and s1["missing"] == []
    assert (s1["planned"], s1["counted"]) == (7, 5)
    assert s1["completion"] == 5 / 7
    assert s1["activities"][0] == {"kind": "communication", "planned": 4, "done": 6, "counted": 4}
    assert s1["unplanned"] == [{"kind": "other", "done": 2}]
    # OLD (2022) is outside P: its 99 students are not counted.
    assert s1["reach"] == {"students": 4, "parents": 40, "staff": 2, "community": 0}


def test_partners_are_distinct_organisations_in_period(book):
    found = partners(book, START, END, area="S2")
    assert found.to_dict("records") == [
        {"partner": "Công an xã", "activities": 2},
        {"partner": "Đoàn xã", "activities": 1},
    ]
    s2 = section(evaluate_sections(Ev(PLAN, book)), "solution_areas", "S2")
    assert s2["partners"] == {"count": 2, "names": ["Công an xã", "Đoàn xã"]}
    assert s2["completion"] == 2 / 7
    reach = reach_by_group(book, START, END, unit="board").set_index("group")["reached"]
    assert reach["community"] == 42


def test_integrated_lessons_cover_classes_of_the_reference_date(book):
    coverage = integrated_lesson_coverage(book, START, END, END)
    assert coverage[["class_name", "on_roster", "lessons"]].to_dict("records") == [
        {"class_name": "6A", "on_roster": True, "lessons": 1},
        {"class_name": "6B", "on_roster": True, "lessons": 0},  # its lesson was in 2022
        {"class_name": "7A", "on_roster": True, "lessons": 2},
        {"class_name": "9Z", "on_roster": False, "lessons": 1},
    ]
    s5 = section(evaluate_sections(Ev(PLAN, book)), "solution_areas", "S5")
    assert s5["integrated_lessons"] == {
        "classes_covered": 2,
        "classes_total": 3,
        "share": 2 / 3,
        "classes": ["6A", "7A"],
        "other_classes": ["9Z"],
    }


def test_area_with_nothing_planned_has_no_completion(book):
    s6 = section(evaluate_sections(Ev(PLAN, book)), "solution_areas", "S6")
    assert (s6["planned"], s6["completion"], s6["activities"]) == (0, None, [])


# --- S4 ---------------------------------------------------------------------------------------


def incident(iid: str, day: str, kind: str, **extra: str) -> dict[str, str]:
    row = {"incident_id": iid, "student_id": "A1", "kind": kind, "occurred_on": day, **extra}
    if kind != "injury":
        row.setdefault("reported_on", day)
    row["description"] = f"Mô tả riêng tư {iid}"
    return row


def test_harm_cases_by_cause_place_month(tmp_path):
    incidents = [
        incident("I1", "03/02/2023", "injury", cause="fall", place="school"),
        incident("I2", "20/02/2023", "injury", cause="fall", place="home"),
        incident("I3", "05/07/2023", "injury", cause="drowning", place="public", fatal="Có"),
        incident("I4", "09/07/2023", "violence", place="school"),
        incident("I5", "30/12/2022", "injury", cause="traffic", place="road"),  # before P
    ]
    # The child of the fatal injury died (a roster without `left_on` trips the loader's
    # fatal-incident check in planlib.inputs.workbook, reported separately).
    roster = [*ROSTER[1:], {**ROSTER[0], "left_on": "05/07/2023", "left_reason": "death"}]
    wb = load_tables(tmp_path, {"students": roster, "incidents": incidents})
    assert harm_cases(wb, START, END, "cause").to_dict("records") == [
        {"cause": "fall", "kind": "injury", "count": 2},
        {"cause": "drowning", "kind": "injury", "count": 1},
        {"cause": None, "kind": "violence", "count": 1},
    ]
    s4 = section(evaluate_sections(Ev(PLAN, wb)), "solution_areas", "S4")
    harm = s4["harm_cases"]
    assert (harm["total"], harm["injuries"], harm["fatal"], harm["children"]) == (4, 3, 1, 1)
    assert harm["by_kind"] == [{"kind": "injury", "count": 3}, {"kind": "violence", "count": 1}]
    assert harm["by_month"] == [
        {"month": "2023-02", "kind": "injury", "count": 2},
        {"month": "2023-07", "kind": "injury", "count": 1},
        {"month": "2023-07", "kind": "violence", "count": 1},
    ]
    assert harm["by_place"][0] == {"place": "school", "kind": "injury", "count": 1}
    assert s4["status"] == "no_data" and s4["missing"] == ["activities"]


# --- S5 ---------------------------------------------------------------------------------------


def s5_roster() -> Rows:
    """2022-2023: good+fair 3/6, promoted 3/4, graduated 2/2, 1 dropout.
    2021-2022: good+fair 4/7, promoted 4/6, graduated 1/1, 2 dropouts."""
    rows = []
    results = ["good", "fair", "fair", "pass", "pass", "fail"]
    outcomes = ["promoted", "promoted", "promoted", "retained", "graduated", "graduated"]
    for i, (result, outcome) in enumerate(zip(results, outcomes, strict=True)):
        grade = 9 if outcome == "graduated" else 6 + i % 3
        rows.append(
            student(
                f"N{i}",
                "2022-2023",
                grade,
                f"{grade}A",
                learning_result=result,
                year_outcome=outcome,
            )
        )
    rows.append(student("N9", "2022-2023", 7, "7A", left_on="01/03/2023", left_reason="dropout"))
    old = ["good", "good", "fair", "fair", "pass", "fail", "fail"]
    old_outcomes = ["promoted"] * 4 + ["retained"] * 2 + ["graduated"]
    for i, (result, outcome) in enumerate(zip(old, old_outcomes, strict=True)):
        grade = 9 if outcome == "graduated" else 6 + i % 3
        rows.append(
            student(
                f"P{i}",
                "2021-2022",
                grade,
                f"{grade}B",
                learning_result=result,
                year_outcome=outcome,
            )
        )
    for sid, day in (("P7", "10/10/2021"), ("P8", "15/08/2022")):
        rows.append(student(sid, "2021-2022", 8, "8B", left_on=day, left_reason="dropout"))
    return rows


def measures(frame) -> dict[str, dict]:
    return {row["measure"]: row for row in frame.to_dict("records")}


def test_school_year_ending_in_the_plan_year():
    assert school_year_ending_in(START, END) == "2022-2023"
    assert school_year_ending_in(dt.date(2023, 9, 1), END) is None


def test_learning_results_against_previous_year_from_students(tmp_path):
    wb = load_tables(tmp_path, {"students": s5_roster()})
    got = measures(learning_results(wb, PLAN, "2022-2023"))
    assert {m: got[m]["status"] for m in got} == {
        "good_fair_share": "declined",  # 1/2 < 4/7
        "promotion_rate": "improved",  # 3/4 > 2/3
        "graduation_rate": "held",  # 2/2 == 1/1
        "dropouts": "improved",  # 1 < 2
    }
    assert (got["promotion_rate"]["numerator"], got["promotion_rate"]["denominator"]) == (3, 4)
    assert got["promotion_rate"]["value"] == 0.75
    assert got["good_fair_share"]["previous_value"] == 4 / 7
    assert got["dropouts"]["value"] == 1 and got["dropouts"]["previous_value"] == 2
    assert {row["previous_source"] for row in got.values()} == {"students"}


def plan_with_baseline(**baseline: object) -> Plan:
    document = yaml.safe_load(default_plan_path().read_text(encoding="utf-8"))
    s5 = next(area for area in document["solution_areas"] if area["id"] == "S5")
    s5["baseline"].update(baseline)
    return Plan.model_validate(document)


def test_learning_results_fall_back_to_the_plan_baseline(tmp_path):
    current_only = [row for row in s5_roster() if row["school_year"] == "2022-2023"]
    wb = load_tables(tmp_path, {"students": current_only})
    plan = plan_with_baseline(good_fair_share=0.5, promotion_rate=0.8, dropouts=1)
    got = measures(learning_results(wb, plan, "2022-2023"))
    assert {m: got[m]["status"] for m in got} == {
        "good_fair_share": "held",  # 3/6 == 0.5 exactly
        "promotion_rate": "declined",  # 3/4 < 0.8
        "graduation_rate": "no_data",  # the baseline has none
        "dropouts": "held",
    }
    assert got["promotion_rate"]["previous_source"] == "baseline"
    assert got["graduation_rate"]["previous_source"] is None
    # A baseline of another school year is not the previous year: not used.
    other = plan_with_baseline(school_year="2020-2021", good_fair_share=0.5)
    assert measures(learning_results(wb, other, "2022-2023"))["good_fair_share"]["status"] == (
        "no_data"
    )


def test_learning_ties_are_exact(tmp_path):
    """1/3 against a baseline of 0.3333333333333333 is not a tie: the decimal is smaller."""
    rows = [
        student(f"X{i}", "2022-2023", 6, "6A", learning_result=r)
        for i, r in enumerate(["good", "pass", "fail"])
    ]
    wb = load_tables(tmp_path, {"students": rows})
    plan = plan_with_baseline(good_fair_share=1 / 3)
    assert measures(learning_results(wb, plan, "2022-2023"))["good_fair_share"]["status"] == (
        "improved"
    )


def test_s5_entry(tmp_path):
    wb = load_tables(tmp_path, {"students": s5_roster()})
    s5 = section(evaluate_sections(Ev(PLAN, wb)), "solution_areas", "S5")
    learning = s5["learning"]
    assert (learning["school_year"], learning["previous_school_year"]) == ("2022-2023", "2021-2022")
    assert [m["id"] for m in learning["measures"]] == [
        "good_fair_share",
        "promotion_rate",
        "graduation_rate",
        "dropouts",
    ]
    assert next(iter(learning["measures"][0])) == "id"


# --- S6 ---------------------------------------------------------------------------------------


def test_facilities(tmp_path):
    projects = [
        {"project_id": "CT1", "name": "Sân chơi bí mật", "kind": "playground", "status": "done",
         "area_m2": "250", "budget_vnd": "300.000.000", "mobilized_vnd": "300.000.000",
         "completed_on": "25/08/2023"},
        {"project_id": "CT2", "name": "Nhà đa năng", "kind": "covered_ground", "status": "done",
         "area_m2": "100,5", "budget_vnd": "100.000.000", "mobilized_vnd": "100.000.000",
         "completed_on": "01/05/2022"},
        {"project_id": "CT3", "name": "Bãi tập", "kind": "covered_ground",
         "status": "fundraising", "area_m2": "400", "budget_vnd": "600.000.000",
         "mobilized_vnd": "50.000.000"},
    ]  # fmt: skip
    wb = load_tables(tmp_path, {"students": ROSTER, "facilities": projects})
    block = section(evaluate_sections(Ev(PLAN, wb)), "solution_areas", "S6")["facilities"]
    assert block == {
        "projects": 3,
        "by_status": [
            {"status": "planned", "count": 0},
            {"status": "fundraising", "count": 1},
            {"status": "building", "count": 0},
            {"status": "done", "count": 2},
        ],
        "m2_done": 350.5,
        "m2_done_in_period": 250,
        "budget_vnd": 1_000_000_000,
        "mobilized_vnd": 450_000_000,
        "mobilised_share": 0.45,
    }


# --- F1, F2 -----------------------------------------------------------------------------------


def entry(eid: str, day: str, source: str, flow: str, amount: str, area: str = "") -> dict:
    return {"entry_id": eid, "entry_on": day, "source": source, "flow": flow,
            "amount_vnd": amount, "area": area, "purpose": f"Nội dung riêng {eid}"}  # fmt: skip


FUNDING = [
    entry("K1", "05/01/2023", "regular_budget", "planned", "10.000.000"),
    entry("K2", "10/03/2023", "regular_budget", "spent", "1.500.000", "S1"),
    entry("K3", "11/03/2023", "regular_budget", "spent", "2.500.000", "S3"),
    entry("K4", "12/03/2023", "regular_budget", "spent", "500.000"),
    entry("K5", "01/06/2023", "business", "received", "20.000.000"),
    entry("K6", "02/06/2023", "individual", "received", "5.000.000"),
    entry("K7", "03/06/2023", "organization", "spent", "3.000.000", "S2"),
    entry("K8", "20/12/2022", "regular_budget", "spent", "9.999.000", "S1"),  # before P
]


def test_funding_sums_per_flow_and_source(tmp_path):
    wb = load_tables(tmp_path, {"students": ROSTER, "funding": FUNDING})
    flows = funding_flows(wb, PLAN, START, END).set_index(["source", "flow"])["amount_vnd"]
    assert flows[("regular_budget", "spent")] == 4_500_000
    assert flows[("business", "planned")] == 0
    sections = evaluate_sections(Ev(PLAN, wb))
    f1, f2 = section(sections, "funding", "F1"), section(sections, "funding", "F2")
    assert list(f1)[:3] == ["id", "status", "missing"]
    assert (f1["planned"], f1["received"], f1["spent"]) == (10_000_000, 0, 4_500_000)
    assert f1["mobilised_share"] == 0.0
    assert f1["spent_by_area"][0] == {"area": "S1", "amount_vnd": 1_500_000}
    assert f1["spent_by_area"][-1] == {"area": None, "amount_vnd": 500_000}
    assert (f2["planned"], f2["received"], f2["spent"]) == (0, 25_000_000, 3_000_000)
    assert f2["mobilised_share"] is None  # nothing planned
    assert f2["by_source"] == [
        {"source": "organization", "planned": 0, "received": 0, "spent": 3_000_000},
        {"source": "business", "planned": 0, "received": 20_000_000, "spent": 0},
        {"source": "individual", "planned": 0, "received": 5_000_000, "spent": 0},
    ]
    spent = spending_by_area(wb, PLAN, START, END)
    assert spent["amount_vnd"].sum() == 7_500_000


funding_rows = st.lists(
    st.tuples(
        st.sampled_from(["regular_budget", "business", "individual", "organization"]),
        st.sampled_from(["planned", "received", "spent"]),
        st.integers(0, 10**9),
        st.sampled_from(["", "S1", "S2", "S6"]),
        st.dates(dt.date(2022, 11, 1), dt.date(2024, 2, 1)),
    ),
    max_size=20,
)


@settings(max_examples=40, deadline=None)
@given(rows=funding_rows)
def test_funding_sums_are_the_rows_sums(rows):
    """Every cell of the spending grid and of the by-source flows is the sum of its rows."""
    funding = [
        entry(f"K{i}", day.strftime("%d/%m/%Y"), source, flow, str(amount), area)
        for i, (source, flow, amount, area, day) in enumerate(rows)
    ]
    wb = in_memory({"students": ROSTER, "funding": funding} if funding else {"students": ROSTER})
    if not funding:
        return
    held = [r for r in rows if START <= r[4] <= END]
    spent = spending_by_area(wb, PLAN, START, END)
    for group in PLAN.funding:
        mine = spent.loc[spent["funding"] == group.id]
        assert list(mine["area"]) == [*(a.id for a in PLAN.solution_areas), None]
        for area, amount in zip(mine["area"], mine["amount_vnd"], strict=True):
            assert amount == sum(
                a for s, f, a, ar, _ in held
                if f == "spent" and s in group.sources and (ar or None) == area
            )  # fmt: skip
    entries = {e["id"]: e for e in evaluate_sections(Ev(PLAN, wb))["funding"]}
    for group in PLAN.funding:
        for row in entries[group.id]["by_source"]:
            for flow in ("planned", "received", "spent"):
                assert row[flow] == sum(
                    a for s, f, a, *_ in held if s == row["source"] and f == flow
                )


# --- R-* --------------------------------------------------------------------------------------


def test_responsibilities(tmp_path):
    tasks = [
        {"task_id": "R-BGH.1", "status": "done", "completed_on": "20/04/2023",
         "evidence": "KH bí mật"},
        {"task_id": "r-lđ.2", "status": "in_progress"},
    ]  # fmt: skip
    wb = load_tables(tmp_path, {"students": ROSTER, "activities": ACTIVITIES, "tasks": tasks})
    frame = responsibility_tasks(wb, PLAN)
    assert frame["status"].tolist() == [
        "done",
        "no_data",
        "in_progress",
        "no_data",
        "no_data",
        "no_data",
        "no_data",
        "no_data",
    ]
    sections = evaluate_sections(Ev(PLAN, wb))
    board = section(sections, "responsibilities", "R-BGH")
    assert board == {
        "id": "R-BGH",
        "status": "evaluated",
        "missing": [],
        "unit": "board",
        "tasks_done": 1,
        "tasks_total": 1,
        "tasks": [{"id": "R-BGH.1", "status": "done", "completed_on": "2023-04-20"}],
        "activities": 2,  # K3 was in 2022
        "activities_by_kind": [{"kind": "coordination", "count": 2}],
    }
    pioneers = section(sections, "responsibilities", "R-LĐ")
    assert (pioneers["tasks_done"], pioneers["tasks_total"]) == (0, 5)
    assert pioneers["activities"] == 9


# --- absent tables, privacy, shape --------------------------------------------------------------


def test_absent_tables_give_no_data_not_exceptions(tmp_path):
    wb = load_tables(tmp_path, {"students": ROSTER})
    sections = evaluate_sections(Ev(PLAN, wb))
    json.dumps(sections, allow_nan=False)
    for area in sections["solution_areas"]:
        assert area["status"] == "no_data"
        assert "activities" in area["missing"]
        assert area["completion"] is None and area["activities"] is None
    assert section(sections, "solution_areas", "S6")["missing"] == ["activities", "facilities"]
    assert section(sections, "solution_areas", "S5")["learning"]["measures"]  # students present
    for group in sections["funding"]:
        assert (group["status"], group["missing"], group["planned"]) == (
            "no_data",
            ["funding"],
            None,
        )
    for resp in sections["responsibilities"]:
        assert resp["status"] == "no_data" and resp["missing"] == ["tasks", "activities"]
        assert resp["tasks_done"] is None
        assert {t["status"] for t in resp["tasks"]} == {"no_data"}
    with pytest.raises(NoData):
        activity_progress(wb, PLAN, "S1", START, END)


def test_nothing_at_all(tmp_path):
    """Not even students: every entry is no_data, nothing raises."""
    wb = load_tables(tmp_path, {"staff": [{"staff_id": "T1", "role": "board",
                                           "child_protection_duty": "Có"}]})  # fmt: skip
    sections = evaluate_sections(Ev(PLAN, wb))
    assert all(e["status"] == "no_data" for part in sections.values() for e in part)
    assert section(sections, "solution_areas", "S5")["learning"] is None


def test_output_is_json_without_free_text(tmp_path):
    tables = {
        "students": s5_roster() + ROSTER,
        "activities": ACTIVITIES,
        "funding": FUNDING,
        "incidents": [incident("I1", "03/02/2023", "violence")],
        "tasks": [{"task_id": "R-BGH.1", "status": "done", "evidence": "KH bí mật"}],
    }
    wb = load_tables(tmp_path, tables)
    sections = evaluate_sections(Ev(PLAN, wb))
    text = json.dumps(sections, ensure_ascii=False, allow_nan=False)
    for secret in ("bí mật", "Minh chứng", "Nguyễn", "Nội dung riêng", "Mô tả"):
        assert secret not in text
    assert list(sections) == ["solution_areas", "funding", "responsibilities"]
    assert [e["id"] for e in sections["solution_areas"]] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert all(next(iter(e)) == "id" for part in sections.values() for e in part)
    assert json.dumps(evaluate_sections(Ev(PLAN, wb)), ensure_ascii=False) == text


def test_with_the_real_evaluation(tmp_path):
    from planlib.evaluation.evaluate import evaluate

    wb = load_tables(tmp_path, {"students": ROSTER, "activities": ACTIVITIES})
    evaluation = evaluate(wb, PLAN)
    sections = evaluation.sections.to_dict()
    assert section(sections, "solution_areas", "S1")["completion"] == 5 / 7
    assert evaluation.sections.area("S1").completion == 5 / 7
    assert evaluation.sections == typed_sections(Ev(PLAN, wb))


# --- properties -------------------------------------------------------------------------------

KIND_CHOICES = ["communication", "parent_meeting", "extracurricular", "other", "coordination"]
activity_rows = st.lists(
    st.tuples(
        st.sampled_from(["S1", "S2"]),
        st.sampled_from(KIND_CHOICES),
        st.dates(dt.date(2022, 10, 1), dt.date(2024, 3, 1)),
    ),
    max_size=25,
)


def in_memory(tables: dict[str, Rows]) -> Workbook:
    return parse_raw(read_rows(tables, source="test"), today=TODAY)


@settings(max_examples=40, deadline=None)
@given(rows=activity_rows)
def test_completion_is_a_share(rows):
    acts = [
        activity(f"H{i}", day.strftime("%d/%m/%Y"), area, kind)
        for i, (area, kind, day) in enumerate(rows)
    ]
    wb = in_memory({"students": ROSTER, "activities": acts} if acts else {"students": ROSTER})
    sections = evaluate_sections(Ev(PLAN, wb))
    for area in sections["solution_areas"][:2]:
        if acts:
            assert 0 <= area["completion"] <= 1
            # no reach columns in these rows: unknown, not zero
            assert area["reach"] == dict.fromkeys(["students", "parents", "staff", "community"])
            done = sum(1 for a, _, day in rows if a == area["id"] and START <= day <= END)
            assert sum(k["done"] for k in area["activities"] + area["unplanned"]) == done
        else:
            assert area["status"] == "no_data"


@settings(max_examples=40, deadline=None)
@given(rows=activity_rows)
def test_progress_counts_what_activities_by_kind_counts(rows):
    """Each area's ``done`` is :func:`activities_by_kind` of that area, kind by kind and in its
    order, inside an evaluation's memo (every area counted at once) as outside it."""
    acts = [
        activity(f"H{i}", day.strftime("%d/%m/%Y"), area, kind)
        for i, (area, kind, day) in enumerate(rows)
    ]
    if not acts:
        return
    wb = in_memory({"students": ROSTER, "activities": acts})
    for area in ("S1", "S2", "S3"):
        by_kind = activities_by_kind(wb, START, END, area=area)
        expected = dict(zip(by_kind["kind"], by_kind["done"], strict=True))
        planned = dict(PLAN.area(area).planned)
        for memo in (contextlib.nullcontext(), evaluation_memo()):
            with memo:
                progress = activity_progress(wb, PLAN, area, START, END)
            assert list(progress["kind"]) == [
                *planned,
                *(k for k in expected if k not in planned),
            ]
            for row in progress.to_dict("records"):
                assert row["done"] == expected.get(row["kind"], 0)
                assert row["planned"] == planned.get(row["kind"], 0)
                assert row["counted"] == min(row["done"], row["planned"])
                assert row["in_plan"] == (row["kind"] in planned)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1))
def test_sections_do_not_depend_on_row_order(book, seed):
    shuffled = Workbook(
        tables={
            name: frame.sample(frac=1, random_state=seed).reset_index(drop=True)
            for name, frame in book.tables.items()
        },
        warnings=book.warnings,
        source=book.source,
        sha256=book.sha256,
    )
    assert evaluate_sections(Ev(PLAN, shuffled)) == evaluate_sections(Ev(PLAN, book))
    assert typed_sections(Ev(PLAN, shuffled)) == typed_sections(Ev(PLAN, book))


# --- the plan chooses each area's details, not its id ---------------------------------------


def renumbered_plan(folder: Path, swap: tuple[str, str] = ("S1", "S4")) -> Plan:
    """A copy of the 2023 plan file whose areas ``swap`` trade their ids (and nothing else)."""
    document = yaml.safe_load(default_plan_path().read_text(encoding="utf-8"))
    ids = dict([swap, swap[::-1]])
    for area in document["solution_areas"]:
        area["id"] = ids.get(area["id"], area["id"])
    path = folder / "plan_renumbered.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_plan(path)


def renumbered_workbook(workbook: Workbook, swap: tuple[str, str] = ("S1", "S4")) -> Workbook:
    """The workbook with the ``area`` codes of activities and spending swapped likewise."""
    ids = dict([swap, swap[::-1]])
    tables = {
        name: frame.assign(area=frame["area"].map(lambda a: ids.get(a, a)))
        if "area" in frame.columns
        else frame
        for name, frame in workbook.tables.items()
    }
    return Workbook(
        tables=tables, warnings=workbook.warnings, source=workbook.source, sha256=workbook.sha256
    )


def test_details_follow_the_plan_not_the_ids(tmp_path, sample_workbook, plan):
    """Renumbered areas: the area now called S1 evaluates harm cases, S4 does not."""
    before = typed_sections(Ev(plan, sample_workbook))
    after = typed_sections(Ev(renumbered_plan(tmp_path), renumbered_workbook(sample_workbook)))
    s1, s4 = after.area("S1"), after.area("S4")
    assert s1.details == ("harm_cases",) and s4.details == ()
    assert s1.harm_cases == before.area("S4").harm_cases is not None
    assert s4.harm_cases is None and "harm_cases" not in s4.to_dict()
    for new, old in (("S1", "S4"), ("S4", "S1")):
        assert {**after.area(new).to_dict(), "id": old} == before.area(old).to_dict()
    spent = {s.area: s.amount_vnd for s in before.funding[0].spent_by_area}
    spent_after = {s.area: s.amount_vnd for s in after.funding[0].spent_by_area}
    assert (spent_after["S1"], spent_after["S4"]) == (spent["S4"], spent["S1"])


def test_a_detail_is_listed_once(tmp_path):
    document = yaml.safe_load(default_plan_path().read_text(encoding="utf-8"))
    document["solution_areas"][0]["details"] = ["partners", "partners"]
    with pytest.raises(ValueError, match="twice"):
        Plan.model_validate(document)
    document["solution_areas"][0]["details"] = ["weather"]
    with pytest.raises(ValueError, match="details"):
        Plan.model_validate(document)


def test_every_detail_is_computed_and_shown():
    from typing import get_args

    from planlib.evaluation.details import DETAILS
    from planlib.inputs.plan import Detail
    from planlib.present.views.area import DETAIL_VIEWS

    assert set(get_args(Detail)) == set(DETAILS) == set(DETAIL_VIEWS)


def test_no_area_id_in_library_code():
    """Which area shows what is the plan's choice: no ``"S4"`` outside the sample school."""
    import re

    package = Path(__file__).resolve().parents[1] / "planlib"
    found = [
        f"{path.relative_to(package)}: {match.group()}"
        for path in package.rglob("*.py")
        if not path.name.startswith("sample") and "sample" not in path.parent.parts
        for match in re.finditer(r"""["']S\d+["']""", path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_area_pages_follow_the_plan_details(tmp_path, sample_workbook, plan):
    from planlib.evaluation.evaluate import evaluate
    from planlib.present.report import Report

    renumbered = evaluate(renumbered_workbook(sample_workbook), renumbered_plan(tmp_path))
    original = evaluate(sample_workbook, plan)
    for disclosure in ("internal", "public"):
        before, after = Report(original, "vi", disclosure), Report(renumbered, "vi", disclosure)
        harm = t("h.harm")
        assert (
            harm in after.area("S1").details_head() and harm not in after.area("S4").details_head()
        )
        assert after.area("S1").details_head() == before.area("S4").details_head()
        assert after.area("S1").details() == before.area("S4").details()
        assert len(after.area("S1").figures()) == 2 and after.area("S4").figures() == []
        assert after.area("S4").summary() == before.area("S1").summary()


def test_partners_detail_shows_the_section_without_partners(tmp_path, sample_workbook):
    """An area listing ``partners`` says it has none; another says nothing."""
    from planlib.evaluation.evaluate import evaluate
    from planlib.present.report import Report

    no_partners = Workbook(
        tables={
            **sample_workbook.tables,
            "activities": sample_workbook.tables["activities"].drop(columns="partners"),
        },
        warnings=sample_workbook.warnings,
        source=sample_workbook.source,
        sha256=sample_workbook.sha256,
    )
    report = Report(evaluate(no_partners, renumbered_plan(tmp_path, ("S1", "S2"))))
    assert t("area.no_partners") in report.area("S1").partners()
    assert report.area("S2").partners() == ""
