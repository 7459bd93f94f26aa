"""Layer 2, inputs: the plan file, the school's workbook (readers, parsing, checks), the sample.

Imports only :mod:`planlib.core`.
"""
