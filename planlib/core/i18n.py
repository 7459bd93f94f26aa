"""The message catalogue: every user-facing word, Vietnamese first, English second.

The words live in the YAML files of ``catalogue/`` beside this module, one file per part of
planlib, loaded into one table: ``labels`` (looked up with :func:`t`) and ``problems`` (the
messages about a workbook, formatted by :func:`planlib.core.errors.format_problem`). Each
text is a ``str.format`` template.
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
    "has_problem",
    "is_private",
    "problem_text",
    "t",
    "table_name",
    "texts",
]

LANGS = ("vi", "en")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogueError(Exception):
    """The catalogue itself is broken (a key defined twice): a bug in planlib, not in data."""


def _load(folder: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """Every ``*.yaml`` of the catalogue folder as one table per section."""
    sections: dict[str, dict[str, tuple[str, str]]] = {"problems": {}, "labels": {}}
    for path in sorted(folder.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            document = yaml.load(handle, Loader=_Loader)
        for section, entries in document.items():
            table = sections[section]
            for key, entry in entries.items():
                if key in table:
                    raise CatalogueError(f"{path.name}: {section}.{key} is defined twice")
                table[key] = (entry["vi"], entry["en"])
    return sections


_CATALOGUE = _load(Path(__file__).with_name("catalogue"))
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


def texts(key: str, /, **params: object) -> tuple[str, str]:
    """A label filled in, in every language: a parameter a message picks from when formatted."""
    vi, en = LABELS[key]
    return vi.format(**params), en.format(**params)


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


def has_problem(code: str) -> bool:
    """Whether the catalogue has a message for the problem ``code``."""
    return code in PROBLEMS


def problem_text(code: str, lang: str = "vi", /, **params: object) -> str:
    """The words of a workbook problem, filled in (without table, row and column)."""
    vi, en = PROBLEMS[code]
    return (en if lang == "en" else vi).format(**params)
