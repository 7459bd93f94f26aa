"""planlib: evaluate a Vietnamese lower-secondary school's child protection and care plan.

The library behind the notebooks: the plan as data (:mod:`planlib.plan`), the school's workbook
(:mod:`planlib.data`), the target indicators (:mod:`planlib.indicators`), solution areas, funding
and responsibilities (:mod:`planlib.areas`), evaluation (:mod:`planlib.evaluate`), report pages
(:mod:`planlib.views`, :mod:`planlib.plots`, :mod:`planlib.render`), the papermill batch
(:mod:`planlib.batch`) and the command line (:mod:`planlib.cli`).
"""

from planlib.errors import DataError, PlanError, PlanlibError, Problem, UsageError

__all__ = ["DataError", "PlanError", "PlanlibError", "Problem", "UsageError", "__version__"]

__version__ = "0.1.0"
