"""The reports as Word files (python-docx), from the same views as the HTML reports."""

from planlib.present.word.district import district_document, district_parts, write_district_docx
from planlib.present.word.year_end import write_year_end_docx, year_end_document, year_end_parts

__all__ = [
    "district_document",
    "district_parts",
    "write_district_docx",
    "write_year_end_docx",
    "year_end_document",
    "year_end_parts",
]
