"""The data validation of each column: drop-down lists, number and date bounds, messages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from planlib.apps.template.cells import BOOL_LABELS
from planlib.apps.template.texts import clip, fmt_date, has_text, required_text, text, type_text
from planlib.core.contract import Column, Enum

__all__ = ["EnumKey", "enum_key", "validation"]

EnumKey = tuple[tuple[str, str], ...]

_DATE_MIN = date(1990, 1, 1)
_DATE_MAX = date(2099, 12, 31)
# Excel's limits on data-validation texts (longer texts make Excel "repair" the file).
_TITLE_MAX = 32
_PROMPT_MAX = 255
_ERROR_MAX = 225


def enum_key(enum: Enum) -> EnumKey:
    """An enumeration as a key: two columns with the same labels share one list."""
    return tuple(enum.labels.items())


def validation(
    col: Column, first_cell: str, *, refs: Mapping[EnumKey, str], lang: str
) -> DataValidation:
    """The data validation of one column; ``first_cell`` is its top-left cell (row 2)."""
    options = _options(col, first_cell, refs)
    kind = col.type
    key = f"prompt_{kind}" if has_text(f"prompt_{kind}") else "prompt_text"
    prompt = text(key, lang, type=type_text(col, lang))
    prompt = f"{prompt} ({required_text(col, lang)})"
    error = ""
    if has_text(f"error_{kind}"):
        error = text(
            f"error_{kind}",
            lang,
            header=col.vi,
            type=type_text(col, lang),
            min=fmt_date(_DATE_MIN),
            max=fmt_date(_DATE_MAX),
        )
    return DataValidation(
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=bool(options),
        promptTitle=clip(col.vi, _TITLE_MAX),
        prompt=clip(prompt, _PROMPT_MAX),
        errorTitle=clip(text("error_title", lang), _TITLE_MAX) if options else None,
        error=clip(error, _ERROR_MAX) if options else None,
        errorStyle="stop" if options else None,
        **options,  # type: ignore[arg-type]
    )


def _options(col: Column, first_cell: str, refs: Mapping[EnumKey, str]) -> dict[str, object]:
    """The validation's type, operator and formulas (none for free text)."""
    kind = col.type
    if kind == "enum" and col.enum is not None:
        return {"type": "list", "formula1": refs[enum_key(col.enum)]}
    if kind == "bool":
        return {"type": "list", "formula1": '"{}"'.format(",".join(BOOL_LABELS))}
    if kind in ("int", "number"):
        return _bounds(col)
    if kind in ("date", "datetime"):
        return {
            "type": "date" if kind == "date" else "decimal",
            "operator": "between",
            "formula1": str(int(to_excel(_DATE_MIN))),
            "formula2": str(int(to_excel(_DATE_MAX)) + (kind == "datetime")),
        }
    if kind == "school_year":
        c = first_cell
        formula = f'AND(LEN({c})=9,MID({c},5,1)="-",VALUE(RIGHT({c},4))=VALUE(LEFT({c},4))+1)'
        return {"type": "custom", "formula1": formula}
    return {}


def _bounds(col: Column) -> dict[str, object]:
    kind = "whole" if col.type == "int" else "decimal"
    if col.min is not None and col.max is not None:
        return {
            "type": kind,
            "operator": "between",
            "formula1": _formula_number(col.min),
            "formula2": _formula_number(col.max),
        }
    if col.min is not None:
        return {
            "type": kind,
            "operator": "greaterThanOrEqual",
            "formula1": _formula_number(col.min),
        }
    if col.max is not None:
        return {"type": kind, "operator": "lessThanOrEqual", "formula1": _formula_number(col.max)}
    # No bound: any number (whole for int columns).
    return {"type": kind, "operator": "between", "formula1": "-1E+307", "formula2": "1E+307"}


def _formula_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
