"""Faults and misuse (issue 10): a clear answer, exit codes that keep their meaning, no debris.

The signal tests start a real ``planlib run`` in a session of its own, wait until a Jupyter
kernel of the run is running, signal it, and then check: a plain message, no traceback, exit
130/143, no process of the run left (by pid, read from ``/proc``), no staging or temporary
folder left, and the previous report byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
import yaml
from conftest import ROOT, run_cli

from planlib.apps.run import load_run_parameters
from planlib.core.errors import DataError, PlanError, Problem
from planlib.core.fmt import fmt_percent, fmt_value
from planlib.inputs.plan import load_plan

PLAN = ROOT / "parameters" / "plan_2023.yaml"
SLUG = "truong-thcs-an-bang-vinh-an-du-lieu-mau"


# --- helpers -------------------------------------------------------------------------------


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _tree(root: int) -> set[int]:
    """The live descendants of ``root``, read from ``/proc``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int(Path(entry, "stat").read_text().rsplit(")", 1)[-1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return {pid for pid in found if _alive(pid)}


def _is_kernel(pid: int) -> bool:
    try:
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _start_run(out: Path, jobs: str = "2") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "planlib", "run", "--out", str(out), "--jobs", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        start_new_session=True,
    )


def _wait_for_kernel(proc: subprocess.Popen[str]) -> set[int]:
    """Every process of the run once a kernel runs (kernels included: they are descendants)."""
    seen: set[int] = set()
    for _ in range(1200):  # a bound, not a timing assertion: a run that never starts fails
        seen |= _tree(proc.pid)
        if any(_is_kernel(pid) for pid in seen):
            time.sleep(1)  # let the pool's other worker start its kernel too
            return seen | _tree(proc.pid)
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    raise AssertionError("no kernel started")


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _debris(out: Path, since: set[str]) -> list[str]:
    """Staging and old-report folders of the plan, and temporary folders of runs not in since."""
    plan = out / "bvcste-2023"
    left = [p.name for p in plan.iterdir() if ".staging-" in p.name or ".old-" in p.name]
    temp = {p.name for p in Path(tempfile.gettempdir()).glob("planlib-run-*")}
    # a folder of a run still going (another test's, in parallel) is not debris
    return left + sorted(name for name in temp - since if not _alive(_pid_of(name)))


def _pid_of(name: str) -> int:
    """The PID in a run's temporary folder name ``planlib-run-<pid>-…`` (0 when absent)."""
    part = name.removeprefix("planlib-run-").split("-", 1)[0]
    return int(part) if part.isdigit() else 0


def _temp_runs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("planlib-run-*")}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A folder with one good report, and its snapshot."""
    out = tmp_path_factory.mktemp("out")
    proc = run_cli("run", "--out", str(out), "--jobs", "2", timeout=600)
    assert proc.returncode == 0, proc.stderr
    report = out / "bvcste-2023" / SLUG
    return out, report, _snapshot(report)


# --- 1, 2, 6: Ctrl-C, SIGTERM, SIGKILL during a real run --------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "code", "words"),
    [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")],
    ids=["ctrl-c", "sigterm"],
)
def test_a_signal_stops_every_process_and_leaves_nothing(published, signum, code, words):
    out, report, before = published
    others = _temp_runs()
    proc = _start_run(out)
    processes = _wait_for_kernel(proc)
    assert any(_is_kernel(pid) for pid in processes)
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)  # as the terminal does: the whole process group
    else:
        os.kill(proc.pid, signum)  # as a service manager does: the main process
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stdout + stderr, stderr
    assert "Đã dừng" in stderr and words in stderr and "đã được xoá" in stderr, stderr
    assert "Task exception" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    left = [pid for pid in processes if _alive(pid)]
    assert not left, left
    assert not _debris(out, others)
    assert _snapshot(report) == before


@pytest.mark.slow
def test_after_sigkill_the_next_run_removes_the_debris_and_succeeds(published):
    out, report, _ = published
    others = _temp_runs()
    proc = _start_run(out)
    processes = _wait_for_kernel(proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    for _ in range(300):  # workers end with the main process, kernels with their worker
        if not any(_alive(pid) for pid in processes):
            break
        time.sleep(0.1)
    assert not [pid for pid in processes if _alive(pid)]
    assert _debris(out, others), "a SIGKILL leaves its staging and temporary folders"
    again = run_cli("run", "--out", str(out), "--jobs", "2", timeout=600)
    assert again.returncode == 0, again.stderr
    assert not _debris(out, others)
    assert (report / "index.html").is_file() and (report / "results.json").is_file()


@pytest.mark.slow
def test_two_runs_at_once_end_with_one_complete_report(tmp_path):
    first, second = _start_run(tmp_path), _start_run(tmp_path)
    outcomes = [p.communicate(timeout=900) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outcomes
    plan = tmp_path / "bvcste-2023"
    assert sorted(p.name for p in plan.iterdir()) == [SLUG]
    report = plan / SLUG
    assert len(list(report.glob("*.html"))) == 17 and (report / "results.json").is_file()


# --- 16: the published folder's mode ----------------------------------------------------------


@pytest.mark.slow
def test_published_folder_takes_the_users_umask(published):
    _, report, _ = published
    mask = os.umask(0o022)
    os.umask(mask)
    assert report.stat().st_mode & 0o777 == 0o777 & ~mask


# --- 3: --as-of outside the plan period -------------------------------------------------------


@pytest.mark.parametrize("day", ["01/06/2022", "01/06/2024"])
def test_as_of_outside_the_period_is_a_usage_error_naming_it(day):
    proc = run_cli("evaluate", "--as-of", day)
    assert proc.returncode == 2, proc.stdout
    assert f"--as-of {day} nằm ngoài thời kỳ của kế hoạch (01/01/2023–31/12/2023)" in proc.stderr
    english = run_cli("evaluate", "--as-of", day, "--lang", "en")
    assert "is outside the plan period (01/01/2023–31/12/2023)" in english.stderr
    assert "ngoài" not in english.stderr


def test_as_of_inside_the_period_still_works():
    proc = run_cli("evaluate", "--as-of", "30/06/2023")
    assert proc.returncode == 0, proc.stderr


# --- 4: output paths --------------------------------------------------------------------------


def test_output_paths_that_cannot_be_written_name_the_path(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    for out in (a_file, a_file / "under", Path("/dev/null")):
        proc = run_cli("run", "--out", str(out))
        assert proc.returncode == 2, proc.stderr
        assert str(out) in proc.stderr and "không phải thư mục" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr and "Lỗi nội bộ" not in proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_a_read_only_output_folder_is_named(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    proc = run_cli("run", "--out", str(locked / "out"))
    assert proc.returncode == 2, proc.stderr
    assert str(locked / "out") in proc.stderr and "không có quyền" in proc.stderr


# --- 5, 14: plan and parameter files ----------------------------------------------------------


def test_plan_files_in_utf16_and_windows_1258_are_read(tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    (tmp_path / "utf16.yaml").write_bytes(text.encode("utf-16"))
    (tmp_path / "bom.yaml").write_bytes(text.encode("utf-8-sig"))
    expected = load_plan(PLAN)
    assert load_plan(tmp_path / "utf16.yaml") == expected
    assert load_plan(tmp_path / "bom.yaml") == expected
    (tmp_path / "cp1258.yaml").write_bytes(_cp1258("school:\n  name: Trường THCS Ân Bằng\n"))
    from planlib.inputs.plan import read_mapping

    assert read_mapping(tmp_path / "cp1258.yaml") == {"school": {"name": "Trường THCS Ân Bằng"}}


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: base letters precomposed, tone marks combining."""
    import unicodedata

    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", parts[:-1]).encode("cp1258")
            out += parts[-1].encode("cp1258")
    return out


def test_a_binary_plan_or_parameter_file_is_a_plan_file_message(tmp_path):
    binary = tmp_path / "plan.yaml"
    binary.write_bytes(bytes(range(256)) * 4)
    proc = run_cli("evaluate", "--plan", str(binary))
    assert proc.returncode == 2
    assert "Tệp kế hoạch không hợp lệ" in proc.stderr and "không phải văn bản" in proc.stderr
    assert "UnicodeDecodeError" not in proc.stderr and "Lỗi nội bộ" not in proc.stderr
    proc = run_cli("run", str(binary))
    assert proc.returncode == 2
    assert "Tệp tham số không hợp lệ" in proc.stderr and "Tệp kế hoạch" not in proc.stderr


def test_parameter_file_in_utf16_with_a_dd_mm_yyyy_as_of(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_bytes("as_of: 30/06/2023\nreport_date: 2023-12-31\n".encode("utf-16"))
    loaded = load_run_parameters(params)
    assert loaded.as_of.isoformat() == "2023-06-30"
    assert loaded.report_date.isoformat() == "2023-12-31"


def test_parameter_messages_speak_the_language_and_call_it_a_parameter_file(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("jobs: 0\ncolour: red\nas_of: 31-12-2023\n", encoding="utf-8")
    vi = run_cli("run", str(params))
    assert vi.returncode == 2
    assert vi.stderr.startswith("Tệp tham số không hợp lệ:"), vi.stderr
    assert "jobs: giá trị không hợp lệ: quá nhỏ: phải từ 1 trở lên" in vi.stderr
    assert "colour: giá trị không hợp lệ: khoá không có trong tệp tham số" in vi.stderr
    assert "'31-12-2023'" in vi.stderr and "dd/mm/yyyy" in vi.stderr
    en = run_cli("run", str(params), "--lang", "en")
    assert en.stderr.startswith("Invalid parameter file:"), en.stderr
    assert "too small: must be at least 1" in en.stderr and "giá trị" not in en.stderr
    assert "Input should" not in vi.stderr + en.stderr  # pydantic's own English


def test_plan_messages_name_targets_by_id_and_values_as_written(tmp_path):
    document = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    document["targets"][0]["threshold"] = "sáu"
    document["period"] = {"start": "2023-12-31", "end": "2023-01-01"}
    broken = tmp_path / "plan.yaml"
    broken.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(broken)
    report = info.value.report("vi")
    assert "targets[0].threshold (T1.1): phải là số (giá trị đã ghi: 'sáu')" in report
    assert "2023-12-31" in report and "datetime.date" not in report
    english = info.value.report("en")
    assert "targets[0].threshold (T1.1): must be a number (got 'sáu')" in english


def test_argparse_messages_follow_the_language():
    vi = run_cli("run", "--jobs", "x")
    assert vi.returncode == 2
    assert "Cách dùng: planlib run" in vi.stderr
    assert "lỗi: tham số --jobs: không phải số nguyên: 'x'" in vi.stderr
    assert "usage:" not in vi.stderr and "invalid int" not in vi.stderr
    en = run_cli("validate", "--lang", "en")
    assert "planlib validate: error: the following arguments are required: path" in en.stderr
    wrong = run_cli("evaluate", "--lang", "fr")
    assert wrong.returncode == 2 and "giá trị không hợp lệ: 'fr'" in wrong.stderr
    assert "__main__" not in wrong.stderr


# --- 11, 12, 13: the order, the marks, the progress bar ---------------------------------------


def test_errors_come_first_then_warnings_each_marked():
    warning = Problem("refs_unchecked", "trainings", column="staff_id", severity="warning",
                      params={"ref_table": ("Cán bộ", "Staff")})  # fmt: skip
    error = Problem("bad_int", "students", 3, "grade", "x")
    report = DataError([warning, error]).report("vi").splitlines()
    assert report[0].startswith("LỖI: Học sinh (students), dòng 3")
    assert report[1].startswith("CẢNH BÁO: Tập huấn (trainings)")
    assert DataError([warning, error]).report("en").splitlines()[1].startswith("WARNING: ")


def test_a_table_given_twice_comes_before_what_it_causes(tmp_path):
    folder = tmp_path / "data"
    assert run_cli("sample", str(folder)).returncode == 0
    rows = (folder / "students.csv").read_text(encoding="utf-8-sig").splitlines()
    (folder / "Học sinh.csv").write_text("\n".join(rows[:300]) + "\n", encoding="utf-8")
    proc = run_cli("validate", str(folder))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[1].startswith("LỖI: Học sinh (students): bảng có hai lần"), lines[:3]
    more = int(lines[2].split("(và ")[1].split()[0])
    assert more > 100 and "do lỗi này gây ra" in lines[2]
    caused = [line for line in lines if "không có trong bảng Học sinh" in line]
    assert len(caused) == more and lines.index(caused[0]) > 2


def test_no_progress_bar_before_the_checks_and_no_heading_glued_to_it(tmp_path):
    folder = tmp_path / "data"
    assert run_cli("sample", str(folder)).returncode == 0
    text = (folder / "students.csv").read_text(encoding="utf-8-sig")
    (folder / "students.csv").write_text(text.replace(",6,", ",12,", 1), encoding="utf-8")
    proc = run_cli("run", "--data", str(folder), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith("Dữ liệu không hợp lệ"), proc.stderr[:200]
    assert "Đang lập báo cáo" not in proc.stderr


# --- 15: the sample is marked ---------------------------------------------------------------


def test_a_folder_written_by_sample_is_marked_whatever_its_name(tmp_path):
    folder = tmp_path / "truong-that"
    assert run_cli("sample", str(folder)).returncode == 0
    proc = run_cli("evaluate", "--data", str(folder), "--format", "json")
    assert '"sample": true' in proc.stdout
    (folder / "DU_LIEU_MAU.txt").unlink()
    proc = run_cli("evaluate", "--data", str(folder), "--format", "json")
    assert '"sample": false' in proc.stdout


# --- 17: tiny rates ---------------------------------------------------------------------------


def test_tiny_rates_are_told_from_zero():
    assert fmt_value(7 * 100 / 99_056, "percent") == "0,007%"
    assert fmt_percent(0.0028) == "0,003%"
    assert fmt_value(7 * 100 / 99_056, "percent", "en") == "0.007%"
    assert fmt_percent(0.0) == "0,0%" and fmt_percent(32.68) == "32,7%"
    assert fmt_percent(0.06) == "0,1%"  # already told from zero: one decimal
    assert fmt_percent(np.float64(0.0028)) == "0,003%"  # as the evaluation's frames hold them
