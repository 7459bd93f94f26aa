"""Tests of :mod:`planlib.core.i18n`: the one catalogue is complete, consistent and unique.

Every catalogue key the library names literally exists; every key has a Vietnamese and an
English text taking the same ``{placeholders}``; a key defined twice is refused.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from planlib.core import i18n
from planlib.core.i18n import LABELS, LANGS, PROBLEMS, CatalogueError, _load

PACKAGE = Path(i18n.__file__).resolve().parents[1]
SOURCES = sorted(PACKAGE.rglob("*.py"))

#: call name -> (catalogue section, key prefix, argument holding the key: position or keyword)
LOOKUPS: dict[str, tuple[dict[str, tuple[str, str]], str, int | str]] = {
    "t": (LABELS, "", 0),
    "texts": (LABELS, "", 0),
    "problem_text": (PROBLEMS, "", 0),
    "has_problem": (PROBLEMS, "", 0),
    "Problem": (PROBLEMS, "", 0),
    "CellError": (PROBLEMS, "", 0),
    "PlanProblem": (PROBLEMS, "plan.", 1),
    "UsageError": (PROBLEMS, "usage.", "code"),
}
#: the template's own helpers, which add ``template.`` to the key
TEMPLATE_LOOKUPS = {"text": 0, "has_text": 0}


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _argument(call: ast.Call, where: int | str) -> ast.expr | None:
    if isinstance(where, str):
        return next((kw.value for kw in call.keywords if kw.arg == where), None)
    return call.args[where] if len(call.args) > where else None


def _uses() -> Iterator[tuple[str, int, dict[str, tuple[str, str]], str, bool]]:
    """(file, line, section, key or key prefix, whether only the prefix is literal)."""
    for path in SOURCES:
        in_template = "template" in path.relative_to(PACKAGE).parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            if name in LOOKUPS:
                section, prefix, where = LOOKUPS[name]
            elif in_template and name in TEMPLATE_LOOKUPS:
                section, prefix, where = LABELS, "template.", TEMPLATE_LOOKUPS[name]
            else:
                continue
            arg = _argument(node, where)
            where_ = (str(path.relative_to(PACKAGE)), node.lineno)
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield (*where_, section, prefix + arg.value, False)
            elif isinstance(arg, ast.JoinedStr) and arg.values:
                head = arg.values[0]
                if isinstance(head, ast.Constant) and isinstance(head.value, str):
                    yield (*where_, section, prefix + head.value, True)


USES = list(_uses())


def test_the_scan_finds_the_library_lookups() -> None:
    keys = {key for *_, key, _ in USES}
    assert {"row", "usage.not_found", "plan.not_mapping", "template.title"} <= keys
    assert len(USES) > 300


def test_every_key_used_in_the_library_exists() -> None:
    missing = [
        f"{path}:{line}: {key}{'…' if partial else ''}"
        for path, line, section, key, partial in USES
        if (not any(k.startswith(key) for k in section) if partial else key not in section)
    ]
    assert not missing, "\n".join(missing)


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _same_placeholders(vi: str, en: str) -> bool:
    return _placeholders(vi) == _placeholders(en)


@pytest.mark.parametrize("section", ["labels", "problems"])
def test_every_key_has_both_languages_with_the_same_placeholders(section: str) -> None:
    table = {"labels": LABELS, "problems": PROBLEMS}[section]
    assert LANGS == ("vi", "en")
    wrong = [
        f"{key}: vi {sorted(_placeholders(vi))} / en {sorted(_placeholders(en))}"
        for key, (vi, en) in table.items()
        if not _same_placeholders(vi, en)
    ]
    empty = [key for key, (vi, en) in table.items() if not vi.strip() or not en.strip()]
    assert not wrong, "\n".join(wrong)
    assert not empty, empty


def test_every_catalogue_file_gives_both_languages() -> None:
    import yaml

    for path in sorted((PACKAGE / "core" / "catalogue").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section, entries in document.items():
            for key, entry in entries.items():
                assert set(entry) == set(LANGS), f"{path.name}: {section}.{key}"


def test_a_key_defined_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("labels:\n  x:\n    vi: một\n    en: one\n", "utf-8")
    (tmp_path / "b.yaml").write_text("labels:\n  x:\n    vi: hai\n    en: two\n", "utf-8")
    with pytest.raises(CatalogueError, match=r"b\.yaml: labels\.x is defined twice"):
        _load(tmp_path)


def test_the_loader_merges_files_by_section(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("labels:\n  x:\n    vi: một\n    en: one\n", "utf-8")
    (tmp_path / "b.yaml").write_text("problems:\n  x:\n    vi: hai\n    en: two\n", "utf-8")
    assert _load(tmp_path) == {"labels": {"x": ("một", "one")}, "problems": {"x": ("hai", "two")}}
