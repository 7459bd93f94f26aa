"""Tests of :mod:`planlib.inputs.sample`: deterministic, valid under the contract, mixed in outcome.

The indicator checks recompute the figures from the rows with plain pandas (not with planlib's
own indicators), following ``shared/spec/indicators.md`` and ``data-contract.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
import re

import pandas as pd
import pytest
import yaml

from planlib.core.contract import SC_GROUPS, TABLES, Column, normalize_key
from planlib.inputs.sample import generate_sample, write_sample_csv

REFERENCE = pd.Timestamp(2023, 12, 31)
PERIOD_START, PERIOD_END = pd.Timestamp(2023, 1, 1), pd.Timestamp(2023, 12, 31, 23, 59)
LATEST = dt.datetime(2024, 8, 31, 23, 59)
PLAN = pathlib.Path(__file__).resolve().parents[1] / "parameters" / "plan_2023.yaml"
CONTRACT = {t.id: t for t in TABLES}
#: the sample school's tables: all of the contract but its identity sheet (``school``), for
#: which the plan file's ``school:`` block stands
SAMPLE_TABLES = [t for t in TABLES if t.id != "school"]


@pytest.fixture(scope="module", params=[2023, 11], ids=lambda seed: f"seed{seed}")
def sample(request: pytest.FixtureRequest) -> dict[str, list[dict[str, str]]]:
    return generate_sample(request.param)


@pytest.fixture(scope="module")
def frames(sample: dict[str, list[dict[str, str]]]) -> dict[str, pd.DataFrame]:
    return {t: pd.DataFrame(rows, dtype=object) for t, rows in sample.items()}


def _when(text: str) -> dt.datetime | None:
    """Parse a ``dd/mm/yyyy`` date or ``dd/mm/yyyy HH:MM`` datetime cell (empty -> None)."""
    if not text:
        return None
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise AssertionError(f"not a date: {text!r}")


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column].map(_when))


def _code(table: str, column: str, value: str) -> str:
    col = CONTRACT[table].column(column)
    assert col.enum is not None
    return col.enum.lookup()[normalize_key(value)]


def _valid_enum(column: Column, value: str) -> bool:
    assert column.enum is not None
    if column.id == "group" and value.strip().lower() in (*SC_GROUPS, "dd"):
        return True  # letters are matched before diacritics are folded: "d" is not "đ"
    return normalize_key(value) in column.enum.lookup()


def _roll(students: pd.DataFrame, day: pd.Timestamp) -> set[str]:
    """Students of the school on ``day`` (data-contract.md, "Reference date")."""
    start = pd.to_datetime("01/09/" + students["school_year"].str[:4], format="%d/%m/%Y")
    end = start + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    enrolled, left = _dates(students, "enrolled_on"), _dates(students, "left_on")
    on_roll = (
        (start <= day)
        & (day <= end)
        & (enrolled.isna() | (enrolled <= day))
        & (left.isna() | (left > day))
    )
    return set(students.loc[on_roll, "student_id"])


# --- shape and determinism ---------------------------------------------------------------------


def test_same_seed_same_sample_other_seed_differs() -> None:
    assert generate_sample(2023) == generate_sample(2023)
    assert generate_sample() == generate_sample(2023)
    assert generate_sample(2024) != generate_sample(2023)


def test_every_table_with_exactly_the_contract_columns(sample: dict) -> None:
    assert list(sample) == [t.id for t in SAMPLE_TABLES]
    for table in SAMPLE_TABLES:
        assert sample[table.id], table.id
        ids = [c.id for c in table.columns]
        for row in sample[table.id]:
            assert list(row) == ids
            assert all(isinstance(v, str) and v == v.strip() for v in row.values())


def test_write_sample_csv_round_trips(tmp_path: pathlib.Path) -> None:
    paths = write_sample_csv(tmp_path / "school", seed=5)
    assert [p.name for p in paths] == [f"{t.id}.csv" for t in SAMPLE_TABLES]
    expected = generate_sample(5)
    for table, path in zip(SAMPLE_TABLES, paths, strict=True):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == [c.id for c in table.columns]
            assert list(reader) == expected[table.id]


# --- cell values -------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d{1,3}(\.\d{3})*(,\d+)?")
_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")
_DATETIME = re.compile(r"\d{2}/\d{2}/\d{4}( \d{2}:\d{2})?")


def test_every_cell_is_valid_for_its_column(sample: dict) -> None:
    for table in SAMPLE_TABLES:
        for n, row in enumerate(sample[table.id], 2):
            for col in table.columns:
                value, where = row[col.id], f"{table.id} row {n} {col.id}={row[col.id]!r}"
                if not value:
                    assert not col.required, where
                    continue
                if col.type == "enum":
                    assert _valid_enum(col, value), where
                elif col.type == "bool":
                    assert value in ("Có", "Không"), where
                elif col.type == "date":
                    assert _DATE.fullmatch(value) and _when(value), where
                elif col.type == "datetime":
                    assert _DATETIME.fullmatch(value) and _when(value), where
                elif col.type == "int":
                    assert value.isdigit(), where
                elif col.type == "number":
                    assert _NUMBER.fullmatch(value), where
                    number = float(value.replace(".", "").replace(",", "."))
                    assert col.min is None or number >= col.min, where
                    assert col.max is None or number <= col.max, where
                elif col.type == "school_year":
                    first, second = map(int, value.split("-"))
                    assert second == first + 1, where
                elif col.type == "list":
                    assert all(item.strip() for item in value.split(";")), where
                if col.min is not None and col.type == "int":
                    assert col.min <= int(value) <= (col.max or 10**9), where


def test_no_date_after_august_2024(sample: dict) -> None:
    for table in SAMPLE_TABLES:
        for col in table.columns:
            if col.type in ("date", "datetime"):
                for row in sample[table.id]:
                    when = _when(row[col.id])
                    assert when is None or when <= LATEST, (table.id, col.id, row[col.id])


def test_mixes_codes_and_vietnamese_labels(frames: dict[str, pd.DataFrame]) -> None:
    assert set(frames["students"]["sex"]) == {"Nam", "Nữ"}
    learning = set(frames["students"]["learning_result"])
    assert {"good", "Tốt"} <= learning or {"fair", "Khá"} <= learning
    groups = set(frames["special_circumstances"]["group"])
    assert "đ" in groups
    assert any(len(g) > 2 for g in groups)  # one row written by the group's name


# --- cross-table checks (data-contract.md) -----------------------------------------------------


def test_references_and_unique_ids(frames: dict[str, pd.DataFrame]) -> None:
    students = frames["students"]
    assert not students.duplicated(["student_id", "school_year"]).any()
    known = set(students["student_id"])
    for table in ("special_circumstances", "incidents", "awareness"):
        assert set(frames[table]["student_id"]) <= known, table
    assert set(frames["trainings"]["staff_id"]) <= set(frames["staff"]["staff_id"])
    for table in TABLES:
        for key in table.unique:
            if len(table.unique) == 1:
                assert frames[table.id][key].is_unique, (table.id, key)


def test_dates_in_order(frames: dict[str, pd.DataFrame]) -> None:
    students, sc, inc = frames["students"], frames["special_circumstances"], frames["incidents"]
    enrolled, left = _dates(students, "enrolled_on"), _dates(students, "left_on")
    assert not (left < enrolled).any()
    assert ((students["left_on"] != "") == (students["left_reason"] != "")).all()
    assert not (_dates(sc, "ended_on") < _dates(sc, "identified_on")).any()
    occurred, reported = _dates(inc, "occurred_on"), _dates(inc, "reported_on")
    intervened = _dates(inc, "intervened_on")
    assert not (reported.dt.normalize() < occurred).any()
    assert not (intervened < reported).any()
    kinds = inc["kind"].map(lambda v: _code("incidents", "kind", v))
    assert (inc.loc[kinds == "injury", "cause"] != "").all()
    assert (inc.loc[kinds != "injury", "reported_on"] != "").all()
    date_only = inc.loc[kinds != "injury", "reported_on"].str.len() == 10
    assert date_only.any() and not date_only.all()


def test_fatal_incidents_match_a_death(frames: dict[str, pd.DataFrame]) -> None:
    inc, students = frames["incidents"], frames["students"]
    fatal = inc[inc["fatal"] == "Có"]
    assert len(fatal) == 1
    for _, row in fatal.iterrows():
        rows = students[students["student_id"] == row["student_id"]]
        reasons = rows["left_reason"].map(lambda v: v and _code("students", "left_reason", v))
        died = _dates(rows, "left_on")[reasons == "death"]
        assert (died >= _when(row["occurred_on"])).any()


def test_activity_reach_within_the_roll(frames: dict[str, pd.DataFrame]) -> None:
    activities = frames["activities"]
    for _, row in activities[activities["students_reached"] != ""].iterrows():
        on_roll = _roll(frames["students"], pd.Timestamp(_when(row["held_on"])))
        assert int(row["students_reached"]) <= len(on_roll), row["activity_id"]


def test_students_move_between_years(frames: dict[str, pd.DataFrame]) -> None:
    students = frames["students"]
    years = students.pivot(index="student_id", columns="school_year", values="grade").dropna()
    step = years["2023-2024"].astype(int) - years["2022-2023"].astype(int)
    assert set(step) == {0, 1} and (step == 0).sum() <= 5
    counts = students.groupby("school_year").size()
    assert counts.between(560, 660).all()
    current = students[students["school_year"] == "2023-2024"]
    results = ["learning_result", "conduct_result", "year_outcome"]
    assert (current[results] == "").all().all()
    assert not students.loc[students["school_year"] == "2022-2023", "year_outcome"].eq("").all()


# --- plan file ---------------------------------------------------------------------------------


def test_activities_and_tasks_follow_the_plan_file(frames: dict[str, pd.DataFrame]) -> None:
    plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    task_ids = [t["id"] for r in plan["responsibilities"] for t in r["tasks"]]
    assert list(frames["tasks"]["task_id"]) == task_ids
    statuses = frames["tasks"]["status"].map(lambda v: _code("tasks", "status", v))
    assert set(statuses) == {"done", "in_progress", "not_started"}

    acts = frames["activities"]
    held = _dates(acts, "held_on")
    kinds = acts["kind"].map(lambda v: _code("activities", "kind", v))
    in_period = acts[(held >= PERIOD_START) & (held <= PERIOD_END)]
    assert len(in_period) < len(acts)  # some activities fall outside 2023
    completion = {}
    for area in plan["solution_areas"]:
        planned = area["planned"]
        mine = kinds[acts["area"] == area["id"]]
        assert set(mine) <= {*planned, "other"}, area["id"]
        done = kinds[in_period.index][in_period["area"] == area["id"]].value_counts()
        if planned:
            got = sum(min(done.get(k, 0), n) for k, n in planned.items())
            completion[area["id"]] = got / sum(planned.values())
    assert completion["S1"] == completion["S3"] == 1
    assert all(0 < completion[a] < 1 for a in ("S2", "S4", "S5"))


# --- intended outcomes, computed independently -------------------------------------------------


def test_t1_1_share_in_special_circumstances_below_1_5_percent(
    frames: dict[str, pd.DataFrame],
) -> None:
    children = _roll(frames["students"], REFERENCE)
    sc = frames["special_circumstances"]
    identified, ended = _dates(sc, "identified_on"), _dates(sc, "ended_on")
    now = sc[(identified <= REFERENCE) & (ended.isna() | (ended > REFERENCE))]
    numerator = len(set(now["student_id"]) & children)
    assert 500 <= len(children) <= 700
    assert numerator >= 5
    assert numerator / len(children) * 100 < 1.5


def test_t2_1_injury_rate_at_least_60_per_10000(frames: dict[str, pd.DataFrame]) -> None:
    children = _roll(frames["students"], REFERENCE)
    inc = frames["incidents"]
    occurred = _dates(inc, "occurred_on")
    kinds = inc["kind"].map(lambda v: _code("incidents", "kind", v))
    injured = inc[(kinds == "injury") & (occurred >= PERIOD_START) & (occurred <= PERIOD_END)]
    numerator = injured["student_id"].nunique()
    assert numerator < len(injured)  # one child was injured twice
    assert numerator / len(children) * 10_000 >= 60
    fatal_2023 = injured[injured["fatal"] == "Có"]
    assert fatal_2023.empty  # T2.2 achieved


def test_t5_participation_awareness_at_least_85_percent(frames: dict[str, pd.DataFrame]) -> None:
    children = _roll(frames["students"], REFERENCE)
    aw = frames["awareness"].assign(on=lambda f: _dates(f, "assessed_on"))
    aw = aw[(aw["on"] >= PERIOD_START) & (aw["on"] <= PERIOD_END)]
    score = pd.to_numeric(aw["score"].str.replace(",", "."), errors="coerce")
    passed = aw["passed"].map({"Có": True, "Không": False, "": None})
    assert passed.isna().any() and score.isna().any()
    aw = aw.assign(ok=passed.where(passed.notna(), score >= 5).astype(bool))
    latest = aw.sort_values("on").groupby("student_id")["ok"].last()
    numerator = int(latest[latest.index.isin(children)].sum())
    assert 0.85 <= numerator / len(children) < 0.95
