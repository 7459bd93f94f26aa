"""The message catalogue: every user-facing word, Vietnamese first, English second.

The words live in ``catalogue.yaml`` beside this module: ``labels`` (looked up with :func:`t`)
and ``problems`` (the messages about a workbook, formatted by
:func:`planlib.core.errors.format_problem`). Each is a ``str.format`` template.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from planlib.core.contract import TABLES

__all__ = [
    "LABELS",
    "LANGS",
    "PROBLEMS",
    "check_lang",
    "column_name",
    "is_private",
    "problem_text",
    "t",
    "table_name",
]

LANGS = ("vi", "en")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path) -> dict[str, dict[str, tuple[str, str]]]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_Loader)
    return {
        section: {key: (entry["vi"], entry["en"]) for key, entry in entries.items()}
        for section, entries in document.items()
    }


_CATALOGUE = _load(Path(__file__).with_name("catalogue.yaml"))
#: code -> (Vietnamese, English): the messages about a workbook
PROBLEMS: dict[str, tuple[str, str]] = _CATALOGUE["problems"]
#: key -> (Vietnamese, English): labels, headings and sentences of reports and the CLI
LABELS: dict[str, tuple[str, str]] = _CATALOGUE["labels"]


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)} (got {lang!r})")
    return lang


def t(key: str, lang: str = "vi", /, **params: object) -> str:
    """Look up a label or sentence and fill in its parameters."""
    vi, en = LABELS[key]
    return (en if lang == "en" else vi).format(**params)


_TABLE_NAMES = {table.id: (table.vi, table.en) for table in TABLES}
_COLUMN_NAMES = {
    (table.id, col.id): (col.vi, col.en or col.id) for table in TABLES for col in table.columns
}
_PRIVATE = {(table.id, col.id) for table in TABLES for col in table.columns if col.private}


def table_name(table_id: str, lang: str = "vi") -> str:
    """A contract table's name in the language (its id when unknown)."""
    vi, en = _TABLE_NAMES.get(table_id, (table_id, table_id))
    return en if lang == "en" else vi


def column_name(table_id: str, column_id: str, lang: str = "vi") -> str:
    """A contract column's header in the language (its id when unknown)."""
    vi, en = _COLUMN_NAMES.get((table_id, column_id), (column_id, column_id))
    return en if lang == "en" else vi


def is_private(table_id: str, column_id: str) -> bool:
    """Whether a contract column holds personal data or free text (never shown)."""
    return (table_id, column_id) in _PRIVATE


def problem_text(code: str, lang: str = "vi", /, **params: object) -> str:
    """The words of a workbook problem, filled in (without table, row and column)."""
    vi, en = PROBLEMS[code]
    return (en if lang == "en" else vi).format(**params)
