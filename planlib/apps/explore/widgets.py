"""The explorer's widgets: ipywidgets controls over an :class:`ExplorerState`.

The widgets hold no figures of their own: each change copies the controls' values into the
state, which recomputes (:meth:`ExplorerState.refresh`), and the outputs are redrawn from it
(:mod:`~planlib.apps.explore.fragments`, :mod:`~planlib.apps.explore.chart`).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from planlib.apps.explore.chart import chart_png
from planlib.apps.explore.filters import Filters, months_apply
from planlib.apps.explore.fragments import (
    breakdown_html,
    chart_note_html,
    drill_html,
    filters_html,
    header_html,
    quality_html,
    style_html,
    summary_html,
    what_if_html,
)
from planlib.apps.explore.labels import value_label
from planlib.apps.explore.params import clean_path
from planlib.apps.explore.state import MONTHS, ExplorerState, load_workbook
from planlib.apps.explore.upload import ACCEPT, open_upload
from planlib.apps.explore.whatif import WhatIf
from planlib.core.errors import PlanError, Problem
from planlib.core.fmt import fmt_date, fmt_int
from planlib.core.i18n import t
from planlib.evaluation.evaluate import Evaluation, IndicatorResult
from planlib.evaluation.indicators import Counts
from planlib.evaluation.session import open_plan
from planlib.inputs.plan import Plan, Target
from planlib.inputs.workbook import Workbook

__all__ = ["Explorer", "build_explorer"]

#: the tab of the data-quality table (opened first when the data are invalid)
QUALITY_TAB = 4
#: widget -> CSS class, for the stylesheet and the browser test
_CSS_CLASSES = {
    "indicator": "planlib-indicator",
    "dimension": "planlib-dimension",
    "chart": "planlib-chart",
    "chart_note": "planlib-chart-note",
    "table_html": "planlib-table",
    "summary": "planlib-summary",
    "drill_html": "planlib-drill",
    "what_if_html": "planlib-what-if",
    "quality_html": "planlib-quality",
    "as_of": "planlib-as-of",
    "as_of_message": "planlib-as-of-message",
    "language": "planlib-language",
    "presentation": "planlib-presentation",
    "data_path": "planlib-data-path",
    "upload": "planlib-upload",
    "filters_note": "planlib-filters-note",
    "drill_choice": "planlib-drill-choice",
    "sex": "planlib-sex",
    "extra": "planlib-extra",
    "enrolment": "planlib-enrolment",
}
#: widget -> catalogue key of its description
_DESCRIPTIONS = {
    "data_path": "xp.data_path",
    "load_button": "xp.load",
    "upload": "xp.upload",
    "presentation": "xp.presentation",
    "as_of": "xp.as_of",
    "indicator": "col.indicator",
    "dimension": "xp.dimension",
    "grades": "dim.grade",
    "classes": "dim.class_name",
    "sex": "dim.sex",
    "months": "dim.month",
    "reset_button": "xp.reset",
    "extra": "xp.whatif.extra",
    "enrolment": "xp.whatif.denominator",
}
_TAB_KEYS = ("xp.tab.chart", "xp.tab.table", "xp.tab.drill", "xp.tab.what_if")


class Explorer:
    """The explorer's widgets and what they currently show.

    Build it with :func:`~planlib.apps.explore.build_explorer`; display :attr:`widget`.
    Changing any widget's ``value`` (in the browser or from Python) recomputes and redraws.

    Attributes
    ----------
    state
        The :class:`~planlib.apps.explore.state.ExplorerState`: choices and what they show.
    evaluation, figures, counts, table, drill, what_if_result, quality, status_text
        The state's (see there).
    chart_png
        The chart, PNG bytes.
    """

    def __init__(
        self,
        plan: Plan | None,
        workbook: Workbook | None,
        *,
        problems: Iterable[Problem] = (),
        plan_error: PlanError | None = None,
        data_path: str | Path | None = None,
        as_of: str | dt.date | None = None,
        lang: str = "vi",
    ) -> None:
        self.state = ExplorerState(
            plan,
            workbook,
            problems=problems,
            plan_error=plan_error,
            as_of=as_of,
            lang=lang,
            source=data_path,
        )
        self._busy = False
        self.chart_png = b""
        self._build_controls(data_path)
        self._build_outputs()
        self._lay_out()
        self._observe()
        self._start()

    # --- building --------------------------------------------------------------------------

    def _build_controls(self, data_path: str | Path | None) -> None:
        day = self.state.as_of
        self.data_path = w.Text(
            value=clean_path(data_path) or "", layout=w.Layout(width="min(100%, 640px)")
        )
        self.load_button = w.Button(icon="folder-open", layout=w.Layout(width="auto"))
        self.upload = w.FileUpload(accept=ACCEPT, multiple=False, layout=w.Layout(width="auto"))
        # a text box, day first whatever the browser's locale (a date input is month first)
        self.as_of = w.Text(
            value=fmt_date(day, self.lang) if day else "",
            continuous_update=False,
            layout=w.Layout(width="230px"),
        )
        self.as_of_message = w.HTML()
        self.language = w.ToggleButtons(
            options=[(t("xp.lang.vi", "vi"), "vi"), (t("xp.lang.en", "en"), "en")],
            value=self.lang,
            style={"button_width": "auto"},
            layout=w.Layout(width="auto", flex="0 0 auto"),
        )
        self.presentation = w.ToggleButton(value=False, icon="desktop")
        self.indicator = w.Dropdown(options=[], layout=w.Layout(width="min(100%, 1040px)"))
        self.dimension = w.Dropdown(options=[], layout=w.Layout(width="300px"))
        self.filters_note = w.HTML()
        self.grades = w.SelectMultiple(options=[], rows=4, layout=w.Layout(width="170px"))
        self.classes = w.SelectMultiple(options=[], rows=4, layout=w.Layout(width="170px"))
        self.sex = w.Dropdown(options=[], layout=w.Layout(width="200px"))
        self.months = w.IntRangeSlider(value=MONTHS, min=MONTHS[0], max=MONTHS[1], step=1)
        self.reset_button = w.Button(icon="filter")
        self.drill_choice = w.ToggleButtons(options=[], style={"button_width": "auto"})
        self.extra = w.IntText(value=0, layout=w.Layout(width="260px"))
        self.enrolment = w.BoundedIntText(
            value=0, min=0, max=10_000_000, layout=w.Layout(width="260px")
        )

    def _build_outputs(self) -> None:
        self.stylesheet = w.HTML(style_html())
        self.header = w.HTML()
        self.summary = w.HTML()
        self.chart = w.Output()
        self.chart_note = w.HTML()
        self.table_html = w.HTML()
        self.drill_html = w.HTML()
        self.what_if_html = w.HTML()
        self.quality_html = w.HTML()
        self.tabs = w.Tab(
            children=[
                w.VBox([self.chart, self.chart_note]),
                self.table_html,
                w.VBox([self.drill_choice, self.drill_html]),
                w.VBox([self.extra, self.enrolment, self.what_if_html]),
                self.quality_html,
            ]
        )

    def _lay_out(self) -> None:
        for name, css in _CSS_CLASSES.items():
            getattr(self, name).add_class(css)
        wrap = w.Layout(flex_flow="row wrap", align_items="center")
        self.widget = w.VBox(
            [
                self.stylesheet,
                w.HBox([self.language, self.presentation], layout=wrap),
                self.header,
                w.HBox([self.data_path, self.load_button, self.upload], layout=wrap),
                w.HBox([self.as_of, self.as_of_message], layout=wrap),
                self.indicator,
                self.summary,
                w.HBox(
                    [self.dimension, self.grades, self.classes, w.VBox([self.sex, self.months])],
                    layout=wrap,
                ),
                w.HBox([self.reset_button, self.filters_note], layout=wrap),
                self.tabs,
            ]
        )
        self.widget.add_class("planlib-explorer")

    def _observe(self) -> None:
        self.indicator.observe(self._on_indicator, names="value")
        for widget in (self.dimension, self.classes, self.sex, self.months):
            widget.observe(self._on_selection, names="value")
        self.grades.observe(self._on_grades, names="value")
        self.drill_choice.observe(self._on_drill, names="value")
        self.extra.observe(self._on_what_if, names="value")
        self.enrolment.observe(self._on_what_if, names="value")
        self.as_of.observe(self._on_as_of, names="value")
        self.language.observe(self._on_language, names="value")
        self.presentation.observe(self._on_presentation, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.load_button.on_click(self._on_load)
        self.reset_button.on_click(lambda _button: self.reset_filters())

    # --- the state's, as attributes --------------------------------------------------------

    @property
    def lang(self) -> str:
        """The language shown (``vi`` or ``en``)."""
        return self.state.lang

    @property
    def plan(self) -> Plan | None:
        return self.state.plan

    @property
    def workbook(self) -> Workbook | None:
        return self.state.workbook

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.state.problems

    @property
    def valid(self) -> bool:
        return self.state.valid

    @property
    def target(self) -> Target | None:
        return self.state.target

    @property
    def evaluation(self) -> Evaluation | None:
        return self.state.evaluation

    @property
    def counts(self) -> Counts | None:
        return self.state.counts

    @property
    def figures(self) -> IndicatorResult | None:
        return self.state.figures

    @property
    def status_text(self) -> str:
        return self.state.status_text

    @property
    def table(self) -> pd.DataFrame:
        return self.state.table

    @property
    def drill(self) -> pd.DataFrame:
        return self.state.drill

    @property
    def what_if_result(self) -> WhatIf | None:
        return self.state.what_if_result

    @property
    def quality(self) -> pd.DataFrame:
        return self.state.quality

    @property
    def filters(self) -> Filters:
        """The filters the controls set (the whole month range is no filter)."""
        first, last = (int(m) for m in self.months.value)
        return Filters(
            grades=tuple(self.grades.value),
            classes=tuple(self.classes.value),
            sexes=(self.sex.value,) if self.sex.value else (),
            months=None if (first, last) == MONTHS else (first, last),
        )

    # --- filling the controls --------------------------------------------------------------

    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """Change widgets without each change recomputing."""
        busy, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = busy

    def _start(self) -> None:
        with self._quiet():
            if self.plan is not None:
                self.indicator.options = self._indicator_options()
                self.indicator.value = self.plan.targets[0].id
            self._fill_filter_options()
            self._fill_dimensions()
            self._apply_labels()
            self.tabs.selected_index = 0 if self.valid else QUALITY_TAB
        self._refresh()

    def _indicator_options(self) -> list[tuple[str, str]]:
        assert self.plan is not None
        lang = self.lang
        return [
            (t("xp.indicator_option", lang, id=tg.id, label=tg.label(lang)), tg.id)
            for tg in self.plan.targets
        ]

    def _fill_filter_options(self) -> None:
        grades = self.state.grades()
        chosen = tuple(g for g in self.grades.value if g in grades)
        self.grades.options = [(t("grade.value", self.lang, g=g), g) for g in grades]
        self.grades.value = chosen
        self._fill_class_options()
        sexes = self.state.sexes()
        sex = self.sex.value if self.sex.value in sexes else ""
        self.sex.options = [(t("xp.sex_all", self.lang), "")] + [
            (value_label("sex", s, self.lang), s) for s in sexes
        ]
        self.sex.value = sex

    def _fill_class_options(self) -> None:
        classes = self.state.classes(tuple(self.grades.value))
        chosen = tuple(c for c in self.classes.value if c in classes)
        self.classes.options = classes
        self.classes.value = chosen

    def _fill_dimensions(self) -> None:
        self.state.indicator = self.indicator.value
        counts = self.state.full_counts()
        dims = self.state.dimensions()
        current = self.dimension.value
        self.dimension.options = [(t(f"dim.{d}", self.lang), d) for d in dims]
        if dims:
            self.dimension.value = current if current in dims else dims[0]
        for widget, column in (
            (self.grades, "grade"),
            (self.classes, "class_name"),
            (self.sex, "sex"),
        ):
            widget.disabled = counts is None or column not in counts.denominator.columns
        self.months.disabled = counts is None or not months_apply(counts)
        self.extra.disabled = self.enrolment.disabled = counts is None

    def _fill_drill_choices(self) -> None:
        sizes = self.state.drill_sizes()
        presenting = self.state.presentation  # no list, and no count of one (the rest tells)
        self.drill_choice.options = [
            (t(f"xp.drill.{k}", self.lang, n="—" if presenting else fmt_int(n, self.lang)), k)
            for k, n in sizes.items()
        ]
        self.drill_choice.disabled = self.state.presentation
        self.drill_choice.value = self.state.drill_kind

    def _label_sexes(self) -> None:
        sex, lang = self.sex.value, self.lang
        self.sex.options = [
            (value_label("sex", s, lang) if s else t("xp.sex_all", lang), s)
            for _, s in self.sex.options
        ]
        self.sex.value = sex

    def _relabel(self, widget: w.Dropdown | w.SelectMultiple, label: Callable[[Any], str]) -> None:
        """Give ``widget``'s options new labels (``label(value)``), keeping the choice."""
        value = widget.value
        widget.options = [(label(v), v) for _, v in widget.options]
        widget.value = value

    def _apply_labels(self) -> None:
        lang = self.lang
        for name, key in _DESCRIPTIONS.items():
            widget = getattr(self, name)
            widget.description = t(key, lang)
            if name not in ("load_button", "reset_button", "upload", "presentation"):
                widget.style.description_width = "initial"
        self.data_path.placeholder = t("xp.data_placeholder", lang)
        self.data_path.tooltip = t("xp.data_tip", lang)
        self.upload.tooltip = t("xp.upload_tip", lang)
        self.presentation.tooltip = t("xp.presentation_tip", lang)
        self.as_of.placeholder = t("xp.as_of_placeholder", lang)
        quality_title = t("xp.tab.quality", lang, n=len(self.quality))
        self.tabs.titles = (*(t(key, lang) for key in _TAB_KEYS), quality_title)
        if self.plan is not None:
            value = self.indicator.value
            self.indicator.options = self._indicator_options()
            self.indicator.value = value
        self._relabel(self.dimension, lambda d: t(f"dim.{d}", lang))
        self._relabel(self.grades, lambda g: t("grade.value", lang, g=g))
        self._label_sexes()
        self.header.value = header_html(self.state)

    # --- events ----------------------------------------------------------------------------

    def _on_indicator(self, _change: dict[str, Any]) -> None:
        if self._busy:
            return
        with self._quiet():
            self._fill_dimensions()
        self._refresh()

    def _on_selection(self, _change: dict[str, Any]) -> None:
        if not self._busy:
            self._refresh()

    def _on_grades(self, _change: dict[str, Any]) -> None:
        if self._busy:
            return
        with self._quiet():
            self._fill_class_options()
        self._refresh()

    def _on_drill(self, _change: dict[str, Any]) -> None:
        if not self._busy:
            self.state.drill_kind = self.drill_choice.value or "numerator"
            self.state.show_drill()
            self.drill_html.value = drill_html(self.state)

    def _on_what_if(self, _change: dict[str, Any]) -> None:
        if not self._busy:
            self.state.extra = int(self.extra.value or 0)
            self.state.enrolment = int(self.enrolment.value or 0)
            self.state.probe()
            self.what_if_html.value = what_if_html(self.state)

    def _on_as_of(self, change: dict[str, Any]) -> None:
        """Read the typed day (``dd/mm/yyyy`` or ISO); an unreadable one is said, not used."""
        if self._busy:
            return
        notice = self.state.set_day(change["new"])
        with self._quiet():
            self.as_of_message.value = notice.text(self.lang) if notice else ""
            if notice is None or notice.key != "xp.bad_day":
                self.as_of.value = fmt_date(self.state.as_of, self.lang) if self.state.as_of else ""
            self._fill_filter_options()
            self._fill_dimensions()
            self.header.value = header_html(self.state)
        self._refresh()

    def _on_presentation(self, change: dict[str, Any]) -> None:
        if not self._busy:
            self.state.presentation = bool(change["new"])
            self.header.value = header_html(self.state)
            self._refresh()

    def _on_upload(self, change: dict[str, Any]) -> None:
        """Open the workbook chosen in the file picker."""
        if self._busy or not change["new"] or self.plan is None:
            return
        open_upload(self.state, change["new"][0])
        with self._quiet():
            self.upload.value = ()  # the file's bytes do not stay in the widget
            self.data_path.value = ""
        self._start()

    def _on_language(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        self.state.translate(change["new"])
        with self._quiet():
            self._apply_labels()
        self._refresh()

    def _on_load(self, _button: object) -> None:
        """Open the workbook named in the path box (empty: the sample school)."""
        if self.plan is None:
            return
        self.state.load(self.data_path.value)
        with self._quiet():
            self.data_path.value = self.state.source or ""
        self._start()

    def reset_filters(self) -> None:
        """Clear every filter and redraw."""
        with self._quiet():
            self.grades.value = ()
            self._fill_class_options()
            self.classes.value = ()
            self.sex.value = ""
            self.months.value = MONTHS
        self._refresh()

    # --- drawing ---------------------------------------------------------------------------

    def _refresh(self) -> None:
        state = self.state
        state.indicator, state.dimension = self.indicator.value, self.dimension.value
        state.filters, state.drill_kind = self.filters, self.drill_choice.value or "numerator"
        state.refresh()
        with self._quiet():
            self.extra.value, self.enrolment.value = state.extra, state.enrolment
            self._fill_drill_choices()
        self.summary.value = summary_html(state)
        self.filters_note.value = filters_html(state)
        self._draw_chart()
        self.chart_note.value = chart_note_html(state)
        self.table_html.value = breakdown_html(state)
        self.drill_html.value = drill_html(state)
        self.what_if_html.value = what_if_html(state)
        self.quality_html.value = quality_html(state)

    def _draw_chart(self) -> None:
        target, figures, by = self.target, self.figures, self.dimension.value
        if target is None or figures is None or self.counts is None or not by:
            self.chart_png = b""
            self.chart.outputs = ()
            return
        self.chart_png = chart_png(
            self.table,
            by=by,
            target=target,
            figures=figures,
            lang=self.lang,
            rule=self.state.rule,
            parameters=self.plan.parameters if self.plan is not None else None,
        )
        image = base64.b64encode(self.chart_png).decode("ascii")
        self.chart.outputs = (
            {
                "output_type": "display_data",
                "data": {"image/png": image, "text/plain": f"<{target.id}: {by}>"},
                "metadata": {},
            },
        )


def build_explorer(
    data_path: str | Path | None = None,
    as_of: str | dt.date | None = None,
    lang: str = "vi",
    *,
    plan_path: str | Path | None = None,
) -> Explorer:
    """Load the workbook and the plan and build the explorer; display ``.widget``.

    Parameters
    ----------
    data_path
        The school's workbook (a folder of CSV files or an ``.xlsx``), quotes allowed;
        ``None`` for the bundled sample school.
    as_of
        ``dd/mm/yyyy`` or ``yyyy-mm-dd`` (or a date) to look mid-year: indicators for the
        period up to that day. ``None``: the whole plan period. Unreadable: the whole period
        and a message in the explorer.
    lang
        ``vi`` (default) or ``en``; the explorer has a switch as well. Anything else:
        Vietnamese and a message in the explorer.
    plan_path
        The plan file; ``None`` for ``parameters/plan_2023.yaml``.

    Returns
    -------
    Explorer
        Never raises for a bad workbook, plan file, day or language: the explorer opens on
        its data-quality tab, listing every error with table, row and column, and says which
        parameter it could not read.
    """
    data_path = clean_path(data_path)
    try:
        plan = open_plan(plan_path)
    except PlanError as exc:
        return Explorer(None, None, plan_error=exc, data_path=data_path, as_of=as_of, lang=lang)
    workbook, problems = load_workbook(data_path, plan)
    return Explorer(plan, workbook, problems=problems, data_path=data_path, as_of=as_of, lang=lang)
