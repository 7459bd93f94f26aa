"""The ``planlib`` command: a thin layer over the library.

Exit codes: 0 success, 1 invalid data (for a district run: some school's), 2 usage error
(including a bad plan or parameter file), 3 a report notebook failed or an internal error.
Errors go to stderr, one per line, in plain words; never a traceback
(set ``PLANLIB_DEBUG=1`` to see one for an internal error).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from planlib.core.errors import DataError, Interrupted, PlanError, PlanlibError, UsageError
from planlib.core.i18n import LANGS, t

if TYPE_CHECKING:
    from planlib.apps.run import RunParameters
    from planlib.inputs.plan import Plan
    from planlib.inputs.workbook import Workbook

__all__ = ["main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
#: :data:`planlib.core.disclosure.DISCLOSURES`, spelled out: importing it would load pandas for
# --help
DISCLOSURES = ("internal", "public")


def _date_parser(lang: str) -> Callable[[str], dt.date]:
    """The ``--as-of`` type: a day written ``dd/mm/yyyy`` or ``yyyy-mm-dd``."""

    def parse(text: str) -> dt.date:
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise argparse.ArgumentTypeError(t("cli.bad_date", lang, text=repr(text)))

    return parse


def _at_least_one(lang: str) -> Callable[[str], int]:
    """``type=`` of a count option: a whole number of at least 1, else a message in ``lang``."""

    def parse(text: str) -> int:
        if not text.strip().isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(t("cli.bad_count", lang, text=repr(text)))
        return int(text)

    return parse


def _lang_of(argv: Sequence[str] | None) -> str:
    """The ``--lang`` of the command line, read before the parser is built (its help uses it)."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", default="vi")  # a wrong one is the real parser's to name
    known, _ = early.parse_known_args(argv)
    return known.lang if known.lang in LANGS else "vi"


#: argparse's own messages (``error(message)``) and their words in the catalogue
_ARGPARSE = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "required"),
    (
        re.compile(r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
        "invalid_choice",
    ),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "unrecognized"),
    (re.compile(r"invalid int value: (?P<value>.+)"), "invalid_int"),
)
_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<message>.+)", re.DOTALL)


def _localised(message: str, lang: str) -> str:
    """One of argparse's messages in ``lang`` (as it is when the catalogue lacks its words)."""
    if argument := _ARGUMENT.fullmatch(message):
        name, inner = argument["name"], argument["message"]
        if inner.startswith("expected one argument"):
            return t("fault.argparse.expected_one", lang, option=name)
        return t("fault.argparse.argument", lang, name=name, message=_localised(inner, lang))
    for pattern, key in _ARGPARSE:
        if match := pattern.fullmatch(message):
            return t(f"fault.argparse.{key}", lang, **match.groupdict())
    return message


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, its ``usage:`` prefix in the command line's language."""

    lang = "vi"

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        if prefix is None:  # argparse passes "" when it builds a sub-command's name
            prefix = t("fault.argparse.usage", self.lang)
        super().add_usage(usage, actions, groups, prefix)


class _Parser(argparse.ArgumentParser):
    """argparse: its usage line, help headings and error messages in the command line's language.

    argparse names its groups and its ``-h`` in English when the parser is made; they are
    renamed here, and every sub-command's parser (made with this class) does the same.
    """

    lang = "vi"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", type("_Formatter", (_Formatter,), {"lang": self.lang}))
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = t("fault.argparse.positionals", self.lang)
        self._optionals.title = t("fault.argparse.options", self.lang)
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help=t("fault.argparse.help", self.lang),
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = t(
            "fault.argparse.error",
            self.lang,
            prog=self.prog,
            message=_localised(message, self.lang),
        )
        self.exit(EXIT_USAGE, text + "\n")


def _parser(lang: str) -> argparse.ArgumentParser:
    """The command line's parser, its help and its errors in ``lang``."""

    def h(key: str) -> str:
        return t(f"cli.help.{key}", lang)

    parser_class = type("_Parser", (_Parser,), {"lang": lang})
    parser = parser_class(prog="planlib", description=t("cli.description", lang))
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--plan", type=Path, help=h("plan"))
        p.add_argument("--lang", choices=LANGS, default="vi", help=h("lang"))

    ev = sub.add_parser("evaluate", help=h("evaluate"))
    ev.add_argument("--data", type=Path, help=h("data"))
    ev.add_argument("--format", choices=("table", "json"), default="table", help=h("format"))
    ev.add_argument("--as-of", type=_date_parser(lang), help=h("as_of"))
    common(ev)

    va = sub.add_parser("validate", help=h("validate"))
    va.add_argument("path", type=Path, help=h("path"))
    va.add_argument("--format", choices=("table", "json"), default="table", help=h("format"))
    common(va)

    ru = sub.add_parser("run", help=h("run"))
    ru.add_argument("params", type=Path, nargs="?", help=h("params"))
    ru.add_argument("--data", type=Path, help=h("data"))
    ru.add_argument("--out", type=Path, help=h("out"))
    ru.add_argument("--jobs", type=int, help=h("jobs"))
    ru.add_argument("--lang", choices=LANGS, help=h("lang"))
    ru.add_argument("--disclosure", choices=DISCLOSURES, help=h("disclosure"))
    ru.add_argument("--scheduler", help=h("scheduler"))
    ru.add_argument("--pdf", action="store_true", default=None, help=h("pdf"))

    from planlib.apps.district_cli import add_district_parser

    add_district_parser(sub, lang, LANGS, DISCLOSURES)

    te = sub.add_parser("template", help=h("template"))
    te.add_argument("out", type=Path, help=h("template_out"))
    te.add_argument("--sample", action="store_true", help=h("sample_rows"))
    te.add_argument("--lang", choices=LANGS, default="vi", help=h("lang"))

    sa = sub.add_parser("sample", help=h("sample"))
    sa.add_argument("out", type=Path, help=h("sample_out"))
    sa.add_argument("--schools", type=_at_least_one(lang), help=h("sample_schools"))
    sa.add_argument("--lang", choices=LANGS, default="vi", help=h("lang"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        ``EXIT_OK``, ``EXIT_DATA``, ``EXIT_USAGE`` or ``EXIT_INTERNAL``.
    """
    args = _parser(_lang_of(argv)).parse_args(argv)
    lang = getattr(args, "lang", None) or "vi"
    from planlib.apps.run.interrupts import handling_interrupts

    try:
        with handling_interrupts():
            return _dispatch(args, lang)
    except Interrupted as exc:  # the run's processes are stopped, its staging removed
        print(t(f"fault.interrupted.{exc.signum}", lang), file=sys.stderr)
        return exc.exit_code


def _dispatch(args: argparse.Namespace, lang: str) -> int:
    """Run the command; every error planlib expects becomes its message and exit code."""
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        print(t("errors_heading", lang, n=len(exc.errors)), file=sys.stderr)
        print(exc.report(lang), file=sys.stderr)
        return EXIT_DATA
    except PlanError as exc:
        print(t(_plan_heading(exc), lang), file=sys.stderr)
        print(_message(exc, lang), file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(f"{t('usage_error', lang)} {_message(exc, lang)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `planlib evaluate | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except PlanlibError as exc:  # pragma: no cover - every PlanlibError has a branch above
        print(_message(exc, lang), file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        if exc.filename is None:  # not about a path the user gave: a fault of planlib
            return _internal(exc, lang)
        from planlib.apps.run.paths import path_error

        print(f"{t('usage_error', lang)} {path_error(exc).message(lang)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        return _internal(exc, lang)


def _internal(exc: Exception, lang: str) -> int:
    """An error planlib did not expect: its kind only (``PLANLIB_DEBUG=1``: the traceback)."""
    if os.environ.get("PLANLIB_DEBUG"):
        raise exc
    print(t("internal_error", lang, kind=type(exc).__name__), file=sys.stderr)
    return EXIT_INTERNAL


def _plan_heading(exc: PlanError) -> str:
    """``plan_error``, or ``fault.parameter_file`` for a parameter set (not a plan)."""
    return "fault.parameter_file" if getattr(exc, "kind", "plan") == "parameters" else "plan_error"


def _message(exc: PlanlibError, lang: str) -> str:
    """An error's words in the language, when it has them (``message(lang)``); else its text."""
    message = getattr(exc, "message", None)
    return message(lang) if callable(message) else str(exc)


def _inputs(data: Path | None, plan_path: Path | None) -> tuple[Workbook, Plan]:
    from planlib.evaluation.session import open_plan, open_school_workbook

    plan = open_plan(plan_path)
    return open_school_workbook(data, plan), plan


def _evaluate(args: argparse.Namespace) -> int:
    from planlib.evaluation.session import open_evaluation

    evaluation = open_evaluation(args.data, args.plan, as_of=args.as_of)
    if args.format == "json":
        json.dump(evaluation.to_dict(args.lang), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from planlib.present.textreport import render_table

        sys.stdout.write(render_table(evaluation, lang=args.lang))
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from planlib.apps.understood import understood, understood_lines
    from planlib.evaluation.session import open_plan
    from planlib.inputs.readers import read_container
    from planlib.inputs.workbook import parse_raw

    plan = open_plan(args.plan)
    if not Path(args.path).exists():
        raise UsageError(t("cli.not_found", args.lang, path=args.path))
    raw = read_container(args.path)
    if args.format == "json":
        return _validate_json(raw, plan, args.lang, understood(raw))
    print("\n".join(understood_lines(raw, args.lang)))
    workbook = parse_raw(raw, task_ids=plan.task_ids)
    print(t("valid", args.lang))
    if workbook.warnings:
        print(t("warnings_heading", args.lang, n=len(workbook.warnings)))
        for warning in workbook.warnings:
            print(f"- {warning.message(args.lang)}")
    return EXIT_OK


def _validate_json(raw, plan: Plan, lang: str, tables: dict) -> int:
    from planlib.inputs.workbook import parse_raw

    problems, valid = [], True
    try:
        problems = list(parse_raw(raw, task_ids=plan.task_ids).warnings)
    except DataError as exc:
        problems, valid = exc.problems, False
    document = {
        "valid": valid,
        "tables": tables,
        "problems": [p.to_dict(lang) for p in problems],
    }
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK if valid else EXIT_DATA


def _run(args: argparse.Namespace) -> int:
    from planlib.apps.run import RunFailed, load_run_parameters, run
    from planlib.apps.run.paths import check_output_folder

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(t("cli.jobs_min", args.lang or "vi"))
    params = load_run_parameters(
        args.params,
        data=args.data,
        out=args.out,
        jobs=args.jobs,
        lang=args.lang,
        disclosure=args.disclosure,
        pdf=args.pdf,
    )
    check_output_folder(params.out)
    if params.schools:
        return _run_district(params, args.scheduler)
    progress = _Progress(params.lang)
    try:
        result = run(params, progress=progress)
    except RunFailed as exc:
        progress.close()  # before any message: a heading is never glued to the bar
        print(t("run_failed", params.lang), file=sys.stderr)
        print(exc.message(params.lang), file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        progress.close()
    print(t("run_done", params.lang, path=result.index))
    return EXIT_OK


def _run_district(params: RunParameters, scheduler: str | None) -> int:
    from planlib.apps.district_cli import run_district_file

    return run_district_file(params, scheduler)


def _district(args: argparse.Namespace) -> int:
    from planlib.apps.district_cli import district_command

    return district_command(args)


class _Progress:
    """The run's progress bar, drawn at the first finished page: after the checks passed."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                desc=t("run_progress", self.lang),
                unit=t("run.progress_unit", self.lang),
                file=sys.stderr,
                leave=False,
            )
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        """Clear the bar from the terminal (idempotent)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _template(args: argparse.Namespace) -> int:
    from planlib.apps.template import write_template
    from planlib.inputs.sample import generate_sample

    if args.out.suffix.lower() != ".xlsx":
        raise UsageError(t("cli.not_xlsx", args.lang, path=args.out))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = generate_sample() if args.sample else None
    write_template(args.out, rows=rows, lang=args.lang, sample=args.sample)
    print(t("template_written", args.lang, path=args.out))
    return EXIT_OK


def _sample(args: argparse.Namespace) -> int:
    from planlib.inputs.readers import write_sample_marker
    from planlib.inputs.sample import write_sample_csv

    args.out.mkdir(parents=True, exist_ok=True)
    if args.schools:  # a sample district: one submission per school, for `planlib district`
        from planlib.inputs.sample.district import write_district_sample

        written = write_district_sample(args.out, schools=args.schools)
        print(t("sample_district_written", args.lang, count=len(written), path=args.out))
        return EXIT_OK
    write_sample_csv(args.out)
    write_sample_marker(args.out, t("fault.sample_marker", args.lang))
    print(t("sample_written", args.lang, path=args.out))
    return EXIT_OK


COMMANDS = {
    "evaluate": _evaluate,
    "validate": _validate,
    "run": _run,
    "district": _district,
    "template": _template,
    "sample": _sample,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
