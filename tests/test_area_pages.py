"""The solution-area and funding pages through their bound views (:class:`AreaView`,
:class:`FundingView`): the area and funding assertions of ``test_views.py`` and
``test_disclosure_report.py``, asked of the report instead of passing ``lang`` and
``disclosure`` to every call."""

from __future__ import annotations

import dataclasses
import json
from html import unescape

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure
from test_disclosure_report import BANNER, _counts, _small, _table_counts, _texts
from test_views import SCRIPT, SCRIPT_ESCAPED, _with_tables

from planlib.core.disclosure import COMPLEMENT, SUPPRESSED
from planlib.core.i18n import t
from planlib.evaluation.evaluate import evaluate
from planlib.present.plots import DPI
from planlib.present.plots import areas as area_plots
from planlib.present.plots import funding as funding_plots
from planlib.present.report import Report
from planlib.present.shown_areas import harm_counts


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def ev(sample_workbook, plan):
    return evaluate(sample_workbook, plan)


def _area_page(report: Report, area_id: str) -> str:
    a = report.area(area_id)
    parts = (a.intro, a.summary, a.activities, a.reach, a.partners, a.coverage, a.details_head)
    return "".join(str(p()) for p in parts) + a.details()


def _funding_page(report: Report) -> str:
    f = report.funding()
    return "".join(str(p()) for p in (f.intro, f.flows, f.sources, f.spending, f.responsibilities))


def _pages(ev, disclosure: str) -> dict[str, str]:
    report = Report(ev, "vi", disclosure)
    pages = {f"area-{a.id}": _area_page(report, a.id) for a in ev.plan.solution_areas}
    return pages | {"funding": _funding_page(report)}


# --- disclosure -------------------------------------------------------------------------------


def test_no_table_cell_shows_a_count_from_1_to_4(ev):
    internal, public = _pages(ev, "internal"), _pages(ev, "public")
    assert _small([c for h in internal.values() for c in _table_counts(h)])  # the check bites
    shown = []
    for name, html in public.items():
        counts = _table_counts(html)
        assert not _small(counts), (name, _small(counts))
        shown += counts
    assert SUPPRESSED in shown and COMPLEMENT in shown


def test_every_public_page_has_the_banner(ev):
    for name, html in _pages(ev, "public").items():
        assert BANNER in unescape(html), name
    for name, html in _pages(ev, "internal").items():
        assert BANNER not in unescape(html), name


def test_harm_tables_suppress_margins_too(ev):
    public = Report(ev, "vi", "public")
    shown = harm_counts(public, "place")
    assert shown.at["total", "total"] == 14 and shown.at["total", "injury"] == 6
    assert shown.at["home", "total"] == SUPPRESSED
    hidden = shown.map(lambda v: v in (SUPPRESSED, COMPLEMENT)).to_numpy()
    assert all(line.sum() != 1 for line in [*hidden, *hidden.T])
    line = unescape(public.area("S4").details_head())
    assert "14 vụ việc với 13 trẻ em, trong đó 6 vụ" in line


def test_learning_results_hide_a_small_rest(ev):
    html = unescape(Report(ev, "vi", "public").area("S5").details())
    assert "(443/607)" in html  # 164 below Tốt + Khá
    assert "— (x/454)" in html  # 3 children not promoted
    assert "(451/454)" not in html and "(451/454)" in unescape(Report(ev).area("S5").details())


def test_an_unknown_disclosure_is_an_error(ev):
    with pytest.raises(ValueError, match="internal, public"):
        Report(ev, "vi", "Public")


def test_no_chart_label_or_bar_shows_a_count_from_1_to_4(ev):
    public = Report(ev, "vi", "public")
    figures = {
        "S1": area_plots.activity_progress(public, "S1"),
        "S4": area_plots.activity_progress(public, "S4"),
        "harm month": area_plots.harm_cases(public, "month"),
        "harm place": area_plots.harm_cases(public, "place"),
        "tasks": funding_plots.task_status(public),
    }
    for name, fig in figures.items():
        labels = [c for text in _texts(fig) for c in _counts(text)]
        assert not _small(labels), (name, labels)
        ax = fig.axes[0]
        sizes = {round(s, 6) for p in ax.patches for s in (p.get_width(), p.get_height())}
        assert not sizes & {1.0, 2.0, 3.0, 4.0}, (name, sizes)
        assert ax.get_title(loc="right") == t("disc.chart_note"), name
    internal = area_plots.activity_progress(Report(ev), "S4")
    sizes = {round(p.get_width()) for p in internal.axes[0].patches}
    assert sizes & {1, 2, 3, 4}  # the check bites: the internal figure draws them


def test_a_hidden_value_is_not_drawn(ev):
    public = Report(ev, "vi", "public")
    learning = area_plots.learning_results(public, "S5")
    assert _texts(learning).count(t("disc.hidden")) == 2  # promotion, graduation
    assert area_plots.area_completion(public) is not None


# --- the pages --------------------------------------------------------------------------------


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
    report = Report(evaluate(_with_tables(sample_workbook, activities=activities), plan))
    partners_html = report.area("S2").partners()
    assert SCRIPT_ESCAPED in partners_html and SCRIPT not in partners_html
    # markupsafe (Jinja2's autoescape) writes " as &#34;, not html.escape's &quot;
    assert "Hội &#34;Phụ nữ&#34; &amp; xã" in partners_html
    coverage = report.area("S5").coverage()
    assert "&lt;script&gt;x&lt;/script&gt;" in coverage and "<script>x" not in coverage


def test_unknown_ids_name_the_choices(ev):
    with pytest.raises(KeyError, match="S1, S2"):
        Report(ev).area("S9")


def _render_all(ev) -> None:
    """Every part of every area page and the funding page renders, in both languages."""
    for lang in ("vi", "en"):
        report = Report(ev, lang)
        for area in ev.plan.solution_areas:
            _area_page(report, area.id)
            report.area(area.id).figures()
        _funding_page(report)


def test_no_data_and_not_applicable(sample_workbook, plan):
    """Absent tables give a clear sentence, never a crash."""
    no_incidents = Report(
        evaluate(_with_tables(sample_workbook, incidents=None, activities=None), plan)
    )
    assert "Thiếu dữ liệu" in no_incidents.area("S1").summary()
    assert area_plots.activity_progress(no_incidents, "S1") is None
    assert no_incidents.area("S4").figures() == []
    parts = [no_incidents.area("S4").details_head(), no_incidents.area("S2").activities()]
    assert all("thiếu dữ liệu" in p.lower() for p in parts)
    _render_all(no_incidents.ev)

    no_funding = Report(evaluate(_with_tables(sample_workbook, funding=None, tasks=None), plan))
    assert "Thiếu dữ liệu" in no_funding.funding().flows()
    assert no_funding.funding().flows_chart() is None
    assert "Chưa báo cáo" in no_funding.funding().responsibilities()
    _render_all(no_funding.ev)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_plot_returns_a_closed_labelled_figure(ev, lang):
    report = Report(ev, lang)
    before = plt.get_fignums()
    figures = [
        area_plots.activity_progress(report, "S2"),
        area_plots.harm_cases(report, "month"),
        area_plots.harm_cases(report, "place"),
        area_plots.learning_results(report, "S5"),
        area_plots.facility_funding(report),
        area_plots.area_completion(report),
        funding_plots.funding_flows(report),
        funding_plots.spending_by_area(report),
        funding_plots.task_status(report),
    ]
    assert plt.get_fignums() == before  # all closed: nothing accumulates in pyplot
    for fig in figures:
        assert isinstance(fig, Figure)
        assert fig.dpi == DPI
        width, height = fig.get_size_inches()
        assert width <= 7.5 and height <= 4.6
        ax = fig.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel()


def test_plot_labels_follow_the_language(ev):
    vi = Report(ev).area("S2").progress_chart()
    en = Report(ev, "en").area("S2").progress_chart()
    assert vi.axes[0].get_xlabel() == "Số hoạt động"
    assert en.axes[0].get_xlabel() == "Activities"
    assert Report(ev).area("S1").figures() == []
    assert len(Report(ev).area("S4").figures()) == 2


def test_results_json_untouched_by_views(ev):
    """Views only read the evaluation: the results document is the same before and after."""
    before = json.dumps(ev.to_dict(), sort_keys=True, default=str)
    for disclosure in ("internal", "public"):
        _pages(ev, disclosure)
        area_plots.area_completion(Report(ev, "vi", disclosure))
    assert json.dumps(ev.to_dict(), sort_keys=True, default=str) == before


def test_frozen_evaluation(ev):
    with pytest.raises(dataclasses.FrozenInstanceError):
        ev.sections = None  # type: ignore[misc]
