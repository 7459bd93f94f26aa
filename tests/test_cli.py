"""The command line as users run it: exit codes, messages, formats, languages."""

from __future__ import annotations

import json

from conftest import CASES, run_cli


def test_evaluate_sample_table_is_vietnamese_and_marked_as_sample():
    proc = run_cli("evaluate")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "DỮ LIỆU MẪU" in out
    for word in ("Chỉ tiêu", "Trạng thái", "Đạt", "Không đạt", "KTC 95%", "< 1,5%", "/10.000"):
        assert word in out
    assert out.count("\nT") >= 8


def test_evaluate_sample_json_is_the_results_document():
    proc = run_cli("evaluate", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["schema"] == "planlib.results/1"
    assert doc["data"]["sample"] is True
    assert [i["id"] for i in doc["indicators"]] == [
        "T1.1", "T1.2", "T2.1", "T2.2", "T3", "T4", "T5", "T6",
    ]  # fmt: skip
    assert {i["status"] for i in doc["indicators"]} == {"achieved", "not_achieved"}
    assert [a["id"] for a in doc["solution_areas"]] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert [f["id"] for f in doc["funding"]] == ["F1", "F2"]
    assert list(doc) == [
        "schema", "plan", "school", "data", "indicators",
        "solution_areas", "funding", "responsibilities", "warnings",
    ]  # fmt: skip


def test_english_option():
    proc = run_cli("evaluate", "--lang", "en")
    assert proc.returncode == 0
    assert "SAMPLE DATA" in proc.stdout and "Not achieved" in proc.stdout


def test_as_of_evaluates_mid_year():
    proc = run_cli("evaluate", "--format", "json", "--as-of", "30/06/2023")
    doc = json.loads(proc.stdout)
    assert doc["plan"]["period"]["end"] == "2023-06-30"
    assert doc["plan"]["reference_date"] == "2023-06-30"


def test_validate_valid_case():
    proc = run_cli("validate", str(CASES / "case-01"))
    assert proc.returncode == 0, proc.stderr
    assert "hợp lệ" in proc.stdout


def test_invalid_data_exits_1_with_every_problem_and_no_traceback(tmp_path):
    (tmp_path / "students.csv").write_text(
        "Mã học sinh,Năm học,Khối,Lớp,Giới tính,Họ và tên\n"
        "B01,2023-2024,6,6A,Nữ,Nguyễn Văn Canary\n"
        "B02,2023-2024,10,6A,X,Trần Thị B\n"
        "B02,2023-2024,7,7A,M,Lê C\n",
        encoding="utf-8",
    )
    proc = run_cli("evaluate", "--data", str(tmp_path))
    assert proc.returncode == 1
    err = proc.stderr
    assert "Traceback" not in err + proc.stdout
    assert 'Học sinh (students), dòng 3, cột Khối (grade): "10" phải từ 6 đến 9' in err
    assert 'dòng 3, cột Giới tính (sex): "X" không phải giá trị hợp lệ' in err
    assert (
        'Học sinh (students), dòng 4, cột Mã học sinh (student_id): "B02" trùng với dòng 3' in err
    )
    assert "Canary" not in err


def test_usage_errors_exit_2():
    assert run_cli("evaluate", "--format", "pdf").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    missing = run_cli("evaluate", "--data", "/no/such/folder")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_bad_plan_file_exits_2_naming_the_key(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("schema: planlib.plan/1\nid: x\n", encoding="utf-8")
    proc = run_cli("evaluate", "--plan", str(plan))
    assert proc.returncode == 2
    assert "targets" in proc.stderr and "thiếu khoá bắt buộc" in proc.stderr


def test_sample_writes_a_workbook_that_evaluates_like_the_embedded_one(tmp_path):
    assert run_cli("sample", str(tmp_path / "s")).returncode == 0
    written = json.loads(
        run_cli("evaluate", "--data", str(tmp_path / "s"), "--format", "json").stdout
    )
    embedded = json.loads(run_cli("evaluate", "--format", "json").stdout)
    assert written["indicators"] == embedded["indicators"]


def test_output_cut_short_by_a_pipe_is_not_an_error():
    """`planlib evaluate | head`: the reader goes away before planlib has written."""
    import subprocess
    import sys

    from conftest import ROOT

    proc = subprocess.Popen(
        [sys.executable, "-m", "planlib.apps.cli", "evaluate", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    proc.stdout.close()  # nobody reads: every write meets a broken pipe
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Lỗi nội bộ" not in stderr and "Traceback" not in stderr


def test_help_is_in_the_language_of_the_command_line_only():
    """argparse's own headings ("usage:", "options:", "-h") follow --lang, never both languages."""
    vi = run_cli("run", "--help")
    assert vi.returncode == 0
    assert vi.stdout.startswith("Cách dùng: planlib run ")
    for words in ("tham số:", "tuỳ chọn:", "in hướng dẫn này rồi thoát"):
        assert words in vi.stdout
    for english in ("usage:", "positional arguments", "options:", "show this help"):
        assert english not in vi.stdout
    en = run_cli("run", "--help", "--lang", "en")
    assert en.stdout.startswith("usage: planlib run ")
    assert "options:" in en.stdout and "show this help message and exit" in en.stdout
    assert "Cách dùng" not in en.stdout and "tuỳ chọn" not in en.stdout


def test_a_usage_error_names_the_sub_command_once():
    proc = run_cli("evaluate", "--format", "yy")
    assert proc.returncode == 2
    first, *_, last = proc.stderr.strip().splitlines()
    assert first.startswith("Cách dùng: planlib evaluate [-h]")
    assert last.startswith("planlib evaluate: lỗi: tham số --format: giá trị không hợp lệ: 'yy'")


def test_sample_district_writes_schools_that_validate(tmp_path):
    proc = run_cli("sample", str(tmp_path / "huyen"), "--schools", "2")
    assert proc.returncode == 0, proc.stderr
    assert "2 trường" in proc.stdout and "planlib district" in proc.stdout
    written = sorted((tmp_path / "huyen").iterdir())
    assert len(written) == 2
    for submission in written:
        check = run_cli("validate", str(submission))
        assert check.returncode == 0, check.stderr
    refused = run_cli("sample", str(tmp_path / "x"), "--schools", "0")
    assert refused.returncode == 2 and "'0'" in refused.stderr and "Traceback" not in refused.stderr
