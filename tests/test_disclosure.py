"""Disclosure control: the 1–4 rule, complementary suppression, no recomputation."""

from __future__ import annotations

import itertools

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from planlib.disclosure import COMPLEMENT, SUPPRESSED, show_count, suppress_table


def test_counts_one_to_four_are_suppressed_in_public_only():
    assert [show_count(n, "public") for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]
    assert [show_count(n, "internal") for n in (0, 1, 4)] == ["0", "1", "4"]


def test_single_suppressed_cell_gets_a_complement():
    table = pd.DataFrame({"sex": ["F", "M"], "n": [3, 40]})
    out = suppress_table(table, ["n"], disclosure="public")
    assert list(out["n"]) == [SUPPRESSED, COMPLEMENT]
    table = pd.DataFrame({"cause": ["fall", "traffic", "burn"], "n": [3, 12, 7]})
    out = suppress_table(table, ["n"], disclosure="public")
    assert list(out["n"]) == [SUPPRESSED, 12, COMPLEMENT]  # the smallest other cell is hidden
    assert list(suppress_table(table, ["n"], disclosure="internal")["n"]) == [3, 12, 7]


def _recoverable(values, shown) -> bool:
    """Can some hidden cell be recomputed from the shown cells and the row/column totals?"""
    rows, cols = values.shape
    for axis in (0, 1):
        for k in range(cols if axis == 0 else rows):
            cells = [(i, k) for i in range(rows)] if axis == 0 else [(k, j) for j in range(cols)]
            hidden = [c for c in cells if shown[c] in (SUPPRESSED, COMPLEMENT)]
            if len(hidden) == 1 and (axis == 0 or cols > 1):
                return True
    return False


@given(
    st.integers(1, 5).flatmap(
        lambda rows: st.integers(1, 4).flatmap(
            lambda cols: st.lists(
                st.lists(st.integers(0, 30), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_no_suppressed_cell_can_be_recomputed(grid):
    columns = [f"c{j}" for j in range(len(grid[0]))]
    table = pd.DataFrame(grid, columns=columns)
    out = suppress_table(table, columns, disclosure="public")
    shown = out[columns].to_numpy(dtype=object)
    values = table.to_numpy()
    for i, j in itertools.product(range(values.shape[0]), range(values.shape[1])):
        if 1 <= values[i, j] <= 4:
            assert shown[i, j] == SUPPRESSED
        elif shown[i, j] not in (COMPLEMENT,):
            assert shown[i, j] == values[i, j]
    has_hidden = any(s in (SUPPRESSED, COMPLEMENT) for s in shown.flat)
    if has_hidden and (values.shape[0] > 1):
        assert not _recoverable(values, shown)
