"""A district run: one report per school, the schools spread over a Dask cluster, one page.

Each school runs on a Dask worker (its notebooks one after another there); a school whose
data is invalid or whose notebook fails gets no report but does not stop the others. The
district page (``outputs/<plan-id>/index.html``) lists every school with its report link
and the status of each target.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from planlib.apps.run.executors import Dask, Job
from planlib.apps.run.params import RunParameters, SchoolEntry
from planlib.apps.run.publish import PUBLIC_SUFFIX, headings, page_context, write_atomic
from planlib.apps.run.school import evaluate_school, run
from planlib.core.errors import DataError, PlanlibError, UsageError
from planlib.core.i18n import t
from planlib.present.html import render

__all__ = ["SchoolOutcome", "district_html", "run_district"]


@dataclass(frozen=True)
class SchoolOutcome:
    """How one school of a district run ended.

    Parameters
    ----------
    entry
        The school as the parameter set lists it.
    folder
        Its published report, or ``None`` when it failed.
    statuses
        Target id -> status (empty when it failed).
    school
        The school's name (from the workbook, else the parameter set, else the folder).
    error
        What went wrong, in the run's language; ``None`` on success.
    """

    entry: SchoolEntry
    folder: Path | None
    statuses: dict[str, str]
    school: str
    error: str | None = None


def run_school(params: RunParameters) -> SchoolOutcome:
    """One school of a district run, on a Dask worker; never raises for the school's data.

    Parameters
    ----------
    params
        The school's parameter set (:meth:`RunParameters.for_school`).
    """
    entry = SchoolEntry(data=params.data, school=params.school)
    try:
        evaluation = evaluate_school(params)
        result = run(params, evaluation=evaluation)
    except DataError as exc:
        return SchoolOutcome(entry, None, {}, _school_name(params), exc.report(params.lang))
    except PlanlibError as exc:
        return SchoolOutcome(entry, None, {}, _school_name(params), _message(exc, params.lang))
    statuses = {r.id: r.status for r in evaluation.indicators}
    return SchoolOutcome(entry, result.folder, statuses, evaluation.school.get("name", ""))


def _message(exc: PlanlibError, lang: str) -> str:
    """An error's words in the language, when it has them; else its text."""
    message = getattr(exc, "message", None)
    return message(lang) if callable(message) else str(exc)


def _school_name(params: RunParameters) -> str:
    """How a school without a report is named: the parameter set's name, else its folder."""
    if params.school.get("name"):
        return params.school["name"]
    return params.data.name if params.data else "sample"


def run_district(
    params: RunParameters, *, scheduler: str | None = None, workers: int | None = None
) -> tuple[Path, list[SchoolOutcome]]:
    """Run every school of ``params.schools`` on a Dask cluster; write the district page.

    Parameters
    ----------
    params
        A parameter set with ``schools``.
    scheduler
        Address of a running Dask scheduler (``tcp://host:8786``) for a province on many
        machines; ``None`` starts a local cluster of ``workers`` processes.
    workers
        Local cluster size (default: ``params.jobs``, else the number of cores).

    Returns
    -------
    tuple of (Path, list of SchoolOutcome)
        The district page, and one outcome per school in the order of the parameter file; a
        school with bad data or a failed notebook has ``error`` set and does not stop the
        others.

    Raises
    ------
    UsageError
        The parameter set lists no schools.
    """
    if not params.schools:
        raise UsageError(t("run.no_schools", params.lang))
    jobs = [
        Job(i, run_school, (params.for_school(entry),)) for i, entry in enumerate(params.schools)
    ]
    executor = Dask(scheduler, workers or params.jobs or os.cpu_count() or 1)
    done = dict(executor(jobs))
    outcomes = [done[i] for i in range(len(jobs))]
    name = f"index{PUBLIC_SUFFIX}.html" if params.disclosure == "public" else "index.html"
    index = params.out / _plan_id(params) / name
    index.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(index, district_html(outcomes, params.lang, params.disclosure))
    return index, outcomes


def _plan_id(params: RunParameters) -> str:
    """The id of the district's plan (the folder of its reports)."""
    from planlib.evaluation.session import open_plan

    return open_plan(params.plan).id


def district_html(outcomes: list[SchoolOutcome], lang: str, disclosure: str = "internal") -> str:
    """The district page: one row per school, its report link and the status of each target.

    Parameters
    ----------
    outcomes
        The schools, in the order of the parameter file.
    lang
        ``vi`` or ``en``.
    disclosure
        ``public`` adds the banner of the public version.
    """
    ids = sorted({i for o in outcomes for i in o.statuses}, key=_target_order)
    schools = [
        {
            "name": outcome.school,
            "href": f"{outcome.folder.name}/index.html" if outcome.folder else "",
            "statuses": None
            if outcome.folder is None
            else [_status(outcome.statuses.get(i, "no_data"), lang) for i in ids],
        }
        for outcome in outcomes
    ]
    return render(
        "pages/district.html.j2",
        **page_context(lang, disclosure=disclosure),
        title=t("district.title", lang),
        headings=headings(lang, "school", "targets"),
        ids=ids,
        failed=t("district.failed", lang),
        schools=schools,
    )


def _status(status: str, lang: str) -> tuple[str, str]:
    """A status and its label in the language (one badge of the district page)."""
    return status, t(f"status.{status}", lang)


def _target_order(target_id: str) -> tuple[int, ...]:
    """Targets in the plan's numbering: T1.2 before T2.1 before T10."""
    return tuple(int(p) for p in re.findall(r"\d+", target_id))
