"""What every page view shares: its context, the top of the page, headings, figure lists.

A page view (:class:`~planlib.present.views.area.AreaView`,
:class:`~planlib.present.views.funding.FundingView`) is bound to a
:class:`~planlib.present.context.Context`; each of its methods is one notebook cell.
"""

from __future__ import annotations

from IPython.display import Markdown, display

from planlib.present.context import Context
from planlib.present.html import Fragment
from planlib.present.views.base import heading, page_intro

__all__ = ["Figures", "PageView"]


class Figures(list):
    """Figures that a notebook cell shows one after the other (each as its own image)."""

    def _ipython_display_(self) -> None:
        for figure in self:
            display(figure)


class PageView:
    """A report page bound to a context: the top of the page and its headings.

    Parameters
    ----------
    ctx
        The evaluation, language and disclosure rule the page shows.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def intro(self) -> Fragment:
        """Top of the page: styles, sample and public banners, school, plan, period, back link."""
        ctx = self.ctx
        return Fragment(page_intro(ctx.ev, lang=ctx.lang, disclosure=ctx.disclosure))

    def heading(self, key: str, *, level: int = 2) -> Markdown:
        """A Markdown heading from the catalogue (``h.activities`` → ``## Hoạt động…``)."""
        return Markdown(heading(key, self.ctx.lang, level=level))
