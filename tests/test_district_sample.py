"""The synthetic district: distinct schools, varied counts fixed by construction, all valid."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy import stats

from planlib.evaluation.session import open_evaluation
from planlib.inputs.readers import is_sample_folder
from planlib.inputs.sample import Variant, generate_sample, write_sample_csv
from planlib.inputs.sample.district import (
    DISTRICT,
    PROVINCE,
    district_variants,
    school_identity,
    write_district_sample,
)
from planlib.inputs.sample.sheets import typed
from planlib.inputs.workbook import open_workbook


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> dict[str, dict]:
    """Six schools (xlsx/csv alternating) evaluated: name -> results.json document."""
    folder = tmp_path_factory.mktemp("phu-vang")
    paths = write_district_sample(folder)
    return {path.name: open_evaluation(path).to_dict() for path in paths}


def _figure(doc: dict, target: str) -> dict:
    return next(i for i in doc["indicators"] if i["id"] == target)


def test_six_distinct_schools_of_one_district_alternate_xlsx_and_csv(tmp_path, district):
    names = list(district)
    assert [Path(n).suffix for n in names] == [".xlsx", "", ".xlsx", "", ".xlsx", ""]
    schools = [doc["school"] for doc in district.values()]
    assert len({s["name"] for s in schools}) == 6
    assert all(s["name"].startswith("Trường THCS ") for s in schools)
    assert {(s["district"], s["province"]) for s in schools} == {(DISTRICT, PROVINCE)}
    children = [_figure(doc, "T5")["denominator"] for doc in district.values()]
    assert all(300 <= n <= 650 for n in children) and max(children) - min(children) > 250
    assert all(not doc["warnings"] for doc in district.values())


def test_targets_are_met_by_some_and_missed_by_others(district):
    for target in ("T1.1", "T1.2", "T2.1", "T4", "T5", "T6"):
        statuses = {_figure(doc, target)["status"] for doc in district.values()}
        assert statuses == {"achieved", "not_achieved"}, target
    rates = sorted(_figure(doc, "T2.1")["value"] for doc in district.values())
    assert rates[0] == 0 and rates[-1] > 250 and len(set(rates)) == 6


def test_one_school_is_far_outside_the_limits_on_injuries_and_one_on_awareness(district):
    """Exact tail probabilities at the target (θ = 60/10.000; 85%) below 0.1% on either side."""
    injuries = [_figure(doc, "T2.1") for doc in district.values()]
    far = [f for f in injuries if stats.poisson.sf(f["numerator"] - 1, 0.006 * f["denominator"])
           < 0.001]  # fmt: skip
    assert [f["numerator"] for f in far] == [18]
    awareness = [_figure(doc, "T5") for doc in district.values()]
    low = [f for f in awareness if stats.binom.cdf(f["numerator"], f["denominator"], 0.85) < 0.001]
    assert len(low) == 1 and low[0]["value"] < 76


def test_head_and_identity_come_from_each_schools_own_sheet(tmp_path):
    paths = write_district_sample(tmp_path, 2)
    for i, path in enumerate(paths):
        book = open_workbook(path)
        row = book.tables["school"].iloc[0]
        assert row["name"] == school_identity(i)["name"]
        assert row["head"] == f"Hiệu trưởng HT{i + 1:03d}"
    assert is_sample_folder(paths[1]) and not paths[0].is_dir()
    assert open_workbook(paths[0]).sample and open_workbook(paths[1]).sample


@pytest.mark.parametrize("formats", [("ods", "xls"), ("csv", "xlsx")])
def test_every_format_passes_validate(tmp_path, formats):
    paths = write_district_sample(tmp_path, 2, seed=11, formats=formats)
    assert [p.suffix for p in paths] == [f".{f}" if f != "csv" else "" for f in formats]
    for path in paths:
        done = run_cli("validate", str(path))
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert open_workbook(path).sample  # the DU_LIEU_MAU sheet, or the CSV marker file


def test_workbook_and_csv_of_the_same_school_read_alike(tmp_path):
    """The same school written both ways gives the same tables, cell for cell."""
    (xlsx,) = write_district_sample(tmp_path / "a", 1, formats=["xlsx"])
    (csv,) = write_district_sample(tmp_path / "b", 1, formats=["csv"])
    first, second = open_workbook(xlsx).tables, open_workbook(csv).tables
    assert sorted(first) == sorted(second)
    for table in first:
        assert first[table].astype(str).equals(second[table].astype(str)), table


def test_same_seed_same_district_other_seed_other_district(tmp_path):
    one = write_district_sample(tmp_path / "one", 8, formats=["csv"])
    write_district_sample(tmp_path / "two", 8, formats=["csv"])
    other = write_district_sample(tmp_path / "other", 8, seed=7, formats=["csv"])
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.csv"))
    assert len(files) == 8 * 11
    assert all((tmp_path / "one" / f).read_bytes() == (tmp_path / "two" / f).read_bytes()
               for f in files)  # fmt: skip
    students = [p / "students.csv" for p in one]
    assert len({p.read_bytes() for p in students}) == 8
    assert [p.name for p in one] == [p.name for p in other]
    assert (one[-1] / "students.csv").read_bytes() != (other[-1] / "students.csv").read_bytes()
    assert district_variants(8) == district_variants(8) != district_variants(8, seed=7)


def test_the_bundled_sample_is_the_default_variant(tmp_path):
    assert generate_sample() == generate_sample(2023, Variant())
    write_sample_csv(tmp_path)
    assert (tmp_path / "students.csv").read_text(encoding="utf-8").count("\n") > 1000


def test_300_csv_schools_take_well_under_a_minute(tmp_path):
    start = time.perf_counter()
    paths = write_district_sample(tmp_path, 300, formats=["csv"])
    elapsed = time.perf_counter() - start
    assert len({p.name for p in paths}) == 300 and elapsed < 60, (
        elapsed
    )  # ~15 s alone; bound loose for a loaded machine


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match="numbers"):
        write_district_sample(tmp_path, 2, formats=["numbers"])
    with pytest.raises(ValueError):
        write_district_sample(tmp_path, 0)
    for wrong in ({"untrained": 10}, {"injured": -1}, {"fail_share": 0.7}, {"letters": ""}):
        with pytest.raises(ValueError):
            Variant(**wrong)


def test_typed_cells():
    assert typed("", "date") is None and typed("HS0001", "text") == "HS0001"
    assert typed("0905123456", "text") == "0905123456"  # a text column keeps its zeros
    assert typed("31/02/2023x", "date") == "31/02/2023x"


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    injured=st.integers(0, 20),
    extra_special=st.integers(0, 6),
    supported_all=st.booleans(),
    late=st.booleans(),
    untrained=st.integers(0, 9),
    letters=st.sampled_from(["AB", "ABC", "ABCD"]),
    seed=st.integers(0, 10_000),
)
@example(  # the newcomer first drawn enrolled after 11/09/2023, the day child D is found
    injured=0,
    extra_special=0,
    supported_all=False,
    late=False,
    untrained=0,
    letters="ABCD",
    seed=669,
)
def test_variant_counts_are_fixed_by_construction(
    tmp_path, injured, extra_special, supported_all, late, untrained, letters, seed
):
    variant = Variant(
        letters=letters,
        class_size=(38, 43) if letters == "AB" else (36, 41),
        injured=injured,
        extra_special=extra_special,
        supported_all=supported_all,
        late_intervention=late,
        untrained=untrained,
    )
    folder = tmp_path / f"s{seed}-{injured}-{extra_special}-{untrained}-{letters}-{late:d}"
    write_sample_csv(folder, seed=seed, variant=variant)
    doc = open_evaluation(folder).to_dict()
    counts = {i["id"]: (i["numerator"], i["denominator"]) for i in doc["indicators"]}
    children = counts["T2.1"][1]
    assert 300 <= children <= 650
    assert counts["T1.1"] == (7 + extra_special, children)
    assert counts["T1.2"] == (9 + supported_all + extra_special, 10 + extra_special)
    assert counts["T2.1"] == (injured, children)
    assert counts["T3"] == (8 + extra_special, 8 + extra_special)
    assert counts["T4"] == (7 - late, 7)
    assert counts["T6"] == (12 - untrained, 12)
    assert not [w for w in doc["warnings"]]
