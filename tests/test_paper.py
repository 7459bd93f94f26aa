"""The report on paper: the A4 print of the year-end report, ``year-end.pdf`` and ``year-end.docx``.

Real parts only: ``planlib run`` as a subprocess on the sample school with a canary in every
private column; the PDF printed by Debian Chromium and read back with poppler
(``pdfinfo``, ``pdffonts``, ``pdftotext``, ``pdftoppm``); the print layout measured in
Chromium's print emulation; the Word file opened with python-docx and unzipped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from browser import CHROMIUM_ARGS, CHROMIUM_PATH, png_nonblank, requires_chromium
from conftest import ROOT, run_cli
from test_privacy import CANARY, _with_canaries

from planlib.core.fmt import fmt_value
from planlib.core.i18n import t
from planlib.present.word.tree import Node, parse

POPPLER = all(shutil.which(tool) for tool in ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm"))
requires_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils not installed (make test installs it as root)"
)
#: A4 in PostScript points, and the printable width: 210 mm less 30 mm and 15 mm margins
A4 = (595.0, 842.0)
PRINTABLE_PX = (210 - 30 - 15) / 25.4 * 96


def _folder(out: Path) -> Path:
    (folder,) = (out / "bvcste-2023").glob("truong-*")
    return folder


@pytest.fixture(scope="module")
def canary_data(tmp_path_factory):
    return _with_canaries(tmp_path_factory.mktemp("paper-canary"))


@pytest.fixture(scope="module")
def internal(canary_data, tmp_path_factory):
    """The internal report of the canary school, with ``--pdf``."""
    out = tmp_path_factory.mktemp("paper-internal")
    args = ("run", "--data", str(canary_data), "--out", str(out), "--jobs", "2", "--pdf")
    proc = run_cli(*args, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return _folder(out), proc


def _run_without_chromium(*args: str) -> subprocess.CompletedProcess[str]:
    """``planlib`` as a subprocess, as :func:`conftest.run_cli`, with no Chromium to find."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PLANLIB_CHROMIUM": "/nonexistent/chromium"}
    return subprocess.run(
        [sys.executable, "-m", "planlib.apps.cli", *args],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        env=env,
    )


@pytest.fixture(scope="module")
def public(canary_data, tmp_path_factory):
    """The public report of the canary school: ``--pdf`` asked, but no Chromium to print it."""
    out = tmp_path_factory.mktemp("paper-public")
    args = ("run", "--data", str(canary_data), "--out", str(out), "--jobs", "2")
    proc = _run_without_chromium(*args, "--disclosure", "public", "--pdf")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return _folder(out), proc


# --- helpers: the HTML report as the reader sees it ------------------------------------------


def _html_tree(folder: Path) -> Node:
    return parse((folder / "year-end.html").read_text(encoding="utf-8"))


def _html_headings(tree: Node) -> list[str]:
    """The year-end page's title and headings (h1–h3), without the anchor links."""
    found = []

    def walk(node: Node) -> None:
        for child in node.elements():
            if child.tag in ("h1", "h2", "h3"):
                kept = [c for c in child.children if not (isinstance(c, Node) and c.tag == "a")]
                found.append(Node(child.tag, children=kept).text())
            else:
                walk(child)

    walk(tree)
    return found


def _html_table(table: Node) -> list[list[str]]:
    return [[cell.text() for cell in tr.elements("th", "td")] for tr in table.find_all("tr")]


def _html_scorecard(tree: Node) -> list[list[str]]:
    (table,) = [n for n in tree.find_all("table") if "scorecard" in n.classes]
    return _html_table(table)


def _docx_headings(document) -> list[str]:
    return [
        p.text
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]


def _docx_table(table) -> list[list[str]]:
    return [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]


def _docx_scorecard(document, header: list[str]) -> list[list[str]]:
    (table,) = [tb for tb in document.tables if _docx_table(tb)[0] == header]
    return _docx_table(table)


def _docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


# --- the run: files and links ----------------------------------------------------------------


def test_run_writes_word_and_pdf_and_links_them(internal):
    folder, _ = internal
    assert (folder / "year-end.docx").stat().st_size > 10_000
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="year-end.docx"' in index
    assert t("paper.link.docx", "vi") in index
    if CHROMIUM_PATH.is_file():
        assert (folder / "year-end.pdf").read_bytes()[:5] == b"%PDF-"
        assert 'href="year-end.pdf"' in index
    assert not list(folder.glob(".*.tmp")), "no temporary file is left behind"


def test_missing_chromium_warns_and_still_writes_html_and_word(public):
    folder, proc = public
    assert t("paper.pdf_missing_chromium", "vi") in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (folder / "year-end.html").exists() and (folder / "year-end.docx").exists()
    assert not (folder / "year-end.pdf").exists()
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="year-end.docx"' in index and "year-end.pdf" not in index


def test_pdf_flag_is_in_the_help():
    proc = run_cli("run", "--help")
    assert "--pdf" in proc.stdout and t("cli.help.pdf", "vi")[:20] in " ".join(proc.stdout.split())


# --- the Word file -------------------------------------------------------------------------------


def test_word_headings_follow_the_html_report(internal):
    folder, _ = internal
    document = docx.Document(str(folder / "year-end.docx"))
    assert _docx_headings(document) == _html_headings(_html_tree(folder))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles


def test_word_scorecard_equals_the_html_and_results_json(internal):
    folder, _ = internal
    html_rows = _html_scorecard(_html_tree(folder))
    document = docx.Document(str(folder / "year-end.docx"))
    word_rows = _docx_scorecard(document, html_rows[0])
    assert word_rows == html_rows
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))["indicators"]
    assert len(results) == 8 == len(word_rows) - 1
    for result, row in zip(results, word_rows[1:], strict=True):
        assert row[0] == result["id"]
        assert row[2].startswith(fmt_value(result["value"], result["unit"], "vi"))
        assert row[4] == t(f"status.{result['status']}", "vi")
        assert row[6].startswith(
            f"{result['numerator']}/{result['denominator']:,}".replace(",", ".")
        )


def test_word_has_images_page_setup_and_vietnamese_styles(internal):
    folder, _ = internal
    document = docx.Document(str(folder / "year-end.docx"))
    assert len(document.inline_shapes) >= 1
    with zipfile.ZipFile(folder / "year-end.docx") as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert images and all(archive.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in images)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    assert 'w:lang w:val="vi-VN"' in _docx_xml(folder / "year-end.docx")
    assert document.core_properties.title == _html_headings(_html_tree(folder))[0]
    text = "\n".join(p.text for p in document.paragraphs)
    assert t("rpt.directions_placeholder", "vi") in text  # left for BGH to write
    signature = [tb for tb in document.tables if t("rpt.principal", "vi") in tb.cell(0, 1).text]
    assert signature, "the signature block is a two-column table"


def test_word_header_block_is_the_decree_layout(internal):
    folder, _ = internal
    document = docx.Document(str(folder / "year-end.docx"))
    header = document.tables[0]
    left, right = header.cell(0, 0).text, header.cell(0, 1).text
    assert t("rpt.number", "vi") in left and "An Bằng" in left
    assert t("rpt.nation", "vi") in right and t("rpt.motto", "vi") in right


def test_public_word_file_is_suppressed_like_the_public_html(public):
    folder, _ = public
    assert not (folder / "results.json").exists()
    html_rows = _html_scorecard(_html_tree(folder))
    document = docx.Document(str(folder / "year-end.docx"))
    assert _docx_scorecard(document, html_rows[0]) == html_rows
    text = "\n".join(p.text for p in document.paragraphs)
    assert t("disc.banner", "vi") in text and t("disc.rule.lead", "vi") in text
    assert t("disc.h.appendix", "vi") in _docx_headings(document)


@pytest.mark.parametrize("which", ["internal", "public"])
def test_word_file_carries_no_personal_data(which, request):
    folder, _ = request.getfixturevalue(which)
    xml = _docx_xml(folder / "year-end.docx")
    assert CANARY not in xml and "Nguyễn Văn A" not in xml


# --- the PDF -------------------------------------------------------------------------------------


def _pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (float(w), float(h))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]


@requires_chromium
@requires_poppler
def test_pdf_is_a4_at_most_12_pages_titled_with_embedded_fonts(internal):
    folder, _ = internal
    pdf = folder / "year-end.pdf"
    sizes = _pdf_pages(pdf)
    assert 1 <= len(sizes) <= 12
    assert all(abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2 for w, h in sizes), sizes
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    (title,) = re.findall(r"<title>([^<]*)</title>", (folder / "year-end.html").read_text("utf-8"))
    assert f"Title:           {title}" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
    assert any("LiberationSerif" in row or "TimesNewRoman" in row for row in rows), fonts


@requires_chromium
@requires_poppler
def test_pdf_text_has_the_report_and_no_personal_data(internal):
    folder, _ = internal
    text = subprocess.run(
        ["pdftotext", str(folder / "year-end.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert CANARY not in text and "Nguyễn Văn A" not in text
    assert t("rpt.principal", "vi") in text and t("rpt.nation", "vi") in text
    assert f"{t('paper.page', 'vi')} 1/" in text
    assert "Xem chi tiết" not in text  # links to other pages are for the screen


@requires_chromium
@requires_poppler
def test_pdf_pages_are_not_blank(internal, tmp_path):
    folder, _ = internal
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(folder / "year-end.pdf"), str(tmp_path / "p")],
        check=True,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert pages and all(png_nonblank(p.read_bytes()) for p in pages)


FUNDING = "funding-and-responsibilities.html"
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>'
)


def _page_words(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, every word: (x, y, text)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = xml.split("<page ")[1:]
    return [[(float(x), float(y), w) for x, y, w in _WORD.findall(p)] for p in pages]


def _header_gaps(pdf: Path) -> list[tuple[bool, float | None]]:
    """Every table header row ("Mã" at the left edge of a table) in the PDF: whether it is a
    repeated one (the first word of its page, with a header on the page before), and the
    distance from it to the first row's id below it (``None`` when nothing follows in the
    first column on that page)."""
    pages = _page_words(pdf)
    head = t("col.id", "vi")
    edge = min(x for page in pages for x, _, w in page if w == head)
    found, last_page = [], -2
    for number, page in enumerate(pages):
        top = min((y for _, y, _ in page), default=0.0)
        left = sorted((y, w) for x, y, w in page if abs(x - edge) < 2)
        for i, (y, word) in enumerate(left):
            if word == head:
                gap = left[i + 1][0] - y if i + 1 < len(left) else None
                found.append((abs(y - top) < 1 and last_page == number - 1, gap))
                last_page = number
    return found


def _rows_split(gaps: list[tuple[bool, float | None]]) -> list[str]:
    """Repeated header rows not followed by a whole row, at the header's own height."""
    problems, height = [], None
    for n, (repeated, gap) in enumerate(gaps):
        if not repeated:
            height = gap  # where a table begins, the first row follows its header at once
        elif gap is None or height is None or abs(gap - height) > 2:
            problems.append(f"header {n}: gap {gap} after the repeated header, expected {height}")
    return problems


@requires_chromium
@requires_poppler
def test_pdf_splits_no_table_row_across_pages(internal):
    """A table going on to the next page starts it with its repeated header row and then a
    whole row, at the distance the header has where the table began; the end of a row split
    across the break would sit between them."""
    folder, _ = internal
    gaps = _header_gaps(folder / "year-end.pdf")
    assert any(repeated for repeated, _ in gaps), "some table goes on to a next page"
    assert _rows_split(gaps) == []


_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  const boxes = 'table, img, .planlib-doc-header, .planlib-signature';
  for (const el of document.querySelectorAll(boxes)) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.left < -1 || box.right > width + 1)) {
      wide.push(`${el.tagName}.${el.className} ${Math.round(box.left)}-${Math.round(box.right)}`);
    }
  }
  return {width, scroll: document.documentElement.scrollWidth, wide,
          font: getComputedStyle(document.body).fontFamily,
          hidden: [...document.querySelectorAll('p > a[href$=".html"]')]
                    .filter(a => a.getBoundingClientRect().width > 0).length};
}"""


@requires_chromium
@pytest.mark.parametrize(
    "page",
    ["year-end.html", "area-S4.html", "target-T2.1.html", "funding-and-responsibilities.html"],
)
def test_print_layout_fits_the_printable_width(internal, page):
    """In print media at A4's printable width (165 mm), nothing sticks out of the page."""
    from playwright.sync_api import sync_playwright

    folder, _ = internal
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        try:
            view = browser.new_page(viewport={"width": int(PRINTABLE_PX), "height": 1000})
            view.goto((folder / page).resolve().as_uri(), wait_until="load")
            view.emulate_media(media="print")
            found = view.evaluate(_OVERFLOW)
        finally:
            browser.close()
    assert found["wide"] == [], found
    assert found["scroll"] <= found["width"] + 1, found
    assert found["font"].startswith('"Times New Roman"'), found
    assert found["hidden"] == 0, "links to other pages are for the screen only"
