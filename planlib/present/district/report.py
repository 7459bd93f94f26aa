"""The bound district report (notebook ``95_district_report``): one method per cell.

::

    d = open_district_report(context_path, lang=lang, disclosure=disclosure,
                             report_date=report_date)
    d.header()
    d.submissions()
    d.targets()          # the pooled figure of every target
    d.funnels()          # each target: its figure in words, the funnel, the schools outside
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from IPython.display import Markdown
from matplotlib.figure import Figure

from planlib.core.disclosure import disclosure_rule
from planlib.core.i18n import check_lang
from planlib.present.district import closing, tables, targets
from planlib.present.district.context import DistrictContext, load_district_context
from planlib.present.district.header import (
    district_documents,
    district_header,
    district_title,
)
from planlib.present.html import Fragment
from planlib.present.plots.funnel import funnel
from planlib.present.views.base import _md
from planlib.present.views.page import Outputs

__all__ = ["DistrictReport", "open_district_report"]


class DistrictReport(DistrictContext):
    """A compiled district bound to a language, a disclosure rule and a date: each method is
    one cell of notebook ``95_district_report``."""

    def __repr__(self) -> str:
        name = self.ev.district.get("name", "")
        return f"DistrictReport({name!r}, {self.lang!r}, {self.disclosure!r})"

    @property
    def title(self) -> str:
        """The report's title as plain text (the exported page's and the Word file's)."""
        return district_title(self)

    def heading(self, key: str, *, level: int = 2, **params: object) -> Markdown:
        """A Markdown heading from the catalogue (``dst.h.targets`` → ``## II. …``)."""
        return Markdown(f"{'#' * level} {_md(self.t(key, **params))}")

    def header(self) -> Fragment:
        """The Phòng's báo cáo form: header block, date line, title, Căn cứ."""
        return district_header(self)

    def documents(self) -> Fragment | None:
        """Links to the report's Word and PDF files, for the screen (hidden in print); ``None``
        when the run wrote none (``meta["documents"]``: the file names, set by the run)."""
        return district_documents(self)

    def submissions(self) -> Fragment:
        """Received, valid, invalid (with their errors), failed, missing; one row each."""
        return tables.submissions_table(self)

    def targets(self) -> Fragment:
        """The pooled district figure of every target."""
        return targets.pooled_table(self)

    def funnel(self, indicator_id: str) -> Figure | None:
        """The funnel plot of one target (:func:`planlib.present.plots.funnel.funnel`)."""
        return funnel(self, indicator_id)

    def target(self, indicator_id: str) -> Outputs:
        """One target: its heading, pooled figure in words, funnel, what it means, the
        schools outside the 99,8% limits."""
        ind = self.ev.indicator(indicator_id)
        label = self.ev.plan.target(indicator_id).label(self.lang)
        parts: list[object] = [
            Markdown(f"#### {indicator_id}. {_md(label)}"),
            targets.target_summary(self, ind),
        ]
        figure = self.funnel(indicator_id)
        if figure is not None:
            parts += [figure, targets.funnel_caption(self, ind), targets.outside_text(self, ind)]
        else:
            parts.append(targets.no_funnel(self, ind))
        return Outputs(parts)

    def funnels(self) -> Outputs:
        """How to read a funnel plot, then :meth:`target` of every target, in the plan's order."""
        parts = [targets.funnel_guide(self)]
        parts += [part for ind in self.ev.indicators for part in self.target(ind.id)]
        return Outputs(parts)

    def schools(self) -> Fragment:
        """School × target: values and coloured statuses, each school linking to its report."""
        return tables.school_grid(self)

    def areas(self) -> Fragment:
        """Solution areas: completion per school and for the district."""
        return tables.areas_table(self)

    def funding(self) -> Fragment:
        """Funding summed by group and by source (VND)."""
        return tables.funding_table(self)

    def shortcomings(self) -> Fragment:
        """Shortcomings at district level."""
        return closing.district_shortcomings(self)

    def signature(self) -> Fragment:
        """ "Nơi nhận" and the head of the office's signature."""
        return closing.district_signature(self)

    def appendix(self) -> Fragment:
        """The disclosure rule of a public report (nothing in the internal one)."""
        return closing.district_appendix(self)


def open_district_report(
    context_path: str | Path | None = None,
    *,
    lang: str = "vi",
    disclosure: str = "internal",
    report_date: str | dt.date | None = None,
) -> DistrictReport:
    """The district report a notebook presents.

    Parameters
    ----------
    context_path
        The compiled district written by
        :func:`~planlib.present.district.context.save_district_context`; ``None``: the
        sample district (:func:`~planlib.present.district.sample.sample_district`).
    lang, disclosure
        Checked first, so a typo fails at the top of the notebook.
    report_date
        ``YYYY-MM-DD`` (or a date) of the date line; ``None``: today.
    """
    check_lang(lang)
    rule = disclosure_rule(disclosure)
    if context_path is None:
        from planlib.present.district.sample import sample_district

        evaluation = sample_district()
    else:
        evaluation = load_district_context(context_path)
    return DistrictReport(evaluation, lang, rule, report_date)  # type: ignore[arg-type]
