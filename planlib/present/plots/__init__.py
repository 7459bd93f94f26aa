"""The report figures (matplotlib/seaborn), one module per page kind."""

from planlib.present.plots.areas import *  # noqa: F403
from planlib.present.plots.areas import __all__ as _areas_all
from planlib.present.plots.base import *  # noqa: F403
from planlib.present.plots.base import __all__ as _base_all
from planlib.present.plots.funding import *  # noqa: F403
from planlib.present.plots.funding import __all__ as _funding_all
from planlib.present.plots.target import *  # noqa: F403
from planlib.present.plots.target import __all__ as _target_all

__all__ = sorted(_base_all + _target_all + _areas_all + _funding_all)
