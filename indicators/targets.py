"""Action-plan targets (`marts.mal`) and whether a period's value reaches them.

A month or quarter is compared with the target of its year. Targets are yearly, so a flow's
target is scaled to the months its value covers (a quarter's flow is measured against a quarter
of the year's target). A value that misses its target by no more than `close` (default 5 %)
of the target is "nær målet"; an indicator without a direction gets no status.
"""

from __future__ import annotations

import polars as pl

from core.i18n import N_
from indicators.registry import registry_frame

# A target's status: these words, in bokmål (translated where they are shown).
REACHED = N_("nådd")
CLOSE = N_("nær målet")
NOT_REACHED = N_("ikke nådd")
CLOSE_TO_TARGET = 0.05


def target_status(
    value: pl.Expr, target: pl.Expr, lower_is_better: pl.Expr, *, close: float = CLOSE_TO_TARGET
) -> pl.Expr:
    """`nådd`, `nær målet` or `ikke nådd`; null without a value, a target or a direction."""
    shortfall = pl.when(lower_is_better).then(value - target).otherwise(target - value)
    return (
        pl.when(value.is_null() | target.is_null() | lower_is_better.is_null())
        .then(None)
        .when(shortfall <= 0)
        .then(pl.lit(REACHED))
        .when(shortfall <= target.abs() * close)
        .then(pl.lit(CLOSE))
        .otherwise(pl.lit(NOT_REACHED))
    )


def with_targets(
    values: pl.LazyFrame, mal: pl.LazyFrame, *, close: float = CLOSE_TO_TARGET
) -> pl.LazyFrame:
    """Adds `mal` (the target for the period) and `status` to rolled-up indicator values."""
    targets = mal.select(
        "indikator", pl.col("aar").cast(pl.Int32), pl.col("verdi").alias("mal_for_aaret")
    )
    directions = registry_frame().select("indikator", "kind", "lower_is_better")
    target = (
        pl.when(pl.col("kind") == "flow")
        .then(pl.col("mal_for_aaret") * pl.col("maaneder") / 12)
        .otherwise(pl.col("mal_for_aaret"))
    )
    return (
        values.with_columns(pl.col("periode_start").dt.year().cast(pl.Int32).alias("aar"))
        .join(targets, on=["indikator", "aar"], how="left", maintain_order="left")
        .join(directions, on="indikator", how="left", maintain_order="left")
        .with_columns(target.alias("mal"))
        .with_columns(
            target_status(
                pl.col("verdi"), pl.col("mal"), pl.col("lower_is_better"), close=close
            ).alias("status")
        )
        .drop("aar", "mal_for_aaret", "kind", "lower_is_better")
    )
