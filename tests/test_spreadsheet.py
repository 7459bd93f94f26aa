"""Spreadsheet output safety: no cell planlib writes can run as a formula."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planlib.core.spreadsheet import FORMULA_START, safe_cell, unescape_cell, write_csv


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_looking_text_is_neutralised(text):
    assert safe_cell(text).startswith("'")
    assert unescape_cell(safe_cell(text)) == text


@pytest.mark.parametrize("text", ["-5", "+84", "-1.500.000", "7,5", "Lớp 6A", "", "R-LĐ.1"])
def test_plain_values_are_untouched(text):
    assert safe_cell(text) == text


@given(st.text())
def test_round_trip_and_never_a_formula(text):
    cell = safe_cell(text)
    assert unescape_cell(cell) == text or text.startswith('="')
    assert (
        not cell.startswith(FORMULA_START)
        or cell.lstrip("+-").replace(".", "").replace(",", "").isdigit()
    )


def test_write_csv_escapes_every_cell(tmp_path):
    path = write_csv(tmp_path / "x.csv", ["a", "=b"], [{"a": "=1+1", "=b": "@x"}])
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows == [["a", "'=b"], ["'=1+1", "'@x"]]


def test_sample_csv_round_trips_through_the_loader(tmp_path, plan):
    from planlib.evaluation.evaluate import evaluate
    from planlib.inputs.sample import write_sample_csv
    from planlib.inputs.workbook import load, load_sample

    write_sample_csv(tmp_path)
    a = evaluate(load(tmp_path, task_ids=plan.task_ids), plan)
    b = evaluate(load_sample(task_ids=plan.task_ids), plan)
    assert [i.to_dict() for i in a.indicators] == [i.to_dict() for i in b.indicators]
