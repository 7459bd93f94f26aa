"""The bound report: an evaluation in one language under one disclosure rule.

A report notebook opens it once and then asks for the views of its page::

    r = open_report(data_path=data_path, lang=lang, disclosure=disclosure, ...)
    t = r.target("T2.1")
    t.summary()          # a cell: HTML that displays itself

Each view is bound to the report, so no cell passes ``lang`` or ``disclosure`` again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planlib.core.disclosure import disclosure_rule
from planlib.core.i18n import check_lang
from planlib.present.context import Context, load_context

if TYPE_CHECKING:
    from planlib.present.views.area import AreaView
    from planlib.present.views.funding import FundingView
    from planlib.present.views.target import TargetView
    from planlib.present.views.year_end import YearEndView

__all__ = ["Report", "open_report"]


class Report(Context):
    """An evaluation bound to a language and a disclosure rule, with the views of its pages."""

    def target(self, indicator_id: str) -> TargetView:
        """The views of one target's page (``10_target``)."""
        from planlib.present.views.target import TargetView

        return TargetView(self, indicator_id)

    def area(self, area_id: str) -> AreaView:
        """The views of one solution area's page (``20_solution_area``)."""
        from planlib.present.views.area import AreaView

        return AreaView(self, area_id)

    def funding(self) -> FundingView:
        """The views of the funding and responsibilities page (``30_…``)."""
        from planlib.present.views.funding import FundingView

        return FundingView(self)

    def year_end(self) -> YearEndView:
        """The views of the year-end report for the school board (``90_year_end_report``)."""
        from planlib.present.views.year_end import YearEndView

        return YearEndView(self)


def open_report(
    *,
    data_path: str | None = None,
    plan_path: str | None = None,
    as_of: str | None = None,
    evaluation_path: str | None = None,
    lang: str = "vi",
    disclosure: str = "internal",
) -> Report:
    """The report a notebook presents: its evaluation, language and disclosure rule.

    Parameters are those of the report notebooks (see
    :func:`planlib.present.context.load_context`); ``lang`` and ``disclosure`` are checked
    first, so a typo fails at the top of the notebook.
    """
    check_lang(lang)
    rule = disclosure_rule(disclosure)
    evaluation = load_context(
        data_path=data_path,
        plan_path=plan_path,
        as_of=as_of,
        evaluation_path=evaluation_path,
    )
    return Report(evaluation, lang, rule)
