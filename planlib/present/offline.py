"""Checking that an HTML page loads nothing from the network (no nbconvert needed).

:func:`assert_offline` is run on every page planlib writes: the notebooks' pages (exported by
:mod:`planlib.present.export`) and the index and district pages (Jinja2 templates), so that
checking a template's page costs no nbconvert import.
"""

from __future__ import annotations

import html as _html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

from planlib.core.errors import PlanlibError

__all__ = ["ExternalReference", "ExternalResourceError", "assert_offline", "write_offline"]


class ExternalReference(NamedTuple):
    """A place in an HTML page that points outside the page."""

    line: int
    where: str  # '<script src>', '<a href>', 'style element url()', 'style element @import'
    url: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.where} {self.url}"


class ExternalResourceError(PlanlibError, ValueError):
    """An HTML report references something outside itself; ``references`` lists each one."""

    def __init__(self, references: list[ExternalReference]) -> None:
        self.references = references
        lines = "\n".join(f"  {ref}" for ref in references)
        super().__init__(
            f"{len(references)} external reference(s) in a report that must work offline "
            f"(expected only data: URIs and relative links):\n{lines}"
        )


# Attributes that make the browser fetch (or, for <a>/<area>, navigate to) a URL.
_URL_ATTRS = frozenset(
    {"src", "href", "xlink:href", "poster", "action", "formaction", "background", "data"}
)
_SRCSET_ATTRS = frozenset({"srcset", "imagesrcset"})
# Absolute URL with an authority (http://, https://, ftp://, file://...) or scheme-relative
# //host. Browsers read a backslash as a slash here, so accept both.
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:)?[/\\]{2}", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_URL_NOISE = re.compile(r"[\t\n\r]")  # browsers delete these from URLs


def _is_external(url: str) -> bool:
    return bool(_EXTERNAL.match(_URL_NOISE.sub("", _html.unescape(url)).strip()))


class _OfflineScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[ExternalReference] = []
        self._in_style = False

    def _add(self, where: str, url: str) -> None:
        if _is_external(url):
            self.found.append(ExternalReference(self.getpos()[0], where, url.strip()))

    def _scan_css(self, css: str, where: str) -> None:
        for match in _CSS_URL.finditer(css):
            self._add(f"{where} url()", next(g for g in match.groups() if g is not None))
        for match in _CSS_IMPORT.finditer(css):
            self._add(f"{where} @import", next(g for g in match.groups() if g is not None))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name in _URL_ATTRS:
                self._add(f"<{tag} {name}>", value)
            elif name in _SRCSET_ATTRS:
                for candidate in value.split(","):
                    self._add(f"<{tag} {name}>", candidate.strip().split(" ")[0])
            elif name == "style":
                self._scan_css(value, f"<{tag} style>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._scan_css(data, "style element")


def assert_offline(html: str) -> None:
    """Check that an HTML page loads nothing from the network and links nowhere outside.

    Looks at real tags and attributes (not text that merely looks like HTML): ``src``,
    ``href`` (including ``<a href>``: reports should not send readers online either),
    ``srcset``, ``poster``, ``action`` and friends, plus ``url()`` and ``@import`` in
    ``<style>`` elements and ``style`` attributes. ``data:`` URIs, ``#anchors`` and relative
    links are fine.

    Parameters
    ----------
    html
        The page.

    Raises
    ------
    ExternalResourceError
        A ``ValueError`` listing every ``http(s)://``, other ``scheme://`` or scheme-relative
        ``//`` reference with its line number.
    """
    scanner = _OfflineScanner()
    scanner.feed(html)
    scanner.close()
    if scanner.found:
        raise ExternalResourceError(scanner.found)


def write_offline(path: Path, body: str) -> None:
    """Write a page after checking that it loads nothing from the network
    (:func:`assert_offline`)."""
    assert_offline(body)
    path.write_text(body, encoding="utf-8")
