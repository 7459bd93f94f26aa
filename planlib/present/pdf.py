"""Print a report page to PDF with headless Chromium (the Debian ``chromium`` package).

The PDF is printed from the same offline HTML the browser shows, with the print rules of the
one stylesheet (``@page`` A4 and the margins of Nghị định 30/2020/NĐ-CP): Chromium embeds the
fonts it used and takes the PDF's title from the page's ``<title>``. Playwright for Python
drives it; it never downloads a browser of its own (``playwright install`` is not needed).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from planlib.core.errors import PlanlibError
from planlib.core.i18n import check_lang, t
from planlib.present.html import render
from planlib.present.style import stylesheet

__all__ = ["CHROMIUM_ENV", "PdfEngineMissing", "find_chromium", "print_pdf"]

#: environment variable naming another Chromium executable
CHROMIUM_ENV = "PLANLIB_CHROMIUM"
#: where Debian and other Linux distributions install Chromium, in the order tried
_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
#: command-line switches of a headless print that touches no network
_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


class PdfEngineMissing(PlanlibError):
    """Chromium or Playwright for Python is not installed: no PDF can be printed.

    Attributes
    ----------
    missing
        ``"chromium"`` or ``"playwright"``.
    """

    def __init__(self, missing: str) -> None:
        self.missing = missing
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        """What is missing and how to install it, in ``lang``."""
        return t(f"paper.pdf_missing_{self.missing}", lang)


def find_chromium() -> Path | None:
    """The Chromium executable: ``$PLANLIB_CHROMIUM``, else the first one installed."""
    named = os.environ.get(CHROMIUM_ENV)
    candidates = [named] if named else [*_CANDIDATES, shutil.which("chromium") or ""]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def _engine() -> tuple[Path, object]:
    """Chromium's path and Playwright's ``sync_playwright``, or :class:`PdfEngineMissing`."""
    chromium = find_chromium()
    if chromium is None:
        raise PdfEngineMissing("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PdfEngineMissing("playwright") from exc
    return chromium, sync_playwright


def print_pdf(html: Path, pdf: Path, *, lang: str = "vi", timeout_ms: int = 60_000) -> Path:
    """Print an offline HTML report to an A4 PDF with page numbers.

    Parameters
    ----------
    html
        The report page (a file: its images are inline, nothing is fetched).
    pdf
        Where to write the PDF; written to a temporary name beside it first, so a failed
        print never leaves half a file in its place.
    lang
        Language of the page numbers' label (``Trang 2/9``).
    timeout_ms
        Give up loading the page after this long.

    Returns
    -------
    Path
        ``pdf``.

    Raises
    ------
    PdfEngineMissing
        Chromium or Playwright for Python is not installed.
    """
    check_lang(lang)
    chromium, sync_playwright = _engine()
    footer = str(render("paper/footer.html.j2", css=stylesheet(), label=t("paper.page", lang)))
    tmp = pdf.with_name(f".{pdf.name}.{os.getpid()}.tmp")
    with sync_playwright() as pw:  # type: ignore[operator]
        browser = pw.chromium.launch(executable_path=str(chromium), args=list(_ARGS))
        try:
            context = browser.new_context(service_workers="block")
            context.route("**/*", _local_only)
            page = context.new_page()
            page.goto(Path(html).resolve().as_uri(), wait_until="load", timeout=timeout_ms)
            page.emulate_media(media="print")
            page.pdf(
                path=str(tmp),
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template=str(render("paper/header.html.j2")),
                footer_template=footer,
            )
        finally:
            browser.close()
    tmp.replace(pdf)
    return pdf


def _local_only(route: object) -> None:
    """Let ``file:``/``data:`` loads through and abort anything else (a report is offline)."""
    url = route.request.url  # type: ignore[attr-defined]
    if url.startswith(("file:", "data:", "about:", "blob:")):
        route.continue_()  # type: ignore[attr-defined]
    else:
        route.abort("blockedbyclient")  # type: ignore[attr-defined]
