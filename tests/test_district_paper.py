"""The district report on paper: ``planlib district --pdf`` prints ``district.pdf`` (A4, titled,
fonts embedded, not blank), writes ``district.docx``, and the report links both for the screen only;
without Chromium it warns, links no PDF and still writes the rest."""

from __future__ import annotations

import re
import subprocess

import pytest
from browser import png_nonblank, requires_chromium
from conftest import run_cli
from test_paper import A4, _pdf_pages, _run_without_chromium, requires_poppler

from planlib.core.i18n import t

pytestmark = pytest.mark.slow


def _district(tmp, *extra: str, runner=run_cli):
    run_cli("sample", str(tmp / "nop"), "--schools", "2")
    proc = runner("district", str(tmp / "nop"), "--out", str(tmp / "out"), "--no-pages", *extra)
    return tmp / "out" / "bvcste-2023" / "huyen-phu-vang", proc


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder, proc = _district(tmp_path_factory.mktemp("district-pdf"), "--pdf")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return folder


@requires_chromium
@requires_poppler
def test_district_pdf_is_a4_titled_with_embedded_fonts_and_not_blank(printed, tmp_path):
    pdf = printed / "district.pdf"
    sizes = _pdf_pages(pdf)
    assert sizes and all(abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2 for w, h in sizes), sizes
    (title,) = re.findall(r"<title>([^<]*)</title>", (printed / "index.html").read_text("utf-8"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert f"Title:           {title}" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(sizes) and all(png_nonblank(p.read_bytes()) for p in pages)


@requires_chromium
@requires_poppler
def test_district_pdf_has_the_report_and_not_the_screen_links(printed):
    text = subprocess.run(
        ["pdftotext", str(printed / "district.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert t("dst.office", "vi") in text and t("rpt.nation", "vi") in text
    assert f"{t('paper.page', 'vi')} 1/" in text
    assert t("dst.link.docx", "vi") not in text and t("dst.link.pdf", "vi") not in text


@requires_chromium
def test_the_report_links_its_word_and_pdf_files(printed):
    html = (printed / "index.html").read_text(encoding="utf-8")
    assert 'href="district.docx"' in html and 'href="district.pdf"' in html
    assert (printed / "district.docx").is_file() and (printed / "district.pdf").is_file()


def test_without_chromium_the_district_warns_and_links_no_pdf(tmp_path):
    folder, proc = _district(tmp_path, "--pdf", runner=_run_without_chromium)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Chromium" in proc.stderr and "Traceback" not in proc.stderr
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="district.docx"' in html and 'href="district.pdf"' not in html
    assert (folder / "district.docx").is_file() and not (folder / "district.pdf").exists()
