"""``planlib district FOLDER`` and ``planlib run district.yaml``: the command line's side.

What the office reads: which files were skipped, how many schools were reused, one line per
school with a problem (its name, its file and how many problems; never a traceback), and where
the district report is. Exit codes: 0 every school ok, 1 a school's data is invalid, 3 a
notebook failed (3 wins over 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from planlib.core.i18n import t

if TYPE_CHECKING:
    from planlib.apps.run import DistrictResult, RunParameters

__all__ = [
    "DistrictProgress",
    "add_district_parser",
    "district_command",
    "report_district",
    "run_district_file",
]

EXIT_OK, EXIT_DATA, EXIT_FAILED = 0, 1, 3


def add_district_parser(
    sub: argparse._SubParsersAction, lang: str, langs: tuple, disclosures
) -> None:
    """The ``district`` sub-command's arguments, their help in ``lang``."""

    def h(key: str) -> str:
        return t(f"cli.help.{key}", lang)

    di = sub.add_parser("district", help=h("district"))
    di.add_argument("folder", type=Path, help=h("district_folder"))
    di.add_argument("--out", type=Path, help=h("out"))
    di.add_argument("--plan", type=Path, help=h("plan"))
    di.add_argument("--lang", choices=langs, help=h("lang"))
    di.add_argument("--disclosure", choices=disclosures, help=h("disclosure"))
    di.add_argument("--scheduler", help=h("scheduler"))
    di.add_argument("--workers", type=int, help=h("workers"))
    di.add_argument("--pdf", action="store_true", default=None, help=h("pdf"))
    di.add_argument("--no-pages", dest="no_pages", action="store_true", help=h("no_pages"))


class DistrictProgress:
    """The bar over every page of every school, with the school last worked on; drawn at the
    first finished page and cleared before any message (never glued to one)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.bar = None

    def __call__(self, done: int, total: int, school: str) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                desc=t("run.district.progress", self.lang),
                unit=t("run.progress_unit", self.lang),
                file=sys.stderr,
                leave=False,
            )
        self.bar.set_postfix_str(school, refresh=False)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        """Clear the bar from the terminal (idempotent)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def district_command(args: argparse.Namespace) -> int:
    """``planlib district FOLDER``."""
    from planlib.apps.run import DistrictOptions, load_run_parameters, run_folder
    from planlib.apps.run.paths import check_output_folder
    from planlib.core.errors import UsageError

    lang = args.lang or "vi"
    if args.workers is not None and args.workers < 1:
        raise UsageError(t("cli.jobs_min", lang).replace("--jobs", "--workers"))
    params = load_run_parameters(
        None,
        plan=args.plan,
        out=args.out,
        lang=args.lang,
        disclosure=args.disclosure,
        pdf=args.pdf,
        data=None,
    )
    check_output_folder(params.out)
    options = DistrictOptions(args.scheduler, args.workers, not args.no_pages)
    progress = DistrictProgress(params.lang)
    return _guarded(lambda: run_folder(args.folder, params, options, progress), params, progress)


def run_district_file(params: RunParameters, scheduler: str | None) -> int:
    """``planlib run district.yaml``: the same engine, the same report."""
    from planlib.apps.run import DistrictOptions, run_district

    progress = DistrictProgress(params.lang)
    return _guarded(
        lambda: run_district(params, DistrictOptions(scheduler), progress), params, progress
    )


def _guarded(go, params: RunParameters, progress: DistrictProgress) -> int:
    """Run, clear the bar, report; a failed district report is exit 3 with its message."""
    from planlib.core.errors import RunFailed

    try:
        result = go()
    except RunFailed as exc:
        progress.close()
        print(t("run.district.report_failed", params.lang), file=sys.stderr)
        print(exc.message(params.lang), file=sys.stderr)
        return EXIT_FAILED
    finally:
        progress.close()
    return report_district(result, params)


def report_district(result: DistrictResult, params: RunParameters) -> int:
    """Print what the run did; return its exit code."""
    lang = params.lang
    if result.skipped:
        names = ", ".join(result.skipped)
        print(t("run.district.skipped", lang, n=len(result.skipped), names=names), file=sys.stderr)
    for school in result.schools:
        outcome = school.outcome
        status = outcome.get("status")
        if status in ("invalid", "failed", "missing"):
            name = outcome.get("name") or school.fallback_name
            line = t(
                f"run.district.{status}",
                lang,
                school=name,
                source=school.found.source,
                n=outcome.get("errors", 0),
            )
            print(line, file=sys.stderr)
            if status == "failed" and outcome.get("message"):
                print(outcome["message"], file=sys.stderr)
    total = len([s for s in result.schools if not s.found.missing])
    print(t("run.district.reused", lang, n=result.reused, total=total))
    print(
        t(
            "run.district.done",
            lang,
            ok=result.count("ok"),
            n=len(result.schools),
            path=result.index,
        )
    )
    if result.count("failed"):
        return EXIT_FAILED
    return EXIT_DATA if result.count("invalid") else EXIT_OK
