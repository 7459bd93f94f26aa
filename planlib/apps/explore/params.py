"""The explorer's parameters as a planner writes them: a day, a language, a path.

The notebook's parameters cell and the explorer's boxes take text as people type it:
``30/06/2023`` (or ``2023-06-30``) through the workbook's own date parser
(:func:`planlib.inputs.workbook.parse_datetime`, ``dd/mm/yyyy`` first, never month first), a
language that may be misspelt (``vn``), a path pasted with Windows' "Copy as path" quotes. None
of them raises: what cannot be read becomes a :class:`Notice`, a sentence the explorer shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from planlib.core.i18n import LANGS, t
from planlib.inputs.workbook import CellError, parse_datetime

__all__ = ["Notice", "clean_path", "missing_path", "read_day", "read_lang"]

#: quotes a pasted path may come in ("Copy as path" on Windows, a shell's quoting): open -> close
_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’"}


@dataclass(frozen=True)
class Notice:
    """A parameter that could not be read: a catalogue key and its values."""

    key: str
    params: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        """The sentence in ``lang``."""
        return t(self.key, lang, **dict(self.params))


def read_day(value: object) -> tuple[dt.date | None, Notice | None]:
    """A day from the parameters cell or the date box; ``None`` (or empty) is no day.

    Returns
    -------
    tuple
        The day (``None`` when empty or unreadable) and, when unreadable, why.

    Examples
    --------
    >>> read_day("30/06/2023")
    (datetime.date(2023, 6, 30), None)
    >>> read_day("2023-06-30")[0]
    datetime.date(2023, 6, 30)
    >>> read_day("06/30/2023")[1].text("vi")
    "Ngày không hợp lệ: '06/30/2023'. Viết ngày/tháng/năm, ví dụ 30/06/2023."
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    try:
        stamp, has_time = parse_datetime(str(value).strip())
    except CellError:
        return None, Notice("xp.bad_day", (("text", repr(str(value))),))
    if has_time and stamp.time() != dt.time(0):
        return None, Notice("xp.bad_day", (("text", repr(str(value))),))
    return stamp.date(), None


def read_lang(value: object) -> tuple[str, Notice | None]:
    """A language code; anything else is Vietnamese, with a notice naming the choices."""
    text = str(value).strip().lower() if value is not None else ""
    if text in LANGS:
        return text, None
    return "vi", Notice("xp.bad_lang", (("text", repr(value)), ("choices", ", ".join(LANGS))))


def clean_path(text: str | Path | None) -> str | None:
    """A pasted path without surrounding blanks and quotes; empty: ``None`` (the sample).

    >>> clean_path('  "C:\\\\Users\\\\lan\\\\truong.xlsx" ')
    'C:\\\\Users\\\\lan\\\\truong.xlsx'
    """
    if text is None:
        return None
    out = str(text).strip()
    while len(out) >= 2 and _QUOTES.get(out[0]) == out[-1]:
        out = out[1:-1].strip()
    return out or None


def missing_path(path: str | Path) -> Notice:
    """Why a path cannot be opened, naming its folder (and whether the folder exists)."""
    where = Path(path).expanduser()
    folder = where.parent.resolve()
    key = "xp.path_missing" if folder.is_dir() else "xp.folder_missing"
    return Notice(key, (("name", where.name), ("folder", str(folder))))
