"""The sample school's building blocks: cells written as a school types them, the roster row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from planlib.core.contract import table_by_id

__all__ = [
    "LETTERS",
    "SAMPLE",
    "Pupil",
    "Rows",
    "Variant",
    "bool_cell",
    "complete",
    "date_cell",
    "decimal_cell",
    "int_cell",
    "money_cell",
    "pick",
]

Rows = list[dict[str, str]]
D = dt.date
LETTERS = "ABCD"


@dataclass(frozen=True)
class Variant:
    """What makes one synthetic school differ from the bundled sample (the defaults).

    Every default reproduces the bundled sample exactly; each field changes the counts that
    decide one or more targets, by construction.

    Parameters
    ----------
    letters
        The class letters of each grade (``"AB"``: two classes a grade, about 300 children).
    class_size
        Low (inclusive) and high (exclusive) bounds of a class's size.
    injured
        Distinct children injured in the plan year (T2.1; the sample has 5, one twice).
    extra_special
        Further children identified in special circumstances in 2023, supported and given
        welfare (T1.1 numerator, T1.2 and T3 cases).
    supported_all
        Whether the child identified on 20/12/2023 was supported by 22/12/2023 (T1.2).
    late_intervention
        Whether the November 2023 bullying was intervened 42 hours after the report (T4).
    fail_share
        Share of the December 2023 awareness round who fail (T5).
    untrained
        Staff with child-protection duty left out of the summer 2023 training (T6, at most 9).
    """

    letters: str = LETTERS
    class_size: tuple[int, int] = (36, 41)
    injured: int = 5
    extra_special: int = 0
    supported_all: bool = False
    late_intervention: bool = True
    fail_share: float = 0.1
    untrained: int = 0


#: the bundled sample school's variant (every default)
SAMPLE = Variant()


def date_cell(value: dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def bool_cell(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


def money_cell(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def decimal_cell(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def int_cell(value: int | None) -> str:
    return "" if value is None else str(value)


def complete(table_id: str, rows: Iterable[dict[str, str]]) -> Rows:
    """Complete rows with every contract column (empty string when not given), in order."""
    columns = [c.id for c in table_by_id(table_id).columns]
    return [{c: row.get(c, "") for c in columns} for row in rows]


@dataclass
class Pupil:
    """One roster row: a student in one school year (``year`` = its first calendar year)."""

    sid: str
    year: int
    grade: int
    letter: str
    sex: str
    birth: dt.date | None
    enrolled: dt.date | None = None
    left: dt.date | None = None
    reason: str = ""
    learning: str = ""
    conduct: str = ""
    outcome: str = ""

    def present(self, day: dt.date) -> bool:
        """Whether the student is on the school's roll on ``day`` (data-contract.md)."""
        return (
            D(self.year, 9, 1) <= day <= D(self.year + 1, 8, 31)
            and (self.enrolled is None or self.enrolled <= day)
            and (self.left is None or self.left > day)
        )


def pick(
    rng: np.random.Generator,
    pool: Sequence[Pupil],
    used: set[str],
    n: int = 1,
    where: Callable[[Pupil], bool] = lambda p: True,
) -> list[Pupil]:
    """Draw ``n`` distinct students not drawn before that satisfy ``where``."""
    candidates = [p for p in pool if p.sid not in used and where(p)]
    chosen = [candidates[i] for i in rng.choice(len(candidates), size=n, replace=False)]
    used.update(p.sid for p in chosen)
    return chosen
