"""The calamine reading of an .xlsx gives exactly the rows openpyxl's streaming reading gives."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from planlib.apps.template import write_template
from planlib.inputs import xlsx
from planlib.inputs.raw import ExcelError, RawWorkbook, UncomputedFormula
from planlib.inputs.xlsx_fast import read_cells


def _openpyxl(path: Path, monkeypatch: pytest.MonkeyPatch) -> RawWorkbook:
    with monkeypatch.context() as patch:
        patch.setattr(xlsx, "_read_fast", lambda book, path: False)
        return xlsx.read_xlsx(path)


def _shown(book: RawWorkbook) -> tuple:
    """What the loader uses of a read workbook (a row's trailing empty cells aside)."""

    def row(cells: list) -> list:
        values = [None if v == "" else v for v in cells]
        while values and values[-1] is None:
            values.pop()
        return [(type(v).__name__, v) for v in values]

    tables = {
        table_id: (
            raw.label,
            raw.header_row,
            [h for h in raw.header if h],
            [(number, row(cells)) for number, cells in raw.rows],
            raw.merged_header,
            raw.layout,
        )
        for table_id, raw in book.tables.items()
    }
    return book.sample, tables, [repr(p) for p in book.problems]


def _incidents(path: Path) -> Path:
    """An incidents sheet as a school keeps it: a merged title, dates with and without their
    time, a midnight date-time, numbers, an error value and a formula saved without value."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Vụ việc"
    ws["A1"] = "DANH SÁCH VỤ VIỆC"
    ws.merge_cells("A1:F1")
    header = ["Mã vụ việc", "Mã học sinh", "Loại", "Ngày xảy ra"]
    header += ["Thời điểm tiếp nhận", "Thời điểm can thiệp"]
    ws.append([])
    ws.append(header)
    days = [dt.datetime(2023, 3, 1), dt.datetime(2023, 3, 2, 9, 30), dt.datetime(2023, 3, 3)]
    for n, day in enumerate(days, start=1):
        ws.append([f"VV{n}", f"HS{n:04d}", "injury", day, day, day + dt.timedelta(hours=1)])
        for col, fmt in (("D", "DD/MM/YYYY"), ("E", "DD/MM/YYYY HH:MM"), ("F", "hh:mm")):
            ws[f"{col}{n + 3}"].number_format = fmt
    ws.append(["VV4", 1001, "injury", "=1/0", 6.5, True])
    ws.append(["  VV5 ", "HS0005", "injury", "=D4+1", dt.time(10, 30), 44927])
    wb.save(path)
    with zipfile.ZipFile(path) as archive:  # E7: an error value saved as Excel saves it
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        '<c r="D7"><f>1/0</f><v></v></c>', '<c r="D7" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_school_sheet_reads_the_same_both_ways(tmp_path, monkeypatch):
    path = _incidents(tmp_path / "truong.xlsx")
    assert read_cells(path, lambda name: True, 1000) is not None  # calamine read it
    fast, slow = xlsx.read_xlsx(path), _openpyxl(path, monkeypatch)
    assert _shown(fast) == _shown(slow)
    rows = dict(fast.tables["incidents"].rows)
    assert rows[4][4] == dt.datetime(2023, 3, 1)  # a midnight date-time keeps its time
    assert rows[4][3] == dt.date(2023, 3, 1)
    assert isinstance(rows[7][3], ExcelError) and rows[7][3] == "#DIV/0!"
    assert isinstance(rows[8][3], UncomputedFormula)


def test_the_template_and_its_sample_read_the_same_both_ways(tmp_path, monkeypatch):
    for sample in (False, True):
        path = write_template(tmp_path / f"mau-{sample}.xlsx", sample=sample)
        assert read_cells(path, lambda name: True, 10**6) is not None
        assert _shown(xlsx.read_xlsx(path)) == _shown(_openpyxl(path, monkeypatch))


def test_what_calamine_cannot_vouch_for_is_read_by_openpyxl(tmp_path):
    path = tmp_path / "float.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Vụ việc"
    wb.active.append(["Mã vụ việc", "Mã học sinh"])
    wb.active.append(["VV1", 1001])
    wb.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b"<v>1001</v>" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"<v>1001</v>", b"<v>1001.0</v>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_cells(path, lambda name: True, 1000) is None  # 1001.0: openpyxl's float
    rows = dict(xlsx.read_xlsx(path).tables["incidents"].rows)
    assert rows[2][1] == 1001.0 and isinstance(rows[2][1], float)
    assert read_cells(tmp_path / "missing.xlsx", lambda name: True, 1000) is None
