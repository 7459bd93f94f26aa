"""Every contract case in shared/cases: `planlib evaluate --format json` matches expected.json."""

from __future__ import annotations

import json

import pytest
from conftest import CASES, run_cli

CASE_DIRS = sorted(p for p in CASES.glob("*") if (p / "expected.json").exists())


def test_cases_are_found():
    assert CASE_DIRS, f"no contract cases under {CASES}"


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_matches_expected(case):
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    data = case
    workbooks = sorted(case.glob("*.xlsx"))
    if workbooks and not list(case.glob("*.csv")):
        data = workbooks[0]
    proc = run_cli("evaluate", "--data", str(data), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    if "reference_date" in expected:
        assert results["plan"]["reference_date"] == expected["reference_date"]
    by_id = {entry["id"]: entry for entry in results["indicators"]}
    mismatches = [
        f"{indicator_id}.{field}: expected {want!r}, got {by_id.get(indicator_id, {}).get(field)!r}"
        for indicator_id, fields in expected.get("indicators", {}).items()
        for field, want in fields.items()
        if by_id.get(indicator_id, {}).get(field) != want
    ]
    assert not mismatches, "\n".join(mismatches)
