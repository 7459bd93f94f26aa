"""Open an HTML report in real Chromium, offline, and report what happened.

A reusable harness for tests, not a test module. Every request that is not a local ``file:`` or
``data:`` URL is aborted and recorded, so a report that needs the network shows up as
``external_requests`` (and usually console errors) instead of silently working on a
developer's connected machine.

Uses Debian's ``chromium`` package through Playwright; never ``playwright install``.
Set ``PLANLIB_CHROMIUM`` to use a Chromium at another path.

Examples
--------
>>> report = open_page(Path("report.html"), screenshot=tmp_path / "report.png")  # doctest: +SKIP
>>> assert not report.external_requests and not report.page_errors  # doctest: +SKIP
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

__all__ = [
    "CHROMIUM_ARGS",
    "CHROMIUM_PATH",
    "PageReport",
    "chromium_available",
    "open_page",
    "png_nonblank",
    "requires_chromium",
]

CHROMIUM_PATH = Path(os.environ.get("PLANLIB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _is_local(url: str) -> bool:
    """``data:``, ``about:`` and ``file:`` URLs on this machine.

    A scheme-relative ``//host/x`` in a ``file://`` page becomes ``file://host/x``: on Windows
    that is a network share (SMB), so a ``file:`` URL with a host counts as external.
    """
    if url.startswith(("data:", "about:", "blob:")):
        return True
    return url.startswith("file:") and urlsplit(url).netloc in ("", "localhost")


@dataclass
class PageReport:
    """What happened when a page was opened.

    Attributes
    ----------
    url
        The ``file://`` URL that was opened.
    external_requests
        Every request the page tried that was not local ``file:``/``data:`` (all were
        aborted),
        plus any WebSocket it opened; in order, without repeats.
    console_errors
        Console messages of type ``error`` (a blocked load adds one too).
    page_errors
        Uncaught JavaScript exceptions.
    dialogs
        Messages of ``alert``/``confirm``/``prompt`` dialogs: non-empty means a script ran.
    text
        ``document.body.innerText``: what a reader sees, as text.
    html
        The rendered DOM serialised (``page.content()``), after scripts, if any, ran.
    evaluated
        The result of each expression passed as ``evaluate``, keyed by the expression.
    screenshot_nonblank
        Whether the full-page screenshot has more than one colour.
    """

    url: str
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    text: str = ""
    html: str = ""
    evaluated: dict[str, Any] = field(default_factory=dict)
    screenshot_nonblank: bool = False


@functools.cache
def chromium_available() -> bool:
    """Whether Debian Chromium and Playwright for Python are both installed.

    Checks the executable and the import only; it does not start a browser.
    """
    if not (CHROMIUM_PATH.is_file() and os.access(CHROMIUM_PATH, os.X_OK)):
        return False
    try:
        import playwright.sync_api  # noqa: F401  (only checking that it imports)
    except ImportError:
        return False
    return True


requires_chromium = pytest.mark.skipif(
    not chromium_available(),
    reason=(
        f"Debian chromium not installed at {CHROMIUM_PATH} (or Playwright for Python missing): "
        "run `apt-get install chromium` (CI installs it); never `playwright install`"
    ),
)


def png_nonblank(png: bytes) -> bool:
    """Whether a PNG image has at least two different pixel colours.

    Uses Pillow if installed, else matplotlib's PNG reader.
    """
    try:
        from PIL import Image
    except ImportError:
        import matplotlib.image as mpimg

        pixels = mpimg.imread(io.BytesIO(png), format="png")
        flat = pixels.reshape(-1, pixels.shape[-1]) if pixels.ndim == 3 else pixels.reshape(-1, 1)
        return bool((flat != flat[0]).any())
    with Image.open(io.BytesIO(png)) as image:
        extrema = image.convert("RGBA").getextrema()
    return any(low != high for low, high in extrema)


def _add_once(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def open_page(
    path: Path,
    *,
    screenshot: Path | None = None,
    evaluate: Sequence[str] = (),
    settle_ms: int = 250,
    timeout_ms: int = 30_000,
) -> PageReport:
    """Open a local HTML file in headless Chromium with every network load blocked.

    Parameters
    ----------
    path
        The HTML file.
    screenshot
        Where to save a full-page PNG screenshot, if wanted. One is taken either way to
        compute :attr:`PageReport.screenshot_nonblank`.
    evaluate
        JavaScript expressions to evaluate in the page after loading, for DOM queries, e.g.
        ``"document.documentElement.lang"``; results land in :attr:`PageReport.evaluated`.
    settle_ms
        Wait this long after ``load`` so that timers, late errors and dialogs are caught.
    timeout_ms
        Give up loading after this long.

    Returns
    -------
    PageReport
    """
    from playwright.sync_api import sync_playwright

    url = Path(path).resolve().as_uri()
    report = PageReport(url=url)

    def on_route(route: Any) -> None:
        request_url = route.request.url
        if _is_local(request_url):
            route.continue_()
        else:
            _add_once(report.external_requests, request_url)
            route.abort("blockedbyclient")

    def on_request(request: Any) -> None:  # also catches what routing does not see
        if not _is_local(request.url):
            _add_once(report.external_requests, request.url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            report.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_dialog(dialog: Any) -> None:
        report.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                service_workers="block", viewport={"width": 1280, "height": 900}
            )
            context.route("**/*", on_route)
            page = context.new_page()
            page.on("request", on_request)
            page.on("websocket", lambda ws: _add_once(report.external_requests, ws.url))
            page.on("console", on_console)
            page.on("pageerror", lambda error: report.page_errors.append(str(error)))
            page.on("dialog", on_dialog)
            page.goto(url, wait_until="load", timeout=timeout_ms)
            page.wait_for_timeout(settle_ms)
            report.text = page.inner_text("body")
            report.html = page.content()
            report.evaluated = {expr: page.evaluate(expr) for expr in evaluate}
            png = page.screenshot(full_page=True, path=screenshot)
            report.screenshot_nonblank = png_nonblank(png)
        finally:
            browser.close()
    return report
