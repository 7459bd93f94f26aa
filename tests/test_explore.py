"""The explorer's functions and widgets, driven from Python as a planner drives them by hand."""

from __future__ import annotations

import base64
import csv
import dataclasses
import datetime as dt
import io
import json

import pandas as pd
import pytest
from browser import png_nonblank
from conftest import ROOT

from planlib.apps.explore import (
    DRILL_COLUMNS,
    Explorer,
    Filters,
    build_explorer,
    data_quality,
    dimensions,
    drill_down,
    filter_counts,
    recompute,
    what_if,
)
from planlib.evaluation.evaluate import evaluate
from planlib.evaluation.indicators import Counts, disaggregate
from planlib.evaluation.stats import ci95, headroom
from planlib.inputs.plan import Parameters
from planlib.inputs.sample import write_sample_csv

NOTEBOOK = ROOT / "notebooks" / "00_explore.ipynb"


@pytest.fixture(scope="module")
def year(sample_workbook, plan):
    return evaluate(sample_workbook, plan)


@pytest.fixture
def explorer(sample_workbook, plan):
    return Explorer(plan, sample_workbook, problems=sample_workbook.warnings)


@pytest.fixture(scope="module")
def csv_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("school")
    write_sample_csv(folder)
    return folder


def _rewrite(path, change):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _row(table: pd.DataFrame, column: str, value: object) -> pd.Series:
    return table.loc[table[column] == value].iloc[0]


# --- opening ----------------------------------------------------------------------------------


def test_unfiltered_figures_are_the_evaluation(explorer, year, plan):
    assert explorer.valid and explorer.lang == "vi"
    assert explorer.indicator.value == plan.targets[0].id
    for target in plan.targets:
        explorer.indicator.value = target.id
        assert explorer.figures == year.indicator(target.id)
        assert (
            explorer.status_text
            == {
                "achieved": "Đạt",
                "not_achieved": "Không đạt",
                "not_applicable": "Không phát sinh",
                "no_data": "Thiếu dữ liệu",
            }[year.indicator(target.id).status]
        )
    assert explorer.tabs.titles == (
        "Biểu đồ",
        "Bảng",
        "Danh sách",
        "Giả định",
        "Chất lượng dữ liệu (0)",
    )
    assert "DỮ LIỆU MẪU" in explorer.header.value


def test_summary_shows_value_target_status_ci_and_headroom(explorer):
    explorer.indicator.value = "T2.1"
    html = explorer.summary.value
    for text in ("82,8/10.000", "&lt; 60/10.000", "Không đạt", "5/604", "tối đa 3"):
        assert text in html
    assert "26,9–193,2/10.000" in html  # exact Poisson, as in the report
    assert "Với 604 trẻ em, T2.1 chỉ dưới 60/10.000 khi có tối đa 3 trẻ em bị TNTT" in html


def test_dimensions_follow_the_indicator(explorer, year):
    assert dimensions(year.counts["T2.1"]) == [
        "sex",
        "grade",
        "class_name",
        "month",
        "cause",
        "place",
    ]
    assert dimensions(year.counts["T4"]) == [
        "sex",
        "grade",
        "class_name",
        "month",
        "kind",
        "place",
    ]
    assert dimensions(year.counts["T5"]) == ["sex", "grade", "class_name"]
    assert dimensions(year.counts["T6"]) == ["role"]
    explorer.indicator.value = "T2.1"
    explorer.dimension.value = "cause"
    explorer.indicator.value = "T6"
    assert [v for _, v in explorer.dimension.options] == ["role"]
    assert explorer.dimension.value == "role"
    assert explorer.sex.disabled and explorer.grades.disabled and explorer.months.disabled


# --- filters ----------------------------------------------------------------------------------


def test_sex_filter_gives_the_disaggregate_row(explorer, year, plan):
    target = plan.target("T2.1")
    explorer.indicator.value = "T2.1"
    explorer.dimension.value = "grade"
    before_table = explorer.table.copy()
    before_chart = explorer.chart_png
    explorer.sex.value = "F"
    row = _row(disaggregate(year.counts["T2.1"], "sex", factor=target.factor), "sex", "F")
    figures = explorer.figures
    assert (figures.numerator, figures.denominator) == (int(row.numerator), int(row.denominator))
    assert figures.value == pytest.approx(float(row.value))
    assert figures.status == ("achieved" if target.holds(1, 276) else "not_achieved")
    assert figures.ci95 == ci95(target, figures.numerator, figures.denominator)
    assert figures.allowed_max == headroom(target, figures.denominator)[0]
    assert explorer.status_text == "Đạt"
    # the table by grade now splits the girls only
    assert int(explorer.table["denominator"].sum()) == int(row.denominator)
    assert not explorer.table.equals(before_table)
    assert explorer.chart_png != before_chart
    assert "Đang lọc: Nữ." in explorer.summary.value
    explorer.reset_filters()
    assert explorer.figures == year.indicator("T2.1")
    assert explorer.table.equals(before_table)


def test_grade_then_class_filters(explorer, year, plan):
    explorer.indicator.value = "T5"
    explorer.grades.value = (7,)
    assert set(explorer.classes.options) == {"7A", "7B", "7C", "7D"}
    by_grade = disaggregate(year.counts["T5"], "grade")
    assert explorer.figures.denominator == int(_row(by_grade, "grade", 7).denominator)
    explorer.classes.value = ("7C",)
    row = _row(disaggregate(year.counts["T5"], "class_name"), "class_name", "7C")
    assert (explorer.figures.numerator, explorer.figures.denominator) == (
        int(row.numerator),
        int(row.denominator),
    )
    assert explorer.figures.status == "not_achieved"  # 7C is below 85% (red in the chart)
    explorer.dimension.value = "class_name"
    assert explorer.table["class_name"].tolist() == ["7C"]


def test_month_range_on_injuries_keeps_the_children_of_r(explorer, year):
    explorer.indicator.value = "T2.1"
    explorer.dimension.value = "month"
    explorer.months.value = (1, 6)
    events = year.counts["T2.1"].events
    in_range = events.loc[events["month"].between(1, 6)]
    assert explorer.figures.numerator == in_range["student"].nunique() == 3
    assert explorer.figures.denominator == year.indicator("T2.1").denominator
    assert explorer.figures.status == "achieved"
    assert explorer.table["month"].tolist() == [1, 2, 3, 4, 5, 6]
    assert int(explorer.table["numerator"].sum()) == len(in_range)
    assert "tháng 1–6" in explorer.summary.value


def test_month_range_on_cases_filters_both_sides(explorer, year):
    explorer.indicator.value = "T4"
    explorer.months.value = (9, 12)
    cases = year.counts["T4"].denominator
    assert explorer.figures.denominator == int(cases["month"].between(9, 12).sum()) == 4
    assert explorer.figures.numerator == 3
    assert explorer.figures.status == "not_achieved"


def test_filter_that_does_not_apply_is_said_and_ignored(explorer, year):
    explorer.indicator.value = "T5"
    explorer.sex.value = "M"
    explorer.indicator.value = "T6"
    assert explorer.figures == year.indicator("T6")
    assert "không áp dụng" in explorer.summary.value


def test_filter_counts_directly(year, plan):
    counts = year.counts["T1.2"]
    girls = filter_counts(counts, Filters(sexes=("F",)))
    assert set(girls.denominator["sex"]) <= {"F"} and set(girls.numerator["sex"]) <= {"F"}
    nothing = filter_counts(counts, Filters(grades=(42,)))
    figures = recompute(year.indicator("T1.2"), plan.target("T1.2"), nothing, plan.parameters)
    assert (figures.numerator, figures.denominator, figures.status) == (0, 0, "not_applicable")
    assert figures.value is None and figures.ci95 is None
    same = filter_counts(counts, Filters())
    assert recompute(year.indicator("T1.2"), plan.target("T1.2"), same, plan.parameters) == (
        year.indicator("T1.2")
    )


# --- what if ----------------------------------------------------------------------------------


def test_what_if_612_children_allow_3_more_injuries(plan):
    target = plan.target("T2.1")
    result = what_if(target, 0, 612)
    assert (result.allowed_max, result.more, result.status) == (3, 3, "achieved")
    assert result.value == 0 and result.ci95 == ci95(target, 0, 612)
    assert result.sentence == (
        "Với 612 trẻ em, thêm tối đa 3 trẻ em bị TNTT nữa thì T2.1 vẫn dưới 60/10.000."
    )
    assert what_if(target, 0, 612, lang="en").sentence == (
        "With 612 children, 3 more injured children keep T2.1 below 60/10,000."
    )
    assert what_if(target, 2, 612).more == 1  # the results.json example: 2/612, allowed 3
    full = what_if(target, 3, 612)
    assert (full.more, full.status) == (0, "achieved") and "thêm một trường hợp" in full.sentence
    over = what_if(target, 4, 612)
    assert (over.more, over.status) == (None, "not_achieved")
    assert "vượt 1" in over.sentence


def test_what_if_other_rules(plan):
    death = what_if(plan.target("T2.2"), 0, 600)
    assert death.allowed_max == 0 and death.more == 0  # the spec's example
    awareness = what_if(plan.target("T5"), 500, 604)
    assert (awareness.required_min, awareness.more, awareness.status) == (514, 14, "not_achieved")
    assert "cần thêm 14" in awareness.sentence
    assert what_if(plan.target("T5"), 541, 604).sentence.endswith("đạt, dư 27.")
    empty = what_if(plan.target("T4"), 0, 0)
    assert (empty.status, empty.value, empty.ci95) == ("not_applicable", None, None)
    assert "Mẫu số bằng 0" in empty.sentence
    incidents = what_if(
        plan.target("T2.1"), 0, 612, parameters=Parameters(injury_count="incidents")
    )
    assert "3 vụ TNTT" in incidents.sentence


def test_what_if_panel(explorer):
    explorer.indicator.value = "T2.1"
    assert (explorer.extra.value, explorer.enrolment.value) == (0, 604)
    assert explorer.what_if_result.status == "not_achieved"
    explorer.enrolment.value = 612
    explorer.extra.value = -5
    assert explorer.what_if_result == what_if(explorer.target, 0, 612)
    assert "thêm tối đa 3 trẻ em bị TNTT" in explorer.what_if_html.value
    assert "Đạt" in explorer.what_if_html.value
    explorer.extra.value = 0
    explorer.enrolment.value = 1000  # a bigger school: 5 injured children would be 50/10.000
    assert explorer.what_if_result.status == "achieved"
    assert explorer.what_if_result.allowed_max == 5
    # the panel starts again from the figures when the selection changes
    explorer.sex.value = "F"
    assert (explorer.extra.value, explorer.enrolment.value) == (0, 276)


# --- as of ------------------------------------------------------------------------------------


def test_as_of_looks_mid_year(explorer, sample_workbook, plan):
    mid = dt.date(2023, 6, 30)
    explorer.indicator.value = "T6"
    assert explorer.figures.numerator == 12
    explorer.as_of.value = mid
    expected = evaluate(sample_workbook, plan, as_of=mid)
    assert explorer.figures == expected.indicator("T6")
    assert (explorer.figures.numerator, explorer.figures.denominator) == (2, 12)
    assert "30/06/2023" in explorer.summary.value
    explorer.as_of.value = None  # cleared: back to the whole period
    assert explorer.as_of.value == plan.period.end
    assert explorer.figures.numerator == 12


def test_build_explorer_with_parameters():
    explorer = build_explorer(as_of="2023-06-30", lang="en")
    assert explorer.as_of.value == dt.date(2023, 6, 30)
    assert explorer.evaluation.end == dt.date(2023, 6, 30)
    explorer.indicator.value = "T2.1"
    assert explorer.figures.numerator == 3 and explorer.status_text == "Achieved"
    with pytest.raises(ValueError, match="language"):
        build_explorer(lang="fr")


# --- drill-down -------------------------------------------------------------------------------


def test_drill_down_shows_ids_and_attributes_only(explorer, year, plan):
    for target in plan.targets:
        counts = year.counts[target.id]
        for which in ("numerator", "denominator", "outside", "events"):
            frame = drill_down(counts, which)
            assert set(frame.columns) <= set(DRILL_COLUMNS), (target.id, which)
        assert len(drill_down(counts, "numerator")) == counts.n
    leaky = dataclasses.replace(
        year.counts["T1.2"],
        numerator=year.counts["T1.2"].numerator.assign(full_name="Nguyễn Văn A", note="x"),
    )
    assert list(drill_down(leaky, "numerator").columns) == ["unit", "sex", "grade", "class_name"]
    with pytest.raises(ValueError, match="which"):
        drill_down(year.counts["T1.2"], "names")


def test_drill_down_panel_finds_the_rows_behind_a_figure(explorer, year):
    explorer.indicator.value = "T1.2"
    explorer.drill_choice.value = "outside"
    # the one child in special circumstances not yet supported
    assert len(explorer.drill) == 1
    child = explorer.drill["unit"].iloc[0]
    assert child in set(year.counts["T1.2"].denominator["unit"])
    assert child not in set(year.counts["T1.2"].numerator["unit"])
    assert child in explorer.drill_html.value and "Mã học sinh" in explorer.drill_html.value
    explorer.indicator.value = "T2.1"
    explorer.drill_choice.value = "events"
    assert explorer.drill["event"].tolist() == sorted(year.counts["T2.1"].events["event"])
    explorer.sex.value = "F"
    assert len(explorer.drill) == 1  # the events of the injured girl only
    labels = [label for label, _ in explorer.drill_choice.options]
    assert labels == ["Tử số (1)", "Mẫu số (276)", "Mẫu số, ngoài tử số (275)", "Vụ việc (1)"]


# --- data quality -----------------------------------------------------------------------------


def test_invalid_workbook_opens_on_its_errors(tmp_path):
    write_sample_csv(tmp_path)

    def break_cells(rows):
        header = rows[0]
        rows[1][header.index("grade")] = "lớp sáu"
        rows[3][header.index("student_id")] = rows[2][header.index("student_id")]

    _rewrite(tmp_path / "students.csv", break_cells)
    explorer = build_explorer(data_path=tmp_path)
    assert not explorer.valid and explorer.evaluation is None and explorer.figures is None
    quality = explorer.quality
    errors = quality.loc[quality["severity"] == "error"]
    found = set(zip(errors["table"], errors["row"], errors["column"], errors["code"], strict=True))
    assert ("students", 2, "grade", "bad_int") in found
    assert ("students", 4, "student_id", "duplicate_id") in found
    assert explorer.tabs.selected_index == 4
    assert explorer.tabs.titles[4] == f"Chất lượng dữ liệu ({len(quality)})"
    assert "Dữ liệu không hợp lệ" in explorer.header.value
    html = explorer.quality_html.value
    assert "Học sinh (students)" in html and "phải là số nguyên" in html
    assert explorer.chart_png == b"" and explorer.table.empty
    explorer.language.value = "en"
    assert "must be a whole number" in explorer.quality_html.value


def test_missing_path_and_bad_plan_do_not_crash(tmp_path):
    missing = build_explorer(data_path=tmp_path / "không có")
    assert missing.quality["code"].tolist() == ["path_missing"]
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text("schema: planlib.plan/1\nid: x\n", encoding="utf-8")
    broken = build_explorer(plan_path=plan_file)
    assert broken.plan is None and not broken.valid
    assert set(broken.quality["code"]) == {"plan"}
    assert "Tệp kế hoạch không hợp lệ" in broken.header.value


def test_warnings_and_missing_table(csv_folder, tmp_path):
    for file in csv_folder.iterdir():
        if file.name != "trainings.csv":
            (tmp_path / file.name).write_bytes(file.read_bytes())
    (tmp_path / "ghi_chu.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    explorer = build_explorer(data_path=tmp_path)
    assert explorer.valid
    assert set(explorer.quality["severity"]) == {"warning"}
    assert "unknown_file" in set(explorer.quality["code"])
    assert "Cảnh báo" in explorer.quality_html.value
    explorer.indicator.value = "T6"  # no trainings table: no data, and nothing breaks
    assert explorer.figures.status == "no_data" and explorer.status_text == "Thiếu dữ liệu"
    assert explorer.counts is None and explorer.chart_png == b"" and explorer.drill.empty
    assert "trainings" in explorer.summary.value
    explorer.indicator.value = "T2.1"
    assert explorer.figures.numerator == 5


def test_data_quality_frame_orders_errors_first(sample_workbook):
    from planlib.core.errors import Problem

    problems = [
        Problem("unknown_file", table_label="x.csv", severity="warning"),
        Problem("bad_int", "students", 7, "grade", "x"),
    ]
    frame = data_quality(problems, lang="en")
    assert frame["severity"].tolist() == ["error", "warning"]
    assert frame.loc[0, "row"] == 7 and frame.loc[0, "column"] == "grade"
    assert "must be a whole number" in frame.loc[0, "message"]
    assert data_quality(sample_workbook.warnings).empty


# --- language and chart -----------------------------------------------------------------------


def test_english_switch(explorer):
    explorer.indicator.value = "T2.1"
    explorer.language.value = "en"
    assert explorer.tabs.titles[:4] == ("Chart", "Table", "Drill-down", "What if")
    assert explorer.indicator.value == "T2.1"
    assert explorer.indicator.options[2][0] == "T2.1 — Child injury rate"
    assert [label for label, _ in explorer.dimension.options][:3] == ["Sex", "Grade", "Class"]
    assert explorer.status_text == "Not achieved"
    assert "82.8/10,000" in explorer.summary.value
    assert explorer.table["label"].tolist() == ["Female", "Male"]
    assert "stays below 60/10,000 with at most 3 injured children" in (
        explorer.what_if_result.sentence
    )
    assert "SAMPLE DATA" in explorer.header.value
    explorer.language.value = "vi"
    assert explorer.table["label"].tolist() == ["Nữ", "Nam"]


def test_chart_is_a_png_in_the_output_and_redraws(explorer):
    first = explorer.chart_png
    assert first.startswith(b"\x89PNG") and png_nonblank(first)
    (output,) = explorer.chart.outputs
    assert base64.b64decode(output["data"]["image/png"]) == first
    explorer.dimension.value = "grade"
    second = explorer.chart_png
    explorer.indicator.value = "T4"
    explorer.dimension.value = "month"
    third = explorer.chart_png
    assert len({first, second, third}) == 3


def test_notebook_is_thin_and_clean():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    assert [c["cell_type"] for c in cells] == ["code", "code"]
    assert cells[0]["metadata"]["tags"] == ["parameters"]
    assert "".join(cells[0]["source"]) == 'data_path = None\nas_of = None\nlang = "vi"'
    assert "build_explorer(" in "".join(cells[1]["source"])
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in cells)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def test_counts_without_events_have_no_month(plan):
    counts = Counts(pd.DataFrame({"unit": ["a"]}), pd.DataFrame({"unit": ["a", "b"]}))
    assert dimensions(counts) == []
    kept = filter_counts(counts, Filters(months=(1, 3), sexes=("F",)))
    assert (kept.n, kept.d) == (1, 2)  # neither filter applies


def test_notebook_kernel_is_this_environment():
    """The notebook's kernel ``python3`` runs this interpreter (JupyterLab, nbval, papermill)."""
    import sys
    from pathlib import Path

    from jupyter_client import KernelManager

    manager = KernelManager(kernel_name="python3")
    resources = Path(manager.kernel_spec.resource_dir).resolve()
    assert resources.is_relative_to(Path(sys.prefix).resolve())
    assert manager.format_kernel_cmd()[0] == sys.executable


def test_open_another_workbook_from_the_path_box(explorer, tmp_path):
    explorer.data_path.value = str(tmp_path / "không có")
    explorer.load_button.click()
    assert not explorer.valid and explorer.quality["code"].tolist() == ["path_missing"]
    assert explorer.tabs.selected_index == 4
    explorer.data_path.value = ""  # empty: the sample school again
    explorer.load_button.click()
    assert explorer.valid and explorer.tabs.selected_index == 0
    assert explorer.figures.status == "achieved" and explorer.quality.empty


def test_injuries_counted_as_incidents(sample_workbook, plan):
    by_incident = plan.model_copy(update={"parameters": Parameters(injury_count="incidents")})
    explorer = Explorer(by_incident, sample_workbook)
    explorer.indicator.value = "T2.1"
    assert (explorer.figures.numerator, explorer.figures.denominator) == (6, 604)
    explorer.drill_choice.value = "outside"
    assert len(explorer.drill) == 604 - 5  # the children not injured
    explorer.months.value = (11, 12)
    assert explorer.figures.numerator == 1
    assert "vụ TNTT" in explorer.what_if_result.sentence


# --- the layered explorer: model apart from widgets, HTML from templates, one stylesheet -------


def test_state_works_without_widgets(sample_workbook, plan, year):
    from planlib.apps.explore import ExplorerState

    state = ExplorerState(plan, sample_workbook, problems=sample_workbook.warnings)
    state.indicator, state.dimension = "T2.1", "sex"
    state.filters = Filters(sexes=("F",))
    state.refresh()
    assert (state.figures.numerator, state.figures.denominator) == (1, 276)
    assert state.table["label"].tolist() == ["Nữ"]
    assert (state.extra, state.enrolment) == (0, 276)
    assert state.drill_sizes() == {"numerator": 1, "denominator": 276, "outside": 275, "events": 1}
    state.extra, state.enrolment = -1, 612
    state.probe()
    assert state.what_if_result == what_if(plan.target("T2.1"), 0, 612)
    state.translate("en")
    state.refresh()
    assert state.status_text == "Achieved" and state.table["label"].tolist() == ["Female"]


def test_one_stylesheet_embedded_once_with_the_report_classes(explorer):
    from planlib.present.style import stylesheet

    html = [
        w.value
        for w in (
            explorer.stylesheet,
            explorer.header,
            explorer.summary,
            explorer.table_html,
            explorer.drill_html,
            explorer.what_if_html,
            explorer.quality_html,
        )
    ]
    assert sum(h.count("<style") for h in html) == 1
    assert stylesheet() in explorer.stylesheet.value
    assert explorer.widget.children[0] is explorer.stylesheet
    assert '<div class="sample-banner">' in explorer.header.value
    explorer.indicator.value = "T2.1"
    assert '<span class="status-not_achieved">Không đạt</span>' in explorer.summary.value
    assert 'class="status-not_achieved"' in explorer.what_if_html.value
    assert "style=" not in "".join(h for h in html[1:])  # colours from the stylesheet only


def test_month_labels_are_the_reports(explorer):
    from planlib.present.views import value_label

    explorer.indicator.value = "T2.1"
    explorer.dimension.value = "month"
    explorer.language.value = "en"
    assert explorer.table["label"].tolist() == [value_label("month", m, "en") for m in range(1, 13)]
    assert explorer.table["label"].iloc[0] == "January"
    explorer.language.value = "vi"
    assert explorer.table["label"].iloc[0] == value_label("month", 1, "vi") == "Tháng 1"


def test_chart_bars_take_the_report_status_colours(explorer):
    from matplotlib.image import imread

    from planlib.present.style import STATUS_COLOURS

    explorer.indicator.value = "T5"
    explorer.dimension.value = "class_name"
    pixels = imread(io.BytesIO(explorer.chart_png), format="png")[..., :3]
    colours = {tuple(int(c) for c in p) for p in (pixels.reshape(-1, 3)[::7] * 255).round()}
    for status in ("achieved", "not_achieved"):
        hex_colour = STATUS_COLOURS[status].lstrip("#")
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
        assert rgb in colours, status


def test_workbook_text_is_escaped_in_the_html():
    from planlib.apps.explore import ExplorerState
    from planlib.apps.explore.fragments import quality_html
    from planlib.core.errors import Problem

    state = ExplorerState(
        None,
        None,
        problems=[Problem("unknown_file", table_label="<b>x</b>.csv", severity="warning")],
    )
    html = quality_html(state)
    assert "&lt;b&gt;x&lt;/b&gt;.csv" in html and "<b>x</b>" not in html
