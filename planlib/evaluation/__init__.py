"""Layer 3, evaluation: indicators, statistics, solution-area sections, the frozen evaluation.

Imports only :mod:`planlib.core` and :mod:`planlib.inputs`.
"""
