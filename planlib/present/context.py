"""What a report notebook needs from the library: its evaluation, and the names of its pages.

Notebooks open their report with :func:`planlib.present.report.open_report`, which calls
:func:`load_context` with their parameters. Run by ``planlib run``, they receive
``evaluation_path``: the evaluation made once for the whole run (a pickle in a private temporary
folder, never published). Run on their own in JupyterLab, they evaluate the workbook themselves.
"""

from __future__ import annotations

import datetime as dt
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from planlib.core.disclosure import Internal, disclosure_rule
from planlib.core.i18n import check_lang, t
from planlib.evaluation.evaluate import Evaluation
from planlib.evaluation.session import open_evaluation

__all__ = [
    "Context",
    "load_context",
    "page_name",
    "save_context",
]


def page_name(kind: str, key: str | None = None) -> str:
    """The HTML file of a report page: ``target-T2.1.html``, ``year-end.html``."""
    if kind == "year_end":
        return "year-end.html"
    if kind == "funding":
        return "funding-and-responsibilities.html"
    return f"{kind}-{key}.html"


def load_context(
    *,
    data_path: str | None = None,
    plan_path: str | None = None,
    as_of: str | None = None,
    evaluation_path: str | None = None,
) -> Evaluation:
    """The evaluation a notebook presents (:func:`planlib.present.report.open_report` binds it
    to a language and a disclosure rule).

    Parameters
    ----------
    data_path
        The school's workbook; ``None`` for the bundled sample school.
    plan_path
        The plan file; ``None`` for ``parameters/plan_2023.yaml``.
    as_of
        ``YYYY-MM-DD`` to look mid-year.
    evaluation_path
        A pickled evaluation written by ``planlib run`` (then the other inputs are ignored).
    """
    if evaluation_path:
        with Path(evaluation_path).open("rb") as handle:
            evaluation = pickle.load(handle)
        if not isinstance(evaluation, Evaluation):
            raise TypeError(f"{evaluation_path} does not hold an evaluation")
        return evaluation
    day = dt.date.fromisoformat(as_of) if as_of else None
    return open_evaluation(data_path, plan_path, as_of=day)


def save_context(evaluation: Evaluation, path: Path) -> Path:
    """Write the evaluation for the notebooks of one run (see :func:`load_context`)."""
    with path.open("wb") as handle:
        pickle.dump(evaluation, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


@dataclass(frozen=True)
class Context:
    """An evaluation bound to a language and a disclosure rule: what every view reads.

    Views take a context first and never a ``lang=`` or ``disclosure=`` of their own; the
    report (:class:`planlib.present.report.Report`) is a context that also hands out the
    views of its pages.

    Parameters
    ----------
    evaluation
        The evaluation shown.
    lang
        ``vi`` (default) or ``en``; every word comes from the catalogue in this language.
    rule
        The disclosure rule (:class:`~planlib.core.disclosure.Internal` or ``Public``); a
        name (``"internal"``, ``"public"``) is turned into its rule.
    """

    evaluation: Evaluation
    lang: str = "vi"
    rule: Internal = field(default_factory=Internal)

    def __post_init__(self) -> None:
        check_lang(self.lang)
        object.__setattr__(self, "rule", disclosure_rule(self.rule))

    @property
    def ev(self) -> Evaluation:
        """Short for :attr:`evaluation`."""
        return self.evaluation

    @property
    def disclosure(self) -> str:
        """The rule's name: ``internal`` or ``public``."""
        return self.rule.name

    @property
    def public(self) -> bool:
        """Whether this is a report shared beyond the school."""
        return self.rule.name == "public"

    def t(self, key: str, /, **params: object) -> str:
        """The catalogue's text for ``key`` in this context's language."""
        return t(key, self.lang, **params)
