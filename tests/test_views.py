"""Tests for planlib.present.views and planlib.present.plots, and the four report notebooks run
with papermill."""

from __future__ import annotations

import dataclasses
import json
import re
from html import unescape
from html.parser import HTMLParser

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from conftest import ROOT, execute_notebook
from markupsafe import Markup, escape
from matplotlib.figure import Figure

from planlib.core.errors import Problem
from planlib.core.i18n import t
from planlib.evaluation.evaluate import evaluate
from planlib.present import fragments, plots, views
from planlib.present.context import Context, page_name, save_context
from planlib.present.export import assert_offline
from planlib.present.html import Fragment
from planlib.present.style import stylesheet
from planlib.present.views.area import AreaView
from planlib.present.views.funding import FundingView

NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK_FILES = (
    "10_target.ipynb",
    "20_solution_area.ipynb",
    "30_funding_and_responsibilities.ipynb",
    "90_year_end_report.ipynb",
)
COMMON_PARAMETERS = {"data_path", "plan_path", "lang", "as_of", "evaluation_path", "disclosure"}
EXTRA_PARAMETERS = {
    "10_target.ipynb": {"indicator_id"},
    "20_solution_area.ipynb": {"area_id"},
    "30_funding_and_responsibilities.ipynb": set(),
    "90_year_end_report.ipynb": {"report_date", "directions"},
}
SCRIPT = "<script>alert(1)</script>"
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _ctx(ev, lang="vi", disclosure="internal"):
    """The report context of the views: ``ev`` in ``lang`` under ``disclosure``."""
    return Context(ev, lang, disclosure)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def ev(sample_workbook, plan):
    return evaluate(sample_workbook, plan)


def _with_tables(workbook, **changes):
    """The workbook with some tables replaced (``None`` drops a table)."""
    tables = dict(workbook.tables)
    for name, frame in changes.items():
        if frame is None:
            tables.pop(name, None)
        else:
            tables[name] = frame
    return dataclasses.replace(workbook, tables=tables)


class _Scorecard(HTMLParser):
    """Rows of ``<table class="scorecard">``: (tr class, data-indicator, cell texts)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables = 0
        self.rows: list[tuple[str, str, list[str]]] = []
        self._depth = 0  # inside a scorecard table
        self._row: tuple[str, str, list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "scorecard" in (attrs.get("class") or "").split():
            self.tables += 1
            self._depth = 1
        elif self._depth and tag == "tr" and "data-indicator" in attrs:
            self._row = (attrs.get("class") or "", attrs["data-indicator"], [])
        elif self._row is not None and tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self._row is not None and self._cell is not None:
            self._row[2].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "table" and self._depth:
            self._depth = 0

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _scorecard_rows(html: str) -> _Scorecard:
    parser = _Scorecard()
    parser.feed(html)
    return parser


# --- views ----------------------------------------------------------------------------------


def test_scorecard_has_one_row_per_indicator_with_vietnamese_statuses(ev, plan):
    parsed = _scorecard_rows(views.scorecard(_ctx(ev)))
    assert parsed.tables == 1
    assert [row[1] for row in parsed.rows] == [target.id for target in plan.targets]
    statuses = {r.id: r.status for r in ev.indicators}
    for css, indicator, cells in parsed.rows:
        assert css == f"status-{statuses[indicator]}"
        assert t(f"status.{statuses[indicator]}", "vi") in cells
    by_id = {row[1]: row[2] for row in parsed.rows}
    assert "Không đạt" in by_id["T2.1"] and "Đạt" in by_id["T5"]
    assert "82,8/10.000" in by_id["T2.1"] and "tối đa 3" in by_id["T2.1"]


def test_scorecard_links_each_detail_page(ev):
    html = views.scorecard(_ctx(ev))
    for result in ev.indicators:
        assert f'<a href="{page_name("target", result.id)}">' in html
    assert_offline(views.page_links(_ctx(ev)) + html)


def test_scorecard_in_english(ev):
    parsed = _scorecard_rows(views.scorecard(_ctx(ev, lang="en")))
    texts = " ".join(" ".join(cells) for _, _, cells in parsed.rows)
    assert len(parsed.rows) == 8
    assert "Not achieved" in texts and "Achieved" in texts
    assert "Không đạt" not in texts and "tối đa" not in texts
    frame = views.scorecard_frame(_ctx(ev, lang="en"))
    assert list(frame.columns)[:3] == ["Id", "Indicator", "Value"]


def test_display_frames_have_vietnamese_columns(ev):
    frame = views.scorecard_frame(_ctx(ev))
    assert len(frame) == 8
    assert list(frame.columns) == [
        "Mã",
        "Chỉ tiêu",
        "Kết quả",
        "Mục tiêu",
        "Trạng thái",
        "KTC 95%",
        "Tử số/Mẫu số",
        "Ngưỡng",
    ]
    assert list(AreaView(_ctx(ev), "S4").activity_frame().columns)[:3] == [
        "Hình thức",
        "Kế hoạch",
        "Đã thực hiện",
    ]
    assert "Giới tính" in views.breakdown_frame(_ctx(ev), "T1.1", "sex").columns


def test_headroom_sentence(ev):
    sentence = views.headroom_sentence(_ctx(ev), "T2.1")
    assert sentence.startswith(
        "Với 604 trẻ em, tối đa 3 trẻ em bị TNTT thì vẫn đạt chỉ tiêu dưới 60/10.000"
    )
    assert "cần ít nhất 10" in views.headroom_sentence(_ctx(ev), "T1.2")
    assert views.headroom_sentence(_ctx(ev, lang="en"), "T2.1").startswith(
        "With 604 children, at most 3"
    )


def test_breakdown_of_cases_counts_both_sides(ev):
    """T4's units are cases: each kind gets its numerator and denominator."""
    frame = views.breakdown(_ctx(ev), "T4", "kind")
    result = views.indicator_result(ev, "T4")
    assert int(frame["numerator"].sum()) == result.numerator
    assert int(frame["denominator"].sum()) == result.denominator
    months = views.breakdown(_ctx(ev), "T2.1", "month")
    assert months["denominator"].isna().all() and int(months["numerator"].sum()) >= 1


def test_target_page_parts_name_the_notes(ev):
    notes = views.target_notes(_ctx(ev), "T4")
    assert "mức ngày" in notes and "Số nhỏ" in notes
    assert views.target_notes(_ctx(ev), "T5") == ""
    summary = views.target_summary(_ctx(ev), "T2.1")
    assert 'class="status-not_achieved"' in summary and "82,8/10.000" in summary
    definition = views.target_definition(_ctx(ev), "T4")
    assert "12 giờ" in definition and "Poisson" not in definition


def test_report_header(ev):
    html = views.report_header(_ctx(ev), report_date="2023-12-20")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "Vinh An, ngày 20 tháng 12 năm 2023" in html
    assert "Báo cáo kết quả thực hiện Kế hoạch công tác bảo vệ, chăm sóc trẻ em năm 2023" in html
    assert 'class="sample-banner"' in html
    english = views.report_header(_ctx(ev, lang="en"), report_date="2023-12-20")
    assert "SOCIALIST REPUBLIC OF VIET NAM" in english and "20 December 2023" in english


def test_no_sample_banner_for_a_real_workbook(ev, sample_workbook, plan):
    real = evaluate(dataclasses.replace(sample_workbook, sample=False), plan)
    assert "sample-banner" not in views.report_header(_ctx(real))
    assert "sample-banner" not in views.page_intro(_ctx(real))


def test_shortcomings_list_what_was_not_achieved(ev):
    html = views.shortcomings(_ctx(ev))
    for result in ev.indicators:
        assert (f"Chỉ tiêu {result.id} (" in html) == (result.status == "not_achieved")
    assert "Giải pháp S5" in html and "R-LĐ.3" in html


def test_directions_placeholder_and_escaping(ev):
    assert "(Ban Giám hiệu bổ sung phương hướng năm tới)" in views.directions_section(_ctx(ev), "")
    assert "The school board adds" in views.directions_section(_ctx(ev, lang="en"), "  ")
    html = views.directions_section(
        _ctx(ev), f"Mở rộng {SCRIPT}\n- Tăng cường <b>phối hợp</b>\n- Hai"
    )
    assert SCRIPT_ESCAPED in html and "<script" not in html
    assert "<li>Tăng cường &lt;b&gt;phối hợp&lt;/b&gt;</li>" in html


def test_workbook_strings_are_escaped(sample_workbook, plan):
    activities = sample_workbook.tables["activities"].copy()
    partners = activities["partners"].astype(object)
    first_s2 = activities.index[(activities["area"] == "S2") & activities["partners"].notna()][0]
    partners.at[first_s2] = (SCRIPT, 'Hội "Phụ nữ" & xã')
    classes = activities["classes"].astype(object)
    in_2023 = activities["held_on"].dt.year == 2023
    first_lesson = activities.index[(activities["kind"] == "integrated_lesson") & in_2023][0]
    classes.at[first_lesson] = ("6A", "<script>x</script>")
    activities = activities.assign(partners=partners, classes=classes)
    workbook = _with_tables(sample_workbook, activities=activities)
    warning = Problem(
        "bad_enum", "incidents", 7, "place", SCRIPT, severity="warning", params={"choices": "x"}
    )
    workbook = dataclasses.replace(workbook, warnings=(warning,))
    ev = evaluate(workbook, plan)
    partners_html = AreaView(_ctx(ev), "S2").partners()
    assert SCRIPT_ESCAPED in partners_html and SCRIPT not in partners_html
    # markupsafe (Jinja2's autoescape) writes " as &#34;, not html.escape's &quot;
    assert "Hội &#34;Phụ nữ&#34; &amp; xã" in partners_html
    coverage = AreaView(_ctx(ev), "S5").coverage()
    assert "&lt;script&gt;x&lt;/script&gt;" in coverage and "<script>x" not in coverage
    warnings_html = views.warnings_table(_ctx(ev))
    assert "<script" not in warnings_html and "&lt;script&gt;" in warnings_html
    assert "<script" not in views.shortcomings(_ctx(ev))
    assert len(views.warnings_frame(_ctx(ev))) == 1
    assert list(views.warnings_frame(_ctx(ev)).columns) == ["Bảng", "Dòng", "Cột", "Nội dung"]


def test_esc_and_markup(ev):
    """Text is escaped (quotes too) unless it is safe HTML already (markupsafe, autoescape)."""
    assert escape('<a href="x">') == "&lt;a href=&#34;x&#34;&gt;"
    safe = Fragment("<b>ok</b>")
    assert escape(safe) == safe and isinstance(escape(safe), Markup)
    assert safe + "<i>" == "<b>ok</b>&lt;i&gt;"
    assert fragments.paragraph(SCRIPT) == f"<p>{SCRIPT_ESCAPED}</p>"
    assert views.heading(_ctx(ev), "h.definition") == "## Định nghĩa chỉ tiêu"
    assert views.heading(_ctx(ev, "en"), "h.definition", level=3) == "### Definition"


def test_unknown_ids_name_the_choices(ev):
    with pytest.raises(KeyError, match=r"T1\.1, T1\.2"):
        views.target_heading(_ctx(ev), "T9")
    with pytest.raises(KeyError, match="S1, S2"):
        AreaView(_ctx(ev), "S9").summary()


def test_no_data_and_not_applicable(sample_workbook, plan):
    """Absent tables and cases that never arose give a clear sentence, never a crash."""
    no_incidents = evaluate(_with_tables(sample_workbook, incidents=None, activities=None), plan)
    assert views.indicator_result(no_incidents, "T2.1").status == "no_data"
    for part in (views.target_summary, views.counts_table, views.breakdown_tables):
        html = part(_ctx(no_incidents), "T2.1")
        assert "Thiếu dữ liệu" in html or "thiếu dữ liệu" in html
    assert "bảng Vụ việc (incidents)" in views.target_summary(_ctx(no_incidents), "T2.1")
    assert plots.indicator_value(_ctx(no_incidents), "T2.1") is None
    assert views.chart_dimensions(no_incidents, "T2.1") == []
    assert "Thiếu dữ liệu" in AreaView(_ctx(no_incidents), "S1").summary()
    assert plots.activity_progress(_ctx(no_incidents), "S1") is None
    assert AreaView(_ctx(no_incidents), "S4").figures() == []
    parts = [
        AreaView(_ctx(no_incidents), "S4").details_head(),
        AreaView(_ctx(no_incidents), "S2").activities(),
    ]
    assert all("thiếu dữ liệu" in p.lower() for p in parts)
    _parse_all(no_incidents)

    incidents = sample_workbook.tables["incidents"]
    injuries_only = incidents.loc[incidents["kind"] == "injury"]
    no_cases = evaluate(_with_tables(sample_workbook, incidents=injuries_only), plan)
    assert views.indicator_result(no_cases, "T4").status == "not_applicable"
    assert "mẫu số bằng 0" in views.target_summary(_ctx(no_cases), "T4")
    assert plots.indicator_value(_ctx(no_cases), "T4") is None
    assert plots.breakdown(_ctx(no_cases), "T4", "kind") is None
    assert views.headroom_sentence(_ctx(no_cases), "T4") == ""
    assert "Không phát sinh" in views.scorecard(_ctx(no_cases))

    no_funding = evaluate(_with_tables(sample_workbook, funding=None, tasks=None), plan)
    assert "Thiếu dữ liệu" in FundingView(_ctx(no_funding)).flows()
    assert plots.funding_flows(_ctx(no_funding)) is None
    assert "Chưa báo cáo" in FundingView(_ctx(no_funding)).responsibilities()
    _parse_all(no_funding)


def _parse_all(ev) -> None:
    """Every page part renders for every target and area, in both languages."""
    for lang in ("vi", "en"):
        for result in ev.indicators:
            for part in (views.target_summary, views.counts_table, views.breakdown_tables):
                part(_ctx(ev, lang), result.id)
        for area in ev.plan.solution_areas:
            page = AreaView(_ctx(ev, lang), area.id)
            for part in (page.summary, page.activities, page.details):
                part()
        views.scorecard(_ctx(ev, lang=lang))
        views.shortcomings(_ctx(ev, lang=lang))
        views.areas_summary(_ctx(ev, lang=lang))


# --- plots ----------------------------------------------------------------------------------


def _figures(ev, lang):
    figures = [
        plots.indicator_value(_ctx(ev, lang=lang), "T2.1"),
        plots.indicator_value(_ctx(ev, lang=lang), "T5"),
        plots.breakdown(_ctx(ev, lang=lang), "T2.1", "month"),
        plots.breakdown(_ctx(ev, lang=lang), "T4", "kind"),
        plots.breakdown(_ctx(ev, lang=lang), "T1.1", "grade"),
        plots.activity_progress(_ctx(ev, lang=lang), "S2"),
        plots.harm_cases(_ctx(ev, lang=lang), "month"),
        plots.harm_cases(_ctx(ev, lang=lang), "place"),
        plots.learning_results(_ctx(ev, lang=lang), "S5"),
        plots.facility_funding(_ctx(ev, lang=lang)),
        plots.area_completion(_ctx(ev, lang=lang)),
        plots.funding_flows(_ctx(ev, lang=lang)),
        plots.spending_by_area(_ctx(ev, lang=lang)),
        plots.task_status(_ctx(ev, lang=lang)),
    ]
    return figures


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_plot_returns_a_closed_labelled_figure(ev, lang):
    before = plt.get_fignums()
    figures = _figures(ev, lang)
    assert plt.get_fignums() == before  # all closed: nothing accumulates in pyplot
    for fig in figures:
        assert isinstance(fig, Figure)
        assert fig.dpi == plots.DPI
        width, height = fig.get_size_inches()
        assert width <= 7.5 and height <= 4.6
        ax = fig.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel()


def test_plot_labels_follow_the_language(ev):
    vi = plots.activity_progress(_ctx(ev), "S2")
    en = plots.activity_progress(_ctx(ev, lang="en"), "S2")
    assert vi.axes[0].get_xlabel() == "Số hoạt động"
    assert en.axes[0].get_xlabel() == "Activities"
    value = plots.indicator_value(_ctx(ev), "T1.1")
    ticks = [label.get_text() for label in value.axes[0].get_xticklabels()]
    assert any("," in tick for tick in ticks)  # Babel: decimal comma in Vietnamese
    assert [f for f in AreaView(_ctx(ev), "S1").figures()] == []
    assert len(AreaView(_ctx(ev), "S4").figures()) == 2


def test_plot_status_colours_match_the_template_css():
    css = stylesheet()
    for status, colour in plots.STATUS_COLOURS.items():
        assert re.search(rf"\.status-{status} \{{ color: {colour};", css), status


@pytest.mark.parametrize("dpi", [None, 200])  # the notebook's PNG, Word's
def test_tight_png_is_matplotlibs_own(ev, dpi):
    """The canvas lays out and crops a PNG itself: the image is matplotlib's, pixel for pixel."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from planlib.present.plots.base import _style

    def png(fig, print_figure):
        buffer = io.BytesIO()
        with _style():
            print_figure(fig.canvas, buffer, format="png", dpi=dpi, bbox_inches="tight")
        return buffer.getvalue()

    makers = [
        lambda: plots.breakdown(_ctx(ev), "T2.1", "month"),
        lambda: plots.indicator_value(_ctx(ev), "T4"),
        lambda: plots.activity_progress(_ctx(ev, lang="en"), "S2"),
        lambda: plots.harm_cases(_ctx(ev, disclosure="public"), "month"),
    ]
    for make in makers:
        ours, theirs = make(), make()
        assert png(ours, ours.canvas.print_figure.__func__) == png(
            theirs, FigureCanvasAgg.print_figure
        )


# --- the committed notebooks ----------------------------------------------------------------


@pytest.mark.parametrize("name", NOTEBOOK_FILES)
def test_committed_notebook_is_clean(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    tagged = [cell for cell in nb.cells if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    import papermill

    declared = set(papermill.inspect_notebook(str(NOTEBOOKS / name)))
    assert declared == COMMON_PARAMETERS | EXTRA_PARAMETERS[name]


@pytest.mark.parametrize("name", NOTEBOOK_FILES)
def test_notebooks_are_thin(name):
    """Presentation only: no pandas, no arithmetic on data, no hard-coded Vietnamese text."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    setup_and_after = [c.source for c in nb.cells if c.cell_type == "code"][1:]
    for source in setup_and_after:
        assert "import pandas" not in source and ".groupby(" not in source
        assert not re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ]", source)
        assert len(source.splitlines()) <= 12


# --- executing the notebooks (papermill) ----------------------------------------------------


@pytest.fixture(scope="session")
def evaluation_file(tmp_path_factory, sample_workbook, plan):
    """One pickled evaluation per test process, as ``planlib run`` passes it."""
    return str(
        save_context(evaluate(sample_workbook, plan), tmp_path_factory.mktemp("ev") / "e.pkl")
    )


def _run(name, tmp_path, **parameters):
    nb, outputs = execute_notebook(name, tmp_path, **parameters)
    texts = []
    images = 0
    for output in outputs:
        data = output.get("data", {})
        texts += [data.get(k, "") for k in ("text/html", "text/markdown")]
        images += "image/png" in data
        if output.output_type == "stream":
            texts.append(output.text)
    return nb, "\n".join(texts), images


def _assert_contains(text, *expected):
    plain = unescape(text)
    missing = [e for e in expected if e not in text and e not in plain]
    assert not missing, f"not in the outputs: {missing}"


@pytest.mark.slow
class TestTargetNotebook:
    @pytest.mark.parametrize("indicator_id", ["T2.1", "T4", "T1.1"])
    def test_vietnamese(self, indicator_id, tmp_path, evaluation_file, plan):
        _, text, images = _run(
            "10_target.ipynb",
            tmp_path,
            indicator_id=indicator_id,
            evaluation_path=evaluation_file,
        )
        _assert_contains(
            text,
            f"# {indicator_id}. {plan.target(indicator_id).label('vi')}",
            "## Định nghĩa chỉ tiêu",
            "## Số liệu và ngưỡng đạt",
            "## Phân tách số liệu",
            'class="sample-banner"',
            "Theo giới tính",
        )
        assert images >= 2  # the value with its interval, and a breakdown
        if indicator_id == "T2.1":
            _assert_contains(text, "tối đa 3 trẻ em bị TNTT", "Theo nguyên nhân", "Số nhỏ")
        if indicator_id == "T4":
            _assert_contains(text, "mức ngày", "Theo loại vụ việc")

    def test_english(self, tmp_path, evaluation_file):
        _, text, _ = _run(
            "10_target.ipynb",
            tmp_path,
            indicator_id="T4",
            lang="en",
            evaluation_path=evaluation_file,
        )
        _assert_contains(text, "## Definition", "## Breakdowns", "Not achieved", "SAMPLE DATA")
        assert "Định nghĩa" not in text and "Không đạt" not in text


@pytest.mark.slow
class TestAreaNotebook:
    @pytest.mark.parametrize(
        ("area_id", "expected"),
        [
            (
                "S2",
                ("## Hoạt động: kế hoạch và thực hiện", "<h2>Đơn vị phối hợp</h2>", "Công an xã"),
            ),
            ("S4", ("<h2>Vụ việc tai nạn thương tích, xâm hại trẻ em</h2>", "Theo nơi xảy ra")),
            ("S5", ("<h2>Kết quả học tập so với năm học trước</h2>", "Lồng ghép vào bài giảng")),
            ("S6", ("<h2>Công trình sân chơi, bãi tập</h2>", "Bãi tập có mái che")),
        ],
    )
    def test_area(self, area_id, expected, tmp_path, evaluation_file, plan):
        _, text, images = _run(
            "20_solution_area.ipynb", tmp_path, area_id=area_id, evaluation_path=evaluation_file
        )
        label = next(a for a in plan.solution_areas if a.id == area_id).label("vi")
        _assert_contains(text, f"# {area_id}. {label}", "## Số lượt người được tiếp cận", *expected)
        assert images >= 1


@pytest.mark.slow
class TestReportNotebooks:
    def test_funding_and_responsibilities(self, tmp_path, evaluation_file):
        _, text, images = _run(
            "30_funding_and_responsibilities.ipynb", tmp_path, evaluation_path=evaluation_file
        )
        _assert_contains(
            text,
            "# Kinh phí và tổ chức thực hiện",
            "## Kinh phí thực hiện",
            "## Kinh phí đã chi theo giải pháp",
            "## Nhiệm vụ của các bộ phận",
            "R-LĐ — Liên đội",
            "Chưa thực hiện",
        )
        assert images == 3

    def test_year_end_as_is(self, tmp_path):
        """With its committed defaults (the sample school evaluated in the notebook)."""
        from planlib.present.export import export_html

        nb, text, _ = _run(
            "90_year_end_report.ipynb",
            tmp_path,
            report_date="2023-12-20",
            directions=f"- Tăng cường phối hợp {SCRIPT}",
        )
        _assert_contains(
            text,
            "Báo cáo kết quả thực hiện Kế hoạch công tác bảo vệ, chăm sóc trẻ em năm 2023",
            "Vinh An, ngày 20 tháng 12 năm 2023",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "## I. Mục tiêu chung",
            "### 1. Kết quả thực hiện các chỉ tiêu",
            "## III. Tồn tại, hạn chế",
            "## IV. Phương hướng, nhiệm vụ năm 2024",
            "### Phụ lục 2. Cảnh báo chất lượng dữ liệu",
            SCRIPT_ESCAPED,
            'href="area-S4.html"',
            'href="funding-and-responsibilities.html"',
        )
        assert SCRIPT not in text
        page = export_html(nb)
        assert_offline(page)
        rows = _scorecard_rows(page).rows
        assert [r[1] for r in rows] == ["T1.1", "T1.2", "T2.1", "T2.2", "T3", "T4", "T5", "T6"]
        assert all(r[0].startswith("status-") for r in rows)

    def test_year_end_placeholder_and_english(self, tmp_path, evaluation_file):
        _, text, _ = _run("90_year_end_report.ipynb", tmp_path, evaluation_path=evaluation_file)
        assert "(Ban Giám hiệu bổ sung phương hướng năm tới)" in text
        _, english, _ = _run(
            "90_year_end_report.ipynb", tmp_path, lang="en", evaluation_path=evaluation_file
        )
        _assert_contains(
            english,
            "Report on the implementation of the 2023 child protection and care plan",
            "## III. Shortcomings",
            "(The school board adds next year's directions)",
            "SOCIALIST REPUBLIC OF VIET NAM",
        )
        assert "Tồn tại" not in english


def test_results_json_untouched_by_views(ev):
    """Views only read the evaluation: the results document is the same before and after."""
    before = json.dumps(ev.to_dict(), sort_keys=True, default=str)
    views.scorecard(_ctx(ev))
    views.shortcomings(_ctx(ev))
    plots.area_completion(_ctx(ev))
    assert json.dumps(ev.to_dict(), sort_keys=True, default=str) == before
    assert isinstance(views.scorecard_frame(_ctx(ev)), pd.DataFrame)
