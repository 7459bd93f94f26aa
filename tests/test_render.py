"""Tests for planlib.present.export: offline HTML reports, checked as text and in real Chromium."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from browser import open_page, requires_chromium
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from planlib.present.export import (
    ExternalResourceError,
    assert_offline,
    export_html,
    make_exporter,
)

VI_HEADING = "Báo cáo kế hoạch bảo vệ, chăm sóc trẻ em"
VI_SENTENCE = "Tỉ lệ học sinh được tư vấn tâm lý đạt yêu cầu."
CODE_MARKER = "PLANLIB_CODE_MARKER_7f3a"  # appears only in code sources, never in outputs
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


@pytest.fixture(scope="module")
def exporter():
    return make_exporter()


def _report_notebook() -> nbformat.NotebookNode:
    return new_notebook(
        metadata={"kernelspec": KERNELSPEC},
        cells=[
            new_markdown_cell(
                f"# {VI_HEADING}\n\n{VI_SENTENCE}\n\n"
                '<div class="sample-banner">DỮ LIỆU MẪU</div>\n\n'
                'Kết quả: <span class="status-achieved">Đạt</span> '
                '<span class="status-not_achieved">Chưa đạt</span>'
            ),
            new_code_cell(
                "import matplotlib.pyplot as plt\n"
                "import pandas as pd\n"
                "import seaborn as sns\n"
                f"{CODE_MARKER}_plot = 1\n"
                "sns.barplot(x=['Khối 6', 'Khối 7', 'Khối 8', 'Khối 9'], y=[10, 12, 9, 14])\n"
                "plt.show()"
            ),
            new_code_cell(
                f"{CODE_MARKER}_table = 1\n"
                "pd.DataFrame({'giá trị': ['<script>alert(1)</script>',"
                " '<img src=x onerror=alert(2)>'], 'số': [1, 2]})"
            ),
            new_code_cell(f"import ipywidgets\n{CODE_MARKER}_widget = 1\nipywidgets.IntSlider()"),
        ],
    )


def _assert_kernel_is_this_python() -> None:
    """papermill runs the kernel named python3: it must be this venv's interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:  # pragma: no cover - environment problem
        pytest.fail(f"no python3 kernel: run `{sys.executable} -m ipykernel install --sys-prefix`")
    argv0 = spec.argv[0]
    names = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info)}
    if argv0 not in names and not (
        os.path.exists(argv0) and os.path.samefile(argv0, sys.executable)
    ):
        pytest.fail(  # pragma: no cover - environment problem
            f"kernel python3 runs {argv0}, not {sys.executable}: "
            f"run `{sys.executable} -m ipykernel install --sys-prefix`"
        )


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> nbformat.NotebookNode:
    """The report notebook, really executed by papermill."""
    import papermill

    _assert_kernel_is_this_python()
    folder = tmp_path_factory.mktemp("render")
    source = folder / "report.ipynb"
    nbformat.write(_report_notebook(), source)
    return papermill.execute_notebook(
        source, folder / "report.out.ipynb", kernel_name="python3", progress_bar=False
    )


@pytest.fixture(scope="module")
def report_html(executed, exporter) -> str:
    return export_html(executed, exporter=exporter)


@pytest.fixture(scope="module")
def report_file(report_html, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(report_html, encoding="utf-8")
    return path


# --- executed notebook, checked as text ----------------------------------------------------


@pytest.mark.slow
def test_executed_notebook_has_the_outputs_we_test(executed):
    """Guard against vacuous tests: the plot, table and widget really were produced."""
    mimetypes = [set(o.get("data", {})) for cell in executed.cells for o in cell.get("outputs", [])]
    assert any("image/png" in m for m in mimetypes)
    assert any("text/html" in m for m in mimetypes)
    assert any("application/vnd.jupyter.widget-view+json" in m for m in mimetypes)
    assert "widgets" in executed.metadata  # nbclient saved widget state


@pytest.mark.slow
def test_export_hides_code_and_embeds_everything(report_html, executed):
    assert CODE_MARKER not in report_html
    assert "import seaborn" not in report_html
    assert_offline(report_html)
    assert "<script" not in report_html.lower()
    assert report_html.count('src="data:image/png;base64,') == 1
    assert '<html lang="vi">' in report_html
    assert VI_HEADING in report_html


@pytest.mark.slow
def test_export_escapes_html_in_dataframe_values(report_html):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report_html
    assert "&lt;img src=x onerror=alert(2)&gt;" in report_html
    assert "<img src=x" not in report_html


@pytest.mark.slow
def test_export_drops_widgets_without_touching_the_notebook(report_html, executed):
    assert "widget-state" not in report_html
    assert "widget-view" not in report_html
    assert "IntSlider" not in report_html  # no text/plain fallback left behind
    assert "unpkg" not in report_html
    assert "widgets" in executed.metadata  # the caller's notebook is not modified


# --- fast unit tests on hand-built notebooks (no kernel) -----------------------------------


def _output_notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return new_notebook(metadata={"kernelspec": KERNELSPEC}, cells=list(cells))


def _code(source: str, text: str, tags: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    cell = new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = [new_output("stream", name="stdout", text=text)]
    return cell


def test_tags_remove_cells_and_outputs(exporter):
    nb = _output_notebook(
        _code("print('kept')", "OUTPUT_KEPT"),
        _code("print('cell')", "OUTPUT_OF_REMOVED_CELL", ("remove_cell",)),
        _code("print('out')", "OUTPUT_REMOVED", ("remove_output",)),
        new_markdown_cell("MARKDOWN_REMOVED", metadata={"tags": ["remove_cell"]}),
    )
    html = export_html(nb, exporter=exporter)
    assert "OUTPUT_KEPT" in html
    for gone in ("OUTPUT_OF_REMOVED_CELL", "OUTPUT_REMOVED", "MARKDOWN_REMOVED", "print("):
        assert gone not in html


def test_remove_input_tag_works_even_with_inputs_shown():
    exporter = make_exporter()
    exporter.exclude_input = False
    nb = _output_notebook(
        _code("SHOWN_SOURCE", "x"), _code("HIDDEN_SOURCE", "y", ("remove_input",))
    )
    html = export_html(nb, exporter=exporter)
    assert "SHOWN_SOURCE" in html
    assert "HIDDEN_SOURCE" not in html


def test_javascript_outputs_fall_back_to_static_formats(exporter):
    cell = new_code_cell("x")
    cell.outputs = [
        new_output(
            "display_data",
            data={"application/javascript": "alert(3)", "text/html": "<b>STATIC_FALLBACK</b>"},
        )
    ]
    html = export_html(_output_notebook(cell), exporter=exporter)
    assert "STATIC_FALLBACK" in html
    assert "alert(3)" not in html
    assert "<script" not in html.lower()


def test_lang_and_title(exporter):
    nb = _output_notebook(_code("x", "y"))
    html = export_html(nb, exporter=exporter, lang="en", title="Báo cáo cuối năm")
    assert '<html lang="en">' in html
    assert "<title>Báo cáo cuối năm</title>" in html
    assert "title" not in nb.metadata
    assert '<html lang="vi">' in export_html(nb, exporter=exporter)


def test_unknown_lang_is_refused(exporter):
    with pytest.raises(ValueError, match=r"language must be one of vi, en \(got 'fr'\)"):
        export_html(_output_notebook(), exporter=exporter, lang="fr")


def test_default_exporter_is_built_once():
    from planlib.present import export as render

    nb = _output_notebook(_code("x", "y"))
    export_html(nb)
    export_html(nb)
    assert render._default_exporter.cache_info().misses <= 1


def test_styles_are_in_the_page(exporter):
    html = export_html(_output_notebook(), exporter=exporter)
    for selector in (
        ".status-achieved",
        ".status-not_achieved",
        ".status-not_applicable",
        ".status-no_data",
        ".sample-banner",
        "@media print",
    ):
        assert selector in html
    assert_offline(html)


# --- assert_offline ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean_html(exporter) -> str:
    return export_html(_output_notebook(_code("x", "Xin chào")), exporter=exporter)


def test_assert_offline_catches_planted_cdn_script(clean_html):
    assert_offline(clean_html)
    planted = clean_html.replace(
        "</head>", '<script src="https://cdn.jsdelivr.net/npm/x@1/x.min.js"></script></head>', 1
    )
    with pytest.raises(ValueError, match=r"<script src> https://cdn\.jsdelivr\.net/npm/x@1"):
        assert_offline(planted)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdn.example.com/a.js"></script>',
        '<link rel="stylesheet" href="//fonts.example.com/a.css">',
        '<a href="http://example.com/page">xem thêm</a>',
        "<img src='HTTPS://example.com/a.png'>",
        '<img srcset="a.png 1x, https://example.com/b.png 2x">',
        '<div style="background: url(https://example.com/bg.png)"></div>',
        "<style>@import 'https://example.com/a.css';</style>",
        '<style>p { background: url( "//example.com/a.png" ) }</style>',
        '<iframe src="&#104;ttps://example.com/"></iframe>',
        '<img src="\\\\example.com\\share\\a.png">',
        '<img src=" ht\ttps://example.com/a.png">',
        '<form action="https://example.com/post"></form>',
    ],
)
def test_assert_offline_finds_each_kind(snippet):
    with pytest.raises(ExternalResourceError) as caught:
        assert_offline(f"<html><body>{snippet}</body></html>")
    assert len(caught.value.references) == 1
    assert caught.value.references[0].line == 1


@pytest.mark.parametrize(
    "snippet",
    [
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<a href="#muc-1">Mục 1</a>',
        '<a href="bao-cao-2024.html">năm trước</a>',
        '<style>p { background: url("data:image/svg+xml,%3Csvg%3E") }</style>',
        '<p>&lt;a href="https://example.com"&gt; is text, not a link</p>',
        '<script type="application/json">{"u": "https://example.com"}</script>',
    ],
)
def test_assert_offline_allows_local_and_text(snippet):
    assert_offline(f"<html><body>{snippet}</body></html>")


def test_assert_offline_lists_every_violation():
    page = (
        '<html>\n<head><script src="https://a.example/x.js"></script></head>\n'
        '<body>\n<img src="//b.example/y.png">\n<a href="http://c.example">c</a>\n</body></html>'
    )
    with pytest.raises(ExternalResourceError) as caught:
        assert_offline(page)
    refs = caught.value.references
    assert [(r.line, r.url) for r in refs] == [
        (2, "https://a.example/x.js"),
        (4, "//b.example/y.png"),
        (5, "http://c.example"),
    ]
    message = str(caught.value)
    assert message.startswith("3 external reference(s)")
    assert all(r.url in message for r in refs)


# --- real Chromium -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
@requires_chromium
def test_report_in_chromium_is_offline_and_static(report_file, tmp_path):
    shot = tmp_path / "report.png"
    page = open_page(
        report_file,
        screenshot=shot,
        evaluate=[
            "document.documentElement.lang",
            "document.scripts.length",
            "Array.from(document.images).map(i => [i.src.slice(0, 22), i.naturalWidth > 0])",
            "getComputedStyle(document.querySelector('.status-achieved')).color",
            "getComputedStyle(document.querySelector('.status-not_achieved')).color",
            "getComputedStyle(document.querySelector('.sample-banner')).display",
        ],
    )
    assert page.external_requests == []
    assert page.page_errors == []
    assert page.console_errors == []
    assert page.dialogs == []  # neither alert(1) nor alert(2) ran
    assert VI_HEADING in page.text
    assert VI_SENTENCE in page.text
    assert "DỮ LIỆU MẪU" in page.text
    assert "<script>alert(1)</script>" in page.text  # shown as text, not run
    assert CODE_MARKER not in page.text
    assert page.screenshot_nonblank
    assert shot.stat().st_size > 0
    ev = page.evaluated
    assert ev["document.documentElement.lang"] == "vi"
    assert ev["document.scripts.length"] == 0
    images = ev["Array.from(document.images).map(i => [i.src.slice(0, 22), i.naturalWidth > 0])"]
    assert images == [["data:image/png;base64,", True]]  # the plot is embedded and decodes
    assert ev["getComputedStyle(document.querySelector('.status-achieved')).color"] == (
        "rgb(27, 94, 32)"
    )
    assert ev["getComputedStyle(document.querySelector('.status-not_achieved')).color"] == (
        "rgb(183, 28, 28)"
    )
    assert ev["getComputedStyle(document.querySelector('.sample-banner')).display"] == "block"


@pytest.mark.browser
@requires_chromium
def test_harness_sees_network_scripts_and_errors(tmp_path):
    """The harness is not blind: a bad page shows up in every field the report test checks."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<html><head><script src="https://cdn.example.com/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/a.css"></head>'
        "<body><p>Xin chào</p><script>alert('ran'); notDefined();</script></body></html>",
        encoding="utf-8",
    )
    page = open_page(bad)
    assert sorted(page.external_requests) == [
        "file://fonts.example.com/a.css",  # //host from a file:// page: a network share
        "https://cdn.example.com/x.js",
    ]
    assert len(page.console_errors) == 2
    assert page.page_errors == ["notDefined is not defined"]
    assert page.dialogs == ["alert: ran"]
    assert page.text == "Xin chào"
    assert page.screenshot_nonblank
