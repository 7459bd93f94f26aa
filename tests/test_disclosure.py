"""Disclosure control: the 1–4 rule, complementary suppression, no recomputation."""

from __future__ import annotations

import itertools

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from planlib.core.disclosure import COMPLEMENT, SUPPRESSED, show_count, suppress_table


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


# --- shares (part and rest) and two-way tables with margins ------------------------------------


def _hidden(value) -> bool:
    return value in (SUPPRESSED, COMPLEMENT)


def test_a_share_hides_its_numerator_when_the_rest_is_small():
    from planlib.core.disclosure import suppress_pairs

    one = lambda n, d: suppress_pairs([n], [d], disclosure="public", totals=False)[:2]  # noqa: E731
    assert one(5, 604) == ([5], [604])
    assert one(3, 604) == ([SUPPRESSED], [604])
    assert one(451, 454) == ([COMPLEMENT], [454])  # 3 children not promoted
    assert one(0, 3) == ([0], [SUPPRESSED])
    assert one(8, 8) == ([8], [8])
    assert suppress_pairs([451], [454], disclosure="internal", totals=False)[:2] == ([451], [454])


pairs_strategy = st.integers(1, 6).flatmap(
    lambda rows: st.lists(
        st.integers(0, 40).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))),
        min_size=rows,
        max_size=rows,
    )
)


@given(pairs_strategy)
def test_no_count_of_a_share_can_be_recomputed(rows):
    """Numerators, rests and denominators: small ones hidden, and no row, no column (with the
    total row as shown on its own) left with exactly one hidden cell."""
    from planlib.core.disclosure import suppress_pairs

    n = [r[0] for r in rows]
    d = [r[1] for r in rows]
    shown_n, shown_d, (total_n, total_d) = suppress_pairs(n, d, disclosure="public")
    single_n, single_d, _ = suppress_pairs([sum(n)], [sum(d)], disclosure="public", totals=False)
    assert (total_n, total_d) == (single_n[0], single_d[0])  # the total row as shown on its own
    rest_hidden = []
    for num, den, sn, sd in zip(n, d, shown_n, shown_d, strict=True):
        for value, shown in ((num, sn), (den, sd)):
            if 1 <= value <= 4:
                assert shown == SUPPRESSED
            assert _hidden(shown) or shown == value
        hidden = _hidden(sn) or _hidden(sd)
        if 1 <= den - num <= 4:
            assert hidden, (num, den, sn, sd)  # the rest would be shown by subtraction
        rest_hidden.append(hidden)
    total_rest_hidden = _hidden(total_n) or _hidden(total_d)
    for column, total in (
        ([_hidden(s) for s in shown_n], _hidden(total_n)),
        ([_hidden(s) for s in shown_d], _hidden(total_d)),
        (rest_hidden, total_rest_hidden),
    ):
        assert sum(column) + total != 1, (rows, shown_n, shown_d, total_n, total_d)


@given(
    st.integers(1, 5).flatmap(
        lambda rows: st.integers(1, 4).flatmap(
            lambda cols: st.lists(
                st.lists(st.integers(0, 12), min_size=cols, max_size=cols),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_crosstab_margins_are_cells(grid):
    from planlib.core.disclosure import TOTAL, suppress_crosstab

    table = pd.DataFrame(grid, columns=[f"c{j}" for j in range(len(grid[0]))])
    out = suppress_crosstab(table, disclosure="public")
    full = suppress_crosstab(table, disclosure="internal")
    assert out.shape == (len(grid) + 1, len(grid[0]) + 1)
    assert out.index[-1] == TOTAL and out.columns[-1] == TOTAL
    assert int(full.iat[-1, -1]) == sum(map(sum, grid))
    for i, j in itertools.product(range(out.shape[0]), range(out.shape[1])):
        value, shown = int(full.iat[i, j]), out.iat[i, j]
        if 1 <= value <= 4:
            assert shown == SUPPRESSED
        elif not _hidden(shown):
            assert shown == value
    hidden = out.map(_hidden).to_numpy()
    assert all(row.sum() != 1 for row in hidden), out
    assert all(col.sum() != 1 for col in hidden.T), out


def test_rules_are_strategies_the_pages_ask():
    """Internal is the identity, Public suppresses; the pages ask the rule, never a name."""
    from planlib.core.disclosure import Internal, Public, disclosure_rule

    internal, public = disclosure_rule("internal"), disclosure_rule("public")
    assert (type(internal), type(public)) == (Internal, Public)
    assert not internal.suppresses and internal.drilldown and not internal.marks_unstable
    assert public.suppresses and not public.drilldown and public.marks_unstable
    frame = pd.DataFrame({"n": [3, 7, 12]})
    assert internal.table(frame, ["n"]).equals(suppress_table(frame, ["n"], disclosure="internal"))
    assert list(public.table(frame, ["n"])["n"]) == [SUPPRESSED, COMPLEMENT, 12]
    assert public.count(3) == SUPPRESSED and internal.count(3) == "3"
    assert public.unstable(9) and not public.unstable(10) and not internal.unstable(9)
