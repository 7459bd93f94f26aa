"""Who is a child of the school on a day: the roster's school years, enrolment and leaving."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from planlib.inputs.memo import remembered

__all__ = ["add_school_years", "children_on", "enrolment", "school_year_bounds"]


def school_year_bounds(school_year: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a school year ``YYYY-YYYY``: 01/09 to 31/08."""
    first = int(school_year[:4])
    return pd.Timestamp(first, 9, 1), pd.Timestamp(first + 1, 8, 31)


def add_school_years(students: pd.DataFrame) -> None:
    """Add ``sy_start`` / ``sy_end``, the bounds of each row's school year (in place)."""
    if "school_year" not in students.columns:
        return
    first = pd.to_numeric(students["school_year"].str[:4], errors="coerce")
    students["sy_start"] = pd.to_datetime({"year": first, "month": 9, "day": 1}, errors="coerce")
    students["sy_end"] = pd.to_datetime({"year": first + 1, "month": 8, "day": 31}, errors="coerce")


def children_on(students: pd.DataFrame, day: dt.date | pd.Timestamp) -> pd.DataFrame:
    """The roster rows of the children of the school on ``day``.

    A student counts when the row's school year contains the day, ``enrolled_on`` (when given)
    is on or before it, and ``left_on`` is empty or after it.
    """
    day = pd.Timestamp(day)
    return remembered("children_on", students, day, lambda: _children_on(students, day))


def _children_on(students: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    mask = (students["sy_start"] <= day) & (students["sy_end"] >= day)
    if "enrolled_on" in students.columns:
        mask &= students["enrolled_on"].isna() | (students["enrolled_on"] <= day)
    if "left_on" in students.columns:
        mask &= students["left_on"].isna() | (students["left_on"] > day)
    return students.loc[mask.fillna(False).astype(bool)].drop_duplicates("student_id")


def enrolment(students: pd.DataFrame, days: pd.Series) -> np.ndarray:
    """How many children the school has on each of ``days``: :func:`children_on`, vectorised."""
    day = days.to_numpy(dtype="datetime64[ns]")[None, :]

    def column(name: str) -> np.ndarray:
        return students[name].to_numpy(dtype="datetime64[ns]")[:, None]

    mask = (column("sy_start") <= day) & (column("sy_end") >= day)
    if "enrolled_on" in students.columns:
        enrolled = column("enrolled_on")
        mask &= np.isnat(enrolled) | (enrolled <= day)
    if "left_on" in students.columns:
        left = column("left_on")
        mask &= np.isnat(left) | (left > day)
    return mask.sum(axis=0)
