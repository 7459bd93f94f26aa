"""pyproject.toml is the single source of dependencies; environment.yml mirrors it."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].lower()


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(s): s.replace(" ", "") for s in project["dependencies"]}
    wanted |= {_name(s): s.replace(" ", "") for s in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {
        _name(s): s.replace(" ", "")
        for s in env["dependencies"]
        if isinstance(s, str) and _name(s) not in ("python", "pip")
    }
    assert conda == wanted


def test_outputs_folder_is_ignored_but_kept():
    ignore = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert "outputs/*" in ignore and "!outputs/.gitkeep" in ignore
    assert (ROOT / "outputs" / ".gitkeep").exists()
