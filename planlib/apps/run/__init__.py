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

Modules: :mod:`~planlib.apps.run.params` (the parameter set, checked against the notebooks),
:mod:`~planlib.apps.run.pages` (which notebook makes which page),
:mod:`~planlib.apps.run.executors` (serial, process pool, Dask, behind one interface),
:mod:`~planlib.apps.run.publish` (staging, swap, index page, ``results.json``),
:mod:`~planlib.apps.run.school` (one school's run, in steps the district reuses) and
:mod:`~planlib.apps.run.district` (``planlib district``: the pages of many schools on a Dask
cluster, :mod:`~planlib.apps.run.tasks`, with a cache, :mod:`~planlib.apps.run.cache`, and the
district report, :mod:`~planlib.apps.run.district_report`).
"""

from planlib.apps.run.district import DistrictOptions, DistrictResult, run_district, run_folder
from planlib.apps.run.pages import NOTEBOOKS, Page, pages
from planlib.apps.run.params import (
    RunParameters,
    SchoolEntry,
    check_parameters,
    load_run_parameters,
    notebook_parameters,
)
from planlib.apps.run.publish import PUBLIC_SUFFIX, index_html, school_slug
from planlib.apps.run.school import NotebookFailure, RunResult, run
from planlib.core.errors import RunFailed

__all__ = [
    "NOTEBOOKS",
    "PUBLIC_SUFFIX",
    "DistrictOptions",
    "DistrictResult",
    "NotebookFailure",
    "Page",
    "RunFailed",
    "RunParameters",
    "RunResult",
    "SchoolEntry",
    "check_parameters",
    "index_html",
    "load_run_parameters",
    "notebook_parameters",
    "pages",
    "run",
    "run_district",
    "run_folder",
    "school_slug",
]
