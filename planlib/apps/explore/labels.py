"""The explorer's words: values, columns, nouns and rules from the one catalogue.

Values are labelled exactly as the report labels them
(:func:`planlib.present.views.value_label`): the same month names, grades and codes.
"""

from __future__ import annotations

import pandas as pd

from planlib.core.contract import TABLES
from planlib.core.fmt import fmt_value
from planlib.core.i18n import LABELS, column_name, t, table_name
from planlib.inputs.plan import Parameters, Target
from planlib.present.views import value_label

__all__ = ["column_label", "nouns", "quality_column", "quality_table", "rule_text", "value_label"]

_TABLES = {table.id for table in TABLES}
_COLUMNS = {(table.id, col.id) for table in TABLES for col in table.columns}


def _label(key: str, lang: str, fallback: str) -> str:
    return t(key, lang) if key in LABELS else fallback


def _missing(value: object) -> bool:
    return value is None or value is pd.NA


def column_label(column: str, lang: str, unit: str = "student") -> str:
    """The header of a drill-down column: ``unit`` → ``Mã học sinh``, ``sex`` → ``Giới tính``."""
    if column == "unit":
        return t(f"xp.col.unit.{unit}", lang)
    if column in ("event", "student"):
        return t(f"xp.col.{column}", lang)
    return _label(f"dim.{column}", lang, column)


def nouns(target: Target, parameters: Parameters, lang: str) -> tuple[str, str]:
    """Short nouns for the numerator and denominator: ``trẻ em bị TNTT``, ``trẻ em``."""
    method = target.method
    num_key = f"noun.num.{method}"
    if method == "injury_rate" and parameters.injury_count == "incidents":
        num_key += ".incidents"
    return (
        _label(num_key, lang, t("xp.noun.cases", lang)),
        _label(f"noun.den.{method}", lang, t("xp.noun.units", lang)),
    )


def rule_text(target: Target, lang: str) -> str:
    """The plan's rule in words: ``dưới 60/10.000``."""
    threshold = fmt_value(float(target.threshold), target.unit, lang, 2, trim=True)
    return t(f"xp.rule.{target.op}", lang, x=threshold)


def quality_table(table: object, lang: str) -> str:
    """A data-quality row's table: ``Học sinh (students)``; an unknown file as it is."""
    if _missing(table):
        return ""
    if str(table) not in _TABLES:
        return str(table)
    return t("xp.named_id", lang, name=table_name(str(table), lang), id=table)


def quality_column(table: object, column: object, lang: str) -> str:
    """A data-quality row's column: ``Khối (grade)``; an unknown column as it is."""
    if _missing(column):
        return ""
    if (str(table), str(column)) not in _COLUMNS:
        return str(column)
    return t("xp.named_id", lang, name=column_name(str(table), str(column), lang), id=column)
