"""``planlib run``: execute the report notebooks with papermill and publish them as offline HTML.

One run evaluates the workbook once, executes one notebook per target, per solution area, one
for funding and responsibilities and the year-end report, in parallel, exports them to HTML
in-process, and publishes ``outputs/<plan-id>/<school>/`` atomically: everything is written to a
staging folder beside the target and swapped in only when every notebook succeeded. A failed or
interrupted run leaves the previous report untouched and keeps the failed notebooks, outside the
published folder, for debugging.

``disclosure: public`` (``planlib run --disclosure public``) makes the version shared beyond the
school (:mod:`planlib.core.disclosure`): every notebook gets ``disclosure="public"``, the report is
published in its own folder ``<school>-cong-khai`` (a public run never replaces the school's
internal report, nor the other way round), and neither ``results.json`` nor the executed
notebooks (every count, unsuppressed) are published with it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planlib.apps import kernels
from planlib.core.disclosure import check_disclosure
from planlib.core.errors import PlanError, PlanlibError, UsageError
from planlib.evaluation.evaluate import Evaluation
from planlib.present.context import NOTEBOOKS, Page, page_name, save_context

__all__ = [
    "NotebookFailure",
    "RunFailed",
    "RunParameters",
    "RunResult",
    "SchoolEntry",
    "SchoolOutcome",
    "load_run_parameters",
    "run",
    "run_district",
    "school_slug",
]

#: suffix of the folder of a public report (``truong-thcs-…-cong-khai``)
PUBLIC_SUFFIX = "-cong-khai"

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PARAMETERS = ROOT / "parameters" / "year_end_2023.yaml"
log = logging.getLogger("planlib.run")


class SchoolEntry(BaseModel):
    """One school of a district run: its workbook and how its name is written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data: Path | None = None
    school: dict[str, str] = {}


class RunParameters(BaseModel):
    """A papermill parameter set for one school's run (``parameters/year_end_2023.yaml``).

    Relative paths are relative to the parameter file.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan: Path | None = None
    data: Path | None = None
    out: Path = ROOT / "outputs"
    notebooks: Path = ROOT / "notebooks"
    lang: Annotated[str, Field(pattern="^(vi|en)$")] = "vi"
    as_of: dt.date | None = None
    report_date: dt.date | None = None
    directions: str = ""
    school: dict[str, str] = {}
    jobs: Annotated[int, Field(ge=1)] | None = None
    #: ``internal``: the school board's own report; ``public``: shared beyond the school
    disclosure: Literal["internal", "public"] = "internal"
    #: a district run: one report per school, spread over a Dask cluster
    schools: tuple[SchoolEntry, ...] = ()

    def for_school(self, entry: SchoolEntry) -> RunParameters:
        """The parameters of one school of a district run (its notebooks run one at a time)."""
        return self.model_copy(
            update={"data": entry.data, "school": entry.school, "schools": (), "jobs": 1}
        )


def load_run_parameters(path: Path | None = None, **overrides: Any) -> RunParameters:
    """Read a parameter set and apply command-line overrides (``None`` values are ignored)."""
    path = Path(path) if path is not None else DEFAULT_PARAMETERS
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise UsageError(f"không đọc được / cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise PlanError(str(path), [("", f"YAML không hợp lệ / invalid YAML: {exc}")]) from None
    if not isinstance(document, dict):
        raise PlanError(str(path), [("", "phải là một nhóm khoá / must be a mapping")])
    base = path.resolve().parent
    for key in ("plan", "data", "out", "notebooks"):
        if document.get(key) is not None:
            document[key] = _relative_to(base, document[key])
    for entry in document.get("schools") or []:
        if isinstance(entry, dict) and entry.get("data") is not None:
            entry["data"] = _relative_to(base, entry["data"])
    document.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return RunParameters.model_validate(document)
    except ValidationError as exc:
        raise PlanError(
            str(path),
            [
                (".".join(map(str, e["loc"])), f"{e['msg']} (got {e['input']!r})")
                for e in exc.errors()
            ],
        ) from None


def _relative_to(base: Path, value: object) -> object:
    """A path of the parameter file, read relative to the file (``..`` folded away)."""
    if not isinstance(value, str | Path):
        return value  # the model names the wrong type
    return Path(os.path.normpath(base / value))


@dataclass(frozen=True)
class NotebookFailure:
    """A notebook that failed: which cell, and the error it raised."""

    page: Page
    notebook: Path
    cell: int | None
    error: str

    def describe(self) -> str:
        where = f"ô {self.cell}" if self.cell is not None else "khởi động / start-up"
        return f"{self.notebook.name} ({where}): {self.error}"


class RunFailed(PlanlibError):
    """Some notebooks failed; the previous report was left untouched."""

    def __init__(self, failures: list[NotebookFailure], kept: Path) -> None:
        self.failures = failures
        self.kept = kept
        lines = [failure.describe() for failure in failures]
        super().__init__(
            f"{len(failures)} sổ tính lỗi / notebook(s) failed; báo cáo cũ giữ nguyên / "
            f"previous report untouched; sổ tính lỗi ở / failed notebooks kept in {kept}:\n"
            + "\n".join(lines)
        )


@dataclass(frozen=True)
class RunResult:
    """Where a successful run published its report."""

    folder: Path
    index: Path
    pages: dict[Page, Path] = field(default_factory=dict)
    seconds: float = 0.0


def school_slug(name: str, *, sample: bool = False, disclosure: str = "internal") -> str:
    """A folder name for a school: ``truong-thcs-an-bang-vinh-an`` (``-du-lieu-mau`` for sample;
    then ``-cong-khai`` for a public report)."""
    text = unicodedata.normalize("NFD", name.lower().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "truong"
    slug = f"{slug}-du-lieu-mau" if sample else slug
    return slug + PUBLIC_SUFFIX if check_disclosure(disclosure) == "public" else slug


def pages(evaluation: Evaluation) -> list[Page]:
    """Every page of a run: each target, each solution area, funding, then the year-end report."""
    plan = evaluation.plan
    return [
        *(("target", t.id) for t in plan.targets),
        *(("area", a.id) for a in plan.solution_areas),
        ("funding", None),
        ("year_end", None),
    ]


def notebook_parameters(page: Page, params: RunParameters, evaluation_path: Path) -> dict[str, Any]:
    """The papermill parameters of one page."""
    kind, key = page
    values: dict[str, Any] = {
        "data_path": str(params.data) if params.data else None,
        "plan_path": str(params.plan) if params.plan else None,
        "lang": params.lang,
        "as_of": params.as_of.isoformat() if params.as_of else None,
        "evaluation_path": str(evaluation_path),
        "disclosure": params.disclosure,
    }
    if kind == "target":
        values["indicator_id"] = key
    elif kind == "area":
        values["area_id"] = key
    elif kind == "year_end":
        values["report_date"] = params.report_date.isoformat() if params.report_date else None
        values["directions"] = params.directions
    return values


def check_parameters(notebooks: Path, plan: list[Page], params: RunParameters) -> None:
    """Check every parameter against the notebook's declared ones before anything runs."""
    import papermill

    problems = []
    declared_by_kind: dict[str, set[str]] = {}
    for kind, key in plan:
        path = notebooks / NOTEBOOKS[kind]
        if not path.exists():
            raise UsageError(f"thiếu sổ tính / missing notebook: {path}")
        if kind not in declared_by_kind:
            declared_by_kind[kind] = set(papermill.inspect_notebook(str(path)))
        unknown = set(notebook_parameters((kind, key), params, Path("x"))) - declared_by_kind[kind]
        problems += [
            f"{path.name}: tham số không khai báo / undeclared parameter {p!r}"
            for p in sorted(unknown)
        ]
    if problems:
        raise UsageError("\n".join(sorted(set(problems))))


@contextmanager
def _run_log(path: Path) -> Iterator[None]:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        handler.close()


def run(
    params: RunParameters,
    *,
    evaluation: Evaluation | None = None,
    progress: Callable[[int], None] | None = None,
) -> RunResult:
    """Evaluate, execute every report notebook, export HTML, and publish atomically.

    Parameters
    ----------
    params
        The run's parameter set.
    evaluation
        An evaluation already made (else the workbook is loaded and evaluated here; bad data
        raises :class:`~planlib.core.errors.DataError` before anything is written).
    progress
        Called with the number of pages finished so far (for a progress bar).

    Raises
    ------
    RunFailed
        When a notebook failed: nothing was published, the failed notebooks are kept.
    """
    started = time.perf_counter()
    evaluation = evaluation or _evaluate(params)
    plan_pages = pages(evaluation)
    check_parameters(params.notebooks, plan_pages, params)
    slug = school_slug(
        evaluation.school.get("name", ""),
        sample=evaluation.workbook.sample,
        disclosure=params.disclosure,
    )
    parent = params.out / evaluation.plan.id
    parent.mkdir(parents=True, exist_ok=True)
    target = parent / slug
    stage = Path(tempfile.mkdtemp(prefix=f".{slug}.staging-", dir=parent))
    private = Path(tempfile.mkdtemp(prefix="planlib-run-"))
    try:
        with _run_log(stage / "run.log"):
            log.info(
                "planlib run: plan %s, %d pages, lang %s, disclosure %s",
                evaluation.plan.id,
                len(plan_pages),
                params.lang,
                params.disclosure,
            )
            context = save_context(evaluation, private / "evaluation.pickle")
            kernel_log = private / "kernels.log"
            executed, failures = _execute_all(
                params, plan_pages, stage, context, kernel_log, progress
            )
            if failures:
                kept = _keep_failures(parent, slug, failures, stage, kernel_log)
                raise RunFailed(failures, kept)
            written = _publish_html(evaluation, executed, stage, params.lang, params.disclosure)
            if params.disclosure == "public":
                # every count, unsuppressed: only the internal report carries them
                shutil.rmtree(stage / "notebooks")
            else:
                (stage / "results.json").write_text(
                    json.dumps(evaluation.to_dict(params.lang), ensure_ascii=False, indent=2)
                    + "\n",
                    encoding="utf-8",
                )
            log.info("done in %.1f s", time.perf_counter() - started)
        _swap(stage, target)
    finally:
        shutil.rmtree(private, ignore_errors=True)
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
    return RunResult(
        folder=target,
        index=target / "index.html",
        pages={page: target / path.name for page, path in written.items()},
        seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True)
class SchoolOutcome:
    """How one school of a district run ended."""

    entry: SchoolEntry
    folder: Path | None
    statuses: dict[str, str]
    school: str
    error: str | None = None


def _run_school(params: RunParameters) -> SchoolOutcome:
    """One school of a district run, on a Dask worker; never raises for the school's data."""
    from planlib.core.errors import DataError

    entry = SchoolEntry(data=params.data, school=params.school)
    try:
        evaluation = _evaluate(params)
        result = run(params, evaluation=evaluation)
    except DataError as exc:
        return SchoolOutcome(entry, None, {}, _school_name(params), exc.report(params.lang))
    except PlanlibError as exc:
        return SchoolOutcome(entry, None, {}, _school_name(params), str(exc))
    statuses = {r.id: r.status for r in evaluation.indicators}
    return SchoolOutcome(entry, result.folder, statuses, evaluation.school.get("name", ""))


def _school_name(params: RunParameters) -> str:
    if params.school.get("name"):
        return params.school["name"]
    return params.data.name if params.data else "sample"


def run_district(
    params: RunParameters, *, scheduler: str | None = None, workers: int | None = None
) -> tuple[Path, list[SchoolOutcome]]:
    """Run every school of ``params.schools`` on a Dask cluster; write the district index.

    Parameters
    ----------
    params
        A parameter set with ``schools``.
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``) for a province on many
        machines; ``None`` starts a local cluster of ``workers`` processes.
    workers
        Local cluster size (default: the number of cores).

    Returns
    -------
    tuple of (Path, list of SchoolOutcome)
        The district index page, and one outcome per school in the order of the parameter
        file; a school with bad data or a failed notebook has ``error`` set and does not stop
        the others.
    """
    from distributed import Client, LocalCluster

    if not params.schools:
        raise UsageError("tham số không có danh sách trường (schools) / no schools given")
    jobs = [params.for_school(entry) for entry in params.schools]
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers or params.jobs or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    try:
        futures = client.map(_run_school, jobs, pure=False)
        outcomes = client.gather(futures)
    finally:
        client.close()
        if not scheduler:
            cluster.close()
    plan_id = _plan_id(params)
    name = "index-cong-khai.html" if params.disclosure == "public" else "index.html"
    index = params.out / plan_id / name
    index.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(index, _district_html(outcomes, params.lang, params.disclosure))
    return index, list(outcomes)


def _plan_id(params: RunParameters) -> str:
    from planlib.evaluation.session import open_plan

    return open_plan(params.plan).id


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _district_html(outcomes: list[SchoolOutcome], lang: str, disclosure: str = "internal") -> str:
    """The district page: one row per school, its report link and the status of each target."""
    from planlib.core.i18n import t

    esc = html.escape
    ids = sorted({i for o in outcomes for i in o.statuses}, key=_target_order)
    head = "".join(f"<th>{esc(i)}</th>" for i in ids)
    rows = []
    for outcome in outcomes:
        if outcome.folder is None:
            failed = esc(t("district.failed", lang))
            cells = f'<td colspan="{max(len(ids), 1)}" class="status-no_data">{failed}</td>'
            name = esc(outcome.school)
        else:
            cells = "".join(
                f'<td class="status-{esc(outcome.statuses.get(i, "no_data"))}">'
                f"{esc(t('status.' + outcome.statuses.get(i, 'no_data'), lang))}</td>"
                for i in ids
            )
            name = f'<a href="{esc(outcome.folder.name)}/index.html">{esc(outcome.school)}</a>'
        rows.append(f"<tr><td>{name}</td>{cells}</tr>")
    return INDEX_TEMPLATE.format(
        lang=esc(lang),
        title=esc(t("district.title", lang)),
        school=esc(t("district.title", lang)),
        period="",
        banner=_public_banner(lang, disclosure),
        heading_pages="",
        heading_targets=esc(t("index.targets", lang)),
        items="",
        statuses=f"<tr><th></th>{head}</tr>" + "".join(rows),
    )


def _target_order(target_id: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", target_id))


def _evaluate(params: RunParameters) -> Evaluation:
    from planlib.evaluation.session import open_evaluation

    return open_evaluation(
        params.data, params.plan, as_of=params.as_of, school=params.school or None
    )


def _execute_all(
    params: RunParameters,
    plan_pages: list[Page],
    stage: Path,
    context: Path,
    kernel_log: Path,
    progress: Callable[[int], None] | None,
) -> tuple[dict[Page, Path], list[NotebookFailure]]:
    folder = stage / "notebooks"
    folder.mkdir()
    jobs = params.jobs or os.cpu_count() or 1
    tasks = {
        page: (
            str(params.notebooks / NOTEBOOKS[page[0]]),
            str(folder / page_name(*page).replace(".html", ".ipynb")),
            notebook_parameters(page, params, context),
            str(kernel_log),
        )
        for page in plan_pages
    }
    executed: dict[Page, Path] = {}
    failures: list[NotebookFailure] = []
    for done, (page, (seconds, error, cell)) in enumerate(_map(tasks, jobs), start=1):
        out = Path(tasks[page][1])
        if error is None:
            executed[page] = out
            log.info("executed %s in %.1f s", out.name, seconds)
        else:
            failures.append(NotebookFailure(page, out, cell, error))
            log.error("FAILED %s (cell %s): %s", out.name, cell, error)
        if progress:
            progress(done)
    return executed, sorted(failures, key=lambda f: plan_pages.index(f.page))


def _map(
    tasks: dict[Page, tuple[str, str, dict[str, Any], str]], jobs: int
) -> Iterator[tuple[Page, tuple[float, str | None, int | None]]]:
    """Execute notebooks, ``jobs`` at a time, yielding each page as it finishes.

    Each process keeps one warm kernel (:mod:`planlib.apps.kernels`). With one job, notebooks run
    one after another in this process (as on a Dask worker, which may not start processes of
    its own).
    """
    if jobs == 1:
        try:
            for page, args in tasks.items():
                yield page, kernels.execute(*args)
        finally:
            kernels.shutdown()
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        futures = {pool.submit(kernels.execute, *args): page for page, args in tasks.items()}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _keep_failures(
    parent: Path, slug: str, failures: list[NotebookFailure], stage: Path, kernel_log: Path
) -> Path:
    """Move the failed notebooks and the logs out of the staging folder, beside the reports."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = parent / ".failed" / f"{slug}-{stamp}"
    kept.mkdir(parents=True, exist_ok=True)
    for failure in failures:
        if failure.notebook.exists():
            shutil.move(str(failure.notebook), kept / failure.notebook.name)
    for log_path in (stage / "run.log", kernel_log):
        if log_path.exists():
            shutil.copy2(log_path, kept / log_path.name)
    return kept


def _publish_html(
    evaluation: Evaluation,
    executed: dict[Page, Path],
    stage: Path,
    lang: str,
    disclosure: str = "internal",
) -> dict[Page, Path]:
    """Export every executed notebook with one reused exporter, then write the index page."""
    import nbformat

    from planlib.present.export import assert_offline, export_html, make_exporter

    exporter = make_exporter()
    written: dict[Page, Path] = {}
    for page, notebook in executed.items():
        nb = nbformat.read(notebook, as_version=4)
        body = export_html(nb, exporter=exporter, lang=lang, title=_title(evaluation, page, lang))
        assert_offline(body)
        path = stage / page_name(*page)
        path.write_text(body, encoding="utf-8")
        written[page] = path
    index = _index_html(evaluation, written, lang, disclosure)
    assert_offline(index)
    (stage / "index.html").write_text(index, encoding="utf-8")
    return written


def _title(evaluation: Evaluation, page: Page, lang: str) -> str:
    kind, key = page
    plan = evaluation.plan
    if kind == "target":
        return f"{key} — {plan.target(key).label(lang)}"
    if kind == "area":
        area = next(a for a in plan.solution_areas if a.id == key)
        return f"{key} — {area.label(lang)}"
    from planlib.core.i18n import t

    return t(f"page.{kind}", lang)


def _public_banner(lang: str, disclosure: str) -> str:
    """The banner of a public report's index page (empty for the internal one)."""
    from planlib.core.i18n import t

    if check_disclosure(disclosure) != "public":
        return ""
    return f'<div class="public-banner">{html.escape(t("disc.banner", lang))}</div>'


def _index_html(
    evaluation: Evaluation, written: dict[Page, Path], lang: str, disclosure: str = "internal"
) -> str:
    """The landing page: the school, the period, and a link to every page."""
    from planlib.core.fmt import fmt_date
    from planlib.core.i18n import t

    esc = html.escape
    plan = evaluation.plan
    items = []
    for page, path in written.items():
        items.append(
            f'<li><a href="{esc(path.name)}">{esc(_title(evaluation, page, lang))}</a></li>'
        )
    statuses = "".join(
        f'<tr class="status-{r.status}"><td>{esc(r.id)}</td>'
        f"<td>{esc(plan.target(r.id).label(lang))}</td>"
        f"<td>{esc(t('status.' + r.status, lang))}</td></tr>"
        for r in evaluation.indicators
    )
    banner = (
        f'<div class="sample-banner">{esc(t("sample_banner", lang))}</div>'
        if evaluation.workbook.sample
        else ""
    ) + _public_banner(lang, disclosure)
    return INDEX_TEMPLATE.format(
        lang=esc(lang),
        title=esc(plan.title(lang)),
        school=esc(evaluation.school.get("name", "")),
        period=esc(f"{fmt_date(evaluation.start, lang)}–{fmt_date(evaluation.end, lang)}"),
        banner=banner,
        heading_pages=esc(t("index.pages", lang)),
        heading_targets=esc(t("index.targets", lang)),
        items="\n".join(items),
        statuses=statuses,
    )


INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "Segoe UI", Arial, "Helvetica Neue", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; }}
h1 {{ font-size: 1.5rem; }} table {{ border-collapse: collapse; width: 100%; }}
td {{ border: 1px solid #bbb; padding: .3rem .5rem; }}
.status-achieved td:last-child {{ color: #1b5e20; font-weight: 600; }}
.status-not_achieved td:last-child {{ color: #b71c1c; font-weight: 600; }}
.status-not_applicable td:last-child {{ color: #616161; }}
.status-no_data td:last-child {{ color: #e65100; }}
.sample-banner {{ background: #fff3cd; border: 2px dashed #e0a800; padding: .5rem 1rem;
                 font-weight: 700; margin-bottom: 1rem; }}
.public-banner {{ background: #e8eef4; border: 2px solid #1f3b5c; color: #1f3b5c;
                 padding: .5rem 1rem; font-weight: 700; margin-bottom: 1rem; }}
li {{ margin: .3rem 0; }}
</style></head>
<body>
{banner}
<h1>{school}</h1>
<p><strong>{title}</strong> ({period})</p>
<h2>{heading_targets}</h2>
<table class="index-statuses">{statuses}</table>
<h2>{heading_pages}</h2>
<ul>
{items}
</ul>
</body></html>
"""


def _swap(stage: Path, target: Path) -> None:
    """Put the staged report in place of the published one.

    The old report is renamed aside first and removed only once the new one is in place, so
    at every instant one complete report exists.
    """
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
