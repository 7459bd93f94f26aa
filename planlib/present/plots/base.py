"""Shared styling of the report figures: colours from :mod:`planlib.present.style`, matplotlib
style, axis helpers."""

from __future__ import annotations

import contextlib
import functools
import math
import textwrap
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ParamSpec

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, MaxNLocator

from planlib.core.disclosure import check_disclosure
from planlib.core.fmt import fmt_number
from planlib.core.i18n import t
from planlib.present import style

__all__ = ["DPI", "FIGSIZE", "PALETTE", "STATUS_COLOURS"]


FIGSIZE = (7.0, 3.5)
DPI = 100
#: text colours of the stylesheet's .status-* classes (the figures' markers), and their fills
STATUS_COLOURS = dict(style.STATUS_COLOURS)
STATUS_FILLS = dict(style.STATUS_BACKGROUNDS)
PRIMARY = style.PALETTE["primary"]
LIGHT = style.PALETTE["light"]
ACCENT = style.PALETTE["accent"]
THRESHOLD = style.PALETTE["threshold"]
MUTED = style.PALETTE["muted"]
#: funding groups: planned and raised
FUNDING_COLOURS = (style.PALETTE["primary"], style.PALETTE["warm"])
#: categories (kinds of cases, sources…) in this order
PALETTE = list(style.CATEGORY_COLOURS)
TASK_COLOURS = {
    "done": STATUS_COLOURS["achieved"],
    "in_progress": style.PALETTE["warm"],
    "not_started": STATUS_COLOURS["not_achieved"],
    "no_data": style.PALETTE["faint"],
}
#: kinds of cases (contract order) -> colour, the same in every figure
KIND_COLOURS = dict(
    zip(
        (
            "injury",
            "violence",
            "sexual_abuse",
            "maltreatment",
            "child_labour",
            "exploitation",
            "other",
        ),
        PALETTE,
        strict=True,
    )
)
_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Liberation Sans"],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    # titles just above the axes: the place matplotlib would find for them, as no figure has
    # tick labels, an axis label or an offset text above its axes, without measuring the axes
    # for each title on every draw
    "axes.titley": 1.0,
    "axes.labelsize": 9,
    "axes.labelcolor": style.PALETTE["label"],
    "axes.edgecolor": style.PALETTE["axis"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "xtick.color": style.PALETTE["label"],
    "ytick.color": style.PALETTE["label"],
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
}
_AXES = {"grid.color": style.PALETTE["grid"], "axes.facecolor": "white"}

#: seaborn's whitegrid with planlib's settings over it, as one set of rcParams
_STYLE = {**sns.axes_style("whitegrid", _AXES), **_RC}

P = ParamSpec("P")


@contextlib.contextmanager
def _style() -> Iterator[None]:
    """planlib's figure style (:data:`_STYLE`) for the time of the ``with`` block."""
    with mpl.rc_context(_STYLE):
        yield


class _StyledCanvas(FigureCanvasAgg):
    """The canvas of a report figure: it draws and prints the figure in planlib's style.

    A figure is laid out and drawn only when it is printed (the notebook's PNG, Word's image),
    and in the style it was made in, whatever the rcParams of the caller: one layout pass for
    each image, none when the figure is made.
    """

    def draw(self) -> None:
        """Draw the figure in planlib's style."""
        with _style():
            super().draw()

    def print_figure(self, filename: Any, *args: Any, **kwargs: Any) -> Any:
        """Print the figure in planlib's style (:meth:`FigureCanvasBase.print_figure`).

        A PNG cropped to its content (``bbox_inches="tight"``: the notebook's image, Word's)
        is laid out and measured here, then printed to that box: matplotlib would draw the
        whole figure once more, without rendering, between the layout and the measure.
        """
        with _style():
            if not args and _tight_png(self.figure, kwargs):
                return self._print_tight_png(filename, **kwargs)
            return super().print_figure(filename, *args, **kwargs)

    def _print_tight_png(self, filename: Any, **kwargs: Any) -> Any:
        fig = self.figure
        engine = fig.get_layout_engine()
        dpi = _or_rc(kwargs.get("dpi"), "savefig.dpi")
        pad = _or_rc(kwargs.get("pad_inches"), "savefig.pad_inches")
        shown_dpi = fig.dpi
        fig.dpi = fig.dpi if dpi == "figure" else dpi  # laid out as printed
        try:
            engine.execute(fig)
            extra = kwargs.get("bbox_extra_artists")
            box = fig.get_tightbbox(self.get_renderer(), bbox_extra_artists=extra)
        finally:
            fig.dpi = shown_dpi
        fig.set_layout_engine(None)  # laid out: printing to a box draws once, and no layout
        try:
            return super().print_figure(filename, **{**kwargs, "bbox_inches": box.padded(pad)})
        finally:
            fig.set_layout_engine(engine)


def _or_rc(value: Any, key: str) -> Any:
    return mpl.rcParams[key] if value is None else value


def _tight_png(fig: Figure, kwargs: dict[str, Any]) -> bool:
    """Whether ``print_figure(**kwargs)`` prints ``fig`` (constrained) as a cropped PNG."""
    return (
        kwargs.get("format") == "png"
        and kwargs.get("bbox_inches") == "tight"
        and isinstance(kwargs.get("pad_inches"), float | int | None)
        and isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
        and bool(fig.axes)
    )


def _first_ticks(fig: Figure) -> None:
    """Make each axis' first ticks now, in the style: the ticks a draw adds copy them."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.get_major_ticks(1)
            axis.get_minor_ticks(1)


def _styled(fn: Callable[P, Figure | None]) -> Callable[P, Figure | None]:
    """Draw in planlib's style on a :class:`_StyledCanvas`; close any pyplot figure the
    function made."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Figure | None:
        before = set(plt.get_fignums())
        try:
            with _style():
                fig = fn(*args, **kwargs)
                if fig is not None:
                    _first_ticks(fig)
        finally:
            for number in set(plt.get_fignums()) - before:
                plt.close(number)
        return fig

    return wrapper


def _new(figsize: tuple[float, float] = FIGSIZE) -> tuple[Figure, Any]:
    """A figure on a :class:`_StyledCanvas` (not in pyplot) and its one axes."""
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    _StyledCanvas(fig)
    return fig, fig.subplots()


@functools.lru_cache(maxsize=4096)
def _tick_text(value: float, digits: int, lang: str, _sign: float) -> str:
    return fmt_number(value, digits, lang, trim=True)


def _tick_formatter(lang: str, digits: int, scale: float = 1.0) -> FuncFormatter:
    """Tick labels through Babel, each text made once: an axis is labelled anew at each
    layout and draw, with the same few values (``_sign`` tells ``-0.0`` from ``0.0``)."""

    def label(x: float, _pos: int | None) -> str:
        value = float(x) / scale
        return _tick_text(value, digits, lang, math.copysign(1.0, value))

    return FuncFormatter(label)


def _number_axis(axis: Any, lang: str, digits: int = 1, *, integer: bool = False) -> None:
    """Tick labels through Babel (``1,5``; ``10.000``)."""
    if integer:
        axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(_tick_formatter(lang, 0 if integer else digits))


def _million_axis(axis: Any, lang: str) -> None:
    axis.set_major_formatter(_tick_formatter(lang, 1, 1e6))


def _bar_labels(
    ax: Any, container: Any, lang: str, fmt: Callable[[float], str] | None = None
) -> None:
    labels = [
        (fmt(v) if fmt else fmt_number(v, 0, lang, trim=True)) if v else ""
        for v in container.datavalues
    ]
    ax.bar_label(container, labels=labels, padding=2, fontsize=8, color=style.PALETTE["label"])


def _public(disclosure: str) -> bool:
    return check_disclosure(disclosure) == "public"


def _hidden_labels(
    ax: Any, positions: Sequence[float], texts: Sequence[str], *, horizontal: bool = False
) -> None:
    """Labels of bars not drawn (``< 5``, ``x``), at the baseline: nothing about their size."""
    for position, text in zip(positions, texts, strict=True):
        if horizontal:
            xy, offset, align = (0, position), (3, 0), {"va": "center", "ha": "left"}
        else:
            xy, offset, align = (position, 0), (0, 3), {"ha": "center", "va": "bottom"}
        ax.annotate(
            text,
            xy,
            xytext=offset,
            textcoords="offset points",
            fontsize=8,
            color=MUTED,
            fontstyle="italic",
            **align,
        )


def _public_note(ax: Any, lang: str) -> None:
    """Say on the figure that hidden bars are not drawn."""
    ax.set_title(
        t("disc.chart_note", lang), loc="right", fontsize=7, fontweight="normal", color=MUTED
    )


def _count_top(drawn: Any) -> float:
    """Top of a count axis: the bars drawn (never a hidden one), and room for a ``< 5`` label."""
    return max(float(np.max(drawn, initial=0)), 5.0) * 1.15


def _ticks(
    ax: Any, axis: str, labels: Sequence[str], *, rotate: bool = False, wrap: int = 30
) -> None:
    positions = np.arange(len(labels))
    labels = [textwrap.fill(label, wrap) for label in labels]
    if axis == "x":
        ax.set_xticks(
            positions, labels, rotation=30 if rotate else 0, ha="right" if rotate else "center"
        )
    else:
        ax.set_yticks(positions, labels)
