"""Making one page where its notebook runs: executed on the warm kernel, exported to HTML.

A page job (:func:`make_page`) executes the page's notebook with papermill
(:func:`planlib.apps.kernels.execute`) and, when it succeeded, exports it at once to the offline
HTML page in the staging folder, in the same worker: the exports of a run spread over its
workers instead of waiting, one after another, for the last notebook. Each process builds the
nbconvert exporter once (:func:`planlib.present.export.export_html`).
"""

from __future__ import annotations

from pathlib import Path

from planlib.apps import kernels

__all__ = ["PageResult", "make_page"]

#: the outcome of a page: seconds taken, the error (``None`` on success) and its cell
PageResult = tuple[float, str | None, int | None]


def make_page(
    source: str,
    notebook: str,
    parameters: dict,
    kernel_log: str,
    html: str,
    title: str,
    lang: str,
) -> PageResult:
    """Execute a page's notebook into ``notebook``, then export it to ``html``.

    Parameters
    ----------
    source
        The report notebook (``notebooks/10_target.ipynb``…).
    notebook
        Where the executed notebook goes (the staging folder's ``notebooks/``).
    parameters
        Its papermill parameters.
    kernel_log
        The kernels' console output (:func:`planlib.apps.kernels.execute`).
    html
        Where the page goes (the staging folder).
    title
        The page's ``<title>``.
    lang
        ``vi`` or ``en``.

    Returns
    -------
    PageResult
        The seconds taken (execution and export) and, when the notebook failed, its error and
        cell (nothing is exported then).

    Raises
    ------
    planlib.present.offline.ExternalResourceError
        The page would load something from the network (a bug: nothing is published).
    """
    import time

    import nbformat

    from planlib.present.export import export_html
    from planlib.present.offline import write_offline

    start = time.perf_counter()
    _seconds, error, cell = kernels.execute(source, notebook, parameters, kernel_log)
    if error is None:
        executed = nbformat.read(notebook, as_version=4)
        write_offline(Path(html), export_html(executed, lang=lang, title=title))
    return time.perf_counter() - start, error, cell
