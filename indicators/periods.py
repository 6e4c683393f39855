"""Periods: rolling months up to quarters and years, and comparing a period with earlier ones.

Stock: the value of the last month of the period that has a row. Flow: the sum over the months
of the period that have a value, with how many months that is (`maaneder`), so screens can say
when a flow covers fewer months than the period has (`faerre_maaneder`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl

from indicators.registry import ids

Period = Literal["month", "quarter", "year"]
PERIODS: tuple[Period, ...] = ("month", "quarter", "year")
MONTHS_IN: dict[Period, int] = {"month": 1, "quarter": 3, "year": 12}
_STEP: dict[Period, str] = {"month": "1mo", "quarter": "1q", "year": "1y"}


def period_start(period: Period) -> pl.Expr:
    """The first day of the period that the row's `maaned` falls in."""
    return pl.col("maaned").dt.truncate(_STEP[period])


def period_label(period: Period, start: str = "periode_start") -> pl.Expr:
    """`2015-12`, `2015-Q4` or `2015` for the period starting on the date in `start`."""
    date = pl.col(start)
    if period == "month":
        return date.dt.strftime("%Y-%m")
    if period == "year":
        return date.dt.strftime("%Y")
    return date.dt.strftime("%Y-Q") + date.dt.quarter().cast(pl.String)


def roll_up(month_values: pl.LazyFrame, period: Period, *, by: Sequence[str] = ()) -> pl.LazyFrame:
    """Monthly `indikator, maaned, [by], teller, nevner, verdi` rows as one row per period.

    Adds `periode`, `periode_start`, `til_og_med` (the last month used), `maaneder` (months
    with a row, for a flow: with a value), `maaneder_i_perioden` and `faerre_maaneder`.
    """
    keys = ["indikator", *by, "periode_start"]
    is_flow = pl.col("indikator").is_in(ids(kind="flow"))
    framed = month_values.with_columns(period_start(period).alias("periode_start"))
    stocks = (
        framed.filter(~is_flow)
        .group_by(keys)
        .agg(
            pl.col("teller", "nevner", "verdi").sort_by("maaned").last(),
            pl.col("maaned").max().alias("til_og_med"),
            pl.len().alias("maaneder"),
        )
    )
    flows = (
        framed.filter(is_flow & pl.col("verdi").is_not_null())
        .group_by(keys)
        .agg(
            pl.col("teller").sum(),
            pl.col("verdi").sum(),
            pl.col("maaned").max().alias("til_og_med"),
            pl.len().alias("maaneder"),
        )
        .with_columns(pl.lit(None, pl.Int64).alias("nevner"))
    )
    return pl.concat([stocks, flows], how="diagonal").select(
        "indikator",
        *by,
        period_label(period).alias("periode"),
        "periode_start",
        "til_og_med",
        "teller",
        "nevner",
        "verdi",
        pl.col("maaneder").cast(pl.Int32),
        pl.lit(MONTHS_IN[period], pl.Int32).alias("maaneder_i_perioden"),
        (is_flow & (pl.col("maaneder") < MONTHS_IN[period])).alias("faerre_maaneder"),
    )


def with_changes(values: pl.LazyFrame, period: Period, *, by: Sequence[str] = ()) -> pl.LazyFrame:
    """Adds the previous period's value and the same period last year's, and the changes.

    `forrige`/`endring_forrige` compare with the calendar period before, `i_fjor`/
    `endring_i_fjor` with the same period a year earlier (for years the two are the same).
    A change is the difference in the indicator's unit (percentage points for shares). A flow
    that covers fewer months than its period is compared only with a period covering as many
    months: one month of moves against three would read as a fall that did not happen.
    """
    keys = ["indikator", *by, "periode_start"]

    def shifted(step: str, name: str) -> pl.LazyFrame:
        return values.select(
            "indikator",
            *by,
            pl.col("periode_start").dt.offset_by(step),
            pl.col("verdi").alias(name),
            pl.col("maaneder").alias(f"{name}_maaneder"),
            pl.col("faerre_maaneder").alias(f"{name}_faerre"),
        )

    def change(name: str) -> pl.Expr:
        comparable = (~pl.col("faerre_maaneder") & ~pl.col(f"{name}_faerre")) | (
            pl.col("maaneder") == pl.col(f"{name}_maaneder")
        )
        return pl.when(comparable).then(pl.col("verdi") - pl.col(name)).alias(f"endring_{name}")

    return (
        values.join(shifted(_STEP[period], "forrige"), on=keys, how="left", nulls_equal=True)
        .join(shifted("1y", "i_fjor"), on=keys, how="left", nulls_equal=True)
        .with_columns(change("forrige"), change("i_fjor"))
        .drop("forrige_maaneder", "forrige_faerre", "i_fjor_maaneder", "i_fjor_faerre")
    )
