"""What the district report notebook needs: the compiled district, bound to a language and a rule.

``planlib district`` compiles the district once
(:func:`planlib.evaluation.district.compile_district`) and hands notebook
``95_district_report`` a pickle of it (:func:`save_district_context`, in a private temporary
folder, never published); the notebook opens it with
:func:`planlib.present.district.report.open_district_report`.
"""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from planlib.core.disclosure import Internal, disclosure_rule
from planlib.core.i18n import check_lang, t
from planlib.evaluation.district import DistrictEvaluation

__all__ = ["DistrictContext", "load_district_context", "save_district_context"]


def save_district_context(evaluation: DistrictEvaluation, path: Path | str) -> Path:
    """Write the compiled district for the report notebook of one run.

    Parameters
    ----------
    evaluation
        The compiled district.
    path
        Where to write it (a private temporary file of the run).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    path = Path(path)
    with path.open("wb") as handle:
        pickle.dump(evaluation, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load_district_context(path: Path | str) -> DistrictEvaluation:
    """The compiled district written by :func:`save_district_context`.

    Raises ``TypeError`` naming the file when it holds something else.
    """
    with Path(path).open("rb") as handle:
        evaluation = pickle.load(handle)
    if not isinstance(evaluation, DistrictEvaluation):
        raise TypeError(f"{path} does not hold a compiled district")
    return evaluation


def _as_day(day: object) -> dt.date | None:
    """``report_date`` as a date: a date, ``YYYY-MM-DD``, or ``None``/empty for today."""
    if day is None or day == "":
        return None
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    try:
        return dt.date.fromisoformat(str(day))
    except ValueError:
        raise ValueError(f"report_date must be a date YYYY-MM-DD (got {day!r})") from None


@dataclass(frozen=True)
class DistrictContext:
    """A compiled district bound to a language, a disclosure rule and the report's date.

    Parameters
    ----------
    evaluation
        The compiled district shown.
    lang
        ``vi`` (default) or ``en``.
    rule
        The disclosure rule, or its name (``"internal"``, ``"public"``).
    report_date
        The day of the date line (today when ``None``).
    """

    evaluation: DistrictEvaluation
    lang: str = "vi"
    rule: Internal = field(default_factory=Internal)
    report_date: dt.date | None = None

    def __post_init__(self) -> None:
        check_lang(self.lang)
        object.__setattr__(self, "rule", disclosure_rule(self.rule))
        object.__setattr__(self, "report_date", _as_day(self.report_date))

    @property
    def ev(self) -> DistrictEvaluation:
        """Short for :attr:`evaluation`."""
        return self.evaluation

    @property
    def disclosure(self) -> str:
        """The rule's name: ``internal`` or ``public``."""
        return self.rule.name

    @property
    def day(self) -> dt.date:
        """The report's date: :attr:`report_date`, else today."""
        return self.report_date or dt.date.today()

    def t(self, key: str, /, **params: object) -> str:
        """The catalogue's text for ``key`` in this context's language."""
        return t(key, self.lang, **params)
