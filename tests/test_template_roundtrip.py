"""`planlib template` → filled in with openpyxl → `planlib evaluate` gives the sample's results."""

from __future__ import annotations

import json

import openpyxl
from conftest import run_cli
from openpyxl import load_workbook

from planlib.core.contract import TABLES


def test_blank_template_filled_with_the_sample_evaluates_like_the_sample(tmp_path):
    from planlib.inputs.sample import generate_sample

    blank = tmp_path / "mau.xlsx"
    proc = run_cli("template", str(blank))
    assert proc.returncode == 0, proc.stderr
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames[0] == "Hướng dẫn"
    for table_id, rows in generate_sample().items():
        table = next(t for t in TABLES if t.id == table_id)
        sheet = book[table.vi]
        headers = [c.value for c in sheet[1]]
        ids = {c.vi: c.id for c in table.columns}
        for r, row in enumerate(rows, start=2):
            for c, header in enumerate(headers, start=1):
                value = row.get(ids[header], "")
                if value != "":
                    sheet.cell(row=r, column=c, value=value)  # typed as text, as pasted
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    got = json.loads(run_cli("evaluate", "--data", str(filled), "--format", "json").stdout)
    want = json.loads(run_cli("evaluate", "--format", "json").stdout)
    for key in ("indicators", "solution_areas", "funding", "responsibilities"):
        assert got[key] == want[key], key


def test_template_sample_option_writes_the_sample_school(tmp_path):
    path = tmp_path / "sample.xlsx"
    assert run_cli("template", "--sample", str(path)).returncode == 0
    got = json.loads(run_cli("evaluate", "--data", str(path), "--format", "json").stdout)
    want = json.loads(run_cli("evaluate", "--format", "json").stdout)
    assert got["indicators"] == want["indicators"]
    assert got["data"]["sample"] is True  # made from the sample: its reports say DỮ LIỆU MẪU
    blank = tmp_path / "blank.xlsx"
    assert run_cli("template", str(blank)).returncode == 0
    assert "DU_LIEU_MAU" not in load_workbook(blank).sheetnames


def test_template_refuses_other_suffixes(tmp_path):
    proc = run_cli("template", str(tmp_path / "x.csv"))
    assert proc.returncode == 2 and "xlsx" in proc.stderr


def test_template_filled_with_the_sample_is_read_back_as_sample_data(tmp_path):
    """Issue 10, item 15: a visible DU_LIEU_MAU sheet marks it; deleting the sheet unmarks it."""
    from planlib.apps.template import write_template
    from planlib.inputs.readers import SAMPLE_SHEET, SAMPLE_SIGNATURE
    from planlib.inputs.sample import generate_sample
    from planlib.inputs.workbook import open_workbook

    marked = write_template(tmp_path / "mau.xlsx", rows=generate_sample(), sample=True)
    book = openpyxl.load_workbook(marked)
    assert book[SAMPLE_SHEET].sheet_state == "visible"
    assert book[SAMPLE_SHEET]["A1"].value == SAMPLE_SIGNATURE
    assert "DỮ LIỆU MẪU" in book[SAMPLE_SHEET]["A2"].value
    assert open_workbook(marked).sample
    doc = json.loads(run_cli("evaluate", "--data", str(marked), "--format", "json").stdout)
    assert doc["data"]["sample"] is True
    english = write_template(tmp_path / "en.xlsx", rows=generate_sample(), lang="en", sample=True)
    assert "SAMPLE DATA" in openpyxl.load_workbook(english)[SAMPLE_SHEET]["A2"].value

    del book[SAMPLE_SHEET]  # the school replaced the data and deleted the sheet
    book.save(tmp_path / "real.xlsx")
    assert not open_workbook(tmp_path / "real.xlsx").sample
    book = openpyxl.load_workbook(marked)
    book[SAMPLE_SHEET]["A1"] = "đã thay bằng dữ liệu thật"  # an edited first cell unmarks too
    book.save(tmp_path / "edited.xlsx")
    assert not open_workbook(tmp_path / "edited.xlsx").sample
    plain = write_template(tmp_path / "plain.xlsx", rows=generate_sample())
    assert SAMPLE_SHEET not in openpyxl.load_workbook(plain).sheetnames
    assert not open_workbook(plain).sample
