"""The year-end report for the school board (notebook ``90_year_end_report``), bound to a report.

:class:`YearEndView` hands each notebook cell one part: the header, the scorecard, the
summaries of the areas, the funding and the responsibilities, the shortcomings, the
directions, the signature and the appendix.
"""

from __future__ import annotations

import datetime as dt

from IPython.display import Markdown
from matplotlib.figure import Figure

from planlib.present import fragments
from planlib.present.html import Fragment
from planlib.present.plots.areas import area_completion
from planlib.present.views.closing import (
    directions_heading,
    directions_section,
    disclosure_appendix,
    page_links,
    shortcomings,
    signature_block,
    target_definitions,
    warnings_table,
)
from planlib.present.views.funding import funding_summary, responsibilities_summary
from planlib.present.views.page import Outputs, PageView
from planlib.present.views.scorecard import (
    areas_summary,
    general_objective,
    report_header,
    scorecard,
    status_summary,
)

__all__ = ["YearEndView"]


class YearEndView(PageView):
    """The year-end report: each method is one notebook cell."""

    def header(self, report_date: str | dt.date | None = None) -> Fragment:
        """The head of the document (:func:`~planlib.present.views.scorecard.report_header`)."""
        return report_header(self.ctx, report_date=report_date)

    def objective(self) -> Fragment:
        """The plan's general objective."""
        return general_objective(self.ctx)

    def targets(self) -> Outputs:
        """How many targets were achieved, then the scorecard."""
        return Outputs([status_summary(self.ctx), scorecard(self.ctx)])

    def areas(self) -> Fragment:
        """One row per solution area (:func:`~planlib.present.views.scorecard.areas_summary`)."""
        return areas_summary(self.ctx)

    def area_chart(self) -> Figure | None:
        """The completion of each solution area."""
        return area_completion(self.ctx)

    def funding(self) -> Fragment:
        """The funding in short (the funding page has the details)."""
        return funding_summary(self.ctx)

    def responsibilities(self) -> Fragment:
        """The tasks of the units in short."""
        ctx = self.ctx
        return responsibilities_summary(ctx)

    def shortcomings(self) -> Fragment:
        """ "Tồn tại, hạn chế" (:func:`~planlib.present.views.closing.shortcomings`)."""
        return shortcomings(self.ctx)

    def directions_heading(self) -> Markdown:
        """``## IV. Phương hướng, nhiệm vụ năm 2024``."""
        return Markdown(directions_heading(self.ctx))

    def directions(self, directions: str = "") -> Fragment:
        """Next year's directions as BGH wrote them, else the plan's, else a placeholder."""
        return directions_section(self.ctx, directions)

    def signature(self) -> Fragment:
        """ "Nơi nhận" and the principal's signature."""
        return signature_block(self.ctx)

    def definitions(self) -> Fragment:
        """Appendix: the definitions of the targets."""
        return target_definitions(self.ctx)

    def warnings(self) -> Fragment:
        """Appendix: the data-quality warnings (their number only in a public report)."""
        return warnings_table(self.ctx)

    def pages(self) -> Fragment:
        """Appendix: links to every page, then the disclosure rule of a public report."""
        return fragments.join([page_links(self.ctx), disclosure_appendix(self.ctx)])
