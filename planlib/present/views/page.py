"""What every page view shares: its context, the top of the page, headings, lists of outputs.

A page view (:class:`~planlib.present.views.target.TargetView`,
:class:`~planlib.present.views.year_end.YearEndView`, and the views of the areas and of the
funding) is bound to a :class:`~planlib.present.context.Context`; each of its methods is one
notebook cell.
"""

from __future__ import annotations

from IPython.display import Markdown, display

from planlib.present.context import Context
from planlib.present.html import Fragment
from planlib.present.views.base import heading, page_intro

__all__ = ["Outputs", "PageView"]


class Outputs(list):
    """Parts that a notebook cell shows one after the other, each as its own output (a figure
    as its own image, a fragment as its own block of HTML)."""

    def _ipython_display_(self) -> None:
        for part in self:
            display(part)


class PageView:
    """A report page bound to a context: the top of the page and its headings.

    Parameters
    ----------
    ctx
        The evaluation, language and disclosure rule the page shows.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.ctx.lang!r}, {self.ctx.disclosure!r})"

    def intro(self) -> Fragment:
        """Top of the page: sample and public banners, school, plan, period, back link."""
        return page_intro(self.ctx)

    def heading(self, key: str, *, level: int = 2, **params: object) -> Markdown:
        """A Markdown heading from the catalogue (``h.definition`` → ``## Định nghĩa…``)."""
        return Markdown(heading(self.ctx, key, level=level, **params))
