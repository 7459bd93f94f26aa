"""A deterministic synthetic school: the workbook Trường THCS An Bằng – Vinh An might hand in.

The sample fills all ten tables of :mod:`planlib.core.contract` with cells written the way a
Vietnamese school types them (``dd/mm/yyyy`` dates, ``Có``/``Không``, ``1.500.000``, ``7,5``,
enumeration codes mixed with Vietnamese labels). It covers the school years 2022-2023 and
2023-2024, about 600 students each, and is meant to have been filled in mid-January 2024: the
running year 2023-2024 has no year results yet and no date is later than 10/01/2024. Every
person is pseudonymous (``Học sinh HS0001``, ``Cán bộ CB001``).

The counts that decide the targets are fixed by construction; the seed only chooses which
students they fall on, their dates within a window, scores and reach figures. With the default
plan file (reference date 31/12/2023, period 2023) the intended outcomes are:

- **T1.1 achieved**: 7 children of the reference date are in special circumstances on it,
  about 1,2% of ~600 (a child with two groups counts once; one row ended in 2022, one in June 2023,
  one belongs to a 2023 graduate and one to a 2023 dropout, none of which count).
- **T1.2 not achieved**: 10 children were in special circumstances during 2023; the child
  identified on 20/12/2023 after a violence incident has no ``supported_on`` yet (9/10).
- **T2.1 not achieved**: 5 distinct children (6 incidents, one child injured twice) were injured
  in 2023, ~83/10.000 ≥ 60; two injuries of 2022 and one of January 2024 do not count.
- **T2.2 achieved**: no injury death in 2023 (0/~600). The one fatal injury, a drowning in
  November 2022, is outside the period; its child's 2022-2023 row has ``left_reason`` death.
- **T3 achieved**: all 8 eligible children in special circumstances during 2023 received
  welfare by 31/12/2023.
- **T4 not achieved**: 7 violence, maltreatment, sexual-abuse and child-labour incidents were
  reported in 2023 (one occurred in December 2022); one was intervened 42 hours after the report
  (6/7). Two are recorded at day precision only. One ``exploitation`` and one ``other`` incident
  of 2023 and one violence incident of 2022 do not count.
- **T5 achieved**: about 88-90% of the children of 31/12/2023 passed their latest 2023
  assessment (exactly 10% of the December 2023 round fail, about 3% miss it); ``passed`` is
  empty on about a third of the rows, so the score decides with pass mark 5.
- **T6 achieved**: all 12 staff with child-protection duty were trained in 2023 (12/12).

Solution areas against ``parameters/plan_2023.yaml``: S1 and S3 fully done, S2 (coordination
2/3), S4 (counselling 3/4) and S5 (integrated lessons 6/8) partly done; S6 plans nothing and has
one review activity. A few activities fall in late 2022 or January 2024, outside the period.

Examples
--------
>>> sample = generate_sample()
>>> sorted(sample) == sorted(t.id for t in TABLES if t.id != "school")
True
>>> sample["students"][0]["school_year"], sample["students"][0]["class_name"]
('2022-2023', '6A')
"""

from __future__ import annotations

import pathlib

import numpy as np

from planlib.core.contract import TABLES, table_by_id
from planlib.core.spreadsheet import write_csv
from planlib.inputs.sample import cases, roster, school
from planlib.inputs.sample.cells import SAMPLE, Variant, complete

__all__ = ["Variant", "generate_sample", "write_sample_csv"]


def generate_sample(seed: int = 2023, variant: Variant = SAMPLE) -> dict[str, list[dict[str, str]]]:
    """Generate the workbook of a synthetic school, table by table.

    Parameters
    ----------
    seed : int, default 2023
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same workbook.
    variant : Variant, optional
        The counts that make another school of the district (see
        :mod:`planlib.inputs.sample.district`); the default is the bundled sample school.

    Returns
    -------
    dict of str to list of dict
        Table id -> rows, in contract order; each row maps every contract column id to the cell
        text a school would type in a CSV (empty string for an empty cell).
    """
    rng = np.random.default_rng(seed)
    year1, year2 = roster.rosters(rng, variant)
    special, incidents = cases.cases(rng, year1, year2, variant)
    staff, trainings = school.staff(rng, variant.untrained)
    tables = {
        "students": roster.student_rows(rng, year1 + year2),
        "special_circumstances": special,
        "incidents": incidents,
        "awareness": school.awareness(rng, year1, year2, variant.fail_share),
        "staff": staff,
        "trainings": trainings,
        "activities": school.activities(rng, year1 + year2),
        "funding": school.funding_rows(),
        "facilities": complete("facilities", school.FACILITIES),
        "tasks": school.task_rows(),
    }
    return {t.id: tables[t.id] for t in TABLES if t.id in tables}


def write_sample_csv(
    folder: pathlib.Path, *, seed: int = 2023, variant: Variant = SAMPLE
) -> list[pathlib.Path]:
    """Write the sample school as one UTF-8 ``<table>.csv`` per table.

    Parameters
    ----------
    folder : pathlib.Path
        Destination folder; created when missing. Existing files of the same names are replaced.
    seed : int, default 2023
        Passed to :func:`generate_sample`.
    variant : Variant, optional
        Passed to :func:`generate_sample`.

    Returns
    -------
    list of pathlib.Path
        The files written, in contract order. The header row holds the column ids.
    """
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table_id, rows in generate_sample(seed, variant).items():
        columns = [c.id for c in table_by_id(table_id).columns]
        paths.append(write_csv(folder / f"{table_id}.csv", columns, rows))
    return paths
