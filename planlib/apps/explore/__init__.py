"""The explorer: where the school stands during the year, in JupyterLab widgets.

``notebooks/00_explore.ipynb`` only calls :func:`build_explorer`. The model is apart from the
widgets, so it is tested without a browser:

- :mod:`~planlib.apps.explore.filters`: :class:`Filters`, :func:`filter_counts`,
  :func:`recompute` (the plan's own rule and statistics on the filtered units), and the
  breakdowns that make sense (:func:`dimensions`);
- :mod:`~planlib.apps.explore.tables`: :func:`breakdown`, :func:`drill_down` (pseudonymous ids
  and attributes only) and :func:`data_quality`;
- :mod:`~planlib.apps.explore.whatif`: :func:`what_if`, "how many more injuries can we afford
  this year?";
- :mod:`~planlib.apps.explore.state`: :class:`ExplorerState`, the planner's choices and what
  they show;
- :mod:`~planlib.apps.explore.fragments` and :mod:`~planlib.apps.explore.chart`: the state as
  HTML (templates under ``planlib/present/templates/explorer/``) and as a PNG chart;
- :mod:`~planlib.apps.explore.widgets`: :class:`Explorer`, the ipywidgets over the state.
"""

from planlib.apps.explore.filters import Filters, dimensions, filter_counts, recompute
from planlib.apps.explore.state import ExplorerState
from planlib.apps.explore.tables import DRILL_COLUMNS, breakdown, data_quality, drill_down
from planlib.apps.explore.whatif import WhatIf, what_if
from planlib.apps.explore.widgets import Explorer, build_explorer

__all__ = [
    "DRILL_COLUMNS",
    "Explorer",
    "ExplorerState",
    "Filters",
    "WhatIf",
    "breakdown",
    "build_explorer",
    "data_quality",
    "dimensions",
    "drill_down",
    "filter_counts",
    "recompute",
    "what_if",
]
