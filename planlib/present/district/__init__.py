"""The district office's compiled report (notebook ``95_district_report``, ``district.docx``)."""

from planlib.present.district.context import (
    DistrictContext,
    load_district_context,
    save_district_context,
)
from planlib.present.district.report import DistrictReport, open_district_report

__all__ = [
    "DistrictContext",
    "DistrictReport",
    "load_district_context",
    "open_district_report",
    "save_district_context",
]
