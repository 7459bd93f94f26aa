"""HTML from templates: the Jinja2 environment of planlib's pages and fragments.

Every fragment and page is a template under ``templates/`` rendered with autoescape, so a
class name, partner or id from the workbook can never become markup. :class:`Fragment` is
:class:`markupsafe.Markup` that also displays itself in a notebook.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

__all__ = ["ENV", "Fragment", "render"]


class Fragment(Markup):
    """Safe HTML that a notebook cell shows as HTML (``_repr_html_``)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


ENV = Environment(
    loader=PackageLoader("planlib.present", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)


def render(name: str, /, **context: object) -> Fragment:
    """Render ``templates/<name>`` with autoescape; the result is safe HTML."""
    return Fragment(ENV.get_template(name).render(**context))
