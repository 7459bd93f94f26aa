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
        [sys.executable, "-m", "planlib.apps.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def execute_notebook(name: str, tmp_path: Path, **parameters: object):
    """Execute ``notebooks/<name>`` with papermill, as ``planlib run`` does; fail on any error.

    Returns the executed notebook and the outputs of its code cells.
    """
    import logging
    import warnings

    import nbformat
    import papermill

    warnings.filterwarnings("ignore", message=".*running over TCP without encryption.*")
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    out = tmp_path / name
    papermill.execute_notebook(
        str(ROOT / "notebooks" / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    return nb, outputs


@pytest.fixture(scope="session")
def plan():
    from planlib.inputs.plan import load_plan

    return load_plan()


@pytest.fixture(scope="session")
def sample_workbook(plan):
    from planlib.inputs.workbook import load_sample

    return load_sample(task_ids=plan.task_ids)
