"""`planlib run` end to end: real papermill, real HTML, real Chromium, atomic publishing."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from browser import open_page, requires_chromium
from conftest import CASES, ROOT, run_cli

pytestmark = pytest.mark.slow

TARGETS = ["T1.1", "T1.2", "T2.1", "T2.2", "T3", "T4", "T5", "T6"]
AREAS = ["S1", "S2", "S3", "S4", "S5", "S6"]
PAGES = [
    *(f"target-{t}.html" for t in TARGETS),
    *(f"area-{a}.html" for a in AREAS),
    "funding-and-responsibilities.html",
    "year-end.html",
]
VI_STATUSES = {"Đạt", "Không đạt", "Không phát sinh", "Thiếu dữ liệu"}


def _run(*args: str, timeout: float = 600):
    return run_cli("run", *args, timeout=timeout)


def _only_report(out: Path) -> Path:
    folders = [p for p in (out / "bvcste-2023").iterdir() if not p.name.startswith(".")]
    assert len(folders) == 1, folders
    return folders[0]


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    proc = _run("--out", str(out), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    return out, _only_report(out), proc


def test_run_writes_every_page_results_notebooks_and_log(sample_run):
    _, report, proc = sample_run
    assert report.name == "truong-thcs-an-bang-vinh-an-du-lieu-mau"
    assert str(report / "index.html") in proc.stdout
    for name in ["index.html", "results.json", "run.log", *PAGES]:
        assert (report / name).is_file(), name
    executed = sorted(p.name for p in (report / "notebooks").glob("*.ipynb"))
    assert executed == sorted(p.replace(".html", ".ipynb") for p in PAGES)
    for path in (report / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert outputs and not [o for o in outputs if o.output_type == "error"], path.name
    log = (report / "run.log").read_text(encoding="utf-8")
    assert "TCP without encryption" not in log and "done in" in log
    assert not [p for p in report.parent.iterdir() if ".staging-" in p.name]


def test_results_json_equals_evaluate(sample_run):
    _, report, _ = sample_run
    evaluated = json.loads(run_cli("evaluate", "--format", "json").stdout)
    assert json.loads((report / "results.json").read_text(encoding="utf-8")) == evaluated


def test_pages_are_offline_with_hidden_code(sample_run):
    from planlib.present.export import assert_offline

    _, report, _ = sample_run
    for name in ["index.html", *PAGES]:
        body = (report / name).read_text(encoding="utf-8")
        assert_offline(body)
        assert "load_context(" not in body and "import planlib" not in body, name
        assert "<script src" not in body


def test_year_end_links_every_detail_page(sample_run):
    _, report, _ = sample_run
    body = (report / "year-end.html").read_text(encoding="utf-8")
    for name in PAGES[:-1]:
        assert f'href="{name}"' in body, name


@requires_chromium
def test_year_end_report_in_a_real_browser(sample_run, tmp_path):
    _, report, _ = sample_run
    shot = tmp_path / "year-end.png"
    page = open_page(
        report / "year-end.html",
        screenshot=shot,
        evaluate=[
            "Array.from(document.querySelectorAll('table.scorecard tr[data-indicator]'))"
            ".map(r => [r.dataset.indicator, r.innerText])",
        ],
    )
    assert page.external_requests == []
    assert page.console_errors == [] and page.page_errors == [] and page.dialogs == []
    rows = next(iter(page.evaluated.values()))
    assert [r[0] for r in rows] == TARGETS
    for _, text in rows:
        assert any(status in text for status in VI_STATUSES), text
    assert "DỮ LIỆU MẪU" in page.text
    assert "ngày" in page.text and "tháng" in page.text and "năm" in page.text
    assert page.screenshot_nonblank and shot.stat().st_size > 10_000


@requires_chromium
def test_index_and_detail_pages_in_a_real_browser(sample_run):
    _, report, _ = sample_run
    for name in ["index.html", "target-T2.1.html", "area-S4.html"]:
        page = open_page(report / name)
        assert page.external_requests == [], name
        assert page.console_errors == [] and page.page_errors == [], name
        assert page.screenshot_nonblank, name


def test_failed_runs_leave_the_previous_report_byte_identical(sample_run, tmp_path):
    out, report, _ = sample_run
    before = _snapshot(report)
    # 1. bad data: nothing runs, nothing is written
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "students.csv").write_text("student_id,school_year\nX,2023\n", encoding="utf-8")
    proc = _run("--out", str(out), "--data", str(bad))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert _snapshot(report) == before
    # 2. a notebook that fails: the others still run, the run exits non-zero naming it
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    nb = nbformat.read(notebooks / "20_solution_area.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("hỏng có chủ ý")'))
    nbformat.write(nb, notebooks / "20_solution_area.ipynb")
    params = tmp_path / "params.yaml"
    params.write_text(
        f"plan: {ROOT / 'parameters' / 'plan_2023.yaml'}\nout: {out}\nnotebooks: {notebooks}\n",
        encoding="utf-8",
    )
    proc = _run(str(params), "--jobs", "2")
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    for area in AREAS:
        assert f"area-{area}.ipynb" in proc.stderr
    assert "RuntimeError: hỏng có chủ ý" in proc.stderr
    assert _snapshot(report) == before
    kept = [p for p in (out / "bvcste-2023" / ".failed").iterdir()]
    assert kept and (kept[0] / "area-S1.ipynb").exists()
    assert not [p for p in report.parent.iterdir() if ".staging-" in p.name]


def test_case_01_run_matches_evaluate(tmp_path):
    case = CASES / "case-01"
    proc = _run("--out", str(tmp_path), "--data", str(case), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    report = _only_report(tmp_path)
    assert report.name == "truong-thcs-an-bang-vinh-an"
    for name in ["index.html", "results.json", *PAGES]:
        assert (report / name).is_file(), name
    evaluated = json.loads(run_cli("evaluate", "--data", str(case), "--format", "json").stdout)
    assert json.loads((report / "results.json").read_text(encoding="utf-8")) == evaluated


@requires_chromium
def test_script_in_workbook_strings_never_runs(tmp_path):
    data = tmp_path / "data"
    assert run_cli("sample", str(data)).returncode == 0
    evil = "<script>alert('x')</script>"
    students = (data / "students.csv").read_text(encoding="utf-8").splitlines()
    header = students[0].split(",")
    cls = header.index("class_name")
    rows = [line.split(",") for line in students[1:]]
    for row in rows[:40]:
        row[cls] = evil.replace(",", "")
    (data / "students.csv").write_text(
        "\n".join([students[0], *(",".join(r) for r in rows)]) + "\n", encoding="utf-8"
    )
    acts = (data / "activities.csv").read_text(encoding="utf-8")
    acts = acts.replace("6A;", f"{evil};", 1)
    (data / "activities.csv").write_text(acts, encoding="utf-8")
    proc = _run("--out", str(tmp_path / "out"), "--data", str(data), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    report = _only_report(tmp_path / "out")
    for name in ["index.html", *PAGES]:
        body = (report / name).read_text(encoding="utf-8")
        assert "<script>alert" not in body, name
    for name in ["year-end.html", "target-T2.1.html", "area-S5.html"]:
        page = open_page(report / name)
        assert page.dialogs == [] and page.page_errors == [], name


def test_warm_kernels_leak_nothing_between_notebooks(tmp_path):
    """Notebooks share a warm kernel; a variable, figure or option of one never reaches the next."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    leaky = nbformat.read(notebooks / "10_target.ipynb", as_version=4)
    leaky.cells.append(
        nbformat.v4.new_code_cell(
            "leak_from_previous_notebook = 42\n"
            "import matplotlib.pyplot as plt, pandas as pd\n"
            "plt.figure(); pd.set_option('display.max_rows', 3)"
        )
    )
    nbformat.write(leaky, notebooks / "10_target.ipynb")
    checker = nbformat.read(notebooks / "20_solution_area.ipynb", as_version=4)
    checker.cells.insert(
        0,
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt, pandas as pd\n"
            "assert 'leak_from_previous_notebook' not in globals()\n"
            "assert plt.get_fignums() == []\n"
            "assert pd.get_option('display.max_rows') == 60"
        ),
    )
    nbformat.write(checker, notebooks / "20_solution_area.ipynb")
    params = tmp_path / "params.yaml"
    params.write_text(
        f"out: {tmp_path / 'out'}\nnotebooks: {notebooks}\njobs: 1\n", encoding="utf-8"
    )
    proc = _run(str(params))
    assert proc.returncode == 0, proc.stderr
