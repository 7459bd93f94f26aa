"""How long `planlib evaluate` of the sample school takes beyond importing planlib.

Prints medians of several runs, in one process and as the command users run, next to a
baseline measured in the same run: reading the same tables with plain ``pandas.read_csv``
(no checks, no indicators). Run: ``.venv/bin/python benchmarks/bench_evaluate.py``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7


def median_seconds(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    import pandas as pd

    from planlib.evaluation.evaluate import evaluate
    from planlib.inputs.plan import load_plan
    from planlib.inputs.sample import write_sample_csv
    from planlib.inputs.workbook import load, load_sample

    plan = load_plan()
    folder = Path(tempfile.mkdtemp())
    write_sample_csv(folder)

    def embedded() -> None:
        evaluate(load_sample(task_ids=plan.task_ids), load_plan())

    def from_csv() -> None:
        evaluate(load(folder, task_ids=plan.task_ids), load_plan())

    def baseline() -> None:
        for csv in folder.glob("*.csv"):
            pd.read_csv(csv, dtype=str)

    embedded()  # warm caches (Babel data, scipy)
    t_embedded = median_seconds(embedded)
    t_csv = median_seconds(from_csv)
    t_base = median_seconds(baseline)

    def command(*args: str) -> None:
        subprocess.run([sys.executable, *args], check=True, capture_output=True)

    imports = (
        "import planlib.apps.cli, planlib.inputs.workbook, planlib.evaluation.evaluate, "
        "planlib.inputs.plan, planlib.present.textreport"
    )
    t_import = median_seconds(lambda: command("-c", imports), 5)
    t_cli = median_seconds(lambda: command("-m", "planlib.apps.cli", "evaluate"), 5)

    print(f"sample school, median of {RUNS} runs (in process):")
    print(f"  evaluate, embedded sample     {t_embedded * 1000:8.1f} ms")
    print(f"  evaluate, sample as CSV       {t_csv * 1000:8.1f} ms")
    print(f"  baseline: pandas.read_csv     {t_base * 1000:8.1f} ms")
    print(f"  ratio evaluate(CSV)/baseline  {t_csv / t_base:8.1f} x")
    print("command line, median of 5 runs:")
    print(f"  python -c 'import planlib…'   {t_import * 1000:8.1f} ms")
    print(f"  planlib evaluate              {t_cli * 1000:8.1f} ms")
    print(f"  beyond importing planlib      {(t_cli - t_import) * 1000:8.1f} ms  (target < 500 ms)")


if __name__ == "__main__":
    main()
