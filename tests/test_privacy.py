"""Personal data never leaves: canaries in every name and free-text column reach no output.

Every private column of the contract (names, descriptions, support notes, titles, topics…)
gets a canary string in every row. Then `evaluate`, `validate` (also on a broken copy),
`run` and the explorer functions are run, and every file written and everything printed is
searched: zero hits.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import run_cli

from planlib.core.contract import TABLES

CANARY = "CANARYQZX"
PRIVATE = {t.id: [c.id for c in t.columns if c.private] for t in TABLES}


def _with_canaries(folder: Path) -> Path:
    assert run_cli("sample", str(folder)).returncode == 0
    for table_id, columns in PRIVATE.items():
        path = folder / f"{table_id}.csv"
        if not columns or not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        header = list(rows[0])
        for i, row in enumerate(rows):
            for column in columns:
                row[column] = f"{CANARY}-{table_id}-{column}-{i} Nguyễn Văn A"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def _hits(text: str) -> list[str]:
    return [line for line in text.splitlines() if CANARY in line][:5]


def _files_hits(folder: Path) -> dict[str, list[str]]:
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            if CANARY in text:
                found[str(path)] = _hits(text)
    return found


@pytest.fixture(scope="module")
def canary_data(tmp_path_factory):
    folder = _with_canaries(tmp_path_factory.mktemp("canary"))
    for table_id, columns in PRIVATE.items():
        if columns and (folder / f"{table_id}.csv").exists():
            assert CANARY in (folder / f"{table_id}.csv").read_text(encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def broken_data(canary_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    for path in canary_data.glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    students = (folder / "students.csv").read_text(encoding="utf-8").splitlines()
    students[1] = students[1].replace(",2022-2023,", ",2022/2024,", 1)  # bad school year
    students.append(students[2])  # duplicate id, canary name on both rows
    (folder / "students.csv").write_text("\n".join(students) + "\n", encoding="utf-8")
    staff = (folder / "staff.csv").read_text(encoding="utf-8").splitlines()
    staff[1] = staff[1].replace("Có", "Có lẽ", 1)  # bad boolean in a row with a canary name
    (folder / "staff.csv").write_text("\n".join(staff) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "--format", "json"),
        ("evaluate", "--format", "table"),
        ("evaluate", "--format", "table", "--lang", "en"),
    ],
    ids=["json", "table", "table-en"],
)
def test_evaluate_prints_no_canary(canary_data, args):
    proc = run_cli(*args[:1], "--data", str(canary_data), *args[1:])
    assert proc.returncode == 0, proc.stderr
    assert not _hits(proc.stdout + proc.stderr)


def test_validate_prints_no_canary(canary_data, broken_data):
    ok = run_cli("validate", str(canary_data))
    assert ok.returncode == 0 and not _hits(ok.stdout + ok.stderr)
    for lang in ("vi", "en"):
        bad = run_cli("validate", str(broken_data), "--lang", lang)
        assert bad.returncode == 1
        assert "students" in bad.stderr and "staff" in bad.stderr  # the errors are reported …
        assert not _hits(bad.stdout + bad.stderr)  # … without the names in their rows


@pytest.mark.slow
def test_run_writes_no_canary_anywhere(canary_data, tmp_path):
    out = tmp_path / "out"
    proc = run_cli("run", "--data", str(canary_data), "--out", str(out), "--jobs", "2", timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert not _hits(proc.stdout + proc.stderr)
    written = list(out.rglob("*.html"))
    assert len(written) >= 17
    assert _files_hits(out) == {}


def test_explorer_shows_no_canary(canary_data):
    from planlib.apps.explore import build_explorer

    explorer = build_explorer(data_path=str(canary_data))
    shown = []
    for indicator in [o[1] if isinstance(o, tuple) else o for o in explorer.indicator.options]:
        explorer.indicator.value = indicator
        shown += [explorer.table.to_csv(), explorer.drill.to_csv(), explorer.status_text]
    shown.append(explorer.quality.to_csv())
    import ipywidgets.widgets.widget as w

    for widget in list(w._instances.values()):
        shown.append(json.dumps(widget.get_state(), default=str))
    assert not _hits("\n".join(shown))


def test_explorer_on_a_broken_workbook_shows_no_canary(broken_data):
    from planlib.apps.explore import build_explorer

    explorer = build_explorer(data_path=str(broken_data))
    assert len(explorer.quality) >= 3
    assert not _hits(explorer.quality.to_csv())
