"""Byte-identical ``results.json`` before and after a refactoring (recorded in ``tests/golden``)."""

from __future__ import annotations

import pytest
from conftest import CASES, ROOT, run_cli

GOLDEN = ROOT / "tests" / "golden"

RUNS = {
    "sample.json": [],
    "sample-en.json": ["--lang", "en"],
    "sample-as-of-2023-06-30.json": ["--as-of", "30/06/2023"],
    "case-01.json": ["--data", str(CASES / "case-01")],
    "case-01-plan-2024.json": [
        "--data",
        str(CASES / "case-01"),
        "--plan",
        str(ROOT / "tests" / "fixtures" / "plan_2024.yaml"),
    ],
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_results_json_is_unchanged(name: str) -> None:
    done = run_cli("evaluate", "--format", "json", *RUNS[name])
    assert done.returncode == 0, done.stderr
    assert done.stdout == (GOLDEN / name).read_text(encoding="utf-8")
