"""A small sample district for notebook ``95_district_report`` run on its own.

With ``context_path = None`` the notebook still runs (as it is stored, in the tests): it shows
the district of the generated sample schools
(:func:`planlib.inputs.sample.district.write_district_sample`), each evaluated as
``planlib district`` evaluates a submission and compiled by
:func:`planlib.evaluation.district.compile_district`, plus one school listed but not received.
Everything it shows is marked DỮ LIỆU MẪU; its schools have no reports to link to.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from planlib.evaluation.district import DistrictEvaluation, Submission, compile_district
from planlib.evaluation.session import open_evaluation, open_plan
from planlib.inputs.sample.district import write_district_sample

__all__ = ["MISSING_SCHOOL", "sample_district"]

#: the school the sample district lists but did not receive
MISSING_SCHOOL = "Trường THCS Vinh An"


def sample_district(schools: int = 6, *, seed: int = 2023) -> DistrictEvaluation:
    """The sample district: ``schools`` generated schools, and one listed but missing.

    Parameters
    ----------
    schools
        How many schools to generate.
    seed
        The generator's seed (the same seed gives the same district).
    """
    plan = open_plan()
    submissions = []
    with tempfile.TemporaryDirectory(prefix="planlib-district-sample-") as tmp:
        for path in write_district_sample(Path(tmp), schools, seed=seed):
            evaluation = open_evaluation(path, plan)
            name = evaluation.school.get("name") or path.stem
            submissions.append(Submission(name, path.name, "ok", 0, evaluation.to_dict()))
    submissions.append(Submission(MISSING_SCHOOL, "", "missing"))
    # the generated workbooks carry no sample marker (the CSV folders do): it is sample data
    return replace(compile_district(plan, submissions), sample=True)
