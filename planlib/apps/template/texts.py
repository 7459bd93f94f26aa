"""The words of the template, from the catalogue (``planlib/core/catalogue/template.yaml``).

Each helper returns one text in the chosen language: a column's type in plain words, whether
it is required, its note, a table's purpose, the rules of the instructions sheet.
"""

from __future__ import annotations

from datetime import date

from planlib.core.contract import Column, Enum, Table
from planlib.core.i18n import LABELS, t

__all__ = [
    "clip",
    "fmt_date",
    "fmt_number",
    "has_text",
    "is_marked_required",
    "note_text",
    "required_text",
    "rules",
    "table_help",
    "text",
    "type_text",
]


def text(key: str, lang: str, /, **params: object) -> str:
    """The template text ``template.<key>`` in ``lang``."""
    return t(f"template.{key}", lang, **params)


def has_text(key: str) -> bool:
    """Whether the catalogue has ``template.<key>``."""
    return f"template.{key}" in LABELS


def rules(lang: str) -> list[str]:
    """The rules of the instructions sheet, in order."""
    out = []
    while has_text(f"rule.{len(out) + 1}"):
        out.append(text(f"rule.{len(out) + 1}", lang))
    return out


def fmt_number(value: float) -> str:
    """Write a bound the Vietnamese way: ``7,5``, ``1.500``."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return str(value).replace(".", ",")


def fmt_date(value: date) -> str:
    """``dd/mm/yyyy``."""
    return value.strftime("%d/%m/%Y")


def _enum_items(enum: Enum, lang: str) -> str:
    if lang == "en":
        return "; ".join(f"{label} ({code})" for code, label in enum.labels.items())
    return "; ".join(enum.labels.values())


def type_text(col: Column, lang: str) -> str:
    """Describe a column's type in plain words, e.g. ``số nguyên từ 6 đến 9``."""
    if col.type == "enum" and col.enum is not None:
        return text("type_enum", lang, items=_enum_items(col.enum, lang))
    if col.type in ("int", "number"):
        key = f"type_{col.type}"
        if col.min is not None and col.max is not None:
            key += "_between"
        elif col.min is not None:
            key += "_min"
        bounds = {"min": col.min, "max": col.max}
        return text(key, lang, **{k: fmt_number(v) for k, v in bounds.items() if v is not None})
    key = f"type_{col.type}"
    return text(key if has_text(key) else "type_text", lang)


def is_marked_required(col: Column) -> bool:
    """Whether the template marks a column as required.

    Follows ``Column.required``: the loader rejects an empty required cell, so the template must
    say so. A personal-data column is optional in the contract and is therefore never marked;
    a free-text column the contract both requires and keeps private (``topic``, ``title``,
    ``name``) is marked required and labelled as free text, not as personal data.
    """
    return col.required


def required_text(col: Column, lang: str) -> str:
    """``bắt buộc`` / ``không bắt buộc``, or the personal-data / free-text mark."""
    if col.private:
        return text("private_required" if is_marked_required(col) else "private_optional", lang)
    return text("required" if is_marked_required(col) else "optional", lang)


def note_text(table: Table, col: Column, lang: str) -> str:
    """A column's conditional requirement or reference (``""`` when it has none)."""
    key = f"note.{table.id}.{col.id}"
    return text(key, lang) if has_text(key) else ""


def table_help(table: Table, lang: str) -> str:
    """What one row of the table is."""
    return text(f"help.{table.id}", lang)


def clip(value: str, limit: int) -> str:
    """``value`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
