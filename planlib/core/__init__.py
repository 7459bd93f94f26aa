"""Layer 1, core: the data contract, the message catalogue, errors, formatting, disclosure.

Imports no other planlib layer.
"""
