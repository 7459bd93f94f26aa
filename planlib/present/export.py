"""Render executed notebooks to self-contained HTML that opens with no network.

The school board opens reports on an office PC that may be offline, so a report must embed
everything it shows. The ``planlib_offline`` template (``planlib/present/templates``) extends
nbconvert's ``lab`` template and drops every ``<script src>`` it would add (require.js,
MathJax, mermaid, the widget manager); :func:`export_html` also drops interactive widgets,
which cannot work in a static page, and :func:`~planlib.present.offline.assert_offline` checks
the result.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from nbformat import NotebookNode
from traitlets.config import Config

from planlib.core.i18n import check_lang
from planlib.present.offline import ExternalReference, ExternalResourceError, assert_offline
from planlib.present.style import stylesheet

__all__ = [
    "TEMPLATES_DIR",
    "TEMPLATE_NAME",
    "ExternalReference",
    "ExternalResourceError",
    "assert_offline",
    "export_html",
    "make_exporter",
]

#: Folder holding planlib's nbconvert templates.
TEMPLATES_DIR = Path(__file__).parent / "templates"
#: The offline HTML template in :data:`TEMPLATES_DIR`.
TEMPLATE_NAME = "planlib_offline"

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# nbconvert's HTML priority minus the two mimetypes that need JavaScript from elsewhere:
# widget views (need the widget manager) and application/javascript (runs arbitrary code and
# usually loads libraries from a CDN). Outputs offering them fall back to HTML, PNG or text.
_DISPLAY_PRIORITY = [
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "text/vnd.mermaid",
    "text/latex",
    "image/png",
    "image/jpeg",
    "text/plain",
]


def _strip_widgets(nb: NotebookNode) -> NotebookNode:
    """Remove saved widget state and widget-view outputs from ``nb`` in place."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell.outputs = [
                o for o in cell.get("outputs", []) if _WIDGET_VIEW not in o.get("data", {})
            ]
    return nb


class _StripWidgetsPreprocessor(Preprocessor):
    """Drop widget state and widget outputs: nothing can render them offline."""

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        return _strip_widgets(nb), resources


def make_exporter() -> HTMLExporter:
    """Build the HTML exporter for offline reports.

    Build it once and pass it to :func:`export_html` for every notebook: building costs far
    more than exporting (templates are found, parsed and compiled). An exporter is not
    thread-safe; use one per thread or process.

    Returns
    -------
    nbconvert.HTMLExporter
        Uses the ``planlib_offline`` template; hides code inputs and prompts; removes cells
        tagged ``remove_cell``, inputs tagged ``remove_input`` and outputs tagged
        ``remove_output``; drops widgets; prefers outputs that need no JavaScript.
    """
    config = Config()
    config.NbConvertBase.display_data_priority = list(_DISPLAY_PRIORITY)
    config.TagRemovePreprocessor.remove_cell_tags = {"remove_cell"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove_input"}
    config.TagRemovePreprocessor.remove_all_outputs_tags = {"remove_output"}
    exporter = HTMLExporter(
        config=config,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        template_name=TEMPLATE_NAME,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.optimistic_validation = True  # validate once, not after each preprocessor (-30%)
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    exporter.register_preprocessor(_StripWidgetsPreprocessor(), enabled=True)
    return exporter


@functools.cache
def _default_exporter() -> HTMLExporter:
    return make_exporter()


def export_html(
    nb: NotebookNode,
    *,
    exporter: HTMLExporter | None = None,
    lang: str = "vi",
    title: str | None = None,
) -> str:
    """Render an executed notebook to one self-contained HTML page.

    Parameters
    ----------
    nb
        The executed notebook (for example as written by papermill). It is not modified.
    exporter
        From :func:`make_exporter`; by default one shared exporter built on first use.
    lang
        Language of the report, written to ``<html lang>``: ``"vi"`` or ``"en"``.
    title
        The page ``<title>``; by default ``nb.metadata.title`` if set.

    Returns
    -------
    str
        The HTML page, with planlib's one stylesheet (:func:`planlib.present.style.stylesheet`)
        in its head. Saved widget state (``nb.metadata.widgets``) and widget outputs are
        dropped so that no widget manager is referenced.

    Raises
    ------
    ValueError
        If ``lang`` is not supported.
    """
    check_lang(lang)
    if exporter is None:
        exporter = _default_exporter()
    nb = copy.copy(nb)  # shallow: the metadata and cells we change are replaced, not edited
    nb.metadata = copy.deepcopy(nb.metadata)
    nb.cells = [copy.copy(cell) for cell in nb.cells]
    _strip_widgets(nb)
    if title is not None:
        nb.metadata.title = title
    resources = {"lang": lang, "planlib_css": stylesheet()}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body
