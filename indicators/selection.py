"""One indicator's values picked out of the tables for a screen or a file: the measure shown
(the value, or a share's numerator as a count with its changes worked out again), the newest
period, a breakdown's cells in one period.

Pure: frames in, frames out (`indicator_values` and `breakdown_values` of services.indicators).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from indicators.periods import Period, with_changes
from indicators.registry import Indicator
from indicators.tables import BREAKDOWN_KEYS

Measure = Literal["verdi", "teller"]


def latest_period(values: pl.DataFrame) -> str | None:
    """The newest period in `values` (`2026-Q4`), None when empty."""
    if values.is_empty():
        return None
    return values.sort("periode_start")["periode"][-1]


CHANGE_COLUMNS = ("forrige", "i_fjor", "endring_forrige", "endring_i_fjor")


def in_measure(
    rows: pl.DataFrame, period: Period, measure: Measure, by: Sequence[str] = ()
) -> pl.DataFrame:
    """`rows` with `verdi` and its changes in the measure shown, oldest first.

    As a count (`teller`) a share has no target: targets are set for the share.
    """
    if measure == "verdi":
        return rows.sort("periode_start")
    counted = rows.drop(CHANGE_COLUMNS).with_columns(
        pl.col("teller").cast(pl.Float64).alias("verdi"),
        *(
            pl.lit(None, rows.schema[name]).alias(name)
            for name in ("mal", "status")
            if name in rows
        ),
    )
    return with_changes(counted.lazy(), period, by=by).collect().sort("periode_start")


def measured(
    values: pl.DataFrame, entry: Indicator, period: Period, measure: Measure
) -> pl.DataFrame:
    """One indicator's rows of `indicator_values`, oldest first, in the measure shown."""
    return in_measure(values.filter(pl.col("indikator") == entry.id), period, measure)


def breakdown_cells(
    breakdowns: pl.DataFrame,
    entry: Indicator,
    breakdown: str,
    periode: str,
    period: Period,
    measure: Measure = "verdi",
) -> pl.DataFrame:
    """One indicator's cells of a breakdown in one period, in the measure shown, by group."""
    series = breakdowns.filter(pl.col("indikator") == entry.id, pl.col("inndeling") == breakdown)
    return (
        in_measure(series, period, measure, by=BREAKDOWN_KEYS)
        .filter(pl.col("periode") == periode)
        .sort("gruppe", nulls_last=True)
    )


def breakdown_periods(breakdowns: pl.DataFrame, entry: Indicator) -> list[str]:
    """The periods an indicator's breakdowns have, newest first."""
    periods = breakdowns.filter(pl.col("indikator") == entry.id).select("periode", "periode_start")
    return periods.unique().sort("periode_start", descending=True)["periode"].to_list()
