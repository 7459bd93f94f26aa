"""A synthetic district: one submission per school, each a varied copy of the sample school.

Every school of :func:`write_district_sample` is :func:`planlib.inputs.sample.generate_sample`
with its own seed and :class:`~planlib.inputs.sample.cells.Variant`, so its deciding counts are
fixed by construction, and its identity (``Thông tin trường``: name, district, province, place,
a pseudonymous head, report number) in its own ``school`` table. The first six schools are
designed to make a district report worth reading; the others are drawn from the seed:

==  =================================  ===================================================
#   school                             what stands out
==  =================================  ===================================================
1   ~600 children, the sample's counts  T2.1 missed (5 injured), T1.2 and T4 missed
2   ~300 children                      no injury, T1.2 and T4 met, T1.1 missed (7 ≈ 2,2%)
3   ~450 children                      25% fail the awareness round: T5 far below 85%,
                                       outside the 99.8% limits
4   ~600 children                      18 children injured (~290/10.000): T2.1 outside
                                       the 99.8% limits
5   ~450 children                      3 trained staff short (T6 9/12), 4 more children in
                                       special circumstances
6   ~300 children                      1 injured, all supported and seen to in time
==  =================================  ===================================================

Formats cycle through ``formats`` (default ``xlsx`` then ``csv``): a workbook file, or a folder of
``<table>.csv`` files with ``school.csv`` and the sample-data marker. All are sample data.

Examples
--------
>>> from pathlib import Path
>>> [p.name for p in write_district_sample(Path("phu-vang"), 2)]  # doctest: +SKIP
['thcs-phu-thuan.xlsx', 'thcs-phu-hai']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from planlib.core.contract import table_by_id
from planlib.core.i18n import t
from planlib.core.spreadsheet import write_csv
from planlib.inputs.readers import write_sample_marker
from planlib.inputs.sample import generate_sample
from planlib.inputs.sample.cells import Variant
from planlib.inputs.sample.sheets import FORMATS, write_book

__all__ = ["DISTRICT", "PROVINCE", "district_variants", "school_identity", "write_district_sample"]

DISTRICT = "huyện Phú Vang"
PROVINCE = "tỉnh Thừa Thiên Huế"

_COMMUNES = (
    "Phú Thuận", "Phú Hải", "Phú Diên", "Vinh Xuân", "Vinh Thanh", "Vinh Hà", "Phú Đa",
    "Phú Lương", "Phú Hồ", "Phú Mỹ", "Phú Xuân", "Phú An", "Phú Gia", "Phú Thượng", "Phú Mậu",
    "Thuận An", "Phú Dương", "Phú Thanh", "Vinh An", "Phú Lộc",
)  # fmt: skip

_DESIGNED = (
    Variant(),
    Variant(letters="AB", class_size=(38, 43), injured=0, supported_all=True,
            late_intervention=False, fail_share=0.05),
    Variant(letters="ABC", injured=2, fail_share=0.25),
    Variant(injured=18, fail_share=0.08, supported_all=True),
    Variant(letters="ABC", injured=3, untrained=3, extra_special=4, fail_share=0.12),
    Variant(letters="AB", class_size=(38, 43), injured=1, supported_all=True,
            late_intervention=False, fail_share=0.08),
)  # fmt: skip


def district_variants(schools: int, seed: int = 2023) -> list[Variant]:
    """The variants of the district's schools: the six designed ones, then drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    variants = list(_DESIGNED[:schools])
    for _ in range(schools - len(variants)):
        letters = str(rng.choice(["AB", "ABC", "ABCD"]))
        variants.append(
            Variant(
                letters=letters,
                class_size=(38, 43) if letters == "AB" else (36, 41),
                injured=int(rng.integers(0, 3 * len(letters) + 1)),
                extra_special=int(rng.integers(0, 5)),
                supported_all=bool(rng.random() < 0.5),
                late_intervention=bool(rng.random() < 0.4),
                fail_share=round(float(rng.uniform(0.04, 0.2)), 3),
                untrained=int(rng.integers(0, 4)),
            )
        )
    return variants


def school_identity(index: int) -> dict[str, str]:
    """The ``Thông tin trường`` row of the district's school number ``index`` (from 0)."""
    commune = _COMMUNES[index % len(_COMMUNES)]
    rank = index // len(_COMMUNES)
    return {
        "name": f"Trường THCS {commune}" + (f" số {rank + 1}" if rank else ""),
        "district": DISTRICT,
        "province": PROVINCE,
        "place": commune,
        "head": f"Hiệu trưởng HT{index + 1:03d}",
        "report_number": f"{index + 1}/BC-THCS",
    }


def _slug(name: str) -> str:
    """``Trường THCS Phú Thuận số 2`` -> ``thcs-phu-thuan-so-2`` (ASCII, for a file name)."""
    text = name.removeprefix("Trường ").replace("Đ", "D").replace("đ", "d")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().split())


def write_district_sample(
    folder: Path,
    schools: int = 6,
    *,
    seed: int = 2023,
    formats: Sequence[str] | None = None,
) -> list[Path]:
    """Write one synthetic submission per school of a district into ``folder``.

    Parameters
    ----------
    folder : Path
        Destination; created when missing. Files or folders of the same names are replaced.
    schools : int, default 6
        How many schools (distinct names; 300-650 children each).
    seed : int, default 2023
        The same seed gives the same district, byte for byte (school ``i`` uses seed
        ``seed + 1 + i``; the schools after the sixth also draw their variant from ``seed``).
    formats : sequence of {"xlsx", "csv", "ods", "xls"}, optional
        Cycled over the schools; default ``("xlsx", "csv")``. ``ods`` needs ``odfpy``, ``xls``
        ``xlwt``.

    Returns
    -------
    list of Path
        The submissions written (a workbook file or a CSV folder each), in school order.

    Raises
    ------
    ValueError
        For an unknown format or fewer than one school.
    """
    formats = tuple(formats or ("xlsx", "csv"))
    unknown = sorted(set(formats) - {*FORMATS, "csv"})
    if unknown or schools < 1:
        raise ValueError(f"formats {unknown} unknown or schools < 1 ({schools})")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i, variant in enumerate(district_variants(schools, seed)):
        identity = school_identity(i)
        tables = {**generate_sample(seed + 1 + i, variant), "school": [identity]}
        kind = formats[i % len(formats)]
        stem = folder / _slug(identity["name"])
        written.append(_write_csv_folder(stem, tables) if kind == "csv" else
                       write_book(stem.with_suffix(f".{kind}"), tables))  # fmt: skip
    return written


def _write_csv_folder(folder: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table_id, rows in tables.items():
        columns = [c.id for c in table_by_id(table_id).columns]
        write_csv(folder / f"{table_id}.csv", columns, rows)
    write_sample_marker(folder, t("fault.sample_marker", "vi"))
    return folder
