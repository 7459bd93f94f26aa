"""Publishing a run: the staging folder, the atomic swap, the index, results.json.

Everything is written to a staging folder beside the published one and swapped in only when
every notebook succeeded (:func:`swap`); at every instant one complete report exists. The
pages are exported where their notebooks ran (:mod:`planlib.apps.run.make`). The index page is
a Jinja2 template (``templates/pages/``) with the one stylesheet of the report pages.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from planlib.apps.run.pages import Page, page_title
from planlib.apps.run.paper import Paper, write_paper
from planlib.apps.run.paths import published_mode
from planlib.core.disclosure import check_disclosure
from planlib.core.fmt import fmt_date
from planlib.core.i18n import t
from planlib.evaluation.evaluate import Evaluation
from planlib.present.context import page_name
from planlib.present.html import render
from planlib.present.offline import write_offline
from planlib.present.style import stylesheet

__all__ = [
    "PUBLIC_SUFFIX",
    "headings",
    "index_html",
    "keep_failures",
    "page_context",
    "publish",
    "school_slug",
    "staging",
    "swap",
    "write_atomic",
]

#: suffix of the folder of a public report (``truong-thcs-…-cong-khai``)
PUBLIC_SUFFIX = "-cong-khai"


def school_slug(name: str, *, sample: bool = False, disclosure: str = "internal") -> str:
    """A folder name for a school: ``truong-thcs-an-bang-vinh-an``.

    Parameters
    ----------
    name
        The school's name as written (diacritics are dropped, ``đ`` becomes ``d``).
    sample
        Sample data: ``-du-lieu-mau`` is appended.
    disclosure
        ``public``: ``-cong-khai`` is appended (after the sample suffix).
    """
    text = unicodedata.normalize("NFD", name.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "truong"
    slug = f"{slug}-du-lieu-mau" if sample else slug
    return slug + PUBLIC_SUFFIX if check_disclosure(disclosure) == "public" else slug


@contextmanager
def staging(parent: Path, slug: str) -> Iterator[Path]:
    """A fresh staging folder beside the published report, removed unless swapped in.

    Parameters
    ----------
    parent
        The folder of the plan's reports (``outputs/<plan-id>``).
    slug
        The school's folder name.
    """
    stage = Path(tempfile.mkdtemp(prefix=f".{slug}.staging-{os.getpid()}-", dir=parent))
    try:
        yield stage
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def swap(stage: Path, target: Path) -> None:
    """Put the staged report in place of the published one.

    The old report is renamed aside first and removed only once the new one is in place, so
    at every instant one complete report exists.
    """
    stage.chmod(published_mode())  # mkdtemp's 0700 -> the user's umask (planlib.apps.run.paths)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}")
        target.rename(old)
    try:
        stage.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def keep_failures(parent: Path, slug: str, notebooks: Iterable[Path], logs: Iterable[Path]) -> Path:
    """Move the failed notebooks and copy the logs out of the staging folder, beside the reports.

    Parameters
    ----------
    parent
        The folder of the plan's reports; the files go to ``.failed/<slug>-<time>/``.
    slug
        The school's folder name.
    notebooks
        The failed executed notebooks (moved).
    logs
        The run's log files (copied; missing ones are skipped).

    Returns
    -------
    Path
        The folder that keeps them.
    """
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = parent / ".failed" / f"{slug}-{stamp}"
    kept.mkdir(parents=True, exist_ok=True)
    for notebook in notebooks:
        if notebook.exists():
            shutil.move(str(notebook), kept / notebook.name)
    for log_path in logs:
        if log_path.exists():
            shutil.copy2(log_path, kept / log_path.name)
    return kept


def publish(
    evaluation: Evaluation,
    executed: dict[Page, Path],
    stage: Path,
    lang: str,
    disclosure: str = "internal",
    *,
    paper: Paper | None = None,
    docx: Path | None = None,
) -> dict[Page, Path]:
    """Write the staged report around its pages (exported as offline HTML where their
    notebooks ran): ``year-end.docx`` (and ``year-end.pdf`` when asked), the index linking
    them, and ``results.json``.

    A public report carries neither ``results.json`` nor the executed notebooks (every count,
    unsuppressed): only the internal report does; its Word file and PDF are suppressed like
    its pages.

    Parameters
    ----------
    evaluation
        The run's evaluation.
    executed
        Every page and its executed notebook (in ``stage/notebooks``); its HTML page is in
        ``stage`` already.
    stage
        The staging folder.
    lang
        ``vi`` or ``en``.
    disclosure
        ``internal`` or ``public``.
    paper
        The Word file's and the PDF's options (by default: the Word file, no PDF).
    docx
        The Word file when it is written already.

    Returns
    -------
    dict
        Every page and its HTML file in ``stage``.
    """
    written = _exported(executed, stage)
    documents = write_paper(
        evaluation,
        stage,
        lang,
        disclosure,
        paper or Paper(),
        written.get(("year_end", None)),
        docx=docx,
    )
    index = index_html(evaluation, written, lang, disclosure, documents=documents)
    write_offline(stage / "index.html", index)
    if check_disclosure(disclosure) == "public":
        shutil.rmtree(stage / "notebooks")
    else:
        results = json.dumps(evaluation.to_dict(lang), ensure_ascii=False, indent=2)
        (stage / "results.json").write_text(results + "\n", encoding="utf-8")
    return written


def _exported(executed: dict[Page, Path], stage: Path) -> dict[Page, Path]:
    """Every page's HTML file, exported in the worker that executed its notebook
    (:func:`planlib.apps.run.make.make_page`)."""
    written = {page: stage / page_name(*page) for page in executed}
    missing = [path.name for path in written.values() if not path.is_file()]
    if missing:
        raise FileNotFoundError(f"pages not exported: {', '.join(missing)}")
    return written


def page_context(
    lang: str, *, sample: bool = False, disclosure: str = "internal"
) -> dict[str, Any]:
    """What every page of ``templates/pages/`` needs: language, stylesheet, banners.

    Parameters
    ----------
    lang
        ``vi`` or ``en``.
    sample
        The page shows sample data (the DỮ LIỆU MẪU ribbon).
    disclosure
        ``public`` adds the banner of the public version.
    """
    public = check_disclosure(disclosure) == "public"
    return {
        "lang": lang,
        "css": stylesheet(),
        "sample_banner": t("sample_banner", lang) if sample else "",
        "public_banner": t("disc.banner", lang) if public else "",
    }


def index_html(
    evaluation: Evaluation,
    written: dict[Page, Path],
    lang: str,
    disclosure: str = "internal",
    *,
    documents: dict[str, Path] | None = None,
) -> str:
    """The landing page: the school, the period, each target's status, a link to every page
    and to the year-end report's Word file and PDF.

    Parameters
    ----------
    evaluation
        The run's evaluation.
    written
        Every page and its HTML file (linked by file name).
    lang
        ``vi`` or ``en``.
    disclosure
        ``public`` adds the banner of the public version.
    documents
        ``"docx"`` / ``"pdf"`` -> the year-end report's files (linked by file name).
    """
    plan = evaluation.plan
    files = {page: path.name for page, path in written.items()}
    targets = [
        {
            "id": result.id,
            "label": plan.target(result.id).label(lang),
            "href": files.get(("target", result.id), ""),
            "status": result.status,
            "status_text": t(f"status.{result.status}", lang),
        }
        for result in evaluation.indicators
    ]
    links = [{"href": name, "text": page_title(plan, page, lang)} for page, name in files.items()]
    paper = [
        {"href": path.name, "text": t(f"paper.link.{kind}", lang)}
        for kind, path in sorted((documents or {}).items())
    ]
    period = f"{fmt_date(evaluation.start, lang)}–{fmt_date(evaluation.end, lang)}"
    return render(
        "pages/index.html.j2",
        **page_context(lang, sample=evaluation.workbook.sample, disclosure=disclosure),
        title=plan.title(lang),
        school=evaluation.school.get("name", ""),
        period=period,
        headings=headings(lang, "targets", "pages", "id", "indicator", "status", "documents"),
        targets=targets,
        links=links,
        documents=paper,
    )


def headings(lang: str, *names: str) -> dict[str, str]:
    """The headings of a page by name, from the catalogue (``index.targets``, ``col.id``…)."""
    keys = {
        "targets": "index.targets",
        "pages": "index.pages",
        "id": "col.id",
        "indicator": "col.indicator",
        "status": "col.status",
        "school": "run.col.school",
        "documents": "paper.h.documents",
    }
    return {name: t(keys[name], lang) for name in names}


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that a reader sees the old one or the new one, never half of either."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
