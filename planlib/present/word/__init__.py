"""The year-end report as a Word file (python-docx), from the same views as the HTML report."""

from planlib.present.word.year_end import write_year_end_docx, year_end_document, year_end_parts

__all__ = ["write_year_end_docx", "year_end_document", "year_end_parts"]
