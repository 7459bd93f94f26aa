"""`planlib run` on the sample school versus the naive way, measured in the same run.

Naive: for each of the same 16 pages, the papermill CLI then ``jupyter nbconvert --to html``
CLI, one after another (each notebook evaluates the workbook itself). planlib: one evaluation,
notebooks in parallel on warm, reset kernels, HTML exported in-process with one exporter.
Prints the median of ``--runs`` runs of each and their ratio (target ≤ 0.08).

Run: ``.venv/bin/python benchmarks/bench_run.py [--runs 3]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def pages() -> list[tuple[str, list[str]]]:
    from planlib.apps.run.pages import NOTEBOOKS
    from planlib.inputs.plan import load_plan

    plan = load_plan()
    out = [(NOTEBOOKS["target"], ["-p", "indicator_id", t.id]) for t in plan.targets]
    out += [(NOTEBOOKS["area"], ["-p", "area_id", a.id]) for a in plan.solution_areas]
    out += [(NOTEBOOKS["funding"], []), (NOTEBOOKS["year_end"], [])]
    return out


def naive(folder: Path) -> None:
    for i, (notebook, params) in enumerate(pages()):
        executed = folder / f"{i:02d}.ipynb"
        subprocess.run(
            [
                BIN / "papermill",
                ROOT / "notebooks" / notebook,
                executed,
                *params,
                "--no-progress-bar",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed],
            check=True,
            capture_output=True,
        )


def planlib_run(folder: Path, jobs: int) -> None:
    subprocess.run(
        [BIN / "planlib", "run", "--out", folder, "--jobs", str(jobs)],
        check=True,
        capture_output=True,
    )


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    ours, theirs = [], []
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        with tempfile.TemporaryDirectory() as tmp:
            ours.append(timed(lambda: planlib_run(Path(tmp), args.jobs)))
        with tempfile.TemporaryDirectory() as tmp:
            theirs.append(timed(lambda: naive(Path(tmp))))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"16 pages of the sample school, median of {args.runs} runs, {os.cpu_count()} cores:")
    print(f"  naive (papermill CLI + nbconvert CLI, sequential)  {b:7.1f} s  {sorted(theirs)}")
    print(f"  planlib run --jobs {args.jobs}                            {a:7.1f} s  {sorted(ours)}")
    print(f"  ratio planlib/naive                                {a / b:7.2f}   (target ≤ 0.08)")


if __name__ == "__main__":
    main()
