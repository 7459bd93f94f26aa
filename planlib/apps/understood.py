"""What ``planlib validate`` says it understood of each sheet of a school's workbook.

For each table: the sheet, the header row(s) it used, which header it matched to which
contract column, the columns it ignored (personal ones marked, never read), the title, total
and note rows it skipped, the merged cells it filled and the columns it derived — so a lead
sees at a glance that the list was read right. Only headers and row numbers are shown, never
a cell's value.
"""

from __future__ import annotations

from planlib.core.i18n import t, table_name
from planlib.inputs.raw import RawWorkbook

__all__ = ["understood", "understood_lines"]


def understood(raw: RawWorkbook) -> dict[str, dict[str, object]]:
    """Per table id: the sheet, the number of data rows and the layout (for ``--format json``)."""
    return {
        table_id: {"sheet": table.label, "rows": len(table.rows), **table.layout.to_dict()}
        for table_id, table in raw.tables.items()
    }


def _rows(numbers: list[int]) -> str:
    parts: list[list[int]] = []
    for n in sorted(numbers):
        if parts and n == parts[-1][-1] + 1:
            parts[-1].append(n)
        else:
            parts.append([n])
    return ", ".join(f"{p[0]}–{p[-1]}" if len(p) > 1 else str(p[0]) for p in parts)


def _table_lines(table_id: str, info: dict[str, object], lang: str) -> list[str]:
    header_rows = info["header_rows"] or []
    lines = [
        t(
            "read.table",
            lang,
            table=f"{table_name(table_id, lang)} ({table_id})",
            sheet=info["sheet"],
            header=_rows(list(header_rows)),  # type: ignore[arg-type]
            rows=info["rows"],
        )
    ]
    pairs = info["matched"].items()  # type: ignore[union-attr]
    matched = ", ".join(h if h == c else f"{h} → {c}" for h, c in pairs)
    lines.append(t("read.matched", lang, columns=matched or "—"))
    optional = [
        ("read.ignored", ", ".join(info["ignored"])),  # type: ignore[arg-type]
        ("read.personal", ", ".join(info["personal"])),  # type: ignore[arg-type]
        ("read.titles", _rows(info["skipped_titles"])),  # type: ignore[arg-type]
        ("read.totals", _rows(info["skipped_totals"])),  # type: ignore[arg-type]
        ("read.notes", _rows(info["skipped_notes"])),  # type: ignore[arg-type]
        ("read.filled", info["filled_cells"] or ""),
        ("read.derived", ", ".join(t(f"read.derived.{c}", lang) for c in info["derived"])),  # type: ignore[union-attr]
    ]
    lines += [t(key, lang, value=value) for key, value in optional if value]
    return lines


def understood_lines(raw: RawWorkbook, lang: str = "vi") -> list[str]:
    """The summary as lines of text, one block per table, in the user's language."""
    lines = [t("read.heading", lang)]
    for table_id, info in understood(raw).items():
        lines += _table_lines(table_id, info, lang)
    return lines
