"""A memo of pure reads of a checked workbook's frames, for the span of one evaluation.

An evaluation asks the same questions of the same frames many times (the children on the
reference date, the activities of the period…). Inside :func:`evaluation_memo` the functions
that ask them through :func:`remembered` compute each answer once; outside it they compute it
every time, as before. An answer is keyed by its frame's ``id`` and the frame is kept with it,
so that no other frame can take that ``id`` while the memo lives. Answers are shared: the
functions that remember them, and their callers, only read them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["evaluation_memo", "remembered"]

Answer = TypeVar("Answer")

_STORE: ContextVar[dict[Hashable, tuple[object, Any]] | None] = ContextVar(
    "planlib_evaluation_memo", default=None
)


@contextmanager
def evaluation_memo() -> Iterator[None]:
    """Remember answers until the block ends (a block inside another shares its memo)."""
    if _STORE.get() is not None:
        yield
        return
    token = _STORE.set({})
    try:
        yield
    finally:
        _STORE.reset(token)


def remembered(name: str, frame: object, key: Hashable, compute: Callable[[], Answer]) -> Answer:
    """``compute()``, computed once per ``name``, ``frame`` and ``key`` inside a memo.

    Parameters
    ----------
    name
        The question (the function asking it).
    frame
        The frame it is asked of (kept with the answer).
    key
        The question's other arguments (hashable).
    compute
        Computes the answer.
    """
    store = _STORE.get()
    if store is None:
        return compute()
    full = (name, id(frame), key)
    found = store.get(full)
    if found is not None and found[0] is frame:
        return found[1]
    answer = compute()
    store[full] = (frame, answer)
    return answer
