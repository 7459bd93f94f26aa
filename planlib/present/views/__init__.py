"""What the report notebooks show: HTML fragments, Markdown headings and display tables.

The bound views of a page (:class:`~planlib.present.views.target.TargetView`,
:class:`~planlib.present.views.year_end.YearEndView`) come from
:class:`planlib.present.report.Report`; this facade gathers the parts they are made of.
"""

from planlib.present.views.area import *  # noqa: F403
from planlib.present.views.area import __all__ as _area_all
from planlib.present.views.base import *  # noqa: F403
from planlib.present.views.base import __all__ as _base_all
from planlib.present.views.closing import *  # noqa: F403
from planlib.present.views.closing import __all__ as _closing_all
from planlib.present.views.funding import *  # noqa: F403
from planlib.present.views.funding import __all__ as _funding_all
from planlib.present.views.scorecard import *  # noqa: F403
from planlib.present.views.scorecard import __all__ as _scorecard_all
from planlib.present.views.target import *  # noqa: F403
from planlib.present.views.target import __all__ as _target_all

__all__ = sorted(_base_all + _target_all + _scorecard_all + _area_all + _funding_all + _closing_all)
