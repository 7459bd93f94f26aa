"""Layer 5, apps: the explorer, the Excel template, the run (papermill batch) and the CLI.

Nothing in planlib imports this layer.
"""
