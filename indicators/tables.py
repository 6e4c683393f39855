"""From monthly values to what people read: periods, suppression, changes and targets, in order.

Suppression comes before the comparisons, so that neither a change nor a target status can
give a hidden value away. The monthly values and the rolled-up periods are each used by several
branches of the plan (stock and flow, the comparisons' shifted copies), so they are cached
rather than computed once per branch.
"""

from __future__ import annotations

import polars as pl

from indicators.periods import Period, roll_up, with_changes
from indicators.registry import ids, registry_frame
from indicators.suppression import with_suppression
from indicators.targets import with_targets

BREAKDOWN_KEYS = ("inndeling", "gruppe", "gruppenavn")


def in_registry_order(frame: pl.LazyFrame, *keys: str) -> pl.LazyFrame:
    """Rows sorted by the registry's order of indicators, then by `keys`."""
    order = registry_frame().select("indikator", "rekkefolge")
    return (
        frame.join(order, on="indikator", how="left")
        .sort("rekkefolge", *keys, nulls_last=True)
        .drop("rekkefolge")
    )


def every_indicator_every_period(values: pl.LazyFrame) -> pl.LazyFrame:
    """A row for each municipal indicator in each period that has any value (empty if none)."""
    periods = values.select("periode", "periode_start").unique()
    grid = pl.LazyFrame({"indikator": ids()}).join(periods, how="cross")
    return grid.join(values, on=["indikator", "periode", "periode_start"], how="left")


def indicator_table(
    month_values: pl.LazyFrame,
    mal: pl.LazyFrame,
    period: Period,
    *,
    hidden: pl.DataFrame | None = None,
) -> pl.LazyFrame:
    """Every municipal indicator for every period, with changes, target and status.

    With `hidden` (`indicators.suppression.hidden_cells`), its cells are suppressed
    (`prikket`); without, every value shows.
    """
    values = every_indicator_every_period(roll_up(month_values.cache(), period)).cache()
    if hidden is not None:
        values = with_suppression(values, hidden, period)
    table = with_targets(with_changes(values, period), mal)
    return in_registry_order(table, "periode_start")


def breakdown_table(
    month_values: pl.LazyFrame, period: Period, *, hidden: pl.DataFrame | None = None
) -> pl.LazyFrame:
    """Breakdown cells (target groups, delområder) per period, with changes.

    With `hidden` (`indicators.suppression.hidden_cells`), its cells are suppressed.
    """
    values = roll_up(month_values.cache(), period, by=BREAKDOWN_KEYS).cache()
    if hidden is not None:
        values = with_suppression(values, hidden, period, breakdown=True)
    table = with_changes(values, period, by=BREAKDOWN_KEYS)
    return in_registry_order(table, *BREAKDOWN_KEYS, "periode_start")
