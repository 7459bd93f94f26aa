"""Numbers and dates the Vietnamese way, through Babel (1,5%; 10.000; 05/12/2023)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_EVEN, Decimal

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency, format_decimal

__all__ = [
    "date_line",
    "fmt_date",
    "fmt_int",
    "fmt_money",
    "fmt_number",
    "fmt_percent",
    "fmt_value",
    "locale_of",
    "significant_digits",
]

#: the most decimals a tiny value gets (1 in 100 million still shows)
MAX_DIGITS = 8


def locale_of(lang: str) -> str:
    """Babel locale for a report language: numbers stay Vietnamese-styled only in ``vi``."""
    return "en_GB" if lang == "en" else "vi"


def fmt_number(value: float, digits: int = 1, lang: str = "vi", *, trim: bool = False) -> str:
    """A number with ``digits`` decimals: ``fmt_number(32.68)`` → ``'32,7'``.

    With ``trim``, trailing zero decimals are dropped (``100`` not ``100,0``): for thresholds.
    A value that is not zero does not show as zero: it gets the decimals its first
    significant digit needs (7/99.056 of a percent is ``0,007``, not ``0,0``), up to
    :data:`MAX_DIGITS`.
    """
    digits = significant_digits(value, digits)
    pattern = "#,##0" + ("." + ("#" if trim else "0") * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale_of(lang))


def significant_digits(value: float, digits: int = 1) -> int:
    """The decimals that tell ``value`` from zero: ``digits``, or more for a tiny value.

    Examples
    --------
    >>> significant_digits(0.00707), significant_digits(32.68), significant_digits(0.0)
    (3, 1, 1)
    """
    size = abs(float(value))
    if size == 0 or not math.isfinite(size):
        return digits
    step = Decimal(1).scaleb(-digits)
    if Decimal(repr(size)).quantize(step, rounding=ROUND_HALF_EVEN) > 0:  # as Babel rounds
        return digits
    return min(max(digits, -math.floor(math.log10(size))), MAX_DIGITS)


def fmt_int(value: int, lang: str = "vi") -> str:
    """A whole number with thousands grouping: ``10000`` → ``'10.000'``."""
    return format_decimal(value, format="#,##0", locale=locale_of(lang))


def fmt_percent(value: float, digits: int = 1, lang: str = "vi", *, trim: bool = False) -> str:
    """A value already in percent units: ``fmt_percent(1.5)`` → ``'1,5%'``."""
    return fmt_number(value, digits, lang, trim=trim) + "%"


def fmt_value(
    value: float | None, unit: str, lang: str = "vi", digits: int = 1, *, trim: bool = False
) -> str:
    """An indicator value in its unit: ``1,5%`` or ``32,7/10.000``."""
    if value is None:
        return "—"
    if unit == "percent":
        return fmt_percent(value, digits, lang, trim=trim)
    per = {"per_10000": 10_000, "per_100000": 100_000}[unit]
    return f"{fmt_number(value, digits, lang, trim=trim)}/{fmt_int(per, lang)}"


def fmt_money(value: float, lang: str = "vi") -> str:
    """Vietnamese đồng: ``1500000`` → ``'1.500.000 ₫'``."""
    return format_currency(value, "VND", locale=locale_of(lang))


def fmt_date(day: dt.date, lang: str = "vi") -> str:
    """``dd/mm/yyyy`` in both languages (the Vietnamese and British order)."""
    return _babel_date(day, "dd/MM/yyyy", locale=locale_of(lang))


def date_line(place: str, day: dt.date, lang: str = "vi") -> str:
    """The formal place-and-date line: ``Vinh An, ngày 05 tháng 12 năm 2023``."""
    if lang == "en":
        return f"{place}, {_babel_date(day, 'd MMMM yyyy', locale='en_GB')}"
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
