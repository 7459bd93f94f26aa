"""The district report: its sections in each language, colours, links, funnel plots, the
public rule, no personal data, the notebook through real papermill, and district.docx."""

from __future__ import annotations

import functools
import re
import zipfile
from html.parser import HTMLParser

import matplotlib.pyplot as plt
import numpy as np
import pytest
from browser import CHROMIUM_ARGS, CHROMIUM_PATH, open_page, requires_chromium
from district_fixtures import CHILD_CANARY, HEAD_CANARY, SCHOOLS, district, many_schools
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from planlib.core.disclosure import is_small
from planlib.core.fmt import fmt_value
from planlib.core.i18n import t
from planlib.present.district import (
    DistrictReport,
    load_district_context,
    open_district_report,
    save_district_context,
)
from planlib.present.district.limits import count_position, limit_curves
from planlib.present.district.shown import pooled_counts, school_figures
from planlib.present.style import STATUS_COLOURS, stylesheet
from planlib.present.word import write_district_docx

SECTIONS = ("header", "submissions", "targets", "schools", "areas", "funding", "shortcomings",
            "signature", "appendix")  # fmt: skip


@pytest.fixture(scope="module")
def evaluation():
    return district(SCHOOLS)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def report(evaluation, lang="vi", disclosure="internal") -> DistrictReport:
    return DistrictReport(evaluation, lang, disclosure, "2023-12-20")


def html_of(d: DistrictReport) -> str:
    parts = [str(getattr(d, name)()) for name in SECTIONS]
    parts += [str(p) for p in d.funnels() if not isinstance(p, Figure)]
    return "\n".join(parts)


class _Text(HTMLParser):
    """The text of a fragment, its table cells, and its tables as (header, rows)."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.cells: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self.cells.append(text)
            if self.tables and self.tables[-1]:
                self.tables[-1][-1].append(text)
            self._cell = None

    def handle_data(self, data):
        self.chunks.append(data)
        if self._cell is not None:
            self._cell.append(data)


def text_of(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def figure_texts(fig: Figure) -> list[str]:
    """Every label a reader sees on a figure except tick labels (the axes' scale)."""
    texts = [fig.texts, *(ax.texts for ax in fig.axes)]
    out = [text.get_text() for group in texts for text in group]
    for ax in fig.axes:
        out += [ax.get_title(loc) for loc in ("left", "center", "right")]
        out += [ax.get_xlabel(), ax.get_ylabel()]
    for legend in fig.legends:
        out += [text.get_text() for text in legend.get_texts()]
    return [text for text in out if text]


# --- sections, languages ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_section_renders_in_one_language(evaluation, lang):
    d = report(evaluation, lang)
    html = html_of(d)
    for name in SECTIONS[:-1]:  # the appendix is the public report's
        assert str(getattr(d, name)()).strip(), name
    text = " ".join(text_of(html).chunks)
    if lang == "vi":
        assert "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" in text and "Phú Vang, ngày 20 tháng 12 năm 2023" in text
        assert "Toàn huyện" in text and "TRƯỞNG PHÒNG" in text
        for english in ("Achieved", "District", "Schools outside", "Recipients"):
            assert english not in text
    else:
        assert "EDUCATION AND TRAINING OFFICE" in text and "Phú Vang, 20 December 2023" in text
        assert "HEAD OF THE OFFICE" in text
        for vietnamese in ("Không đạt", "Toàn huyện", "Trường nằm ngoài", "Nơi nhận"):
            assert vietnamese not in text


def test_header_is_the_office_form(evaluation):
    html = str(report(evaluation).header())
    assert "planlib-doc-header" in html
    assert "UBND huyện Phú Vang" in html  # upper-cased by the stylesheet
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "Số: ....../BC-PGDĐT" in html
    assert "BÁO CÁO<br>" in html
    assert "Tổng hợp kết quả thực hiện Kế hoạch bảo vệ, chăm sóc trẻ em năm 2023" in html
    assert "Căn cứ" in html


def test_submissions_count_every_kind(evaluation):
    text = " ".join(text_of(str(report(evaluation).submissions())).chunks)
    assert "Danh sách có 8 trường; đã nhận báo cáo của 7 trường: 5 hợp lệ, 1 có dữ liệu" in text
    assert "Dữ liệu không hợp lệ (6 lỗi)" in text and "Chưa nộp" in text


def test_pooled_targets_are_the_sums(evaluation):
    ind = evaluation.indicator("T2.1")
    assert ind.numerator == sum(n for n, _ in (c["T2.1"] for c in SCHOOLS.values()))
    assert ind.denominator == sum(d for _, d in (c["T2.1"] for c in SCHOOLS.values()))
    cells = text_of(str(report(evaluation).targets())).cells
    row = cells.index("T2.1")
    assert cells[row + 6] == f"{ind.numerator}/{ind.denominator:,}".replace(",", ".")
    assert cells[row + 7] == f"{ind.schools_achieved}/{ind.schools_evaluated}"


def test_school_grid_colours_statuses_and_links_each_report(evaluation):
    html = str(report(evaluation).schools())
    for sub in evaluation.submissions:
        if sub.report:
            assert f'href="{sub.report}"' in html
        else:
            assert sub.name in html and f">{sub.name}</a>" not in html
    assert "status-achieved" in html and "status-not_achieved" in html
    css = stylesheet()
    for status in ("achieved", "not_achieved"):
        assert f".status-{status} {{ color: {STATUS_COLOURS[status]};" in css
    assert "planlib-district-grid" in html and "planlib-district-grid" in css


def test_funnel_is_an_image_and_outside_schools_are_named(evaluation):
    parts = report(evaluation).target("T2.1")
    figures = [p for p in parts if isinstance(p, Figure)]
    assert len(figures) == 1
    labels = figure_texts(figures[0])
    assert "Trường THCS Cao" in labels  # beside its point
    words = " ".join(str(p) for p in parts if not isinstance(p, Figure))
    assert "Trường THCS Cao: cao hơn giới hạn trên (T2.1)" in words
    assert "Trường THCS Một:" not in words
    shortcomings = str(report(evaluation).shortcomings())
    assert "T2.1: Trường THCS Cao." in shortcomings


# --- public -------------------------------------------------------------------------------

_COUNT = re.compile(r"(?<![\w.,/])([1-4])(?![\w.,%])")


#: headers of the columns of counts (pooled targets; activities held/planned)
_COUNT_HEADERS = {"Tử số/Mẫu số", "Thực hiện/Kế hoạch (huyện)"}


def _count_cells(tables: list[list[list[str]]]) -> list[str]:
    """The cells of the columns of counts (``num/den``) of every table."""
    out = []
    for table in tables:
        if not table:
            continue
        columns = [i for i, head in enumerate(table[0]) if head in _COUNT_HEADERS]
        out += [row[i] for row in table[1:] for i in columns if i < len(row)]
    return out


def _small_parts(cells: list[str]) -> list[str]:
    return [c for c in cells for part in c.split("/") if is_small(part.replace(".", ""))]


def test_public_tables_show_no_count_from_1_to_4(evaluation):
    public = text_of(html_of(report(evaluation, disclosure="public")))
    counts = _count_cells(public.tables)
    assert len(counts) >= len(evaluation.indicators), "the pooled and area tables show counts"
    assert _small_parts(counts) == []
    assert "< 5" in " ".join(counts) or "x" in " ".join(counts)
    internal = text_of(html_of(report(evaluation))).tables
    assert _small_parts(_count_cells(internal))  # the test can fail


def test_public_grid_withholds_values_of_small_counts(evaluation):
    d = report(evaluation, disclosure="public")
    cells = text_of(str(d.schools())).cells
    ids = [i.id for i in evaluation.indicators]
    for name, counts in SCHOOLS.items():
        row = cells.index(name)
        t21 = cells[row + 1 + ids.index("T2.1")]
        if is_small(counts["T2.1"][0]):
            assert t21 == "—", name
    assert "«< 5» là số từ 1 đến 4" in " ".join(text_of(str(d.targets())).chunks)
    assert 'id="planlib-district-disclosure"' in str(d.appendix())
    assert 'href="#planlib-district-disclosure"' in str(d.header())  # the note links to it
    assert str(report(evaluation).appendix()) == ""  # internal: no rule to state


def test_public_funnel_draws_only_disclosable_schools(evaluation):
    d = report(evaluation, disclosure="public")
    for ind in evaluation.indicators:
        fig = d.funnel(ind.id)
        if fig is None:
            continue
        for label in figure_texts(fig):
            assert not _COUNT.search(label), (ind.id, label)
        points = np.concatenate([c.get_offsets() for c in fig.axes[0].collections])
        for den, value in points:
            numerator = value * den / ind.factor
            assert not is_small(round(numerator)), (ind.id, den, value)
        shown = school_figures(d, ind)
        assert len(points) == sum(s.value is not None for s in shown)
    hidden = [s for s in school_figures(d, evaluation.indicator("T2.1")) if s.hidden]
    assert hidden  # schools with 1-4 injuries were left off
    fig = d.funnel("T2.1")
    assert "Trường có số liệu nhỏ không được vẽ" in figure_texts(fig)


def test_internal_funnel_draws_every_school(evaluation):
    fig = report(evaluation).funnel("T2.1")
    points = np.concatenate([c.get_offsets() for c in fig.axes[0].collections])
    assert len(points) == len(SCHOOLS)


# --- personal data ------------------------------------------------------------------------


@pytest.mark.parametrize("disclosure", ["internal", "public"])
def test_no_personal_data_in_html_or_docx(evaluation, disclosure, tmp_path):
    html = html_of(report(evaluation, disclosure=disclosure))
    assert HEAD_CANARY not in html and CHILD_CANARY not in html
    path = write_district_docx(evaluation, tmp_path / "district.docx", disclosure=disclosure)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert HEAD_CANARY not in xml and CHILD_CANARY not in xml


# --- limits -------------------------------------------------------------------------------


def test_limits_by_hand():
    # Binomial(10, 0.5): F(7) = 0.9453, F(8) = 0.9893; alpha = (0.9893 - 0.975) / 0.0440
    (low, high) = limit_curves(50, [10], factor=100, model="binomial", levels=[0.95])[0.95]
    assert high[0] == pytest.approx((8 - (0.989258 - 0.975) / (0.989258 - 0.945312)) * 10, 1e-4)
    # F(1) = 0.010742, F(2) = 0.054688: the 2.5% quantile is 2, alpha = 0.6750
    assert low[0] == pytest.approx((2 - (0.054688 - 0.025) / (0.054688 - 0.010742)) * 10, 1e-4)
    # Poisson(600 × 60 / 10 000 = 3.6): 97.5% quantile 8, F(8) = 0.988, F(7) = 0.9692
    (_, high) = limit_curves(60, [600], factor=10_000, model="poisson", levels=[0.95])[0.95]
    from scipy import stats

    f8, f7 = stats.poisson.cdf(8, 3.6), stats.poisson.cdf(7, 3.6)
    assert stats.poisson.ppf(0.975, 3.6) == 8
    assert high[0] == pytest.approx((8 - (f8 - 0.975) / (f8 - f7)) / 600 * 10_000)
    assert count_position(25, 400, 60, factor=10_000, model="poisson", level=0.998) == "above"
    assert count_position(2, 500, 60, factor=10_000, model="poisson", level=0.998) is None


@settings(max_examples=60, deadline=None)
@given(
    centre=st.floats(0.5, 99.5),
    n=st.integers(1, 5000),
    model=st.sampled_from(["binomial", "poisson"]),
)
def test_limits_nest_around_the_centre(centre, n, model):
    factor = 100 if model == "binomial" else 10_000
    curves = limit_curves(centre, [n], factor=factor, model=model)
    (l95, u95), (l998, u998) = curves[0.95], curves[0.998]
    assert 0 <= l998[0] <= l95[0] <= u95[0] <= u998[0]
    assert l95[0] <= centre + 1e-9 or n < 50  # tiny denominators: the steps of a count
    if model == "binomial":
        assert u998[0] <= factor


# --- context, notebook, Word --------------------------------------------------------------


def test_context_round_trip(evaluation, tmp_path):
    path = save_district_context(evaluation, tmp_path / "district.pickle")
    assert load_district_context(path) == evaluation
    d = open_district_report(path, lang="en", disclosure="public", report_date="2023-12-20")
    assert d.lang == "en" and d.disclosure == "public" and d.ev == evaluation
    assert (
        d.title
        == "Compiled report on the implementation of the 2023 child protection and care plan"
    )
    with pytest.raises(ValueError, match="language"):
        open_district_report(path, lang="fr")
    with pytest.raises(ValueError, match="report_date must be a date YYYY-MM-DD"):
        open_district_report(path, report_date="20/12/2023")
    assert open_district_report(path, report_date="").report_date is None


def test_notebook_runs_with_papermill_and_exports_offline(evaluation, tmp_path):
    from conftest import execute_notebook

    from planlib.present.export import assert_offline, export_html

    context = save_district_context(evaluation, tmp_path / "district.pickle")
    nb, outputs = execute_notebook(
        "95_district_report.ipynb",
        tmp_path,
        context_path=str(context),
        lang="vi",
        disclosure="public",
        report_date="2023-12-20",
    )
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= len(evaluation.indicators) - 2
    html = export_html(nb, lang="vi", title="district")
    assert_offline(html)
    assert "Trường THCS Cao" in html and 'href="truong-01/index.html"' in html
    assert HEAD_CANARY not in html and CHILD_CANARY not in html


def test_district_docx_headings_targets_and_images(evaluation, tmp_path):
    import docx

    path = write_district_docx(
        evaluation, tmp_path / "district.docx", lang="vi", report_date="2023-12-20"
    )
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V"]
    table = next(tb for tb in document.tables if tb.rows[0].cells[0].text == "Mã")
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert list(rows) == [i.id for i in evaluation.indicators]
    for ind in evaluation.indicators:
        assert rows[ind.id][2] == fmt_value(ind.value, ind.unit, "vi"), ind.id
        assert rows[ind.id][4] == t(f"status.{ind.status}", "vi"), ind.id
        counts = rows[ind.id][6]
        assert counts == f"{ind.numerator:,}/{ind.denominator:,}".replace(",", "."), ind.id
        assert rows[ind.id][7] == f"{ind.schools_achieved}/{ind.schools_evaluated}"
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) >= len(evaluation.indicators) - 2
    assert document.core_properties.title.startswith("Báo cáo tổng hợp")


def test_public_docx_is_suppressed(evaluation, tmp_path):
    path = write_district_docx(evaluation, tmp_path / "d.docx", disclosure="public")
    import docx

    document = docx.Document(str(path))
    tables = [[[c.text for c in r.cells] for r in tb.rows] for tb in document.tables]
    counts = _count_cells(tables)
    assert len(counts) >= len(evaluation.indicators)
    assert _small_parts(counts) == []


def test_public_funnel_centred_on_a_withheld_pooled_value_is_not_drawn():
    small = district(
        {"Trường THCS A": {"T4": (1, 2)}, "Trường THCS B": {"T4": (2, 2)}},
        invalid=0,
        failed=0,
        missing=0,
    )
    ind = small.indicator("T4")
    assert (ind.numerator, ind.denominator) == (3, 4) and not ind.centre_is_target
    assert report(small).funnel("T4") is not None
    public = report(small, disclosure="public")
    assert public.funnel("T4") is None
    words = " ".join(str(p) for p in public.target("T4"))
    assert "tâm của phễu là kết quả chung của huyện" in words
    assert "75" not in words  # the pooled value 3/4 is not given


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The notebook of a 20-school district executed with papermill, exported offline."""
    from conftest import execute_notebook

    from planlib.present.export import export_html

    tmp = tmp_path_factory.mktemp("district-page")
    evaluation = district(many_schools(20))
    context = save_district_context(evaluation, tmp / "district.pickle")
    nb, _ = execute_notebook(
        "95_district_report.ipynb", tmp, context_path=str(context), report_date="2023-12-20"
    )
    page = tmp / "index.html"
    page.write_text(export_html(nb, lang="vi", title="district"), encoding="utf-8")
    return page, evaluation


@requires_chromium
def test_district_page_in_real_chromium(exported):
    page, evaluation = exported
    seen = open_page(page, evaluate=["document.querySelectorAll('img').length"])
    assert seen.external_requests == [] and seen.page_errors == [] and seen.console_errors == []
    assert seen.evaluated["document.querySelectorAll('img').length"] >= 6  # the funnels
    for sub in evaluation.submissions:
        assert sub.name in seen.text
        if sub.report:
            assert f'href="{sub.report}"' in seen.html
    assert "Trường THCS Số 08 Phú Vang: cao hơn giới hạn trên (T2.1)" in seen.text
    assert seen.screenshot_nonblank


@requires_chromium
def test_district_print_fits_the_printable_width(exported):
    """In print media at A4's printable width, the 20-school grids reflow into the page."""
    from playwright.sync_api import sync_playwright
    from test_paper import _OVERFLOW, PRINTABLE_PX

    page, _ = exported
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        try:
            view = browser.new_page(viewport={"width": int(PRINTABLE_PX), "height": 1000})
            view.goto(page.resolve().as_uri(), wait_until="load")
            view.emulate_media(media="print")
            found = view.evaluate(_OVERFLOW)
            heads = view.evaluate(
                "[...document.querySelectorAll('table.planlib-district-grid thead')]"
                ".map(h => getComputedStyle(h).display)"
            )
        finally:
            browser.close()
    assert found["wide"] == [], found
    assert found["scroll"] <= found["width"] + 1, found
    assert found["font"].startswith('"Times New Roman"'), found
    assert heads and set(heads) == {"table-header-group"}  # repeated on every page


@functools.cache
def _public_report() -> DistrictReport:
    return report(district(SCHOOLS), disclosure="public")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])),
        min_size=2,
        max_size=6,
    )
)
def test_public_school_counts_never_give_a_small_count_back(pairs):
    """Whatever the schools' counts, the public figures of one target hide every count 1–4,
    withhold the value with it, and never leave one hidden numerator (or rest) that the
    shown total gives back by subtraction."""
    from planlib.evaluation.district import PooledIndicator, SchoolFigure

    pairs = [(n, d) for n, d in pairs if d > 0] or [(0, 1)]
    figures = tuple(
        SchoolFigure(f"S{i}", n, d, n / d * 100, "achieved") for i, (n, d) in enumerate(pairs)
    )
    num, den = sum(n for n, _ in pairs), sum(d for _, d in pairs)
    ind = PooledIndicator(
        "T4", num, den, 100, ">=", 100.0, "percent", num / den * 100, None, "achieved",
        0, len(pairs), num / den * 100, False, "binomial", figures,
    )  # fmt: skip
    d = _public_report()
    shown = school_figures(d, ind)
    total_n, _ = pooled_counts(d, ind)
    for s in shown:
        n, den_ = s.figure.numerator, s.figure.denominator
        for real, seen in ((n, s.numerator), (den_, s.denominator)):
            assert not (is_small(real) and seen == real)
        if is_small(den_ - n):  # the rest is given by subtraction
            assert s.hidden
        assert s.hidden == (isinstance(s.numerator, str) or isinstance(s.denominator, str))
    if isinstance(total_n, int):
        hidden_n = [s for s in shown if isinstance(s.numerator, str)]
        assert len(hidden_n) != 1  # one hidden numerator would be the total less the others


@pytest.mark.parametrize("disclosure", ["internal", "public"])
def test_a_target_no_school_has_cases_for(disclosure):
    """No case anywhere (T4: 0/0): "Không phát sinh", no value, no funnel, no error."""
    empty = district({"Trường THCS A": {"T4": (0, 0)}, "Trường THCS B": {"T4": (0, 0)}})
    ind = empty.indicator("T4")
    assert ind.denominator == 0 and ind.value is None and ind.status == "not_applicable"
    d = report(empty, disclosure=disclosure)
    assert d.funnel("T4") is None
    words = " ".join(str(p) for p in d.target("T4"))
    assert "không có trường nào có mẫu số" in words
    cells = text_of(str(d.targets())).cells
    row = cells.index("T4")
    assert cells[row + 2] == "—" and cells[row + 4] == "Không phát sinh"
    assert html_of(d)
