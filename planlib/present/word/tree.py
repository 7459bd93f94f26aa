"""The HTML of a view, read back into a small tree for the Word writer.

The views render their parts with the templates of ``templates/`` (autoescaped); the Word
file shows exactly those parts, so it reads their HTML instead of computing anything again.
Only the handful of tags and classes planlib's templates write need to be understood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["BLOCK_TAGS", "Node", "parse"]

#: tags that start a block of their own (a paragraph, a table, a list…)
BLOCK_TAGS = frozenset(
    {"p", "div", "ul", "ol", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section"}
)
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "col"})


@dataclass
class Node:
    """An element: its tag, attributes and children (nodes, or text as ``str``)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> frozenset[str]:
        """The element's CSS classes."""
        return frozenset(self.attrs.get("class", "").split())

    @property
    def is_block(self) -> bool:
        """Whether the element is a block (see :data:`BLOCK_TAGS`)."""
        return self.tag in BLOCK_TAGS

    def has_blocks(self) -> bool:
        """Whether a child is a block: then the element is a container, not a paragraph."""
        return any(isinstance(c, Node) and c.is_block for c in self.children)

    def elements(self, *tags: str) -> list[Node]:
        """Child elements, those of ``tags`` only when given."""
        return [c for c in self.children if isinstance(c, Node) and (not tags or c.tag in tags)]

    def find_all(self, tag: str) -> list[Node]:
        """Every descendant element with ``tag``, in document order."""
        found = []
        for child in self.elements():
            if child.tag == tag:
                found.append(child)
            found += child.find_all(tag)
        return found

    def text(self) -> str:
        """All the text inside, with whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join("".join(parts).split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self._stack[-1].children.append(node)
        if tag not in _VOID:
            self._stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


def parse(html: str) -> Node:
    """The tree of an HTML fragment, under a ``root`` node."""
    builder = _Builder()
    builder.feed(str(html))
    builder.close()
    return builder.root
