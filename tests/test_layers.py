"""The shape of the library (issue 8): layers, cycles, module and function sizes, markup.

planlib is a house on five floors: ``core`` < ``inputs`` < ``evaluation`` < ``present`` <
``apps``. A module imports only its own layer and the layers below it, and nothing imports
``apps``. Imports are read from the source, deferred (inside functions) and type-only ones
counted; package ``__init__`` facades are left aside when looking for cycles.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "planlib"
LAYERS = ("core", "inputs", "evaluation", "present", "apps")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every planlib module ``path`` imports, wherever the import statement stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name in MODULES and name != "planlib"}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


GRAPH = {module: _imports(path) for module, path in MODULES.items()}


def _is_facade(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def test_layers_import_only_themselves_and_the_layers_below() -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(module) is not None
        and _layer(target) is not None
        and _layer(target) > _layer(module)
    ]
    assert not wrong, "imports that run up the layers:\n" + "\n".join(sorted(wrong))


def test_nothing_in_the_library_imports_apps() -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(target) == LAYERS.index("apps")
        and _layer(module) != LAYERS.index("apps")
        and module != "planlib.__main__"
    ]
    assert not wrong, "\n".join(sorted(wrong))


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), facades aside."""
    graph = {
        m: {t for t in ts if not _is_facade(t) and t != m}
        for m, ts in GRAPH.items()
        if not _is_facade(m)
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_no_module_is_over_600_lines() -> None:
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    assert {m: n for m, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_no_function_is_over_80_lines() -> None:
    long = {}
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{module}.{node.name}"] = lines
    assert long == {}


_HTML = re.compile(
    r"<\s*/?\s*(html|head|body|div|span|table|thead|tbody|tr|td|th|caption|p|a|ul|ol|li|"
    r"h[1-6]|style|script|strong|em|br|img|svg|section|main|nav)\b[^>]*>",
    re.IGNORECASE,
)
_CSS = re.compile(
    r"\b(color|background|margin|padding|border|font-[a-z]+|display|text-align)\s*:\s*[^;]+;"
)


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """String constants of a module, docstrings aside."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_html_or_css_is_built_in_python_strings() -> None:
    found = []
    for module, path in MODULES.items():
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if _HTML.search(text) or _CSS.search(text):
                found.append(f"{module}:{line}: {text[:60]!r}")
    assert found == [], "markup belongs in planlib/present/templates:\n" + "\n".join(found)


def test_no_solution_area_id_in_library_code() -> None:
    """The plan file names the areas; only the sample school's rows may spell them."""
    found = []
    for module, path in MODULES.items():
        if module.startswith("planlib.inputs.sample"):
            continue
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if re.fullmatch(r"S[1-9]", text):
                found.append(f"{module}:{line}: {text!r}")
    assert found == []


REPORT_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[1-9]*.ipynb"))


@pytest.mark.parametrize("name", REPORT_NOTEBOOKS)
def test_report_notebooks_pass_lang_and_disclosure_once(name: str) -> None:
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    code = "\n".join(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and "parameters" not in c.get("metadata", {}).get("tags", [])
    )
    assert len(re.findall(r"\blang\s*=", code)) <= 1
    assert len(re.findall(r"\bdisclosure\s*=", code)) <= 1
