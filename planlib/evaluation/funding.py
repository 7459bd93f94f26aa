"""Funding groups (F1, F2…): planned, received and spent, by source and by solution area."""

from __future__ import annotations

import numpy as np
import pandas as pd

from planlib.evaluation.results import AreaSpending, FundingResult, SourceFlows
from planlib.evaluation.rows import Day, Scope, head, in_period, money, need, or_none, share
from planlib.inputs.plan import Funding, Plan
from planlib.inputs.workbook import Workbook

__all__ = ["FLOWS", "funding_entries", "funding_flows", "spending_by_area"]

FLOWS = ("planned", "received", "spent")


def _funding_rows(workbook: Workbook, start: Day, end: Day) -> pd.DataFrame:
    """The ``funding`` rows dated in the period."""
    need(workbook, "funding")
    funding = workbook.tables["funding"]
    return funding.loc[in_period(funding["entry_on"], start, end)]


def funding_flows(workbook: Workbook, plan: Plan, start: Day, end: Day) -> pd.DataFrame:
    """Amounts by funding group of the plan, source and flow, for entries dated in the period.

    Returns
    -------
    pandas.DataFrame
        Columns ``funding`` (F1, F2, ...), ``source``, ``flow`` (planned, received, spent) and
        ``amount_vnd``: every combination of the plan's groups, their sources and the flows,
        zero when nothing was entered.

    Raises
    ------
    NoData
        When ``funding`` is absent.
    """
    rows = _funding_rows(workbook, start, end)
    sums = rows.groupby(["source", "flow"])["amount_vnd"].sum()
    grid = [
        {
            "funding": group.id,
            "source": source,
            "flow": flow,
            "amount_vnd": float(sums.get((source, flow), 0.0)),
        }
        for group in plan.funding
        for source in group.sources
        for flow in FLOWS
    ]
    columns = ["funding", "source", "flow", "amount_vnd"]
    return pd.DataFrame(grid, columns=columns).astype({"amount_vnd": float})


def spending_by_area(workbook: Workbook, plan: Plan, start: Day, end: Day) -> pd.DataFrame:
    """Money spent in the period by funding group and solution area.

    Returns
    -------
    pandas.DataFrame
        Columns ``funding``, ``area`` (the plan's areas in order, then ``None`` for spending
        with no area) and ``amount_vnd``; every combination, zero when nothing was spent.

    Raises
    ------
    NoData
        When ``funding`` is absent.
    """
    rows = _funding_rows(workbook, start, end)
    rows = rows.loc[rows["flow"] == "spent"]
    area = rows["area"] if "area" in rows.columns else pd.Series(None, index=rows.index)
    area = area.astype(object).where(area.notna(), None)
    known = [a.id for a in plan.solution_areas]
    areas = [*known, *sorted(set(area.dropna()) - set(known)), None]
    amounts = rows["amount_vnd"].array
    codes = area.to_numpy(dtype=object)
    where = {
        code: np.array([c is None for c in codes], dtype=bool) if code is None else codes == code
        for code in areas
    }
    records = []
    for group in plan.funding:
        mine = rows["source"].isin(group.sources).to_numpy(dtype=bool)
        for code in areas:
            records.append((group.id, code, float(amounts[mine & where[code]].sum())))
    return pd.DataFrame(
        {
            "funding": pd.Series([r[0] for r in records], dtype=object),
            "area": pd.Series([r[1] for r in records], dtype=object),
            "amount_vnd": pd.Series([r[2] for r in records], dtype=float),
        }
    )


def _funding_entry(
    group: Funding, scope: Scope, flows: pd.DataFrame | None, spending: pd.DataFrame | None
) -> FundingResult:
    base = {"id": group.id, **head(scope.workbook, ["funding"]), "sources": group.sources}
    if flows is None or spending is None:
        empty = dict.fromkeys((*FLOWS, "mobilised_share", "by_source", "spent_by_area"))
        return FundingResult(**base, **empty)
    mine = flows.loc[flows["funding"] == group.id]
    totals = mine.groupby("flow")["amount_vnd"].sum()
    keys = zip(mine["source"], mine["flow"], strict=True)
    cells = dict(zip(keys, mine["amount_vnd"], strict=True))  # (source, flow) -> amount
    area_rows = spending.loc[spending["funding"] == group.id]
    return FundingResult(
        **base,
        **{flow: money(totals[flow]) for flow in FLOWS},
        mobilised_share=share(totals["received"], totals["planned"]),
        by_source=tuple(
            SourceFlows(source, *(money(cells[source, flow]) for flow in FLOWS))
            for source in group.sources
        ),
        spent_by_area=tuple(
            AreaSpending(area, money(amount))
            for area, amount in zip(area_rows["area"], area_rows["amount_vnd"], strict=True)
        ),
    )


def funding_entries(scope: Scope) -> tuple[FundingResult, ...]:
    """The ``funding`` section: one entry per funding group of the plan, in plan order."""
    wb, plan = scope.workbook, scope.plan
    flows = or_none(lambda: funding_flows(wb, plan, scope.start, scope.end))
    spending = or_none(lambda: spending_by_area(wb, plan, scope.start, scope.end))
    return tuple(_funding_entry(group, scope, flows, spending) for group in plan.funding)
