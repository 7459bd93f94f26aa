"""The template's fills and fonts: required, optional and personal-data headers, sections."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill

__all__ = [
    "BOLD",
    "FILL_OPTIONAL",
    "FILL_PRIVATE",
    "FILL_REQUIRED",
    "FILL_SECTION",
    "HEADER_ALIGN",
    "WRAP",
]

FILL_REQUIRED = PatternFill("solid", fgColor="F4B183")
FILL_OPTIONAL = PatternFill("solid", fgColor="BDD7EE")
FILL_PRIVATE = PatternFill("solid", fgColor="D9D9D9")
FILL_SECTION = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")
