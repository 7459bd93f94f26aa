"""The parameters of a run: the YAML parameter set, and the papermill parameters of each page.

A parameter set (``parameters/year_end_2023.yaml``) names the plan, the workbook, the output
and notebook folders, the language, the disclosure rule and, for a district run, the schools.
Before anything runs, :func:`check_parameters` checks every papermill parameter against the
ones the notebook declares (:func:`papermill.inspect_notebook`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from planlib.apps.run.pages import NOTEBOOKS, Page
from planlib.core.errors import PlanError, PlanProblem, UsageError
from planlib.core.i18n import LANGS, t
from planlib.inputs.plan import parse_mapping, validation_problems

__all__ = [
    "DEFAULT_PARAMETERS",
    "RunParameters",
    "SchoolEntry",
    "check_parameters",
    "load_run_parameters",
    "notebook_parameters",
]

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_PARAMETERS = ROOT / "parameters" / "year_end_2023.yaml"
#: keys of a parameter set that name a file or folder (read relative to the file)
PATH_KEYS = ("plan", "data", "out", "notebooks")


class SchoolEntry(BaseModel):
    """One school of a district run: its workbook and how its name is written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data: Path | None = None
    school: dict[str, str] = {}


class RunParameters(BaseModel):
    """A papermill parameter set for one school's run (``parameters/year_end_2023.yaml``).

    Relative paths are relative to the parameter file.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan: Path | None = None
    data: Path | None = None
    out: Path = ROOT / "outputs"
    notebooks: Path = ROOT / "notebooks"
    lang: Annotated[str, Field(pattern="^(vi|en)$")] = "vi"
    as_of: dt.date | None = None
    report_date: dt.date | None = None
    directions: str = ""
    school: dict[str, str] = {}
    jobs: Annotated[int, Field(ge=1)] | None = None
    #: ``internal``: the school board's own report; ``public``: shared beyond the school
    disclosure: Literal["internal", "public"] = "internal"
    #: a district run: one report per school, spread over a Dask cluster
    schools: tuple[SchoolEntry, ...] = ()
    #: also print the year-end report to ``year-end.pdf`` (``--pdf``)
    pdf: bool = False

    @field_validator("as_of", "report_date", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        """A day written ``dd/mm/yyyy`` (as on the command line) or ``yyyy-mm-dd``."""
        if isinstance(value, str):
            try:
                return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()
            except ValueError:
                return value  # yyyy-mm-dd, or pydantic names the wrong value
        return value

    def for_school(self, entry: SchoolEntry) -> RunParameters:
        """The parameters of one school of a district run (its notebooks run one at a time).

        Parameters
        ----------
        entry
            The school, as the district parameter set lists it.

        Returns
        -------
        RunParameters
            This parameter set with the school's workbook and name, and no ``schools``.
        """
        return self.model_copy(
            update={"data": entry.data, "school": entry.school, "schools": (), "jobs": 1}
        )


def load_run_parameters(path: Path | None = None, **overrides: Any) -> RunParameters:
    """Read a parameter set and apply command-line overrides.

    Parameters
    ----------
    path
        The parameter file; ``None`` for ``parameters/year_end_2023.yaml``.
    **overrides
        Values that replace the file's (``None`` values are ignored).

    Returns
    -------
    RunParameters
        The validated parameter set, its paths resolved against the file's folder.

    Raises
    ------
    UsageError
        The file cannot be read.
    PlanError
        The file is not text, not YAML, not a mapping, or a key or value is wrong (named by
        its path); its ``kind`` is ``"parameters"``.
    """
    path = Path(path) if path is not None else DEFAULT_PARAMETERS
    lang = _lang(overrides)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(t("run.cannot_read", lang, path=path, reason=exc.strerror)) from None
    document = parse_mapping(data, str(path), kind="parameters", lang=lang)
    lang = _lang(overrides, document)
    base = path.resolve().parent
    for key in PATH_KEYS:
        if document.get(key) is not None:
            document[key] = _relative_to(base, document[key])
    for entry in document.get("schools") or []:
        if isinstance(entry, dict) and entry.get("data") is not None:
            entry["data"] = _relative_to(base, entry["data"])
    document.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return RunParameters.model_validate(document)
    except ValidationError as exc:
        problems = [
            PlanProblem(
                p.path,
                "param_invalid",
                {"reason": (p.message("vi"), p.message("en"))},
                shown_path=p.shown_path,
            )
            for p in validation_problems(exc, document, codes=_PARAMETER_CODES)
        ]
        raise PlanError(str(path), problems, kind="parameters", lang=lang) from None


#: pydantic's reasons that a parameter file words its own way (``plan.param_*``)
_PARAMETER_CODES = {"extra_forbidden": "param_extra", "date_parsing": "param_date"}


def _lang(overrides: dict[str, Any], document: dict[Any, Any] | None = None) -> str:
    """The language of the messages about a parameter file: the command line's, the file's."""
    for lang in (overrides.get("lang"), (document or {}).get("lang")):
        if lang in LANGS:
            return str(lang)
    return "vi"


def _relative_to(base: Path, value: object) -> object:
    """A path of the parameter file, read relative to the file (``..`` folded away)."""
    if not isinstance(value, str | Path):
        return value  # the model names the wrong type
    return Path(os.path.normpath(base / value))


def notebook_parameters(page: Page, params: RunParameters, evaluation_path: Path) -> dict[str, Any]:
    """The papermill parameters of one page.

    Parameters
    ----------
    page
        ``(kind, key)``: ``("target", "T2.1")``, ``("year_end", None)``…
    params
        The run's parameter set.
    evaluation_path
        The pickled evaluation the notebooks of the run share.

    Returns
    -------
    dict
        Parameter name -> value, as papermill injects them.
    """
    kind, key = page
    values: dict[str, Any] = {
        "data_path": str(params.data) if params.data else None,
        "plan_path": str(params.plan) if params.plan else None,
        "lang": params.lang,
        "as_of": params.as_of.isoformat() if params.as_of else None,
        "evaluation_path": str(evaluation_path),
        "disclosure": params.disclosure,
    }
    if kind == "target":
        values["indicator_id"] = key
    elif kind == "area":
        values["area_id"] = key
    elif kind == "year_end":
        values["report_date"] = params.report_date.isoformat() if params.report_date else None
        values["directions"] = params.directions
    return values


def check_parameters(notebooks: Path, plan: list[Page], params: RunParameters) -> None:
    """Check every parameter against the notebook's declared ones before anything runs.

    Parameters
    ----------
    notebooks
        The folder of the report notebooks.
    plan
        The pages of the run.
    params
        The run's parameter set.

    Raises
    ------
    UsageError
        A notebook is missing, or a page would get a parameter its notebook does not declare.
    """
    from planlib.apps.kernels import lighter_nbformat

    lighter_nbformat()
    import papermill

    problems = set()
    declared_by_kind: dict[str, set[str]] = {}
    for kind, key in plan:
        path = notebooks / NOTEBOOKS[kind]
        if not path.exists():
            raise UsageError(t("run.missing_notebook", params.lang, path=path))
        if kind not in declared_by_kind:
            declared_by_kind[kind] = set(papermill.inspect_notebook(str(path)))
        unknown = set(notebook_parameters((kind, key), params, Path("x"))) - declared_by_kind[kind]
        problems |= {
            t("run.undeclared_parameter", params.lang, notebook=path.name, name=repr(name))
            for name in unknown
        }
    if problems:
        raise UsageError("\n".join(sorted(problems)))
