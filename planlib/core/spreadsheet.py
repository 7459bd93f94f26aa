"""Writing cells that spreadsheet programs will open: no formula injection.

A text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is read by
Excel and LibreOffice as a formula. Every CSV planlib writes goes through :func:`safe_cell`,
which prefixes such text with an apostrophe; the loader removes that apostrophe again
(:func:`unescape_cell`), so planlib's own files round-trip.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

__all__ = ["FORMULA_START", "safe_cell", "unescape_cell", "write_csv"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)*")
_EXCEL_TEXT = re.compile(r'="(.*)"')


def safe_cell(value: object) -> str:
    """The text of a cell, with formula-looking text neutralised by a leading apostrophe.

    Plain numbers (``-5``, ``+84``… only digits and separators) are left as they are.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell("-5")
    '-5'
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo :func:`safe_cell` (and Excel's ``="0123"`` text escape) when reading a CSV cell."""
    match = _EXCEL_TEXT.fullmatch(text) if text.startswith('="') else None
    if match:
        return match.group(1)
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> Path:
    """Write a UTF-8 CSV whose every cell went through :func:`safe_cell`."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([safe_cell(c) for c in columns])
        for row in rows:
            writer.writerow([safe_cell(row.get(c, "")) for c in columns])
    return Path(path)
