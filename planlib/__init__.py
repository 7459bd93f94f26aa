"""planlib: evaluate a Vietnamese lower-secondary school's child protection and care plan.

Five layers, each importing only the ones before it: :mod:`planlib.core` (contract, catalogue,
errors, formatting, disclosure), :mod:`planlib.inputs` (plan file, workbook, sample school),
:mod:`planlib.evaluation` (indicators, statistics, sections, the evaluation),
:mod:`planlib.present` (the report, its views and figures) and :mod:`planlib.apps` (explorer,
Excel template, the run, the command line).
"""

from planlib.core.errors import DataError, PlanError, PlanlibError, Problem, UsageError

__all__ = ["DataError", "PlanError", "PlanlibError", "Problem", "UsageError", "__version__"]

__version__ = "0.1.0"
