"""The explorer in a real JupyterLab and a real Chromium, offline.

Starts JupyterLab headless on 127.0.0.1 (no token, a free port, its own runtime, settings,
workspace and checkpoint folders under ``tmp_path``, autosave off so the committed notebook
stays without outputs), opens ``notebooks/00_explore.ipynb`` in Debian Chromium with every
request that is not to the local server aborted, runs all cells from the Run menu, then picks
another indicator and another breakdown in the widgets' ``<select>`` elements and checks that
the chart image and the table changed. The server is always terminated.

A second test opens a copy of the notebook as a planner fills it in (another school's workbook,
``as_of = "30/06/2023"``, a misspelt ``lang = "vn"``) at 1366 px and checks what issue 13 asked:
messages in the widget instead of tracebacks, the school's own name, the day shown day first, a
chart without cases saying so, whole labels, and the presentation switch hiding the lists and
the counts 1–4.

Set ``PLANLIB_SCREENSHOTS`` to a folder to keep the screenshots.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM_ARGS, CHROMIUM_PATH, png_nonblank, requires_chromium
from conftest import ROOT

from planlib.core.i18n import t

pytestmark = [pytest.mark.browser, pytest.mark.slow, requires_chromium]

NOTEBOOK = "notebooks/00_explore.ipynb"
START_TIMEOUT = 90  # seconds for the server to answer
RUN_TIMEOUT_MS = 120_000  # for the kernel to start and the explorer to render
CHANGE_TIMEOUT_MS = 60_000  # for a widget change to reach the kernel and come back

#: JupyterLab settings for the test: no autosave (the notebook must stay output-free), no news
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(root: Path, work: Path) -> Iterator[str]:
    """Run ``jupyter lab`` headless on localhost; yield its base URL; always stop it."""
    settings = work / "settings"
    for plugin, values in SETTINGS.items():
        file = settings / f"{plugin}.jupyterlab-settings"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values), encoding="utf-8")
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.token=",
        "--ServerApp.password=",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabServerApp.user_settings_dir={settings}",
        f"--LabServerApp.workspaces_dir={work / 'workspaces'}",
        f"--FileCheckpoints.checkpoint_dir={work / 'checkpoints'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI containers run as root
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "JUPYTER_CONFIG_DIR": str(work / "config"),  # no user config
        "JUPYTER_PREFER_ENV_PATH": "1",  # this environment's kernel "python3" first
        # the planlib under test, also for a notebook copied outside the repository
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }
    base = f"http://127.0.0.1:{port}"
    log_path = work / "server.log"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                if server.poll() is not None:
                    pytest.fail(f"jupyter lab exited ({server.returncode}):\n{_tail(log_path)}")
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"jupyter lab did not answer in {START_TIMEOUT} s:\n{_tail(log_path)}"
                    )
                try:
                    with urllib.request.urlopen(f"{base}/api/status", timeout=2) as response:
                        if response.status == 200:
                            break
                except (urllib.error.URLError, OSError):
                    time.sleep(0.3)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)  # the session we started: server + kernel
                server.wait(timeout=10)


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


#: the status bar says "Python 3 (ipykernel) | Idle": a kernel is connected and waiting
_KERNEL_IDLE = """() => {
    const bar = document.querySelector('#jp-main-statusbar');
    return !!bar && /\\|\\s*Idle/.test(bar.textContent) && !/No Kernel/.test(bar.textContent);
}"""
_STATE = """() => ({
    img: document.querySelector('.planlib-chart img')?.src ?? '',
    table: document.querySelector('.planlib-table')?.innerHTML ?? '',
    summary: document.querySelector('.planlib-summary')?.innerHTML ?? '',
})"""
_CHANGED = """(before) => {
    const img = document.querySelector('.planlib-chart img');
    const table = document.querySelector('.planlib-table');
    return img && table && img.src !== before.img && table.innerHTML !== before.table;
}"""


def _select(page: Any, css: str, starts_with: str) -> str:
    """Choose the option of a widget's ``<select>`` whose value starts with ``starts_with``."""
    values = page.eval_on_selector_all(f"{css} select option", "els => els.map(e => e.value)")
    (value,) = [v for v in values if v.startswith(starts_with)]
    page.select_option(f"{css} select", value=value)
    return value


def test_explorer_runs_and_redraws_in_jupyterlab(tmp_path):
    from playwright.sync_api import sync_playwright

    notebook = ROOT / NOTEBOOK
    committed = notebook.read_bytes()
    external: list[str] = []
    page_errors: list[str] = []
    shot = tmp_path / "explorer.png"

    with jupyter_lab(ROOT, tmp_path) as base, sync_playwright() as pw:

        def on_route(route: Any) -> None:
            url = route.request.url
            if url.startswith((f"{base}/", "data:", "blob:")):
                route.continue_()
            else:
                external.append(url)
                route.abort("blockedbyclient")

        browser = pw.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        page = None
        try:
            context = browser.new_context(
                viewport={"width": 1400, "height": 1250}, locale="vi-VN", service_workers="block"
            )
            context.route("**/*", on_route)
            page = context.new_page()
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.goto(f"{base}/lab/tree/{NOTEBOOK}", wait_until="domcontentloaded")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=RUN_TIMEOUT_MS)
            page.wait_for_function(_KERNEL_IDLE, timeout=RUN_TIMEOUT_MS)
            # Run ▸ Run All Cells, as a planner does
            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
            page.wait_for_selector(".planlib-explorer .planlib-chart img", timeout=RUN_TIMEOUT_MS)
            # the table sits in a tab that is not shown: present in the DOM, not visible
            page.wait_for_selector(".planlib-table table", state="attached")
            first = page.evaluate(_STATE)

            chosen = _select(page, ".planlib-indicator", "T2.1 ")
            page.wait_for_function(_CHANGED, arg=first, timeout=CHANGE_TIMEOUT_MS)
            second = page.evaluate(_STATE)

            _select(page, ".planlib-dimension", t("dim.grade", "vi"))
            page.wait_for_function(_CHANGED, arg=second, timeout=CHANGE_TIMEOUT_MS)
            third = page.evaluate(_STATE)

            errors = page.locator("[data-mime-type='application/vnd.jupyter.error']").count()
            page.locator(".planlib-explorer").scroll_into_view_if_needed()
            png = page.screenshot(path=shot)
        except Exception:
            if page is not None:  # what the page looked like, and what the server said
                with contextlib.suppress(Exception):
                    page.screenshot(path=tmp_path / "failure.png")
            print(f"screenshot: {tmp_path / 'failure.png'}\n{_tail(tmp_path / 'server.log')}")
            raise
        finally:
            browser.close()

    if os.environ.get("PLANLIB_SCREENSHOTS"):
        keep = Path(os.environ["PLANLIB_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, keep / shot.name)

    assert chosen.startswith("T2.1 — ")
    assert errors == 0, "a cell of the explorer notebook failed"
    assert not page_errors, page_errors
    assert not external, f"the explorer needed the network: {external}"
    for state in (first, second, third):
        assert state["img"].startswith("data:image/png;base64,")
    # T1.1 (a share) by sex, then T2.1 (a rate) by sex, then T2.1 by grade
    assert first["img"] != second["img"] != third["img"]
    assert "%" in first["table"] and "/10.000" in second["table"]
    assert "Nữ" in second["table"] and "Khối 7" in third["table"] and "Nữ" not in third["table"]
    assert "82,8/10.000" in second["summary"] and "Không đạt" in second["summary"]
    assert png_nonblank(png)
    assert notebook.read_bytes() == committed, "the test must not save outputs into the notebook"


def _other_school(path: Path) -> Path:
    """The sample's rows in the school template, with another school's identity sheet."""
    import openpyxl

    from planlib.apps.template import write_template
    from planlib.inputs.sample import generate_sample

    write_template(path, rows=generate_sample())
    book = openpyxl.load_workbook(path)
    book.remove(book["Thông tin trường"])
    sheet = book.create_sheet("Thông tin trường")
    sheet.cell(1, 1, "Tên trường")
    sheet.cell(1, 2, "Trường THCS Thử Nghiệm")
    book.save(path)
    return path


def _planner_notebook(folder: Path, data_path: Path) -> Path:
    """The committed notebook with its parameters cell as a planner writes it."""
    notebook = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))
    (parameters,) = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    parameters["source"] = f'data_path = r"{data_path}"\nas_of = "30/06/2023"\nlang = "vn"'
    path = folder / NOTEBOOK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    return path


#: what issue 13 reads from the page: texts, the day box, and whether labels fit
_PLANNER = """() => {
    const q = (css) => document.querySelector(css);
    const select = q('.planlib-indicator select');
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = getComputedStyle(select).font;
    const widest = Math.max(...[...select.options].map(o => ctx.measureText(o.text).width));
    const cut = [...document.querySelectorAll('.planlib-explorer button')]
        .filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1).map(b => b.textContent);
    const langs = [...document.querySelectorAll('.planlib-language button')]
        .map(b => b.getBoundingClientRect().top);
    return {
        header: q('.planlib-explorer').innerText,
        day: q('.planlib-as-of input').value,
        dayMessage: q('.planlib-as-of-message')?.innerText ?? '',
        note: q('.planlib-chart-note')?.innerText ?? '',
        drill: q('.planlib-drill')?.innerHTML ?? '',
        table: q('.planlib-table')?.innerText ?? '',
        cells: [...document.querySelectorAll('.planlib-table td, .planlib-summary td')]
            .map(td => td.textContent.trim()),
        summary: q('.planlib-summary')?.innerText ?? '',
        img: q('.planlib-chart img')?.src ?? '',
        selectFits: widest + 24 <= select.clientWidth,
        cut: cut,
        langLines: new Set(langs).size,
    };
}"""


def _run_all(page: Any, base: str) -> None:
    page.goto(f"{base}/lab/tree/{NOTEBOOK}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=RUN_TIMEOUT_MS)
    page.wait_for_function(_KERNEL_IDLE, timeout=RUN_TIMEOUT_MS)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
    page.wait_for_selector(".planlib-explorer .planlib-chart img", timeout=RUN_TIMEOUT_MS)


def _wait_text(page: Any, css: str, text: str) -> None:
    page.wait_for_function(
        "([css, text]) => (document.querySelector(css)?.innerText ?? '').includes(text)",
        arg=[css, text],
        timeout=CHANGE_TIMEOUT_MS,
    )


def _small_counts(cells: list[str]) -> list[str]:
    """The table cells that are a count 1–4, alone or as ``n/d``."""
    import re

    return [c for c in cells if re.fullmatch(r"[1-4]|[1-4]/[\d.]+|[\d.x]+/[1-4]", c)]


def test_explorer_as_a_planner_meets_it(tmp_path):
    from playwright.sync_api import sync_playwright

    lab = tmp_path / "lab"
    school = _other_school(tmp_path / "truong_khac.xlsx")
    _planner_notebook(lab, school)
    external: list[str] = []
    page_errors: list[str] = []
    shots: list[Path] = []
    with jupyter_lab(lab, tmp_path) as base, sync_playwright() as pw:

        def on_route(route: Any) -> None:
            url = route.request.url
            if url.startswith((f"{base}/", "data:", "blob:")):
                route.continue_()
            else:
                external.append(url)
                route.abort("blockedbyclient")

        def shot(name: str) -> None:
            shots.append(tmp_path / f"after-explorer-{name}.png")
            page.screenshot(path=shots[-1])

        browser = pw.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        page = None
        try:
            context = browser.new_context(
                viewport={"width": 1366, "height": 900}, locale="en-US", service_workers="block"
            )  # a month-first browser locale: the day box must still show the day first
            context.route("**/*", on_route)
            page = context.new_page()
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            _run_all(page, base)
            page.locator(".planlib-explorer").scroll_into_view_if_needed()
            opened = page.evaluate(_PLANNER)
            shot("1366x900")
            errors = page.locator("[data-mime-type='application/vnd.jupyter.error']").count()

            _select(page, ".planlib-indicator", "T2.2 ")
            _wait_text(page, ".planlib-chart-note", "không có trường hợp nào")
            page.locator(".planlib-chart").scroll_into_view_if_needed()
            no_case = page.evaluate(_PLANNER)
            shot("1366x900-no-case")

            page.fill(".planlib-as-of input", "31/13/2023")
            page.press(".planlib-as-of input", "Enter")
            _wait_text(page, ".planlib-as-of-message", "Ngày không hợp lệ")
            bad_day = page.evaluate(_PLANNER)

            _select(page, ".planlib-indicator", "T4 ")
            page.wait_for_function(
                "(s) => (document.querySelector('.planlib-summary')?.innerText ?? s) !== s"
                " && (document.querySelector('.planlib-drill')?.innerHTML ?? '').includes('<td')",
                arg=bad_day["summary"],
                timeout=CHANGE_TIMEOUT_MS,
            )
            before = page.evaluate(_PLANNER)
            page.locator("button.planlib-presentation").click()
            _wait_text(page, ".planlib-explorer", "Đang trình chiếu")
            page.wait_for_function(
                "() => !document.querySelector('.planlib-drill table')", timeout=CHANGE_TIMEOUT_MS
            )
            presenting = page.evaluate(_PLANNER)
            page.locator(".planlib-explorer").scroll_into_view_if_needed()
            shot("1366x900-presentation")
        except Exception:
            if page is not None:
                with contextlib.suppress(Exception):
                    page.screenshot(path=tmp_path / "failure.png")
            print(f"screenshot: {tmp_path / 'failure.png'}\n{_tail(tmp_path / 'server.log')}")
            raise
        finally:
            browser.close()

    if os.environ.get("PLANLIB_SCREENSHOTS"):
        keep = Path(os.environ["PLANLIB_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        for file in shots:
            shutil.copy(file, keep / file.name)

    assert errors == 0, "a cell failed: the parameters must give messages, not tracebacks"
    assert not page_errors, page_errors
    assert not external, f"the explorer needed the network: {external}"
    assert "Ngôn ngữ không hợp lệ: 'vn'" in opened["header"]
    assert "Traceback" not in opened["header"]
    assert "Trường THCS Thử Nghiệm" in opened["header"] and "An Bằng" not in opened["header"]
    assert "Đã mở: truong_khac.xlsx" in opened["header"]
    assert opened["day"] == "30/06/2023"  # day first, whatever the browser's locale
    assert "01/01/2023–30/06/2023" in opened["summary"]
    assert opened["selectFits"], "the indicator's name is cut in the dropdown"
    assert opened["langLines"] == 1, "the language switch wraps"
    assert not opened["cut"], opened["cut"]
    assert "T2.2: không có trường hợp nào" in no_case["note"]
    assert "Ngày không hợp lệ: '31/13/2023'" in bad_day["dayMessage"]
    assert bad_day["day"] == "31/13/2023" and "01/01/2023–30/06/2023" in bad_day["summary"]
    assert "<table" in before["drill"] and _small_counts(before["cells"])  # T4: small counts
    assert "<table" not in presenting["drill"] and "ẩn khi trình chiếu" in presenting["drill"]
    assert not _small_counts(presenting["cells"]), presenting["cells"]
    assert "< 5" in presenting["cells"]
