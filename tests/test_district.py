"""The district run: ``planlib district FOLDER`` (and ``planlib run district.yaml``) on Dask.

Fast tests check discovery, fingerprints, cache keys, the cache, the district's identity and
exit codes. The slow ones share one real district run (a module fixture): a folder built here
from varied submissions — the sample school as CSV with canaries in every private column, a
contract case as CSV, an ``.xlsx`` with its ``Thông tin trường`` sheet, an invalid one, lock,
hidden and other files — then check the reports, ``district.json``, the cache, a failing
notebook, the external-scheduler path, interrupts, the public version and the browser.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from browser import open_page, requires_chromium
from conftest import ROOT, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from planlib.apps.run import load_run_parameters
from planlib.apps.run.cache import Cache, Cached, school_key
from planlib.apps.run.district import _unique
from planlib.apps.run.district_report import district_identity
from planlib.apps.run.schoolrun import SchoolRun
from planlib.apps.run.submissions import Found, discover, fingerprint
from planlib.core.errors import UsageError

CANARY = "CANARYDST"
PLANLIB = [sys.executable, "-m", "planlib"]
PLAN = "bvcste-2023"


# --- fast: discovery, fingerprints, keys, cache -------------------------------------------------


def _csv_folder(folder: Path, name: str = "students.csv") -> Path:
    folder.mkdir(parents=True)
    (folder / name).write_text("student_id\nA\n", encoding="utf-8")
    return folder


def test_discovery_takes_workbooks_and_csv_folders_and_names_what_it_skips(tmp_path):
    for name in ("b.xlsx", "a.ods", "c.XLS", "d.xlsb", "e.xlsm"):
        (tmp_path / name).write_bytes(b"x")
    for name in ("~$b.xlsx", ".~lock.a.ods#", ".hidden.xlsx", "ghi-chu.txt"):
        (tmp_path / name).write_bytes(b"x")
    _csv_folder(tmp_path / "truong-csv")
    (tmp_path / "empty-folder").mkdir()
    found = discover(tmp_path)
    assert [f.source for f in found.found] == [
        "a.ods",
        "b.xlsx",
        "c.XLS",
        "d.xlsb",
        "e.xlsm",
        "truong-csv",
    ]
    assert set(found.skipped) == {
        "~$b.xlsx",
        ".~lock.a.ods#",
        ".hidden.xlsx",
        "ghi-chu.txt",
        "empty-folder/",
    }


@pytest.mark.parametrize("kind", ["missing", "file", "empty", "only-lock"])
def test_discovery_refuses_a_folder_without_submissions(tmp_path, kind):
    folder = tmp_path / "d"
    if kind == "file":
        folder.write_text("x")
    elif kind != "missing":
        folder.mkdir()
    if kind == "only-lock":
        (folder / "~$a.xlsx").write_bytes(b"x")
    with pytest.raises(UsageError) as info:
        discover(folder, "en")
    assert str(folder) in info.value.message("en")


def test_fingerprint_follows_every_byte_of_a_folder_and_not_its_mtimes(tmp_path):
    folder = _csv_folder(tmp_path / "s")
    (folder / "staff.csv").write_text("staff_id\nS\n", encoding="utf-8")
    first = fingerprint(folder)
    os.utime(folder / "staff.csv", (1, 1))
    assert fingerprint(folder) == first
    (folder / "staff.csv").write_text("staff_id\nT\n", encoding="utf-8")
    assert fingerprint(folder) != first
    (folder / "staff.csv").rename(folder / "other.csv")
    assert fingerprint(folder) != first


@settings(max_examples=30, deadline=None)
@given(st.lists(st.binary(max_size=20), min_size=1, max_size=4), st.randoms())
def test_fingerprint_of_a_folder_does_not_depend_on_the_order_files_were_written(files, rnd):
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        names = [f"t{i}.csv" for i in range(len(files))]
        order = list(range(len(files)))
        for folder, sequence in ((one, order), (two, rnd.sample(order, len(order)))):
            for i in sequence:
                Path(folder, names[i]).write_bytes(files[i])
        assert fingerprint(Path(one)) == fingerprint(Path(two))


def test_school_key_changes_with_every_parameter_the_report_depends_on(tmp_path):
    found = Found(_csv_folder(tmp_path / "s"))
    base = load_run_parameters(None)
    key = school_key(found, base)
    assert school_key(found, base) == key
    for change in (
        {"lang": "en"},
        {"disclosure": "public"},
        {"pdf": True},
        {"directions": "x"},
        {"report_date": "31/05/2023"},
        {"as_of": "30/03/2023"},
    ):
        assert school_key(found, load_run_parameters(None, **change)) != key, change
    assert school_key(found, base, pages=False) != key
    assert school_key(Found(found.path, (("name", "B"),)), base) != key
    notebooks = tmp_path / "nb"
    shutil.copytree(ROOT / "notebooks", notebooks)
    assert school_key(found, base.model_copy(update={"notebooks": notebooks})) == key
    with (notebooks / "10_target.ipynb").open("a") as handle:
        handle.write(" ")
    assert school_key(found, base.model_copy(update={"notebooks": notebooks})) != key


def test_cache_reuses_a_school_only_while_its_key_holds_and_its_report_exists(tmp_path):
    found = Found(_csv_folder(tmp_path / "s"))
    cache = Cache(tmp_path / "plan")
    cache.put(found, Cached("k1", "Trường A", "d/truong-a", {"name": "Trường A"}, {"n": 1}))
    cache.save()
    assert oct((tmp_path / "plan" / ".planlib-cache.json").stat().st_mode & 0o777) == "0o600"
    again = Cache(tmp_path / "plan")
    assert again.get(found, "k1") is None  # the report folder is gone
    (tmp_path / "plan" / "d" / "truong-a").mkdir(parents=True)
    (tmp_path / "plan" / "d" / "truong-a" / "index.html").write_text("x")
    assert again.get(found, "k1").results == {"n": 1}
    assert again.get(found, "k2") is None
    again.forget(found)
    assert again.get(found, "k1") is None
    (tmp_path / "plan" / ".planlib-cache.json").write_text("{not json")
    assert Cache(tmp_path / "plan").entries == {}


def _school(identity: dict[str, str], status: str = "ok") -> SchoolRun:
    school = SchoolRun(0, Found(Path("x.xlsx")), load_run_parameters(None))
    school.outcome = {"status": status, "identity": identity}
    return school


def test_district_identity_is_the_schools_own_when_they_agree():
    agree = [
        _school({"district": "huyện A", "province": "tỉnh B"}),
        _school({"district": "huyện A"}),
        _school({}, "invalid"),
    ]
    assert district_identity(agree, "folder") == {"name": "huyện A", "province": "tỉnh B"}
    disagree = [_school({"district": "huyện A"}), _school({"district": "huyện C"})]
    assert district_identity(disagree, "thu-muc") == {"name": "thu-muc"}


def test_two_schools_of_one_name_get_two_folders():
    taken = {"truong-a"}
    assert [_unique("truong-a", taken), _unique("truong-a", taken)] == ["truong-a-2", "truong-a-3"]


# --- slow: one real district run --------------------------------------------------------------


def _canaries(folder: Path) -> None:
    """A private column of every table filled with the canary (the sample school as CSV)."""
    import csv

    from planlib.core.contract import TABLES

    for table in TABLES:
        private = [c.id for c in table.columns if c.private]
        path = folder / f"{table.id}.csv"
        if not private or not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for i, row in enumerate(rows):
            for column in private:
                row[column] = f"{CANARY}-{i} Nguyễn Văn A"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


def build_district(folder: Path) -> Path:
    """A district folder: the sample school as CSV (canaries, no identity sheet), an xlsx and
    a CSV folder with their ``Thông tin trường`` (``school.csv``), an invalid one, and files
    that are not submissions."""
    from planlib.inputs.sample.district import write_district_sample

    folder.mkdir()
    assert run_cli("sample", str(folder / "mau")).returncode == 0
    _canaries(folder / "mau")
    written = write_district_sample(folder, 2)
    assert [p.name for p in written] == ["thcs-phu-thuan.xlsx", "thcs-phu-hai"]
    _csv_folder(folder / "loi")
    (folder / "loi" / "students.csv").write_text(
        "student_id,school_year\nX,2023\n", encoding="utf-8"
    )
    (folder / "~$thcs-phu-thuan.xlsx").write_bytes(b"lock")
    (folder / ".DS_Store").write_bytes(b"x")
    (folder / "ghi-chu.txt").write_text("ghi chú của phòng", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("district")
    subs = build_district(tmp / "nop")
    proc = run_cli("district", str(subs), "--out", str(tmp / "out"), "--workers", "2", timeout=900)
    return tmp, subs, proc, tmp / "out" / PLAN / "huyen-phu-vang"


SCHOOLS = {
    "mau-du-lieu-mau": "mau",
    "truong-thcs-phu-thuan-du-lieu-mau": "thcs-phu-thuan.xlsx",
    "truong-thcs-phu-hai-du-lieu-mau": "thcs-phu-hai",
}
CHANGED = "truong-thcs-phu-hai-du-lieu-mau"


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_every_valid_school_is_reported_and_the_invalid_one_named(district):
    _, _, proc, out = district
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "loi (loi): dữ liệu không hợp lệ" in proc.stderr
    assert "Bỏ qua 3 tệp" in proc.stderr and "ghi-chu.txt" in proc.stderr
    assert "Dùng lại báo cáo của 0/4 trường" in proc.stdout
    assert "3/4 trường hợp lệ" in proc.stdout and str(out / "index.html") in proc.stdout
    for slug in SCHOOLS:
        for name in ("index.html", "year-end.html", "year-end.docx", "results.json", "run.log"):
            assert (out / slug / name).is_file(), (slug, name)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(SCHOOLS)
    assert {p.name for p in out.iterdir() if p.is_file()} >= {
        "index.html",
        "district.json",
        "district.docx",
    }
    assert not list(out.parent.glob(".*staging*")) and not list(out.glob(".*"))


@pytest.mark.slow
def test_each_school_results_equal_planlib_evaluate_of_its_workbook(district):
    _, subs, _, out = district
    for slug, source in SCHOOLS.items():
        proc = run_cli("evaluate", "--data", str(subs / source), "--format", "json")
        expected = json.loads(proc.stdout)
        published = json.loads((out / slug / "results.json").read_text(encoding="utf-8"))
        if source == "mau":  # no identity sheet: named after its folder
            assert published["school"]["name"] == source
            expected["school"]["name"] = source
        assert published == expected, slug


@pytest.mark.slow
def test_district_json_pools_exactly_the_schools_counts(district):
    _, _, _, out = district
    document = json.loads((out / "district.json").read_text(encoding="utf-8"))
    assert document["schema"] == "planlib.district/1"
    by_source = {s["source"]: s for s in document["schools"]}
    assert by_source["loi"]["status"] == "invalid" and by_source["loi"]["errors"] > 0
    results = [
        json.loads((out / slug / "results.json").read_text(encoding="utf-8")) for slug in SCHOOLS
    ]
    for pooled in document["indicators"]:
        counts = [next(i for i in r["indicators"] if i["id"] == pooled["id"]) for r in results]
        assert pooled["numerator"] == sum(c["numerator"] or 0 for c in counts), pooled["id"]
        assert pooled["denominator"] == sum(c["denominator"] or 0 for c in counts), pooled["id"]


@pytest.mark.slow
def test_nothing_personal_reaches_any_district_output(district):
    tmp, _, proc, out = district
    assert CANARY not in proc.stdout + proc.stderr
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as docx:
                data = b"".join(docx.read(name) for name in docx.namelist())
        assert CANARY.encode() not in data, path
    assert CANARY.encode() not in (tmp / "out" / PLAN / ".planlib-cache.json").read_bytes()


@pytest.mark.slow
def test_the_rerun_reuses_unchanged_schools_and_redoes_a_changed_one(district, tmp_path):
    tmp, subs, _, _ = district
    shutil.copytree(subs, tmp_path / "nop", symlinks=True)
    shutil.copytree(tmp / "out", tmp_path / "out")
    out = tmp_path / "out" / PLAN / "huyen-phu-vang"
    logs = {slug: (out / slug / "run.log").stat().st_mtime_ns for slug in SCHOOLS}
    args = ("district", str(tmp_path / "nop"), "--out", str(tmp_path / "out"), "--workers", "2")
    proc = run_cli(*args, timeout=600)
    assert proc.returncode == 1 and "Dùng lại báo cáo của 3/4 trường" in proc.stdout
    assert {slug: (out / slug / "run.log").stat().st_mtime_ns for slug in SCHOOLS} == logs
    with (tmp_path / "nop" / "thcs-phu-hai" / "trainings.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    proc = run_cli(*args, timeout=600)
    assert proc.returncode == 1 and "Dùng lại báo cáo của 2/4 trường" in proc.stdout
    after = {slug: (out / slug / "run.log").stat().st_mtime_ns for slug in SCHOOLS}
    assert after[CHANGED] != logs[CHANGED]
    assert {s: after[s] for s in SCHOOLS if s != CHANGED} == {
        s: logs[s] for s in SCHOOLS if s != CHANGED
    }
    assert (out / "index.html").stat().st_mtime_ns > logs[CHANGED]  # always rebuilt


def _failing_notebooks(folder: Path) -> Path:
    """The notebooks, notebook 10 raising for the school whose data path names ``phu-hai``."""
    import nbformat

    shutil.copytree(ROOT / "notebooks", folder)
    nb = nbformat.read(folder / "10_target.ipynb", as_version=4)
    cell = nbformat.v4.new_code_cell(
        'if data_path and "phu-hai" in data_path:\n    raise RuntimeError("forced failure")'
    )
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    cell.pop("id", None)  # the notebooks are nbformat 4.4
    nb.cells.insert(index + 2, cell)
    nbformat.write(nb, folder / "10_target.ipynb")
    return folder


@pytest.mark.slow
def test_a_failing_notebook_keeps_the_previous_report_and_the_others_go_on(district, tmp_path):
    tmp, subs, _, _ = district
    shutil.copytree(tmp / "out", tmp_path / "out")
    out = tmp_path / "out" / PLAN / "huyen-phu-vang"
    before = _tree(out / CHANGED)
    params = tmp_path / "district.yaml"
    params.write_text(
        f"out: {tmp_path / 'out'}\n"
        f"notebooks: {_failing_notebooks(tmp_path / 'nb')}\n"
        "jobs: 2\n"
        "schools:\n"
        f"  - data: {subs / 'thcs-phu-hai'}\n"
        f"  - data: {subs / 'thcs-phu-thuan.xlsx'}\n"
        "  - data: khong-co.xlsx\n"
        "    school: {name: Trường THCS Vắng Mặt}\n",
        encoding="utf-8",
    )
    proc = run_cli("run", str(params), timeout=900)
    assert proc.returncode == 3, proc.stderr
    assert "Trường THCS Phú Hải (thcs-phu-hai): 8 sổ tính không chạy được" in proc.stderr
    assert "Trường THCS Vắng Mặt: không tìm thấy bài nộp" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _tree(out / CHANGED) == before
    kept = list((tmp_path / "out" / PLAN / ".failed").glob(f"{CHANGED}-*/target-T*.ipynb"))
    assert len(kept) == 8
    document = json.loads((out / "district.json").read_text(encoding="utf-8"))
    statuses = {s["source"]: s["status"] for s in document["schools"]}
    assert statuses == {
        "thcs-phu-hai": "failed",
        "thcs-phu-thuan.xlsx": "ok",
        "khong-co.xlsx": "missing",
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_an_external_dask_cluster_runs_the_district(district, tmp_path):
    _, subs, _, _ = district
    nop = tmp_path / "nop"
    nop.mkdir()
    shutil.copytree(subs / "thcs-phu-hai", nop / "thcs-phu-hai")
    shutil.copy(subs / "thcs-phu-thuan.xlsx", nop)
    port = _free_port()
    dask_cli = str(Path(sys.executable).with_name("dask"))  # the venv's dask command
    dask = [dask_cli, "scheduler"]
    worker_cli = [dask_cli, "worker"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [*dask, "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [*worker_cli, address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        proc = run_cli(
            "district",
            str(nop),
            "--out",
            str(tmp_path / "out"),
            "--scheduler",
            address,
            "--lang",
            "en",
            timeout=900,
        )
        assert proc.returncode == 0, proc.stderr
        out = tmp_path / "out" / PLAN / "huyen-phu-vang"
        assert (out / "district.json").is_file() and (out / "index.html").is_file()
        assert (out / "truong-thcs-phu-thuan-du-lieu-mau" / "year-end.html").is_file()
        assert (out / CHANGED / "results.json").is_file()
        assert worker.poll() is None and scheduler.poll() is None  # the cluster lives on
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            process.wait(timeout=60)


def _descendants(pid: int) -> list[int]:
    from planlib.apps.run.interrupts import descendants

    return descendants(pid)


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_district_run_leaves_nothing_behind(district, tmp_path, signum):
    tmp, subs, _, _ = district
    shutil.copytree(tmp / "out", tmp_path / "out")
    before = _tree(tmp_path / "out")
    process = subprocess.Popen(
        # another language: every school runs again
        [*PLANLIB, "district", str(subs), "--out", str(tmp_path / "out"), "--lang", "en"],
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((tmp_path / "out" / PLAN).glob(".*staging*")):
        time.sleep(0.2)
    time.sleep(6)  # kernels running pages
    started = _descendants(process.pid)
    assert started, "the run started no worker"
    if signum == signal.SIGINT:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the whole process group
    else:
        process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    assert ("Ctrl-C" if signum == signal.SIGINT else "SIGTERM") in stderr
    time.sleep(1)
    alive = [pid for pid in started if Path(f"/proc/{pid}").exists() and _alive(pid)]
    assert alive == []
    assert _tree(tmp_path / "out") == before
    assert not list((tmp_path / "out").rglob("*staging*"))
    assert not list(Path(tempfile.gettempdir()).glob(f"planlib-run-{process.pid}-*"))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_the_public_district_report_hides_small_counts_and_publishes_no_counts(district, tmp_path):
    _, subs, _, _ = district
    proc = run_cli(
        "district",
        str(subs),
        "--out",
        str(tmp_path / "out"),
        "--disclosure",
        "public",
        "--no-pages",
        timeout=600,
    )
    assert proc.returncode == 1, proc.stderr
    out = tmp_path / "out" / PLAN / "huyen-phu-vang-cong-khai"
    assert (out / "index.html").is_file() and (out / "district.docx").is_file()
    assert not (out / "district.json").exists()
    assert not [p for p in out.iterdir() if p.is_dir()]  # --no-pages: no school folders
    assert not (tmp_path / "out" / PLAN / "huyen-phu-vang").exists()
    import re

    html = (out / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.DOTALL)
    cells = [  # every cell but a row's first (its number, STT)
        cell.strip() for row in rows for cell in re.findall(r"<td[^>]*>([^<]*)</td>", row)[1:]
    ]
    assert cells and not [c for c in cells if re.fullmatch(r"[1-4]", c)]


@requires_chromium
@pytest.mark.slow
def test_the_district_report_in_a_real_browser(district):
    _, _, _, out = district
    page = open_page(
        out / "index.html",
        evaluate=["document.querySelectorAll('img, svg').length"],
    )
    assert page.external_requests == [] and page.page_errors == [] and page.console_errors == []
    assert page.evaluated["document.querySelectorAll('img, svg').length"] > 0
    for slug in SCHOOLS:
        assert f'href="{slug}/index.html"' in page.html, slug
    assert "Trường THCS Phú Thuận" in page.text
