"""The blank Excel workbook a school fills in, generated from the data contract.

Everything the workbook says about a table or a column (sheet name, headers, types, required
marks, drop-down lists, validations, the instructions sheet) comes from
:data:`planlib.core.contract.TABLES`, its words from the catalogue
(``planlib/core/catalogue/template.yaml``); nothing is copied by hand from the specification.
The sheet and header names are always the Vietnamese ones, so the loader matches them whatever
``lang`` the instructions are written in.

Modules: :mod:`~planlib.apps.template.texts` (the words), :mod:`~planlib.apps.template.cells`
(values into cells), :mod:`~planlib.apps.template.validation` (drop-downs and bounds),
:mod:`~planlib.apps.template.sheets` (data sheets and lists),
:mod:`~planlib.apps.template.instructions` (the instructions sheet).

Examples
--------
>>> from pathlib import Path
>>> write_template(Path("mau_nhap_lieu.xlsx"))  # doctest: +SKIP
PosixPath('mau_nhap_lieu.xlsx')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from planlib.apps.template.cells import DATE_FORMAT, DATETIME_FORMAT
from planlib.apps.template.instructions import write_instructions
from planlib.apps.template.sheets import AUTHOR, MAX_ROW, write_lists, write_table_sheet
from planlib.apps.template.texts import text
from planlib.core.contract import TABLES
from planlib.core.i18n import t
from planlib.inputs.readers import SAMPLE_SHEET, SAMPLE_SIGNATURE

__all__ = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "MAX_ROW",
    "build_template",
    "write_template",
]

Rows = Mapping[str, Sequence[Mapping[str, object]]]
_SHEET_NAME_MAX = 31
_LANGS = ("vi", "en")


def write_template(
    path: Path, *, rows: Rows | None = None, lang: str = "vi", sample: bool = False
) -> Path:
    """Write the workbook a school fills in, optionally with rows already entered.

    Parameters
    ----------
    path : Path
        Where to write the ``.xlsx`` file; its folder must exist.
    rows : mapping of str to sequence of mappings, optional
        Table id to rows, each row keyed by contract column id. Values may be strings as typed in
        a CSV file (``"05/12/2023"``, ``"1.500.000"``, ``"F"``, ``"x"``) or Python ``date``,
        ``datetime``, ``int``, ``float`` and ``bool``. Dates become Excel date cells, numbers
        become numbers, enumeration codes become their Vietnamese label, booleans ``Có``/``Không``;
        a value that cannot be read is written verbatim as text, so the loader reports it.
    lang : {"vi", "en"}
        Language of the instructions sheet and of the validation messages. Sheet names and
        headers are Vietnamese in both languages.
    sample : bool, default False
        Mark the workbook as sample data (``rows`` is the sample school): a visible sheet
        ``DU_LIEU_MAU`` says so, and every report made from the workbook is marked DỮ LIỆU MẪU
        until the sheet is deleted.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ValueError
        For an unknown language, table id or column id.
    """
    workbook = build_template(rows=rows, lang=lang, sample=sample)
    path = Path(path)
    workbook.save(path)
    return path


def build_template(*, rows: Rows | None = None, lang: str = "vi", sample: bool = False) -> Workbook:
    """Build the template workbook in memory; see :func:`write_template`.

    Parameters
    ----------
    rows : mapping of str to sequence of mappings, optional
        As in :func:`write_template`.
    lang : {"vi", "en"}
        As in :func:`write_template`.
    sample : bool, default False
        As in :func:`write_template`.

    Returns
    -------
    openpyxl.Workbook
        Instructions sheet first, one sheet per contract table, the hidden list sheet, then
        the sample-data sheet when ``sample``.
    """
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {sorted(_LANGS)} (got {lang!r})")
    rows = dict(rows or {})
    _check_rows(rows)
    workbook = Workbook()
    workbook.properties.creator = AUTHOR
    workbook.properties.title = text("title", lang)
    instructions = workbook.active
    instructions.title = text("instructions_sheet", lang)
    table_sheets = [_new_sheet(workbook, table.vi) for table in TABLES]
    lists = workbook.create_sheet(text("lists_sheet", lang))
    refs = write_lists(lists, TABLES)
    lists.sheet_state = "hidden"
    for table, sheet in zip(TABLES, table_sheets, strict=True):
        write_table_sheet(sheet, table, rows.get(table.id, ()), refs=refs, lang=lang)
    write_instructions(instructions, TABLES, lang=lang)
    if sample:
        marker = workbook.create_sheet(SAMPLE_SHEET)
        marker["A1"], marker["A2"] = SAMPLE_SIGNATURE, t("fault.sample_sheet", lang)
    workbook.active = 0
    return workbook


def _new_sheet(workbook: Workbook, title: str) -> Worksheet:
    if len(title) > _SHEET_NAME_MAX:
        raise ValueError(f"sheet name {title!r} is longer than Excel's {_SHEET_NAME_MAX} chars")
    return workbook.create_sheet(title)


def _check_rows(rows: Rows) -> None:
    known = {table.id: table for table in TABLES}
    for table_id, table_rows in rows.items():
        if table_id not in known:
            raise ValueError(f"unknown table {table_id!r}; tables are {sorted(known)}")
        ids = {col.id for col in known[table_id].columns}
        for number, row in enumerate(table_rows, start=2):
            unknown = sorted(set(row) - ids)
            if unknown:
                raise ValueError(
                    f"{table_id}, row {number}: unknown columns {unknown}; "
                    f"columns are {sorted(ids)}"
                )
