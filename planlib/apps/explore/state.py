"""The explorer's state: what the planner chose and what that shows, without any widget.

:class:`ExplorerState` holds the plan, the workbook and its problems, the planner's choices
(indicator, breakdown, :class:`~planlib.apps.explore.filters.Filters`, as-of date, drill-down
list, what-if counts) and, after :meth:`ExplorerState.refresh`, everything shown: the
filtered figures, the breakdown, the drill-down rows, the what-if result and the data-quality
table. The widgets only copy their values in and draw what comes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from planlib.apps.explore.filters import Filters, dimensions, filter_counts, recompute
from planlib.apps.explore.params import Notice, clean_path, missing_path, read_day, read_lang
from planlib.apps.explore.tables import breakdown, data_quality, drill_down
from planlib.apps.explore.whatif import WhatIf, what_if
from planlib.core.disclosure import Internal, Public
from planlib.core.errors import DataError, PlanError, Problem, UsageError
from planlib.core.fmt import fmt_date
from planlib.core.i18n import check_lang, t
from planlib.evaluation.evaluate import Evaluation, IndicatorResult, evaluate
from planlib.evaluation.indicators import Counts
from planlib.evaluation.session import open_school_workbook, school_identity
from planlib.inputs.plan import Plan, Target
from planlib.inputs.workbook import Workbook

__all__ = ["MONTHS", "ExplorerState", "clamp_day", "load_workbook"]

#: the month range the slider spans; the whole range is no filter
MONTHS = (1, 12)
_UNIT_COLUMNS = ["grade", "class_name", "sex"]
_PATH_KEYS = ("xp.path_missing", "xp.folder_missing")


def load_workbook(
    data_path: str | Path | None, plan: Plan
) -> tuple[Workbook | None, tuple[Problem, ...]]:
    """The checked workbook and its warnings, or ``None`` and every problem when invalid."""
    try:
        workbook = open_school_workbook(data_path, plan)
    except DataError as exc:
        return None, tuple(exc.problems)
    except UsageError:  # no such file or folder: shown in the data-quality tab
        return None, (Problem("path_missing", table_label=str(data_path)),)
    return workbook, tuple(workbook.warnings)


def clamp_day(plan: Plan | None, as_of: object) -> dt.date | None:
    """``as_of`` (``dd/mm/yyyy``, ISO or a date) within the plan period; ``None``, empty or
    unreadable: the period's end."""
    day, _notice = read_day(as_of)
    if plan is None:
        return day
    period = plan.period
    return period.end if day is None else min(max(day, period.start), period.end)


class ExplorerState:
    """The planner's choices and what they show.

    Parameters
    ----------
    plan, workbook
        The plan and the checked workbook; either is ``None`` when it could not be read.
    problems
        The workbook's warnings, or every error of an invalid workbook.
    plan_error
        Why the plan file could not be read.
    as_of
        The day to look from (``dd/mm/yyyy``, ``yyyy-mm-dd`` or a date, kept within the plan
        period); ``None``: the end of the period. Unreadable: the end, with a notice.
    lang
        ``vi`` or ``en``; anything else is Vietnamese, with a notice.

    Attributes
    ----------
    indicator, dimension, filters, as_of, drill_kind, extra, enrolment, presentation
        The choices: set them, then call :meth:`refresh` (or :meth:`probe` for the last two).
        ``presentation`` applies the public disclosure rule (:attr:`rule`).
    notices
        The parameters that could not be read (:meth:`notice_texts` says them).
    source
        The path of the workbook opened (``None``: the sample school).
    evaluation, counts, figures, status_text, table, drill, what_if_result, quality
        What the choices show.
    """

    def __init__(
        self,
        plan: Plan | None,
        workbook: Workbook | None,
        *,
        problems: Iterable[Problem] = (),
        plan_error: PlanError | None = None,
        as_of: str | dt.date | None = None,
        lang: str = "vi",
        source: str | Path | None = None,
    ) -> None:
        self.plan, self.workbook, self.plan_error = plan, workbook, plan_error
        self.problems = tuple(problems)
        self.lang, lang_notice = read_lang(lang)
        self.notices: list[Notice] = [lang_notice] if lang_notice else []
        self.source = clean_path(source)
        self.upload_name: str | None = None
        self._note_missing_path()
        self.indicator: str | None = plan.targets[0].id if plan is not None else None
        self.dimension: str | None = None
        self.filters = Filters()
        self.presentation = False
        self.as_of: dt.date | None = None
        self.set_day(as_of, evaluate=False)
        self.drill_kind = "numerator"
        self.extra = 0
        self.enrolment = 0
        self._evaluations: dict[dt.date | None, Evaluation] = {}
        self.evaluation: Evaluation | None = None
        self.counts: Counts | None = None
        self.figures: IndicatorResult | None = None
        self.status_text = ""
        self.table = pd.DataFrame()
        self.drill = pd.DataFrame()
        self.what_if_result: WhatIf | None = None
        self.quality = pd.DataFrame()
        self.translate(self.lang)
        self.evaluate()

    @property
    def valid(self) -> bool:
        """Whether both the plan and the workbook could be read."""
        return self.plan is not None and self.workbook is not None

    @property
    def target(self) -> Target | None:
        """The chosen indicator's target."""
        if self.plan is None or not self.indicator:
            return None
        return self.plan.target(self.indicator)

    @property
    def rule(self) -> Internal:
        """The disclosure rule shown: :class:`~planlib.core.disclosure.Public` when presenting."""
        return Public() if self.presentation else Internal()

    @property
    def school_name(self) -> str:
        """The school's name: the workbook's identity sheet first, then the plan file's."""
        if self.evaluation is not None and self.evaluation.school.get("name"):
            return self.evaluation.school["name"]
        if self.workbook is not None and school_identity(self.workbook).get("name"):
            return school_identity(self.workbook)["name"]
        return self.plan.school.name if self.plan is not None else ""

    def notice_texts(self) -> list[str]:
        """The notices in the language shown."""
        return [notice.text(self.lang) for notice in self.notices]

    def loaded_text(self) -> str:
        """Which workbook is open: ``Đã mở: truong.xlsx (/home/lan)``."""
        if self.workbook is None:
            return ""
        if self.source is None or self.workbook.sample:
            return t("xp.loaded_sample", self.lang)
        if self.upload_name:
            return t("xp.loaded_upload", self.lang, name=self.upload_name)
        path = Path(self.source).expanduser().resolve()
        return t("xp.loaded", self.lang, name=path.name, folder=str(path.parent))

    def set_day(self, value: object, *, evaluate: bool = True) -> Notice | None:
        """Look from ``value`` (text as typed, a date or ``None``); the notice if unreadable.

        An unreadable day keeps the day shown before (the period's end at first); a day
        outside the plan period is kept within it, with a notice.
        """
        self.notices = [n for n in self.notices if n.key not in ("xp.bad_day", "xp.as_of_range")]
        day, notice = read_day(value)
        if notice is None and day is not None and self.plan is not None:
            shown = clamp_day(self.plan, day)
            if shown != day:
                text = fmt_date(shown, self.lang) if shown else ""
                notice = Notice(
                    "xp.as_of_range", (("day", fmt_date(day, self.lang)), ("shown", text))
                )
            day = shown
        if notice is not None and notice.key == "xp.bad_day":
            day = self.as_of
        self.as_of = day if day is not None else clamp_day(self.plan, None)
        if notice is not None:
            self.notices.append(notice)
        if evaluate:
            self.evaluate()
        return notice

    @property
    def errors(self) -> int:
        """How many errors the data-quality table lists."""
        return int((self.quality["severity"] == "error").sum()) if len(self.quality) else 0

    # --- inputs ----------------------------------------------------------------------------

    def load(self, data_path: str | Path | None, *, name: str | None = None) -> None:
        """Open another workbook (``None``: the sample school) against the same plan.

        ``data_path`` may be pasted with quotes; ``name``: the file's own name when it was
        chosen in the file picker (``data_path`` is then a temporary copy).
        """
        if self.plan is None:
            return
        self.source, self.upload_name = clean_path(data_path), name
        self.notices = [n for n in self.notices if n.key not in _PATH_KEYS]
        self.workbook, self.problems = load_workbook(self.source, self.plan)
        self._note_missing_path()
        self._evaluations.clear()
        self.translate(self.lang)
        self.evaluate()

    def _note_missing_path(self) -> None:
        missing = [p.code for p in self.problems] == ["path_missing"]
        if self.workbook is None and missing and self.source is not None:
            self.notices.append(missing_path(self.source))

    def translate(self, lang: str) -> None:
        """Switch the language of the words the state holds (the data-quality messages)."""
        self.lang = check_lang(lang)
        self.quality = data_quality(self.problems, lang=self.lang, plan_error=self.plan_error)

    def evaluate(self) -> None:
        """Evaluate the workbook up to :attr:`as_of` (cached per day)."""
        if not self.valid:
            self.evaluation = None
            return
        assert self.plan is not None and self.workbook is not None
        day = self.as_of
        if day is None or day >= self.plan.period.end:
            day = None  # the whole period, exactly as the reports evaluate it
        if day not in self._evaluations:
            school = school_identity(self.workbook) or None
            self._evaluations[day] = evaluate(self.workbook, self.plan, as_of=day, school=school)
        self.evaluation = self._evaluations[day]

    # --- what may be chosen ----------------------------------------------------------------

    def full_counts(self) -> Counts | None:
        """The chosen indicator's counts before any filter."""
        if self.evaluation is None or not self.indicator:
            return None
        return self.evaluation.counts.get(self.indicator)

    def dimensions(self) -> list[str]:
        """The breakdowns that make sense for the chosen indicator."""
        return dimensions(self.full_counts())

    def units(self) -> pd.DataFrame:
        """Grade, class and sex of every unit of every indicator (the filters' choices)."""
        if self.evaluation is None:
            return pd.DataFrame(columns=_UNIT_COLUMNS)
        frames = [c.denominator for c in self.evaluation.counts.values()]
        frames += [c.numerator for c in self.evaluation.counts.values()]
        return pd.concat(
            [f.reindex(columns=_UNIT_COLUMNS) for f in frames if "sex" in f.columns],
            ignore_index=True,
        )

    def grades(self) -> list[int]:
        """The grades the filter offers."""
        return sorted({int(g) for g in self.units()["grade"].dropna()})

    def classes(self, grades: tuple[int, ...] = ()) -> list[str]:
        """The classes the filter offers, of ``grades`` only when given."""
        units = self.units()
        if grades:
            units = units.loc[units["grade"].isin(grades).fillna(False)]
        return sorted(set(units["class_name"].dropna()))

    def sexes(self) -> list[str]:
        """The sexes the filter offers."""
        return sorted(set(self.units()["sex"].dropna()))

    def drill_kinds(self) -> list[str]:
        """The drill-down lists of the current counts (``events`` when they have events)."""
        kinds = ["numerator", "denominator", "outside"]
        if self.counts is not None and self.counts.events is not None:
            kinds.append("events")
        return kinds

    def drill_sizes(self) -> dict[str, int]:
        """How many rows each drill-down list has."""
        counts = self.counts
        if counts is None:
            return dict.fromkeys(self.drill_kinds(), 0)
        return {kind: len(drill_down(counts, kind)) for kind in self.drill_kinds()}

    # --- what the choices show -------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the figures, the breakdown, the drill-down and the what-if panel.

        The what-if panel starts again from the figures: no extra case, the filtered
        denominator.
        """
        target, full = self.target, self.full_counts()
        self.counts, self.figures = None, None
        if self.evaluation is not None and target is not None:
            self.figures = self.evaluation.indicator(target.id)
            if full is not None:
                assert self.plan is not None
                self.counts = filter_counts(full, self.filters)
                self.figures = recompute(self.figures, target, self.counts, self.plan.parameters)
        status = self.figures.status if self.figures else None
        self.status_text = t(f"status.{status}", self.lang) if status else ""
        self.table = self._breakdown()
        self.extra, self.enrolment = 0, self.counts.d if self.counts is not None else 0
        if self.drill_kind not in self.drill_kinds():
            self.drill_kind = "numerator"
        self.show_drill()
        self.probe()

    def _breakdown(self) -> pd.DataFrame:
        if self.counts is None or self.target is None or not self.dimension:
            return pd.DataFrame()
        months = self.filters.months or MONTHS
        return breakdown(self.counts, self.dimension, self.target, lang=self.lang, months=months)

    def show_drill(self) -> None:
        """List the rows of :attr:`drill_kind`."""
        counts = self.counts
        if counts is None or self.presentation:  # never a list of cases on a projected screen
            self.drill = pd.DataFrame()
        else:
            self.drill = drill_down(counts, self.drill_kind)

    def probe(self) -> None:
        """The what-if result for :attr:`extra` more cases over :attr:`enrolment` units."""
        target, counts = self.target, self.counts
        if target is None or counts is None or self.plan is None:
            self.what_if_result = None
            return
        self.what_if_result = what_if(
            target,
            counts.n + self.extra,
            self.enrolment,
            lang=self.lang,
            parameters=self.plan.parameters,
        )

    def headroom_now(self) -> WhatIf | None:
        """The what-if of the figures as they are (the summary's headroom sentence)."""
        target, counts = self.target, self.counts
        if target is None or counts is None or self.plan is None:
            return None
        return what_if(target, counts.n, counts.d, lang=self.lang, parameters=self.plan.parameters)
