"""Layer 4, present: the bound report, its views, figures, templates and the one stylesheet.

Imports only the layers below it: core, inputs, evaluation.
"""
