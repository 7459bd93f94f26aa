"""The public version of the reports (``--disclosure public``): views, plots, notebooks, run.

A public report shows no count from 1 to 4 (``< 5``), hides a second cell (``x``) wherever a
total would give a hidden one back, hides values and intervals that would reveal a hidden
count, marks rates on fewer than 10 events unstable, carries a banner and documents the rule
(AIHW, CDC/NCHS) in the year-end report's appendix. The internal report is unchanged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from conftest import ROOT, execute_notebook, run_cli

from planlib.apps import run as batch
from planlib.core.disclosure import COMPLEMENT, DISCLOSURES, SUPPRESSED
from planlib.core.errors import PlanError, Problem
from planlib.core.i18n import t
from planlib.evaluation.evaluate import evaluate
from planlib.present import plots, views
from planlib.present.context import Context, save_context
from planlib.present.export import assert_offline, export_html
from planlib.present.shown_areas import harm_counts
from planlib.present.views.area import AreaView
from planlib.present.views.funding import FundingView

NOTEBOOKS = ROOT / "notebooks"
BANNER = "BẢN CÔNG KHAI — đã ẩn các số liệu nhỏ"
PUBLIC = {"disclosure": "public"}
INT = r"\d{1,3}(?:\.\d{3})*"
SHOWN = rf"{INT}|< 5|x"
#: table columns that hold numbers but not counts
NOT_COUNTS = {"Diện tích (m²)", "Area (m²)"}


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


@pytest.fixture(scope="module")
def small(sample_workbook, plan):
    """The sample school with one injured child fewer: T2.1's numerator is 4."""
    incidents = sample_workbook.tables["incidents"]
    tables = dict(sample_workbook.tables)
    tables["incidents"] = incidents.loc[incidents["student_id"] != "HS0524"]
    evaluation = evaluate(dataclasses.replace(sample_workbook, tables=tables), plan)
    assert evaluation.indicator("T2.1").numerator == 4
    return evaluation


# --- reading pages ----------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every ``<table>``: its header cells and its rows of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[str], list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._head = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(([], []))
        elif tag == "thead":
            self._head = True
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            head, rows = self.tables[-1]
            if self._head:
                head.extend(self._row)
            else:
                rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._head = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables(html: str) -> list[tuple[list[str], list[list[str]]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _counts(text: str) -> list[str]:
    """The counts a cell shows: ``12``, ``5/604 *``, ``73,0% (443/607)``, ``< 5``, ``x``."""
    text = text.strip().removesuffix(" *").strip()
    if re.fullmatch(SHOWN, text):
        return [text]
    pair = re.fullmatch(rf"({SHOWN})/({SHOWN})", text) or re.search(
        rf"\(({SHOWN})/({SHOWN})\)", text
    )
    return list(pair.groups()) if pair else []


def _table_counts(html: str) -> list[str]:
    found = []
    for head, rows in _tables(html):
        for row in rows:
            for i, cell in enumerate(row):
                if i < len(head) and head[i] in NOT_COUNTS:
                    continue
                found += _counts(cell)
    return found


def _small(counts: list[str]) -> list[str]:
    return [
        c for c in counts if c not in (SUPPRESSED, COMPLEMENT) and 1 <= int(c.replace(".", "")) <= 4
    ]


def _pages(ev, disclosure: str) -> dict[str, str]:
    """What the four notebooks show, page by page, without papermill."""
    d = {"disclosure": disclosure}
    out = {}
    for r in ev.indicators:
        out[f"target-{r.id}"] = "".join(
            [
                views.page_intro(_ctx(ev, **d)),
                views.target_summary(_ctx(ev, **d), r.id),
                views.target_notes(_ctx(ev, **d), r.id),
                views.counts_table(_ctx(ev, **d), r.id),
                views.breakdown_tables(_ctx(ev, **d), r.id),
            ]
        )
    for a in ev.plan.solution_areas:
        page = AreaView(_ctx(ev, **d), a.id)
        parts = (
            page.summary,
            page.activities,
            page.reach,
            page.partners,
            page.coverage,
            page.details_head,
            page.details,
        )
        out[f"area-{a.id}"] = views.page_intro(_ctx(ev, **d)) + "".join(p() for p in parts)
    funding = FundingView(_ctx(ev, **d))
    out["funding"] = "".join(
        [
            views.page_intro(_ctx(ev, **d)),
            funding.flows(),
            funding.sources(),
            funding.spending(),
            funding.responsibilities(),
        ]
    )
    out["year-end"] = "".join(
        [
            views.report_header(_ctx(ev, **d), report_date="2023-12-20"),
            views.status_summary(_ctx(ev)),
            views.scorecard(_ctx(ev, **d)),
            views.areas_summary(_ctx(ev, **d)),
            views.funding_summary(_ctx(ev)),
            views.responsibilities_summary(_ctx(ev, **d)),
            views.shortcomings(_ctx(ev, **d)),
            views.target_definitions(_ctx(ev)),
            views.warnings_table(_ctx(ev, **d)),
            views.page_links(_ctx(ev)) + views.disclosure_appendix(_ctx(ev, **d)),
        ]
    )
    return out


def _scorecard(html: str) -> dict[str, dict[str, str]]:
    columns = ["id", "label", "value", "target", "status", "ci", "counts", "headroom"]
    table = next(rows for head, rows in _tables(html) if head and head[-2] == "Tử số/Mẫu số")
    return {row[0]: dict(zip(columns, row, strict=True)) for row in table}


# --- views ------------------------------------------------------------------------------------


def test_no_table_cell_shows_a_count_from_1_to_4(ev, small):
    for evaluation in (ev, small):
        internal = _pages(evaluation, "internal")
        public = _pages(evaluation, "public")
        assert _small([c for h in internal.values() for c in _table_counts(h)])  # the check bites
        shown = []
        for name, html in public.items():
            counts = _table_counts(html)
            assert not _small(counts), (name, _small(counts))
            shown += counts
        assert SUPPRESSED in shown and COMPLEMENT in shown


def test_every_public_page_has_the_banner_and_the_note(ev):
    for name, html in _pages(ev, "public").items():
        text = unescape(html)
        assert BANNER in text, name
        assert "«< 5»" in text and "không ổn định" in text, name
        assert "#planlib-disclosure" in html, name
        assert_offline(html)
    for name, html in _pages(ev, "internal").items():
        assert BANNER not in unescape(html) and "planlib-disclosure" not in html, name


def test_internal_is_the_default_and_unchanged(ev, small):
    assert views.scorecard(_ctx(ev)) == views.scorecard(_ctx(ev, disclosure="internal"))
    assert views.breakdown_tables(_ctx(ev), "T2.1") == views.breakdown_tables(
        _ctx(ev, disclosure="internal"), "T2.1"
    )
    rows = _scorecard(views.scorecard(_ctx(ev)))
    assert rows["T2.1"]["counts"] == "5/604 *" and rows["T2.1"]["value"] == "82,8/10.000"
    assert rows["T4"]["counts"] == "6/7 *" and rows["T4"]["ci"] != "—"
    assert _scorecard(views.scorecard(_ctx(small)))["T2.1"]["counts"] == "4/604 *"
    assert "không ổn định" not in views.scorecard(_ctx(ev))
    assert views.disclosure_appendix(_ctx(ev)) == ""


def test_scorecard_hides_small_numerators_and_their_values(ev, small):
    rows = _scorecard(views.scorecard(_ctx(small, **PUBLIC)))
    assert rows["T2.1"]["counts"] == "< 5/604 *"
    assert rows["T2.1"]["value"] == rows["T2.1"]["ci"] == rows["T2.1"]["headroom"] == "—"
    assert rows["T2.1"]["status"] == "Không đạt"  # the status is always shown
    rows = _scorecard(views.scorecard(_ctx(ev, **PUBLIC)))
    # T4: 6 of 7 cases timely; the one not timely would be 7 − 6, so the numerator is hidden
    assert rows["T4"]["counts"] == "x/7 *" and rows["T4"]["value"] == "—"
    assert rows["T2.1"]["counts"] == "5/604 *"
    assert rows["T2.1"]["value"] == "82,8/10.000 (không ổn định)"
    assert rows["T5"]["value"] == "89,6%"  # 541 events: stable
    assert "AIHW" not in views.scorecard(_ctx(ev, **PUBLIC))


def test_target_page_parts_hide_a_small_numerator(small):
    summary = unescape(views.target_summary(_ctx(small, **PUBLIC), "T2.1"))
    assert "không hiển thị (số nhỏ)" in summary and "KTC" not in summary
    counts = unescape(views.counts_table(_ctx(small, **PUBLIC), "T2.1"))
    assert "< 5" in counts and "hiện có" not in counts
    assert views.headroom_sentence(_ctx(small, **PUBLIC), "T2.1") == t("disc.headroom_hidden")
    assert "hiện có 4" in views.headroom_sentence(_ctx(small), "T2.1")
    notes = unescape(views.target_notes(_ctx(small, **PUBLIC), "T2.1"))
    assert "tử số < 5" in notes and "Kết quả và khoảng tin cậy không hiển thị" in notes


def test_unstable_rates_are_named(ev):
    assert "không ổn định" in views.target_summary(_ctx(ev, **PUBLIC), "T2.1")
    assert "không ổn định" not in views.target_summary(_ctx(ev, **PUBLIC), "T5")
    assert "Tử số dưới 10" in views.target_notes(_ctx(ev, **PUBLIC), "T2.1")
    assert "unstable" in views.target_summary(_ctx(ev, lang="en", **PUBLIC), "T2.1")


def test_breakdowns_protect_totals(ev):
    frame = views.breakdown(_ctx(ev, **PUBLIC), "T2.1", "sex")
    assert list(frame["numerator"]) == [SUPPRESSED, SUPPRESSED]
    assert frame["value"].isna().all()
    # T5 by class: 35 of 39 pass in 6A, so the 4 who do not would show: hidden
    classes = views.breakdown(_ctx(ev, **PUBLIC), "T5", "class_name").set_index("class_name")
    assert classes.at["6A", "numerator"] == COMPLEMENT
    assert classes.at["6C", "numerator"] == 33  # 6 do not pass
    months = views.breakdown(_ctx(ev, **PUBLIC), "T2.1", "month")
    assert set(months["numerator"]) == {SUPPRESSED}


def test_harm_tables_suppress_margins_too(ev):
    shown = harm_counts(_ctx(ev, **PUBLIC), "place")
    assert shown.at["total", "total"] == 14 and shown.at["total", "injury"] == 6
    assert shown.at["home", "total"] == SUPPRESSED
    hidden = shown.map(lambda v: v in (SUPPRESSED, COMPLEMENT)).to_numpy()
    assert all(line.sum() != 1 for line in [*hidden, *hidden.T])
    line = unescape(AreaView(_ctx(ev, **PUBLIC), "S4").details_head())
    assert "14 vụ việc với 13 trẻ em, trong đó 6 vụ" in line


def test_learning_results_hide_a_small_rest(ev):
    html = unescape(AreaView(_ctx(ev, **PUBLIC), "S5").details())
    assert "(443/607)" in html  # 164 below Tốt + Khá
    assert "— (x/454)" in html  # 3 children not promoted
    assert "(451/454)" not in html and "(451/454)" in unescape(AreaView(_ctx(ev), "S5").details())


def test_drill_downs_are_not_shown(sample_workbook, plan):
    warning = Problem(
        "bad_enum", "incidents", 7, "place", "xyz", severity="warning", params={"choices": "x"}
    )
    workbook = dataclasses.replace(sample_workbook, warnings=(warning,))
    evaluation = evaluate(workbook, plan)
    public = unescape(views.warnings_table(_ctx(evaluation, **PUBLIC)))
    assert "1 cảnh báo" in public and "<table" not in public and "xyz" not in public
    assert "xyz" in views.warnings_table(_ctx(evaluation))
    shortcomings = views.shortcomings(_ctx(evaluation, **PUBLIC))
    assert "xyz" not in shortcomings and "xyz" in views.shortcomings(_ctx(evaluation))


def test_appendix_documents_the_rule_and_its_sources(ev):
    html = views.disclosure_appendix(_ctx(ev, **PUBLIC))
    text = unescape(html)
    assert f'id="{views.APPENDIX_ID}"' in html
    assert "Phụ lục 4" in text
    for words in ("AIHW", "Australian Institute of Health and Welfare", "CDC", "NCHS"):
        assert words in text, words
    assert "«< 5»" in text and "«x»" in text and "dưới 10" in text
    english = unescape(views.disclosure_appendix(_ctx(ev, lang="en", **PUBLIC)))
    assert "AIHW" in english and "CDC" in english and "Disclosure rule" in english


def test_an_unknown_disclosure_is_an_error(ev):
    with pytest.raises(ValueError, match="internal, public"):
        views.scorecard(_ctx(ev, disclosure="publik"))
    with pytest.raises(ValueError, match="internal, public"):
        plots.harm_cases(_ctx(ev, disclosure="Public"))


# --- plots ------------------------------------------------------------------------------------


def _count_figures(ev):
    d = PUBLIC
    return {
        "T2.1 month": plots.breakdown(_ctx(ev, **d), "T2.1", "month"),
        "T2.1 cause": plots.breakdown(_ctx(ev, **d), "T2.1", "cause"),
        "T4 kind": plots.breakdown(_ctx(ev, **d), "T4", "kind"),
        "T4 place": plots.breakdown(_ctx(ev, **d), "T4", "place"),
        "S1": plots.activity_progress(_ctx(ev, **d), "S1"),
        "S4": plots.activity_progress(_ctx(ev, **d), "S4"),
        "harm month": plots.harm_cases(_ctx(ev, **d), "month"),
        "harm place": plots.harm_cases(_ctx(ev, **d), "place"),
        "tasks": plots.task_status(_ctx(ev, **d)),
    }


def _texts(fig) -> list[str]:
    return [text.get_text() for ax in fig.axes for text in ax.texts]


def test_no_chart_label_or_bar_shows_a_count_from_1_to_4(ev):
    for name, fig in _count_figures(ev).items():
        labels = [c for text in _texts(fig) for c in _counts(text)]
        assert not _small(labels), (name, labels)
        ax = fig.axes[0]
        sizes = {round(s, 6) for p in ax.patches for s in (p.get_width(), p.get_height())}
        assert not sizes & {1.0, 2.0, 3.0, 4.0}, (name, sizes)
        assert ax.get_title(loc="right") == t("disc.chart_note"), name
    internal = plots.breakdown(_ctx(ev), "T2.1", "month")
    assert {round(p.get_height()) for p in internal.axes[0].patches} & {1}  # the check bites


def test_hidden_bars_are_labelled_and_the_axis_reveals_nothing(ev):
    months = plots.breakdown(_ctx(ev, **PUBLIC), "T2.1", "month")
    ax = months.axes[0]
    assert not [p for p in ax.patches if p.get_height()]  # every month is 0 or hidden
    assert _texts(months).count(SUPPRESSED) == 6
    assert ax.get_ylim() == pytest.approx((0, 5.75))  # from the bars drawn and "< 5" only
    classes = plots.breakdown(_ctx(ev, **PUBLIC), "T5", "class_name")
    assert len(classes.axes[0].patches) == 4 and _texts(classes).count(COMPLEMENT) == 12


def test_a_hidden_value_is_not_drawn(ev, small):
    fig = plots.indicator_value(_ctx(small, **PUBLIC), "T2.1")
    assert _texts(fig) == [t("disc.value_hidden_plot")]
    assert not fig.axes[0].lines or all(len(line.get_xdata()) <= 2 for line in fig.axes[0].lines)
    assert "(không ổn định)" in _texts(plots.indicator_value(_ctx(ev, **PUBLIC), "T2.1"))[0]
    learning = plots.learning_results(_ctx(ev, **PUBLIC), "S5")
    assert _texts(learning).count(t("disc.hidden")) == 2  # promotion, graduation
    assert plots.area_completion(_ctx(ev, **PUBLIC)) is not None


# --- run parameters, folders, index page ---------------------------------------------------------


def test_every_notebook_gets_the_disclosure_parameter():
    params = batch.RunParameters(disclosure="public")
    for page in [("target", "T1.1"), ("area", "S1"), ("funding", None), ("year_end", None)]:
        assert batch.notebook_parameters(page, params, Path("e.pkl"))["disclosure"] == "public"
    assert batch.RunParameters().disclosure == "internal"
    pages = [("target", "T1.1"), ("area", "S1"), ("funding", None), ("year_end", None)]
    batch.check_parameters(NOTEBOOKS, pages, params)  # every notebook declares it


def test_public_reports_have_their_own_folder():
    assert batch.school_slug("Trường THCS Đông Hà") == "truong-thcs-dong-ha"
    assert batch.school_slug("Trường THCS Đông Hà", disclosure="public") == (
        "truong-thcs-dong-ha-cong-khai"
    )
    assert batch.school_slug("X", sample=True, disclosure="public") == "x-du-lieu-mau-cong-khai"


def test_bad_disclosure_values_are_usage_errors(tmp_path):
    with pytest.raises(PlanError, match="disclosure"):
        batch.load_run_parameters(disclosure="publik")
    proc = run_cli("run", "--disclosure", "publik", "--out", str(tmp_path))
    assert proc.returncode == 2 and "internal" in proc.stderr and "public" in proc.stderr
    from planlib.apps import cli

    assert cli.DISCLOSURES == DISCLOSURES


def test_public_index_page_has_the_banner(ev):
    public = batch.index_html(ev, {}, "vi", "public")
    assert BANNER in public and 'class="public-banner"' in public
    assert_offline(public)
    assert BANNER not in batch.index_html(ev, {}, "vi")


# --- the notebooks, with papermill (slow) ---------------------------------------------------------


def _execute(name, tmp_path, **parameters):
    nb, outputs = execute_notebook(name, tmp_path, **parameters)
    images = sum("image/png" in o.get("data", {}) for o in outputs)
    return export_html(nb), images


@pytest.fixture(scope="module")
def evaluation_file(tmp_path_factory, ev):
    return str(save_context(ev, tmp_path_factory.mktemp("ev") / "e.pkl"))


@pytest.mark.slow
def test_year_end_notebook_public(tmp_path, evaluation_file):
    page, images = _execute(
        "90_year_end_report.ipynb",
        tmp_path,
        evaluation_path=evaluation_file,
        report_date="2023-12-20",
        disclosure="public",
    )
    assert_offline(page)
    text = unescape(page)
    assert BANNER in text and images == 1
    assert not _small(_table_counts(page))
    rows = _scorecard(page)
    assert rows["T4"]["counts"] == "x/7 *" and rows["T4"]["value"] == rows["T4"]["ci"] == "—"
    assert rows["T2.1"]["value"] == "82,8/10.000 (không ổn định)"
    appendix = text[text.index("Phụ lục 4. Quy tắc công bố số liệu") :]
    assert "AIHW" in appendix and "CDC" in appendix
    assert f'id="{views.APPENDIX_ID}"' in page


@pytest.mark.slow
def test_target_notebook_public(tmp_path, evaluation_file):
    page, images = _execute(
        "10_target.ipynb",
        tmp_path,
        indicator_id="T4",
        evaluation_path=evaluation_file,
        disclosure="public",
    )
    assert_offline(page)
    text = unescape(page)
    assert BANNER in text and "year-end.html#planlib-disclosure" in page
    assert "không hiển thị (số nhỏ)" in text
    counts = next(rows for head, rows in _tables(page) if head == ["Nội dung", "Kết quả"])
    assert [row[1] for row in counts[:3]] == [COMPLEMENT, "7", "—"]  # numerator, denominator, value
    assert images >= 2  # the target without its value, and the breakdowns
    assert not _small(_table_counts(page)) and SUPPRESSED in _table_counts(page)


# --- planlib run --disclosure public, end to end (slow) -------------------------------------------


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_planlib_run_public_publishes_a_separate_folder(tmp_path):
    out = tmp_path / "out"
    internal = run_cli("run", "--out", str(out), "--jobs", "2", timeout=600)
    assert internal.returncode == 0, internal.stderr
    plan_folder = out / "bvcste-2023"
    school = plan_folder / "truong-thcs-an-bang-vinh-an-du-lieu-mau"
    before = _snapshot(school)
    public = run_cli("run", "--out", str(out), "--jobs", "2", "--disclosure", "public", timeout=600)
    assert public.returncode == 0, public.stderr
    shared = plan_folder / "truong-thcs-an-bang-vinh-an-du-lieu-mau-cong-khai"
    assert str(shared / "index.html") in public.stdout
    assert _snapshot(school) == before  # the internal report is untouched
    assert sorted(p.name for p in plan_folder.iterdir() if not p.name.startswith(".")) == [
        school.name,
        shared.name,
    ]
    pages = sorted(p.name for p in shared.glob("*.html"))
    assert pages == sorted(p.name for p in school.glob("*.html")) and len(pages) == 17
    assert not (shared / "results.json").exists() and not (shared / "notebooks").exists()
    for name in pages:
        body = (shared / name).read_text(encoding="utf-8")
        assert_offline(body)
        assert BANNER in unescape(body), name
        assert not _small(_table_counts(body)), name
    year_end = (shared / "year-end.html").read_text(encoding="utf-8")
    assert "AIHW" in year_end and "CDC" in year_end
    internal_year_end = (school / "year-end.html").read_text(encoding="utf-8")
    assert BANNER not in unescape(internal_year_end) and "5/604" in internal_year_end
    assert _scorecard(internal_year_end)["T4"]["counts"] == "6/7 *"
    # and an internal run again leaves the public report alone
    shared_before = _snapshot(shared)
    again = run_cli("run", "--out", str(out), "--jobs", "2", timeout=600)
    assert again.returncode == 0, again.stderr
    assert _snapshot(shared) == shared_before
