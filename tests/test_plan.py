"""The plan file: loading, key-path errors, and a second year's plan with no new code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from planlib.core.errors import PlanError
from planlib.evaluation.evaluate import evaluate
from planlib.evaluation.session import open_plan
from planlib.inputs.plan import load_plan
from planlib.inputs.workbook import load

FIXTURES = Path(__file__).parent / "fixtures"


def test_default_plan_has_the_binding_targets(plan):
    rules = {t.id: (t.op, t.threshold, t.unit) for t in plan.targets}
    assert rules == {
        "T1.1": ("<", Decimal("1.5"), "percent"),
        "T1.2": (">=", Decimal("100"), "percent"),
        "T2.1": ("<", Decimal("60"), "per_10000"),
        "T2.2": ("<", Decimal("1.8"), "per_10000"),
        "T3": (">=", Decimal("100"), "percent"),
        "T4": (">=", Decimal("100"), "percent"),
        "T5": (">=", Decimal("85"), "percent"),
        "T6": (">=", Decimal("100"), "percent"),
    }
    assert [a.id for a in plan.solution_areas] == ["S1", "S2", "S3", "S4", "S5", "S6"]
    assert all(a.school_set for a in plan.solution_areas)
    assert [f.id for f in plan.funding] == ["F1", "F2"]
    assert [r.id for r in plan.responsibilities] == ["R-BGH", "R-LĐ", "R-YT", "R-GV"]
    assert plan.parameters.timely_hours == 12 and plan.parameters.pass_mark == 5
    assert plan.period.start == dt.date(2023, 1, 1) and plan.reference_date == dt.date(2023, 12, 31)


def test_plan_models_are_frozen(plan):
    with pytest.raises(Exception, match="frozen"):
        plan.targets[0].threshold = Decimal(2)


def _broken(tmp_path: Path, change) -> Path:
    document = yaml.safe_load(Path("parameters/plan_2023.yaml").read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "key_path"),
    [
        (lambda d: d["targets"][2].update(threshold="sáu mươi"), "targets[2].threshold"),
        (lambda d: d["targets"][0].update(threshhold=1.5), "targets[0].threshhold"),
        (lambda d: d["targets"][1].update(op="=="), "targets[1].op"),
        (lambda d: d["targets"][3].update(method="no_such_method"), "targets[3].method"),
        (lambda d: d["period"].update(end="2022-01-01"), "period"),
        (lambda d: d["parameters"].update(timely_hours=0), "parameters.timely_hours"),
        (lambda d: d["solution_areas"][0]["planned"].update(parade=2), "solution_areas[0].planned"),
        (lambda d: d.pop("reference_date"), "reference_date"),
        (lambda d: d["targets"].append(dict(d["targets"][0])), "targets"),
    ],
    ids=["threshold", "typo", "op", "method", "period", "timely", "kind", "missing", "dup"],
)
def test_plan_errors_name_the_key_path(tmp_path, change, key_path):
    with pytest.raises(PlanError) as info:
        open_plan(_broken(tmp_path, change))
    assert any(path.startswith(key_path) for path, _ in info.value.problems), info.value.problems
    assert key_path in str(info.value)


def test_plan_file_that_is_not_yaml(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("targets: [unclosed", encoding="utf-8")
    with pytest.raises(PlanError, match="YAML"):
        load_plan(path)


def _write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8")


def test_next_year_needs_only_a_new_plan_file(tmp_path):
    """2024: new period, reference date and thresholds, same code."""
    plan = load_plan(FIXTURES / "plan_2024.yaml")
    rows = "\n".join(f"H{i:03d},2024-2025,6,6A,F" for i in range(100))
    _write(tmp_path, "students", "student_id,school_year,grade,class_name,sex\n" + rows)
    # one child in special circumstances of 100: 1% < 1,2% (2024) — and < 1,5% (2023)
    _write(
        tmp_path,
        "special_circumstances",
        "student_id,group,identified_on,eligible_for_welfare\nH001,d,01/10/2024,Không",
    )
    # 89 of 100 passed: achieved under 2023's 85%, not under 2024's 90%
    passed = "\n".join(f"H{i:03d},01/11/2024,{8 if i < 89 else 2}" for i in range(100))
    _write(tmp_path, "awareness", "student_id,assessed_on,score\n" + passed)
    workbook = load(tmp_path, today=dt.date(2025, 1, 15), task_ids=plan.task_ids)
    result = evaluate(workbook, plan)
    assert result.start == dt.date(2024, 1, 1) and result.reference == dt.date(2024, 12, 31)
    t11, t5 = result.indicator("T1.1"), result.indicator("T5")
    assert (t11.numerator, t11.denominator, t11.status) == (1, 100, "achieved")
    assert t11.threshold == 1.2 and t11.allowed_max == 1
    assert (t5.numerator, t5.denominator, t5.status) == (89, 100, "not_achieved")
    assert t5.required_min == 90
    # the same workbook under the 2023 plan sees none of these children (school year 2024-2025)
    old = evaluate(workbook, load_plan())
    assert old.indicator("T5").denominator == 0
    assert old.indicator("T5").status == "not_applicable"


def test_plan_errors_speak_the_language_asked_for(tmp_path):
    path = _broken(tmp_path, lambda d: d["targets"][2].update(threshold="sáu mươi"))
    with pytest.raises(PlanError) as info:
        load_plan(path)
    error = info.value
    (problem,) = error.issues
    assert (problem.path, problem.code, problem.value) == (
        "targets[2].threshold",
        "decimal_parsing",
        "'sáu mươi'",
    )
    assert "phải là số" in str(error) and "must be" not in str(error)
    english = error.message("en")
    assert "must be a number" in english and "phải" not in english
    assert error.pairs("en") == [("targets[2].threshold", "must be a number (got 'sáu mươi')")]


def test_a_plan_file_that_is_no_mapping_is_one_structured_problem(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert [(p.path, p.code) for p in info.value.issues] == [("", "not_mapping")]
    assert info.value.message("en").endswith("the file must be a mapping (key: value)")


def test_a_missing_workbook_is_a_usage_error_in_one_language(tmp_path):
    from planlib.core.errors import UsageError
    from planlib.inputs.workbook import open_workbook

    missing = tmp_path / "nowhere"
    with pytest.raises(UsageError) as info:
        open_workbook(missing)
    assert (info.value.code, info.value.params) == ("not_found", {"path": str(missing)})
    assert str(info.value) == f"không tìm thấy: {missing}"
    assert info.value.message("en") == f"not found: {missing}"
