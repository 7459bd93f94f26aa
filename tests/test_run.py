"""The run's parts without papermill: executors, parameter messages, failures, the two pages."""

from __future__ import annotations

import operator
from pathlib import Path

import pytest
from conftest import run_cli

from planlib.apps.run import (
    RunFailed,
    index_html,
    load_run_parameters,
)
from planlib.apps.run.executors import Job, ProcessPool, Serial, executor_for, started
from planlib.core.errors import PlanError, UsageError
from planlib.present.export import assert_offline
from planlib.present.style import stylesheet


@pytest.fixture(scope="module")
def ev():
    from planlib.evaluation.session import open_evaluation

    return open_evaluation(None, None)


@pytest.mark.parametrize("executor", [Serial(), ProcessPool(2)], ids=["serial", "pool"])
def test_every_executor_yields_every_job_with_its_key(executor):
    jobs = [Job(("page", i), operator.mul, (i, 10)) for i in range(5)]
    assert dict(executor(jobs)) == {("page", i): i * 10 for i in range(5)}
    assert list(executor([])) == []


def _mark_warm(folder: str) -> None:
    import os

    (Path(folder) / str(os.getpid())).touch()


def _pid(_i: int) -> int:
    import os

    return os.getpid()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_started_executor_warms_every_process_before_its_jobs(tmp_path, jobs):
    warm = Job("warm", _mark_warm, (str(tmp_path),))
    with started(jobs, warm) as executor:
        done = dict(executor([Job(i, _pid, (i,)) for i in range(6)]))
        again = dict(executor([Job(i, operator.mul, (i, 3)) for i in range(3)]))
    warmed = {int(p.name) for p in tmp_path.iterdir()}
    assert set(done) == set(range(6)) and again == {0: 0, 1: 3, 2: 6}
    assert set(done.values()) <= warmed  # every process that ran a job warmed up first
    assert len(warmed) == jobs  # (fork) every worker started, and warmed, at once


def test_one_job_at_a_time_runs_in_this_process():
    assert executor_for(1) == Serial()
    assert executor_for(4) == ProcessPool(4)


def test_a_failed_run_names_each_notebook_in_the_users_language():
    failed = RunFailed(
        [("area-S1.ipynb", 3, "RuntimeError: x"), ("year-end.ipynb", None, "E")], "k"
    )
    assert failed.failures == [
        ("area-S1.ipynb", 3, "RuntimeError: x"),
        ("year-end.ipynb", None, "E"),
    ]
    assert failed.kept == "k"
    vi, en = failed.message("vi"), failed.message("en")
    assert "2 sổ tính bị lỗi" in vi and "area-S1.ipynb (ô 3): RuntimeError: x" in vi
    assert "2 notebook(s) failed" in en and "year-end.ipynb (start-up): E" in en
    assert "notebook" not in vi and "sổ tính" not in en


def test_parameter_file_messages_follow_the_language(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("jobs: 0\n", encoding="utf-8")
    with pytest.raises(PlanError) as vi:
        load_run_parameters(params)
    with pytest.raises(PlanError) as en:
        load_run_parameters(params, lang="en")
    assert "jobs" in str(vi.value) and "giá trị không hợp lệ" in str(vi.value)
    assert "invalid value" in str(en.value) and "giá trị" not in str(en.value)
    with pytest.raises(UsageError, match="cannot read"):
        load_run_parameters(tmp_path / "missing.yaml", lang="en")
    params.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(PlanError, match="phải là một nhóm khoá"):
        load_run_parameters(params)


def test_help_speaks_one_language():
    english = run_cli("run", "--help", "--lang", "en")
    assert english.returncode == 0
    assert "the parameter set" in english.stdout and "bộ tham số" not in english.stdout
    vietnamese = run_cli("run", "--help")
    assert "bộ tham số" in vietnamese.stdout and "the parameter set" not in vietnamese.stdout
    assert " / " not in vietnamese.stdout + english.stdout


def test_index_page_uses_the_one_stylesheet_and_status_badges(ev):
    written = {("target", "T2.1"): Path("target-T2.1.html"), ("year_end", None): Path("y.html")}
    page = index_html(ev, written, "en")
    assert_offline(page)
    assert stylesheet() in page
    assert '<body class="planlib-page">' in page and '<main class="jp-RenderedHTMLCommon">' in page
    assert page.count('<span class="status-') == len(ev.indicators)
    assert '<a href="target-T2.1.html">T2.1</a>' in page and 'href="y.html"' in page
    assert 'class="sample-banner"' in page and "SAMPLE DATA" in page
    assert 'class="public-banner"' not in page


def test_lighter_nbformat_still_validates_notebooks():
    """Without rfc3987-syntax's grammars, nbformat still reads, validates and rejects."""
    import subprocess
    import sys

    from conftest import ROOT

    code = (
        "import sys\n"
        "from planlib.apps.kernels import lighter_nbformat\n"
        "lighter_nbformat()\n"
        "import nbformat, papermill, nbconvert\n"
        "assert sys.modules['rfc3987_syntax'] is None\n"
        "nb = nbformat.read('notebooks/10_target.ipynb', as_version=4)\n"
        "nbformat.validate(nb)\n"
        "nb.cells[1]['cell_type'] = 'nonsense'\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('rejected')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "rejected"
