"""Shared fixtures: where the contract cases live, and how to run the CLI as users do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLANLIB_SHARED", ROOT.parent / "shared"))
CASES = SHARED / "cases"


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``planlib`` as a subprocess, the way a user does."""
    return subprocess.run(
        [sys.executable, "-m", "planlib.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(scope="session")
def plan():
    from planlib.plan import load_plan

    return load_plan()


@pytest.fixture(scope="session")
def sample_workbook(plan):
    from planlib.data import load_sample

    return load_sample(task_ids=plan.task_ids)
