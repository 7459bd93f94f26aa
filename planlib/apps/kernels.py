"""Executing report notebooks with papermill on a warm, reset kernel.

Starting a kernel and importing pandas, seaborn and planlib costs about two seconds per
notebook; a run has sixteen. Each process executing notebooks therefore keeps one kernel
alive, and one client connected to it, and hands both to papermill (:data:`ENGINE`, a papermill
engine that runs nbclient on that client: a new client costs 0,2 s per notebook waiting for
its IOPub subscription). Before every notebook it wipes what the previous one left: the user
namespace (``%reset -f``), matplotlib figures and settings, pandas options. Imported modules
stay, which is the point. A kernel starts importing what every report notebook imports first
(:data:`WARM_UP`), so :func:`prestart` lets that happen while the run evaluates the workbook. A
notebook that fails takes its kernel with it: the next notebook starts a fresh one.
``tests/test_batch.py`` proves that no variable leaks from one notebook into the next.

The kernel's own console output (e.g. ipykernel's "running over TCP without encryption"
notice) goes to a log file, never to the user's terminal. Its connection file is written
beside that log, in the run's private temporary folder, so that removing the folder (at the
end of the run, or by the next run after a kill: :mod:`planlib.apps.run.cleanup`) removes it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
import uuid
from pathlib import Path
from typing import Any

__all__ = [
    "ENGINE",
    "WARM_MODULES",
    "WARM_UP",
    "execute",
    "kill",
    "lighter_nbformat",
    "prestart",
    "shutdown",
    "warm",
]

#: the papermill engine of :func:`execute` (nbclient on this process's connected client)
ENGINE = "planlib-warm"
#: what the report notebooks import (a view's module on the first call of its page)
WARM_MODULES = (
    "planlib.present.report",
    "planlib.present.views.target",
    "planlib.present.views.area",
    "planlib.present.views.funding",
    "planlib.present.views.year_end",
    "planlib.present.district.report",
)
#: run by a kernel as it starts, before it answers: :data:`WARM_MODULES` imported; then the
#: imported objects are moved out of the garbage collector's sight (``gc.freeze``:
#: ``%reset -f`` collects garbage, which took 80 ms a notebook walking pandas and matplotlib)
WARM_UP = (
    "import gc as _gc, importlib as _importlib",
    f"for _module in {WARM_MODULES!r}: _importlib.import_module(_module)",
    "%matplotlib inline",
    "_gc.freeze()",
    "del _gc, _importlib, _module",
)

RESET = """\
%reset -f
import warnings as _w, matplotlib as _mpl, matplotlib.pyplot as _plt, pandas as _pd
_plt.close("all"); _mpl.rcdefaults()
with _w.catch_warnings():
    _w.simplefilter("ignore")
    _pd.reset_option("all")
del _w, _mpl, _plt, _pd
"""

_state: dict[str, Any] = {}


def _kernel(kernel_log: Path) -> Any:
    """This process's warm kernel, started on first use (it runs :data:`WARM_UP` first)."""
    km = _state.get("km")
    if km is not None and km.is_alive():
        return km
    shutdown()  # a kernel that died, and its client
    from jupyter_client import KernelManager

    log_file = kernel_log.open("a", encoding="utf-8")
    connection = kernel_log.parent / f"kernel-{os.getpid()}-{uuid.uuid4().hex[:8]}.json"
    km = KernelManager(kernel_name="python3", connection_file=str(connection))
    options = [f"--IPKernelApp.exec_lines={line}" for line in WARM_UP]
    options.append("--HistoryManager.enabled=False")  # nothing of a run kept in ~/.ipython
    km.start_kernel(stdout=log_file, stderr=log_file, extra_arguments=options)
    _state.update(km=km, log_file=log_file)
    _register_shutdown()
    return km


def _client(kernel_log: Path) -> tuple[Any, Any]:
    """This process's warm kernel and its client, connected and ready."""
    km = _kernel(kernel_log)
    kc = _state.get("kc")
    if kc is None:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        kc.allow_stdin = False
        _state["kc"] = kc
    return km, kc


def prestart(kernel_log: str) -> None:
    """Start this process's kernel now and return at once: it boots and imports meanwhile.

    Parameters
    ----------
    kernel_log
        The file the kernel's console output goes to (its connection file goes beside it).
    """
    _kernel(Path(kernel_log))


def lighter_nbformat() -> None:
    """Let this process import nbformat (papermill, nbconvert) without 0,8 s of IRI grammars.

    jsonschema (≥ 4.25, which nbformat imports) registers its ``iri`` format checker from
    rfc3987-syntax when installed (jupyter-events' ``jsonschema[format-nongpl]`` installs it),
    and that module builds about 35 Lark grammars as it is imported: 0,8 s of every process
    importing nbformat (python-jsonschema/jsonschema#1428). No notebook schema uses the IRI
    formats, and nbformat validates with fastjsonschema; ``None`` in ``sys.modules`` makes the
    import fail, so jsonschema simply leaves that one checker out. Call it before the first
    import of nbformat; once jsonschema is imported it changes nothing.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def warm(kernel_log: str) -> None:
    """:func:`prestart`, then import papermill while the kernel boots (a pool worker's first
    step: its first job checks the notebooks' parameters with papermill, then executes)."""
    prestart(kernel_log)
    lighter_nbformat()
    import papermill  # noqa: F401


def _register_shutdown() -> None:
    """Stop the kernel when this process ends (pool workers skip ``atexit``)."""
    if _state.get("finalizer"):
        return
    import atexit
    from multiprocessing import util

    _state["finalizer"] = util.Finalize(None, shutdown, exitpriority=10)
    atexit.register(shutdown)


def shutdown() -> None:
    """Stop this process's warm kernel and its client, if any."""
    kc = _state.pop("kc", None)
    if kc is not None:
        kc.stop_channels()
    km = _state.pop("km", None)
    if km is not None:
        try:
            km.shutdown_kernel(now=True)
        except Exception:  # already gone
            logging.getLogger("planlib.run").debug("kernel already stopped")
    log_file = _state.pop("log_file", None)
    if log_file is not None:
        log_file.close()


def kill() -> None:
    """Kill this process's warm kernel at once (a signal handler's clean-up: no messages).

    The kernel runs in a session of its own: its whole process group is killed, and its
    connection file removed.
    """
    _state.pop("kc", None)
    km = _state.pop("km", None)
    if km is None:
        return
    process = getattr(getattr(km, "provisioner", None), "process", None)
    if process is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.remove(km.connection_file)


def _reset(kc: Any) -> None:
    reply = kc.execute_interactive(
        RESET, store_history=False, timeout=60, output_hook=lambda _msg: None
    )
    if reply["content"]["status"] != "ok":
        raise RuntimeError("kernel reset failed")


def _register_engine() -> None:
    """Register :data:`ENGINE` with papermill (once per process)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    if _state.get("engine"):
        return

    class WarmClientEngine(NBClientEngine):
        """papermill's nbclient engine on a client given as ``kc`` (kept connected)."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            *,
            kc: Any,
            start_timeout: int = 60,
            execution_timeout: float | None = None,
            **kwargs: Any,
        ) -> Any:
            kwargs.pop("input_path", None)
            client = PapermillNotebookClient(
                nb_man,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                **kwargs,
            )
            client.kc = kc  # nbclient starts no client of its own, and leaves this one open
            return client.execute()

    papermill_engines.register(ENGINE, WarmClientEngine)
    _state["engine"] = True


def execute(
    source: str, target: str, parameters: dict[str, Any], kernel_log: str
) -> tuple[float, str | None, int | None]:
    """Execute one notebook; return the seconds taken and, on failure, the error and cell.

    Never raises for a failing notebook: the failure is returned so that the other
    notebooks of the run go on.
    """
    lighter_nbformat()
    import papermill
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("traitlets").setLevel(logging.ERROR)
    logging.getLogger("papermill").setLevel(logging.WARNING)
    start = time.perf_counter()
    try:
        _register_engine()
        km, kc = _client(Path(kernel_log))
        _reset(kc)
        papermill.execute_notebook(
            source,
            target,
            parameters=parameters,
            engine_name=ENGINE,
            kernel_name="python3",
            km=km,
            kc=kc,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        shutdown()
        return time.perf_counter() - start, f"{exc.ename}: {exc.evalue}", exc.cell_index
    except Exception as exc:  # the kernel died, the notebook is unreadable...
        shutdown()
        return time.perf_counter() - start, f"{type(exc).__name__}: {exc}", None
    return time.perf_counter() - start, None, None
