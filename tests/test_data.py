"""The loader's building blocks: parsers, roster semantics."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planlib.inputs.workbook import (
    CellError,
    children_on,
    enrolment,
    parse_bool,
    parse_datetime,
    parse_number,
)

NUMBERS = [
    ("1.500.000", 1_500_000),
    ("7,5", 7.5),
    ("7.5", 7.5),
    ("1.500", 1500),
    ("1 500 000 đ", 1_500_000),
    ("-3", -3),
    ("1,500,000", 1_500_000),
    (12, 12),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_numbers_the_vietnamese_way(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("05/12/2023", dt.datetime(2023, 12, 5), False),
        ("5/3/2023", dt.datetime(2023, 3, 5), False),
        ("2023-12-05", dt.datetime(2023, 12, 5), False),
        ("05/12/2023 14:30", dt.datetime(2023, 12, 5, 14, 30), True),
        ("2023-12-05T14:30:00", dt.datetime(2023, 12, 5, 14, 30), True),
        (dt.date(2023, 12, 5), dt.datetime(2023, 12, 5), False),
        (45265, dt.datetime(2023, 12, 5), False),  # an Excel serial
    ],
)
def test_dates_day_first(text, expected, has_time):
    assert parse_datetime(text) == (expected, has_time)


@pytest.mark.parametrize(
    ("text", "code"),
    [("12/25/2023", "bad_date"), ("31/02/2023", "bad_date"), ("05/12/23", "two_digit_year")],
)
def test_dates_never_month_first(text, code):
    with pytest.raises(CellError) as info:
        parse_datetime(text)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("text", "value"), [("Có", True), ("x", True), ("KHÔNG", False), ("đúng", True), ("0", False)]
)
def test_booleans(text, value):
    assert parse_bool(text) is value


@settings(max_examples=50, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["2022-2023", "2023-2024"]),
            st.none() | st.dates(dt.date(2022, 9, 1), dt.date(2024, 8, 31)),
            st.none() | st.dates(dt.date(2022, 9, 1), dt.date(2024, 8, 31)),
        ),
        max_size=30,
    ),
    days=st.lists(st.dates(dt.date(2022, 8, 1), dt.date(2024, 9, 30)), min_size=1, max_size=10),
)
def test_vectorised_enrolment_counts_the_children_of_each_day(rows, days):
    students = pd.DataFrame(
        {
            "student_id": [f"S{i}" for i in range(len(rows))],
            "school_year": pd.Series([r[0] for r in rows], dtype=object),
            "enrolled_on": pd.to_datetime(pd.Series([r[1] for r in rows], dtype=object)),
            "left_on": pd.to_datetime(pd.Series([r[2] for r in rows], dtype=object)),
        }
    )
    first = pd.Series([int(r[0][:4]) for r in rows], dtype="int64")
    students["sy_start"] = pd.to_datetime({"year": first, "month": 9, "day": 1})
    students["sy_end"] = pd.to_datetime({"year": first + 1, "month": 8, "day": 31})
    counted = enrolment(students, pd.Series(pd.to_datetime(days)))
    assert list(counted) == [len(children_on(students, day)) for day in days]


def test_formula_saved_without_its_value_is_named_not_read_as_empty(tmp_path):
    """A workbook written by a program keeps formulas without values: say so, per cell."""
    import openpyxl

    from planlib.apps.template import write_template
    from planlib.core.errors import DataError
    from planlib.inputs.sample import generate_sample
    from planlib.inputs.workbook import load

    path = tmp_path / "f.xlsx"
    write_template(path, rows={"students": generate_sample()["students"][:5]})
    book = openpyxl.load_workbook(path)
    book["Học sinh"]["C3"] = "=2+4"  # Khối (grade), row 3
    book["Học sinh"]["I4"] = '=IF(1,"transfer","")'  # optional Lý do rời trường, row 4
    book.save(path)
    with pytest.raises(DataError) as info:
        load(path)
    found = {(p.row, p.column, p.code) for p in info.value.errors}
    assert found == {(3, "grade", "formula_uncomputed"), (4, "left_reason", "formula_uncomputed")}


def test_the_checks_are_one_documented_function_each_run_in_order():
    from planlib.inputs.checks import CHECKS, CheckContext

    assert len({check.__name__ for check in CHECKS}) == len(CHECKS)
    assert all(check.__name__.startswith("check_") and check.__doc__ for check in CHECKS)
    empty = CheckContext(dt.date(2024, 1, 10))
    assert all(check({}, empty) == [] for check in CHECKS)  # no table, nothing to report


# --- the typed columns ------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    ints=st.lists(st.none() | st.integers(-(2**53), 2**53), max_size=30),
    numbers=st.lists(st.none() | st.floats(allow_nan=False, allow_infinity=False), max_size=30),
    bools=st.lists(st.none() | st.booleans(), max_size=30),
)
def test_typed_columns_are_what_pandas_makes_of_the_values(ints, numbers, bools):
    """A parsed ``int``, ``number`` or ``bool`` column is ``pd.array(values, dtype=…)``:
    the same values, the same empty cells, the same dtype."""
    from planlib.inputs.parse import _masked

    for values, kind, dtype in (
        (ints, "int", "Int64"),
        (numbers, "number", "Float64"),
        (bools, "bool", "boolean"),
    ):
        made = _masked(values, kind)
        expected = pd.array(values, dtype=dtype)
        assert made.dtype == expected.dtype
        assert made.isna().tolist() == expected.isna().tolist()
        assert made.equals(expected)
        assert [None if v is pd.NA else v for v in made] == values
