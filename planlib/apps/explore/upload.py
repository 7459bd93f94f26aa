"""A workbook chosen in the explorer's file picker, opened from a temporary copy.

JupyterLab's file picker (:class:`ipywidgets.FileUpload`) hands the kernel the file's bytes,
not a path. :func:`open_upload` writes them to a temporary folder under the file's own name,
opens the workbook from there (the tables are read into memory) and removes the copy: the
school's file is read, never kept.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from planlib.apps.explore.state import ExplorerState

__all__ = ["ACCEPT", "open_upload"]

#: the workbook files the picker offers (a CSV folder is opened by its path instead)
ACCEPT = ".xlsx,.xlsm,.xls,.xlsb,.ods"


def open_upload(state: ExplorerState, upload: Mapping[str, object]) -> None:
    """Open the workbook of one :class:`~ipywidgets.FileUpload` entry in ``state``.

    Parameters
    ----------
    state
        The explorer's state: its workbook, problems and figures are replaced.
    upload
        An entry of ``FileUpload.value``: ``name`` and ``content`` (bytes or a memoryview).
    """
    name = Path(str(upload.get("name") or "upload.xlsx")).name  # no folder from the browser
    content = upload.get("content") or b""
    with tempfile.TemporaryDirectory(prefix="planlib-") as folder:
        path = Path(folder) / name
        path.write_bytes(bytes(content))  # type: ignore[arg-type]
        state.load(path, name=name)
