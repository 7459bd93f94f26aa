"""What the report notebooks show: HTML fragments, Markdown headings and display tables."""

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
