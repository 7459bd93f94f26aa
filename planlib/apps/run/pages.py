"""The page registry: which notebook makes which page of a run, and what the page is called.

A page is ``(kind, key)``: ``("target", "T2.1")``, ``("area", <area id>)``, ``("funding", None)``,
``("year_end", None)``. Its HTML file is named by :func:`planlib.present.context.page_name`
(the report pages link to each other with it); its notebook is ``NOTEBOOKS[kind]``. To add a
page kind: a notebook in ``notebooks/``, an entry here, its parameters in
:func:`planlib.apps.run.params.notebook_parameters`.
"""

from __future__ import annotations

from planlib.core.i18n import t
from planlib.evaluation.evaluate import Evaluation
from planlib.inputs.plan import Plan
from planlib.present.context import page_name

__all__ = ["NOTEBOOKS", "Page", "notebook_file", "page_title", "pages", "plan_pages"]

#: notebook kind -> file in ``notebooks/``
NOTEBOOKS = {
    "target": "10_target.ipynb",
    "area": "20_solution_area.ipynb",
    "funding": "30_funding_and_responsibilities.ipynb",
    "year_end": "90_year_end_report.ipynb",
}

Page = tuple[str, str | None]  # (notebook kind, target or area id)


def pages(evaluation: Evaluation) -> list[Page]:
    """Every page of a run: each target, each solution area, funding, then the year-end report.

    Parameters
    ----------
    evaluation
        The evaluation the run presents (its plan names the targets and areas).

    Returns
    -------
    list of Page
        In the order of the index page.
    """
    return plan_pages(evaluation.plan)


def plan_pages(plan: Plan) -> list[Page]:
    """Every page a plan's report has (:func:`pages`), known before any school is evaluated."""
    return [
        *(("target", target.id) for target in plan.targets),
        *(("area", area.id) for area in plan.solution_areas),
        ("funding", None),
        ("year_end", None),
    ]


def notebook_file(page: Page) -> str:
    """The file name of a page's executed notebook: ``target-T2.1.ipynb``."""
    return page_name(*page).removesuffix(".html") + ".ipynb"


def page_title(plan: Plan, page: Page, lang: str) -> str:
    """A page's title in the language: ``T2.1 — …``, ``S4 — …``, ``Báo cáo cuối năm``.

    Parameters
    ----------
    plan
        The plan the report presents (it names the targets and areas).
    page
        The page.
    lang
        ``vi`` or ``en``.
    """
    kind, key = page
    if kind == "target" and key is not None:
        return f"{key} — {plan.target(key).label(lang)}"
    if kind == "area":
        area = next(a for a in plan.solution_areas if a.id == key)
        return f"{key} — {area.label(lang)}"
    return t(f"page.{kind}", lang)
